#include "dmkm_thai.h"

#include <datrie/trie.h>
#include <stdlib.h>
#include <thai/thbrk.h>
#include <thai/thwbrk.h>
#include <thai/thwchar.h>
#include <wchar.h>

#define DMKM_DEFAULT_LIBTHAI_DICTIONARY "/usr/share/libthai/thbrk.tri"

const char *dmkm_libthai_dictionary_path(void) {
    static char buffer[4096];
    const char *dir = getenv("LIBTHAI_DICTDIR");
    if (dir != NULL && dir[0] != '\0') {
        size_t n = 0;
        while (dir[n] != '\0' && n < sizeof(buffer) - 12) { buffer[n] = dir[n]; n++; }
        const char *file = "/thbrk.tri";
        for (size_t i = 0; file[i] != '\0'; i++) buffer[n++] = file[i];
        buffer[n] = '\0';
        return buffer;
    }
    return DMKM_DEFAULT_LIBTHAI_DICTIONARY;
}

typedef struct {
    dmkm_word_visitor visitor;
    void *context;
    int32_t count;
    uint32_t scratch[256];
} enumeration_state;

static Bool visit_key(const AlphaChar *key, TrieData data, void *user_data) {
    (void)data;
    enumeration_state *state = (enumeration_state *)user_data;
    int32_t length = 0;
    while (key[length] != 0 && length < 256) {
        state->scratch[length] = (uint32_t)key[length];
        length++;
    }
    state->count++;
    return state->visitor(state->context, state->scratch, length) != 0 ? TRUE : FALSE;
}

int32_t dmkm_libthai_enumerate_words(const char *path, dmkm_word_visitor visitor, void *context) {
    Trie *trie = trie_new_from_file(path != NULL ? path : dmkm_libthai_dictionary_path());
    if (trie == NULL) return -1;
    enumeration_state state = {visitor, context, 0, {0}};
    trie_enumerate(trie, visit_key, &state);
    trie_free(trie);
    return state.count;
}

struct dmkm_libthai_breaker {
    ThBrk *brk;
};

dmkm_libthai_breaker *dmkm_libthai_breaker_new(void) {
    ThBrk *brk = th_brk_new(NULL);
    if (brk == NULL) return NULL;
    dmkm_libthai_breaker *breaker = (dmkm_libthai_breaker *)malloc(sizeof(dmkm_libthai_breaker));
    if (breaker == NULL) { th_brk_delete(brk); return NULL; }
    breaker->brk = brk;
    return breaker;
}

void dmkm_libthai_breaker_free(dmkm_libthai_breaker *breaker) {
    if (breaker == NULL) return;
    th_brk_delete(breaker->brk);
    free(breaker);
}

int32_t dmkm_libthai_find_breaks(dmkm_libthai_breaker *breaker, const uint32_t *scalars,
                                 int32_t length, int32_t *positions, int32_t capacity) {
    if (breaker == NULL || length < 0 || capacity < 0) return -1;
    thwchar_t *wide = (thwchar_t *)malloc(sizeof(thwchar_t) * ((size_t)length + 1));
    int *found = (int *)malloc(sizeof(int) * ((size_t)capacity + 1));
    if (wide == NULL || found == NULL) { free(wide); free(found); return -1; }
    for (int32_t i = 0; i < length; i++) wide[i] = (thwchar_t)scalars[i];
    wide[length] = 0;
    int count = th_brk_wc_find_breaks(breaker->brk, wide, found, (size_t)capacity);
    for (int i = 0; i < count; i++) positions[i] = (int32_t)found[i];
    free(found);
    free(wide);
    return (int32_t)count;
}
