import CPoppler
import CTesseract
import DMKMAnalysis
import Foundation

/// OCR of the PDF pages that have no text layer: each is rendered by poppler as 8-bit gray at
/// `limits.ocrResolution` dpi and recognised by Tesseract in Thai and English ("tha+eng").
///
/// Policy:
/// - Each page has `limits.ocrPageTimeoutSeconds` of recognition (Tesseract's own deadline);
///   a page past it keeps what was recognised by then and is listed in `ocr_timed_out_pages`.
/// - The whole file stays inside its extraction time limit: once 85% of
///   `limits.timeoutSeconds` has passed, the remaining pages are not recognised
///   (`ocr_skipped_pages`), rather than have the extractor process killed with nothing.
/// - Recognised text gets the same Thai repairs as analysis makes (`TextRepairs`: sara am, mark
///   order), then the same line and paragraph cleanup as a PDF's own text (`PDFText`).
/// - The document records `ocr_pages` (1-based, as ranges: "1-3, 5"), `ocr_confidence`
///   (Tesseract's mean word confidence over the pages that gave text, 0–100) and
///   `ocr_languages`. Without Tesseract's language data the pages stay empty and `ocr_error`
///   says why.
struct PDFPageOCR {
    static let languages = "tha+eng"
    /// Largest image rendered for one page (a poster-sized page is rendered at a lower dpi).
    static let maximumPixels: Int64 = 60_000_000

    /// Recognised text by page index.
    var texts: [Int: String] = [:]
    var recognized: [Int] = []
    var timedOut: [Int] = []
    var skipped: [Int] = []
    var failed: [Int] = []
    var confidences: [Int] = []
    var error: String?
    var seconds = 0.0

    static func recognize(_ pdf: PopplerDocument, pages: [Int], limits: ExtractionLimits, started: Date) -> PDFPageOCR {
        var outcome = PDFPageOCR()
        let clock = Date()
        defer { outcome.seconds = Date().timeIntervalSince(clock) }
        var message = [CChar](repeating: 0, count: 256)
        guard let engine = dmkm_ocr_open(languages, &message, Int32(message.count)) else {
            outcome.error = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            outcome.skipped = pages
            return outcome
        }
        defer { dmkm_ocr_close(engine) }
        let budget = limits.timeoutSeconds * 0.85
        for (position, index) in pages.enumerated() {
            if Date().timeIntervalSince(started) > budget {
                outcome.skipped = Array(pages[position...])
                break
            }
            guard let image = render(pdf, index, dpi: limits.ocrResolution) else {
                outcome.failed.append(index)
                continue
            }
            defer { dmkm_pdf_free(image.pixels) }
            var text: UnsafeMutablePointer<UInt8>?
            var length: Int64 = 0
            var confidence: Int32 = 0
            let timeout = Int32(clamping: Int((limits.ocrPageTimeoutSeconds * 1000).rounded(.up)))
            let status = dmkm_ocr_recognize(
                engine, image.pixels, image.width, image.height, image.stride, image.dpi, max(1, timeout), &text, &length, &confidence)
            defer { dmkm_ocr_free(text) }
            guard status == Int32(DMKM_OCR_OK) || status == Int32(DMKM_OCR_TIMEOUT), let text else {
                outcome.failed.append(index)
                continue
            }
            if status == Int32(DMKM_OCR_TIMEOUT) { outcome.timedOut.append(index) } else { outcome.recognized.append(index) }
            let raw = String(decoding: UnsafeBufferPointer(start: text, count: Int(length)), as: UTF8.self)
            let repaired = TextRepairs.repaired(raw)
            if !repaired.allSatisfy(\.isWhitespace) {
                outcome.texts[index] = repaired
                outcome.confidences.append(Int(confidence))
            }
        }
        return outcome
    }

    private static func render(_ pdf: PopplerDocument, _ index: Int, dpi: Int) -> (pixels: UnsafeMutablePointer<UInt8>, width: Int32, height: Int32, stride: Int32, dpi: Int32)? {
        var width: Int32 = 0
        var height: Int32 = 0
        var stride: Int32 = 0
        var used: Int32 = 0
        var status: Int32 = 0
        guard let pixels = dmkm_pdf_render_gray(pdf.handle, Int32(index), Int32(clamping: dpi), maximumPixels, &width, &height, &stride, &used, &status)
        else { return nil }
        return (pixels, width, height, stride, used)
    }

    var meanConfidence: Int? {
        confidences.isEmpty ? nil : Int((Double(confidences.reduce(0, +)) / Double(confidences.count)).rounded())
    }

    /// The outcome in the document's metadata (see the policy).
    func record(in document: inout ExtractedDocument) {
        document.metadata["ocr_languages"] = Self.languages
        if !recognized.isEmpty || !timedOut.isEmpty { document.metadata["ocr_pages"] = Self.ranges((recognized + timedOut).sorted()) }
        if let meanConfidence { document.metadata["ocr_confidence"] = String(meanConfidence) }
        if !timedOut.isEmpty { document.metadata["ocr_timed_out_pages"] = Self.ranges(timedOut) }
        if !skipped.isEmpty { document.metadata["ocr_skipped_pages"] = Self.ranges(skipped) }
        if !failed.isEmpty { document.metadata["ocr_failed_pages"] = Self.ranges(failed) }
        if let error { document.metadata["ocr_error"] = error }
        document.metadata["ocr_seconds"] = String(format: "%.1f", seconds)
    }

    /// Zero-based page indexes as 1-based ranges: [0, 1, 2, 4] → "1-3, 5".
    static func ranges(_ indexes: [Int]) -> String {
        var parts: [String] = []
        var start: Int?
        var previous = -2
        for index in indexes.sorted() + [Int.max] {
            if index != previous + 1 {
                if let start { parts.append(start == previous ? "\(start + 1)" : "\(start + 1)-\(previous + 1)") }
                start = index
            }
            previous = index
        }
        return parts.joined(separator: ", ")
    }

    static func seconds(_ value: Double) -> String { value == value.rounded() ? String(Int(value)) : String(value) }
}
