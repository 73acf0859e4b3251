#ifndef DMKM_ICU_H
#define DMKM_ICU_H
// A narrow C interface to the system ICU. Only stdint types cross it, so Swift modules that
// also import Foundation (which carries its own ICU) never see ICU's own declarations.
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Called once per dictionary word with its Unicode scalars; return 0 to stop early.
typedef int32_t (*dmkm_icu_word_visitor)(void *context, const uint32_t *scalars, int32_t length);

/// Writes ICU's version ("72.1") into `buffer`.
void dmkm_icu_version(char *buffer, int32_t capacity);

/// Visits every word of ICU's Thai break-iterator dictionary (brkitr/thaidict).
/// Returns the number of words, or -1 if the dictionary is missing or in an unknown layout.
int32_t dmkm_icu_enumerate_thai_words(dmkm_icu_word_visitor visitor, void *context);

/// ICU's dictionary-based word break iterator for Thai, kept only to compare against.
typedef struct dmkm_icu_word_breaker dmkm_icu_word_breaker;
dmkm_icu_word_breaker *dmkm_icu_word_breaker_new(void);
void dmkm_icu_word_breaker_free(dmkm_icu_word_breaker *breaker);
/// Writes boundary positions (UTF-16 offsets, excluding 0) into `positions`; returns their count.
int32_t dmkm_icu_word_breaks(dmkm_icu_word_breaker *breaker, const uint16_t *utf16, int32_t length,
                             int32_t *positions, int32_t capacity);

/// Decodes `length` bytes in the character set `charset` (any name or alias ICU knows:
/// "windows-874", "TIS-620", "iso-8859-11", "shift_jis", ...) into UTF-16. Bytes the charset does
/// not map become substitution characters (U+001A or U+FFFD, by converter). Returns the number of
/// UTF-16 units the whole text needs (writing at most `capacity` of them; call again with a larger
/// buffer when the result exceeds it), or -1 when ICU has no converter of that name.
int32_t dmkm_icu_decode(const char *charset, const uint8_t *bytes, int32_t length, uint16_t *output, int32_t capacity);

#ifdef __cplusplus
}
#endif
#endif
