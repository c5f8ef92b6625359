#pragma once
// zlib (Debian: zlib1g-dev), for gzip-encoded request bodies in `vigil serve`.
#include <zlib.h>

// inflateInit2 is a macro: Swift cannot call it.
static inline int vigil_inflate_init_gzip(z_stream *stream) {
    // 15 + 16: a gzip header and trailer, the largest window.
    return inflateInit2(stream, 15 + 16);
}
