# expect: failed
# Tries the loopback network; in the sandbox there is none (exits 3 when refused).
import socket, sys
try:
    socket.create_connection(("127.0.0.1", 22), timeout=2).close()
except OSError:
    sys.exit(3)
print("\nassay: all checks ran")
