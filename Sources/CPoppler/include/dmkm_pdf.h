#ifndef DMKM_PDF_H
#define DMKM_PDF_H
// A narrow C interface to poppler-cpp for the PDF extractor. Only stdint types and opaque
// pointers cross it: Swift never sees poppler's C++ types (nor the ICU they may pull in).
// No C++ exception escapes any of these functions, and poppler's own error printing is off.
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct dmkm_pdf_document dmkm_pdf_document;

/// Results of dmkm_pdf_open and dmkm_pdf_page_text.
enum {
    DMKM_PDF_OK = 0,
    /// Not a PDF poppler can read (damaged, truncated, not a PDF at all).
    DMKM_PDF_MALFORMED = 1,
    /// Encrypted with a user password: nothing can be read without it.
    DMKM_PDF_LOCKED = 2,
    /// Larger than poppler can take from memory (2 GiB), or out of memory.
    DMKM_PDF_TOO_LARGE = 3,
    /// A page index outside 0..<page count.
    DMKM_PDF_BAD_PAGE = 4,
    /// Anything else poppler threw.
    DMKM_PDF_FAILED = 5,
};

/// Opens a PDF from memory (poppler::document::load_from_raw_data over a copy of the bytes, so
/// the caller may release them at once). On DMKM_PDF_OK and DMKM_PDF_LOCKED `*document` is set;
/// close it with dmkm_pdf_close. A locked document answers only dmkm_pdf_is_locked and
/// dmkm_pdf_is_encrypted (page count 0, no info, no text). On other results `*document` is NULL
/// and, when poppler said why, its last message is written (NUL-terminated, truncated to fit) into
/// `message`.
int32_t dmkm_pdf_open(const uint8_t *bytes, int64_t length, dmkm_pdf_document **document, char *message,
                      int32_t message_capacity);
void dmkm_pdf_close(dmkm_pdf_document *document);

/// 1 when the document needs a password to be read, else 0.
int32_t dmkm_pdf_is_locked(const dmkm_pdf_document *document);
/// 1 when the document is encrypted at all (including owner-password-only encryption, which
/// restricts permissions but leaves the text readable), else 0.
int32_t dmkm_pdf_is_encrypted(const dmkm_pdf_document *document);
/// Number of pages (0 for a locked document or on failure).
int32_t dmkm_pdf_page_count(const dmkm_pdf_document *document);
/// The PDF version, e.g. 1 and 7 for PDF 1.7.
void dmkm_pdf_version(const dmkm_pdf_document *document, int32_t *major, int32_t *minor);

/// An entry of the document information dictionary ("Title", "Author", "Subject", "Keywords",
/// "CreationDate", ...) as UTF-8 (text strings decoded; dates as their raw "D:YYYYMMDD..." text).
/// Returns NULL when the entry is absent or empty; otherwise a buffer of `*length` bytes (plus a
/// terminating NUL not counted) to release with dmkm_pdf_free.
uint8_t *dmkm_pdf_info(const dmkm_pdf_document *document, const char *key, int64_t *length);

/// The text of page `index` (0-based) in raw content-stream order, as UTF-8: the order the
/// producer drew the glyphs, which keeps Thai combining marks attached to their base characters
/// (poppler's physical layout mode separates them with spaces). Lines end with '\n'; a page may
/// end with a form feed. Returns a buffer of `*length` bytes (plus a NUL not counted) to release
/// with dmkm_pdf_free, or NULL with `*status` set (DMKM_PDF_BAD_PAGE, DMKM_PDF_LOCKED,
/// DMKM_PDF_TOO_LARGE, DMKM_PDF_FAILED). A page without text gives an empty buffer, not NULL.
uint8_t *dmkm_pdf_page_text(const dmkm_pdf_document *document, int32_t index, int64_t *length, int32_t *status);

/// Renders page `index` (0-based) as 8-bit gray at `dpi` (lowered so the image stays within
/// `max_pixels`), for OCR. Returns `*height` rows of `*stride` bytes, top row first, to release
/// with dmkm_pdf_free; or NULL with `*status` set (DMKM_PDF_BAD_PAGE, DMKM_PDF_LOCKED,
/// DMKM_PDF_TOO_LARGE, DMKM_PDF_FAILED — also when poppler was built without a renderer).
/// `*used_dpi` is the resolution actually used.
uint8_t *dmkm_pdf_render_gray(const dmkm_pdf_document *document, int32_t index, int32_t dpi, int64_t max_pixels,
                              int32_t *width, int32_t *height, int32_t *stride, int32_t *used_dpi, int32_t *status);

/// Releases a buffer returned by dmkm_pdf_info, dmkm_pdf_page_text or dmkm_pdf_render_gray
/// (NULL is fine).
void dmkm_pdf_free(void *buffer);

#ifdef __cplusplus
}
#endif
#endif
