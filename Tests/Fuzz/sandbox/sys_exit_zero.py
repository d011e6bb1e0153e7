# expect: failed
# sys.exit(0) before the checks: not a pass either.
import sys
sys.exit(0)
print("\nassay: all checks ran")
