# expect: failed
# Exits with status 0 before the checks could run: not a pass.
import os
os._exit(0)
print("\nassay: all checks ran")
