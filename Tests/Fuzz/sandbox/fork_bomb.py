# expect: timeout
# Forks without end; the process limit refuses forks and the wall clock ends the run.
import os, time
while True:
    try:
        os.fork()
    except OSError:
        time.sleep(30)
