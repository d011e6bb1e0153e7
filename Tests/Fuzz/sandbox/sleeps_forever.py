# expect: timeout
# Never returns; the wall-clock limit kills it.
import time
time.sleep(3600)
