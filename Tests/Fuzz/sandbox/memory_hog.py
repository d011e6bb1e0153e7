# expect: memory
# Asks for 4 GiB at once; the address-space limit refuses it.
block = bytearray(4 * 1024 ** 3)
print(len(block))
print("\nassay: all checks ran")
