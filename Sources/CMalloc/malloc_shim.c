#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include "dmkm_malloc.h"

void dmkm_malloc_return_large_blocks(void) {
#ifdef __GLIBC__
    // glibc raises its mmap threshold to the largest block ever freed (up to 32 MB) and its trim
    // threshold to twice that. After the first segment flush, the next buffer's pages and term
    // tables then come from arenas that fragment and keep freed memory, so the process grows
    // past the RAM budget although live memory does not. Fixed thresholds switch that off:
    // blocks of 256 KiB and more are mapped and unmapped on their own, and heap tops over 4 MB
    // are trimmed.
    mallopt(M_MMAP_THRESHOLD, 256 * 1024);
    mallopt(M_TRIM_THRESHOLD, 4 * 1024 * 1024);
#endif
}
