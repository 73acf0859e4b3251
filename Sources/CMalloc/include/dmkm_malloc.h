#ifndef DMKM_MALLOC_H
#define DMKM_MALLOC_H

/// Makes the C allocator hand large freed blocks back to the kernel at once (see the .c file).
/// Process-wide; long-running writers call it once at start.
void dmkm_malloc_return_large_blocks(void);

#endif
