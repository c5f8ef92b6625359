#pragma once
// glibc's heap statistics (mallinfo2), for the benchmarks' bytes-per-dataset figure; not linked into `vigil`.
#include <malloc.h>
