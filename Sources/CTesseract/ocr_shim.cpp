// The C side of dmkm_ocr.h, over Tesseract's C++ API. Every entry point catches everything: a
// C++ exception must never unwind into Swift.
#include "dmkm_ocr.h"

#include <tesseract/baseapi.h>
#include <tesseract/ocrclass.h>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

struct dmkm_ocr {
    tesseract::TessBaseAPI api;
};

namespace {

void write_message(char *message, int32_t capacity, const std::string &text) {
    if (message == nullptr || capacity <= 0) return;
    size_t count = text.size() < size_t(capacity - 1) ? text.size() : size_t(capacity - 1);
    std::memcpy(message, text.data(), count);
    message[count] = '\0';
}

}  // namespace

extern "C" dmkm_ocr *dmkm_ocr_open(const char *languages, char *message, int32_t message_capacity) {
    write_message(message, message_capacity, "");
    try {
        std::unique_ptr<dmkm_ocr> engine(new dmkm_ocr());
        // Tesseract writes its diagnostics to debug_file; nowhere here.
        engine->api.SetVariable("debug_file", "/dev/null");
        if (engine->api.Init(nullptr, languages, tesseract::OEM_LSTM_ONLY) != 0) {
            write_message(message, message_capacity,
                          std::string("Tesseract language data for ") + (languages ? languages : "?") + " is not installed");
            return nullptr;
        }
        engine->api.SetVariable("debug_file", "/dev/null");
        engine->api.SetPageSegMode(tesseract::PSM_AUTO);
        return engine.release();
    } catch (const std::exception &error) {
        write_message(message, message_capacity, error.what());
        return nullptr;
    } catch (...) {
        write_message(message, message_capacity, "Tesseract failed to start");
        return nullptr;
    }
}

extern "C" void dmkm_ocr_close(dmkm_ocr *engine) {
    if (engine == nullptr) return;
    try {
        engine->api.End();
        delete engine;
    } catch (...) {
    }
}

extern "C" int32_t dmkm_ocr_recognize(dmkm_ocr *engine, const uint8_t *gray, int32_t width, int32_t height,
                                      int32_t stride, int32_t dpi, int32_t timeout_ms, uint8_t **text, int64_t *length,
                                      int32_t *confidence) {
    if (text != nullptr) *text = nullptr;
    if (length != nullptr) *length = 0;
    if (confidence != nullptr) *confidence = 0;
    if (engine == nullptr || gray == nullptr || width <= 0 || height <= 0 || stride < width) return DMKM_OCR_FAILED;
    try {
        engine->api.SetImage(gray, width, height, 1, stride);
        if (dpi > 0) engine->api.SetSourceResolution(dpi);
        tesseract::ETEXT_DESC monitor;
        if (timeout_ms > 0) monitor.set_deadline_msecs(timeout_ms);
        int recognized = engine->api.Recognize(&monitor);
        bool timed_out = timeout_ms > 0 && monitor.deadline_exceeded();
        if (recognized != 0 && !timed_out) {
            engine->api.Clear();
            return DMKM_OCR_FAILED;
        }
        std::unique_ptr<char[]> utf8(engine->api.GetUTF8Text());
        int mean = engine->api.MeanTextConf();
        engine->api.Clear();
        size_t count = utf8 ? std::strlen(utf8.get()) : 0;
        uint8_t *buffer = static_cast<uint8_t *>(std::malloc(count + 1));
        if (buffer == nullptr) return DMKM_OCR_FAILED;
        if (count > 0) std::memcpy(buffer, utf8.get(), count);
        buffer[count] = 0;
        if (text != nullptr) *text = buffer; else std::free(buffer);
        if (length != nullptr) *length = int64_t(count);
        if (confidence != nullptr) *confidence = mean < 0 ? 0 : int32_t(mean);
        return timed_out ? DMKM_OCR_TIMEOUT : DMKM_OCR_OK;
    } catch (...) {
        try {
            engine->api.Clear();
        } catch (...) {
        }
        return DMKM_OCR_FAILED;
    }
}

extern "C" void dmkm_ocr_free(void *buffer) { std::free(buffer); }
