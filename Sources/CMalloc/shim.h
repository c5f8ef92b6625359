#pragma once
// glibc's heap: its statistics (mallinfo2), for the benchmarks' bytes-per-dataset figure; mallopt, for the mmap
// threshold `vigil` fixes at start (ProcessMemory).
#include <malloc.h>
