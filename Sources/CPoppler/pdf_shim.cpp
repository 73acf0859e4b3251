// The C side of dmkm_pdf.h, over poppler-cpp. Every entry point catches everything: a C++
// exception must never unwind into Swift.
#include "dmkm_pdf.h"

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-image.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>
#include <poppler/cpp/poppler-rectangle.h>

#include <climits>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>
#include <string>
#include <vector>

struct dmkm_pdf_document {
    // Declared first so it is destroyed last: poppler reads from it for the document's lifetime.
    std::vector<char> bytes;
    std::unique_ptr<poppler::document> document;
    bool locked = false;
};

namespace {

// Poppler reports problems through one process-wide callback. Ours records the latest message of
// the calling thread (poppler calls it synchronously, on the thread doing the work) and prints
// nothing.
thread_local std::string last_message;

void record_message(const std::string &message, void *) {
    try {
        last_message = message;
    } catch (...) {
    }
}

void install_quiet_errors() {
    static std::once_flag once;
    std::call_once(once, [] { poppler::set_debug_error_function(record_message, nullptr); });
}

void write_message(char *message, int32_t capacity, const std::string &text) {
    if (message == nullptr || capacity <= 0) return;
    std::string trimmed = text;
    while (!trimmed.empty() && (trimmed.back() == '\n' || trimmed.back() == ' ')) trimmed.pop_back();
    size_t count = trimmed.size() < size_t(capacity - 1) ? trimmed.size() : size_t(capacity - 1);
    std::memcpy(message, trimmed.data(), count);
    message[count] = '\0';
}

// Copies UTF-8 bytes into a malloc'd, NUL-terminated buffer (trailing NULs dropped).
uint8_t *copy_out(const poppler::byte_array &utf8, int64_t *length) {
    size_t count = utf8.size();
    while (count > 0 && utf8[count - 1] == '\0') count -= 1;
    uint8_t *buffer = static_cast<uint8_t *>(std::malloc(count + 1));
    if (buffer == nullptr) return nullptr;
    if (count > 0) std::memcpy(buffer, utf8.data(), count);
    buffer[count] = 0;
    if (length != nullptr) *length = int64_t(count);
    return buffer;
}

}  // namespace

extern "C" int32_t dmkm_pdf_open(const uint8_t *bytes, int64_t length, dmkm_pdf_document **document, char *message,
                                 int32_t message_capacity) {
    if (document == nullptr) return DMKM_PDF_FAILED;
    *document = nullptr;
    write_message(message, message_capacity, "");
    try {
        install_quiet_errors();
        last_message.clear();
        if (bytes == nullptr || length <= 0) {
            write_message(message, message_capacity, "empty file");
            return DMKM_PDF_MALFORMED;
        }
        if (length > INT_MAX) {
            write_message(message, message_capacity, "larger than 2 GiB");
            return DMKM_PDF_TOO_LARGE;
        }
        std::unique_ptr<dmkm_pdf_document> handle(new dmkm_pdf_document());
        handle->bytes.assign(reinterpret_cast<const char *>(bytes), reinterpret_cast<const char *>(bytes) + length);
        handle->document.reset(poppler::document::load_from_raw_data(handle->bytes.data(), int(length)));
        if (!handle->document) {
            write_message(message, message_capacity, last_message);
            return DMKM_PDF_MALFORMED;
        }
        // A locked document has no catalog yet: only is_locked() may be asked of it.
        handle->locked = handle->document->is_locked();
        int32_t result = handle->locked ? DMKM_PDF_LOCKED : DMKM_PDF_OK;
        *document = handle.release();
        return result;
    } catch (const std::bad_alloc &) {
        write_message(message, message_capacity, "out of memory");
        return DMKM_PDF_TOO_LARGE;
    } catch (const std::exception &error) {
        write_message(message, message_capacity, error.what());
        return DMKM_PDF_FAILED;
    } catch (...) {
        write_message(message, message_capacity, "poppler failed");
        return DMKM_PDF_FAILED;
    }
}

extern "C" void dmkm_pdf_close(dmkm_pdf_document *document) {
    try {
        delete document;
    } catch (...) {
    }
}

extern "C" int32_t dmkm_pdf_is_locked(const dmkm_pdf_document *document) {
    if (document == nullptr) return 0;
    return document->locked ? 1 : 0;
}

extern "C" int32_t dmkm_pdf_is_encrypted(const dmkm_pdf_document *document) {
    if (document == nullptr) return 0;
    if (document->locked) return 1;
    try {
        return document->document->is_encrypted() ? 1 : 0;
    } catch (...) {
        return 0;
    }
}

extern "C" int32_t dmkm_pdf_page_count(const dmkm_pdf_document *document) {
    if (document == nullptr || document->locked) return 0;
    try {
        int count = document->document->pages();
        return count > 0 ? int32_t(count) : 0;
    } catch (...) {
        return 0;
    }
}

extern "C" void dmkm_pdf_version(const dmkm_pdf_document *document, int32_t *major, int32_t *minor) {
    int first = 0, second = 0;
    if (document != nullptr && !document->locked) {
        try {
            document->document->get_pdf_version(&first, &second);
        } catch (...) {
            first = 0;
            second = 0;
        }
    }
    if (major != nullptr) *major = first;
    if (minor != nullptr) *minor = second;
}

extern "C" uint8_t *dmkm_pdf_info(const dmkm_pdf_document *document, const char *key, int64_t *length) {
    if (length != nullptr) *length = 0;
    if (document == nullptr || document->locked || key == nullptr) return nullptr;
    try {
        poppler::ustring value = document->document->info_key(key);
        if (value.empty()) return nullptr;
        poppler::byte_array utf8 = value.to_utf8();
        if (utf8.empty()) return nullptr;
        return copy_out(utf8, length);
    } catch (...) {
        return nullptr;
    }
}

extern "C" uint8_t *dmkm_pdf_page_text(const dmkm_pdf_document *document, int32_t index, int64_t *length,
                                       int32_t *status) {
    if (length != nullptr) *length = 0;
    if (status != nullptr) *status = DMKM_PDF_OK;
    auto fail = [status](int32_t code) -> uint8_t * {
        if (status != nullptr) *status = code;
        return nullptr;
    };
    if (document == nullptr) return fail(DMKM_PDF_FAILED);
    if (document->locked) return fail(DMKM_PDF_LOCKED);
    try {
        if (index < 0 || index >= document->document->pages()) return fail(DMKM_PDF_BAD_PAGE);
        std::unique_ptr<poppler::page> page(document->document->create_page(int(index)));
        if (!page) return fail(DMKM_PDF_FAILED);
        // An empty rectangle means the whole page; raw order keeps Thai marks on their bases.
        poppler::ustring text = page->text(poppler::rectf(), poppler::page::raw_order_layout);
        poppler::byte_array utf8 = text.to_utf8();
        uint8_t *buffer = copy_out(utf8, length);
        return buffer != nullptr ? buffer : fail(DMKM_PDF_TOO_LARGE);
    } catch (const std::bad_alloc &) {
        return fail(DMKM_PDF_TOO_LARGE);
    } catch (...) {
        return fail(DMKM_PDF_FAILED);
    }
}

extern "C" uint8_t *dmkm_pdf_render_gray(const dmkm_pdf_document *document, int32_t index, int32_t dpi,
                                         int64_t max_pixels, int32_t *width, int32_t *height, int32_t *stride,
                                         int32_t *used_dpi, int32_t *status) {
    if (width != nullptr) *width = 0;
    if (height != nullptr) *height = 0;
    if (stride != nullptr) *stride = 0;
    if (used_dpi != nullptr) *used_dpi = 0;
    if (status != nullptr) *status = DMKM_PDF_OK;
    auto fail = [status](int32_t code) -> uint8_t * {
        if (status != nullptr) *status = code;
        return nullptr;
    };
    if (document == nullptr || dpi <= 0) return fail(DMKM_PDF_FAILED);
    if (document->locked) return fail(DMKM_PDF_LOCKED);
    try {
        if (!poppler::page_renderer::can_render()) return fail(DMKM_PDF_FAILED);
        if (index < 0 || index >= document->document->pages()) return fail(DMKM_PDF_BAD_PAGE);
        std::unique_ptr<poppler::page> page(document->document->create_page(int(index)));
        if (!page) return fail(DMKM_PDF_FAILED);
        // Page size in points (1/72 inch); lower the resolution until the image fits.
        poppler::rectf box = page->page_rect(poppler::media_box);
        double resolution = dpi;
        double pixels = (box.width() * resolution / 72.0) * (box.height() * resolution / 72.0);
        if (max_pixels > 0 && pixels > double(max_pixels)) {
            resolution = resolution * std::sqrt(double(max_pixels) / pixels);
            if (resolution < 36) return fail(DMKM_PDF_TOO_LARGE);
        }
        poppler::page_renderer renderer;
        renderer.set_render_hint(poppler::page_renderer::antialiasing, true);
        renderer.set_render_hint(poppler::page_renderer::text_antialiasing, true);
        renderer.set_image_format(poppler::image::format_gray8);
        poppler::image image = renderer.render_page(page.get(), resolution, resolution);
        if (!image.is_valid() || image.width() <= 0 || image.height() <= 0) return fail(DMKM_PDF_FAILED);
        size_t row = size_t(image.bytes_per_row());
        size_t total = row * size_t(image.height());
        uint8_t *buffer = static_cast<uint8_t *>(std::malloc(total));
        if (buffer == nullptr) return fail(DMKM_PDF_TOO_LARGE);
        std::memcpy(buffer, image.const_data(), total);
        if (width != nullptr) *width = int32_t(image.width());
        if (height != nullptr) *height = int32_t(image.height());
        if (stride != nullptr) *stride = int32_t(row);
        if (used_dpi != nullptr) *used_dpi = int32_t(resolution);
        return buffer;
    } catch (const std::bad_alloc &) {
        return fail(DMKM_PDF_TOO_LARGE);
    } catch (...) {
        return fail(DMKM_PDF_FAILED);
    }
}

extern "C" void dmkm_pdf_free(void *buffer) { std::free(buffer); }
