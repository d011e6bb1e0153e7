// The system zlib (gzip streams for compressed corpora), found through pkg-config "zlib".
#include <zlib.h>
