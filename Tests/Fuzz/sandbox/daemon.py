# expect: passed
# Leaves a daemon behind (double fork, new session); it must not outlive the run.
import os, time
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        time.sleep(600)
    os._exit(0)
print("\nassay: all checks ran")
