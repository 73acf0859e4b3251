#include "dmkm_icu.h"

#include <unicode/brkiter.h>
#include <unicode/bytestrie.h>
#include <unicode/ubrk.h>
#include <unicode/ucnv.h>
#include <unicode/udata.h>
#include <unicode/uversion.h>

#include <cstring>
#include <vector>

namespace {

// Layout of ICU's break-iterator dictionaries (see ICU's dictionarydata.h): a header of
// int32 indexes, then the trie. Thai uses a BytesTrie whose bytes are code points minus an
// offset, with 0xFE/0xFF standing for ZWNJ/ZWJ.
constexpr int kIndexStringTrieOffset = 0;
constexpr int kIndexTrieType = 4;
constexpr int kIndexTransform = 5;
constexpr int32_t kTrieTypeMask = 7;
constexpr int32_t kTrieTypeBytes = 0;
constexpr int32_t kTransformTypeMask = 0x7f000000;
constexpr int32_t kTransformTypeOffset = 0x01000000;
constexpr int32_t kTransformOffsetMask = 0x001fffff;

}  // namespace

extern "C" void dmkm_icu_version(char *buffer, int32_t capacity) {
    if (buffer == nullptr || capacity <= 0) return;
    UVersionInfo info;
    u_getVersion(info);
    char text[U_MAX_VERSION_STRING_LENGTH];
    u_versionToString(info, text);
    std::strncpy(buffer, text, static_cast<size_t>(capacity - 1));
    buffer[capacity - 1] = '\0';
}

extern "C" int32_t dmkm_icu_enumerate_thai_words(dmkm_icu_word_visitor visitor, void *context) {
    UErrorCode status = U_ZERO_ERROR;
    UDataMemory *memory = udata_open(U_ICUDATA_NAME U_TREE_SEPARATOR_STRING "brkitr", "dict",
                                     "thaidict", &status);
    if (U_FAILURE(status) || memory == nullptr) return -1;
    const int32_t *indexes = static_cast<const int32_t *>(udata_getMemory(memory));
    const int32_t trieType = indexes[kIndexTrieType] & kTrieTypeMask;
    const int32_t transform = indexes[kIndexTransform];
    if (trieType != kTrieTypeBytes || (transform & kTransformTypeMask) != kTransformTypeOffset) {
        udata_close(memory);
        return -1;
    }
    const uint32_t offset = static_cast<uint32_t>(transform & kTransformOffsetMask);
    const char *trie = reinterpret_cast<const char *>(indexes) + indexes[kIndexStringTrieOffset];

    int32_t count = 0;
    icu::BytesTrie::Iterator iterator(trie, 0, status);
    std::vector<uint32_t> scalars;
    while (U_SUCCESS(status) && iterator.next(status)) {
        const icu::StringPiece bytes = iterator.getString();
        scalars.clear();
        for (int32_t i = 0; i < bytes.size(); i++) {
            const uint8_t byte = static_cast<uint8_t>(bytes.data()[i]);
            if (byte == 0xFF) scalars.push_back(0x200D);
            else if (byte == 0xFE) scalars.push_back(0x200C);
            else scalars.push_back(offset + byte);
        }
        count++;
        if (visitor(context, scalars.data(), static_cast<int32_t>(scalars.size())) == 0) break;
    }
    udata_close(memory);
    return U_SUCCESS(status) ? count : -1;
}

struct dmkm_icu_word_breaker {
    UBreakIterator *iterator;
};

extern "C" dmkm_icu_word_breaker *dmkm_icu_word_breaker_new(void) {
    UErrorCode status = U_ZERO_ERROR;
    UBreakIterator *iterator = ubrk_open(UBRK_WORD, "th", nullptr, 0, &status);
    if (U_FAILURE(status)) return nullptr;
    return new dmkm_icu_word_breaker{iterator};
}

extern "C" void dmkm_icu_word_breaker_free(dmkm_icu_word_breaker *breaker) {
    if (breaker == nullptr) return;
    ubrk_close(breaker->iterator);
    delete breaker;
}

extern "C" int32_t dmkm_icu_word_breaks(dmkm_icu_word_breaker *breaker, const uint16_t *utf16,
                                        int32_t length, int32_t *positions, int32_t capacity) {
    if (breaker == nullptr || length < 0) return -1;
    UErrorCode status = U_ZERO_ERROR;
    ubrk_setText(breaker->iterator, reinterpret_cast<const UChar *>(utf16), length, &status);
    if (U_FAILURE(status)) return -1;
    int32_t count = 0;
    for (int32_t p = ubrk_next(breaker->iterator); p != UBRK_DONE && count < capacity;
         p = ubrk_next(breaker->iterator)) {
        positions[count++] = p;
    }
    return count;
}

extern "C" int32_t dmkm_icu_decode(const char *charset, const uint8_t *bytes, int32_t length, uint16_t *output,
                                   int32_t capacity) {
    if (charset == nullptr || length < 0 || capacity < 0) return -1;
    UErrorCode status = U_ZERO_ERROR;
    UConverter *converter = ucnv_open(charset, &status);
    if (converter == nullptr || U_FAILURE(status)) return -1;
    status = U_ZERO_ERROR;
    int32_t needed = ucnv_toUChars(converter, reinterpret_cast<UChar *>(output), capacity,
                                   reinterpret_cast<const char *>(bytes), length, &status);
    ucnv_close(converter);
    if (status == U_BUFFER_OVERFLOW_ERROR || status == U_STRING_NOT_TERMINATED_WARNING || U_SUCCESS(status)) return needed;
    return -1;
}
