// The system zstd (Zstandard streams for compressed corpora), found through pkg-config "libzstd".
#include <zstd.h>
