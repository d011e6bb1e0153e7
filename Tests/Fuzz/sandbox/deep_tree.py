# expect: passed
# 3,000 nested folders, a locked folder and a link: the sandbox's folder must still be removed.
import os
os.makedirs("locked/inner")
os.chmod("locked/inner", 0)
os.chmod("locked", 0o500)
os.symlink("/etc/passwd", "link")
for _ in range(3000):
    os.mkdir("d")
    os.chdir("d")
print("\nassay: all checks ran")
