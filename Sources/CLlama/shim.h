// The llama.cpp C API, installed by scripts/setup (include path from pkg-config "llama").
#include <llama.h>
