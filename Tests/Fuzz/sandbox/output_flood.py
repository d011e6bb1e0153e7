# expect: passed
# 200 MB on stdout, then the marker: drained, capped, and the marker still seen.
import sys
chunk = "x" * (1 << 20)
for _ in range(200):
    sys.stdout.write(chunk)
print("\nassay: all checks ran")
