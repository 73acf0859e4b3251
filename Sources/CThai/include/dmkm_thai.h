#ifndef DMKM_THAI_H
#define DMKM_THAI_H
// A narrow C interface to libthai and libdatrie. Only stdint types cross it.
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Called once per dictionary word with its Unicode scalars; return 0 to stop early.
typedef int32_t (*dmkm_word_visitor)(void *context, const uint32_t *scalars, int32_t length);

/// Path of libthai's word-break dictionary (`LIBTHAI_DICTDIR` or the Debian default).
const char *dmkm_libthai_dictionary_path(void);

/// Visits every word of the libthai dictionary trie at `path` (NULL: the default path).
/// Returns the number of words visited, or -1 if the dictionary cannot be opened.
int32_t dmkm_libthai_enumerate_words(const char *path, dmkm_word_visitor visitor, void *context);

/// libthai's own segmenter (th_brk), kept only to compare against in benchmarks.
typedef struct dmkm_libthai_breaker dmkm_libthai_breaker;
dmkm_libthai_breaker *dmkm_libthai_breaker_new(void);
void dmkm_libthai_breaker_free(dmkm_libthai_breaker *breaker);
/// Writes break positions (scalar offsets) into `positions`; returns their count, or -1.
int32_t dmkm_libthai_find_breaks(dmkm_libthai_breaker *breaker, const uint32_t *scalars,
                                 int32_t length, int32_t *positions, int32_t capacity);

#ifdef __cplusplus
}
#endif
#endif
