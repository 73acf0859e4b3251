#ifndef DMKM_OCR_H
#define DMKM_OCR_H
// A narrow C interface to Tesseract for OCR of scanned PDF pages. Only stdint types and opaque
// pointers cross it; no C++ exception escapes, and Tesseract's own messages are not printed.
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct dmkm_ocr dmkm_ocr;

/// Results of dmkm_ocr_recognize.
enum {
    DMKM_OCR_OK = 0,
    /// The page took longer than its time limit; whatever was recognised by then is returned.
    DMKM_OCR_TIMEOUT = 1,
    /// Tesseract failed (bad image, out of memory).
    DMKM_OCR_FAILED = 2,
};

/// Starts an engine for `languages` ("tha+eng": Tesseract's traineddata names joined by '+')
/// from the installed language data. Returns NULL and writes why into `message` when the
/// languages are not installed.
dmkm_ocr *dmkm_ocr_open(const char *languages, char *message, int32_t message_capacity);
void dmkm_ocr_close(dmkm_ocr *engine);

/// Recognises an 8-bit gray image (`height` rows of `stride` bytes, top row first) scanned at
/// `dpi`, within `timeout_ms` milliseconds of recognition (0: no limit). On DMKM_OCR_OK and
/// DMKM_OCR_TIMEOUT, `*text` is UTF-8 of `*length` bytes (release with dmkm_ocr_free) and
/// `*confidence` Tesseract's mean word confidence (0–100).
int32_t dmkm_ocr_recognize(dmkm_ocr *engine, const uint8_t *gray, int32_t width, int32_t height, int32_t stride,
                           int32_t dpi, int32_t timeout_ms, uint8_t **text, int64_t *length, int32_t *confidence);

/// Releases a text returned by dmkm_ocr_recognize (NULL is fine).
void dmkm_ocr_free(void *buffer);

#ifdef __cplusplus
}
#endif
#endif
