import CPoppler
import DMKMIndex
import Foundation

/// PDF through poppler (the CPoppler shim): text of every page in raw content order, and the
/// document information dictionary (Title, Author, Subject, Keywords, CreationDate).
///
/// Policy:
/// - Encrypted files that need a password are refused (`.encrypted`). Files encrypted with an
///   owner password only (permissions restricted, text readable by any viewer) are extracted and
///   marked `metadata["encryption"] = "owner-password"`.
/// - Files poppler cannot open are refused (`.malformed`, with poppler's message when it gave
///   one), and so are truncated ones even where poppler could reconstruct part of them: a file
///   with no `%%EOF` marker near its end is incomplete (typically a broken upload or copy), and
///   indexing what is left would hide that. Damage poppler repairs by itself (a broken xref
///   table, a garbled stream) is not detectable here: such files extract as far as poppler reads.
/// - A PDF with no pages is `.malformed`.
/// - More pages than `limits.maximumPDFPages` refuses the whole file (`.limitExceeded`, naming the
///   page count) rather than indexing a silently truncated document; raise the limit to take it.
///   Likewise when the text grows past `limits.maximumTextBytes`.
/// - Pages without a text layer (scans) are recognised with Tesseract (`PDFPageOCR`) unless
///   `limits.ocr` is off; `metadata["text_layer"]` is "none" when no page has one, "partial"
///   when some lack it. A scan that yields no text is not an error: the body is empty, so the
///   sidecar's metadata can still be indexed. Only when every page's OCR ran out of time is it
///   `.timeout`.
///
/// Raw order is the order the producer drew the glyphs. Poppler's physical-layout mode puts a
/// space after Thai combining marks ("เป็ น"); raw order keeps them on their base characters.
/// Raw order has no paragraph structure, so the cleanup below infers a little (see `PDFText`).
public struct PDFExtractor: DocumentExtractor {
    public init() {}

    public func extract(_ data: [UInt8], fileName: String, limits: ExtractionLimits) throws(ExtractionError) -> ExtractedDocument {
        let started = Date()
        guard !data.isEmpty else { throw ExtractionError(.empty, "the file is empty") }
        guard data.count <= limits.maximumFileBytes else {
            throw ExtractionError(.tooLarge, "\(data.count) bytes, the limit is \(limits.maximumFileBytes)")
        }
        guard Self.hasEndMarker(data) else {
            throw ExtractionError(.malformed, "truncated PDF: no %%EOF marker at the end (the file is incomplete)")
        }
        let pdf = try PopplerDocument(data)
        if pdf.isLocked {
            throw ExtractionError(.encrypted, "the PDF is encrypted with a password; submit an unencrypted copy")
        }
        let pageCount = pdf.pageCount
        guard pageCount > 0 else { throw ExtractionError(.malformed, "the PDF has no readable pages") }
        guard pageCount <= limits.maximumPDFPages else {
            throw ExtractionError(.limitExceeded, "\(pageCount) pages, the limit is \(limits.maximumPDFPages)")
        }

        var document = ExtractedDocument()
        if let title = pdf.info("Title").flatMap(Self.cleanTitle) {
            document.titles = [LocalizedText(language: nil, text: title)]
        }
        if let author = pdf.info("Author") { document.authors = Self.authors(author) }
        if let keywords = pdf.info("Keywords") { document.keywords = Self.keywords(keywords) }
        if let subject = pdf.info("Subject").map(PDFText.collapsingWhitespace), !subject.isEmpty {
            document.metadata["subject"] = subject
        }
        document.year = pdf.info("CreationDate").flatMap(Self.year(fromPDFDate:))

        // Lines of all pages first: a paragraph may run on from one page to the next.
        var pageLines: [[PDFText.Line]] = []
        var textBytes = 0
        for index in 0..<pageCount {
            let lines = try PDFText.lines(ofPage: pdf.pageText(index))
            textBytes += lines.reduce(0) { $0 + $1.text.utf8.count }
            if textBytes > limits.maximumTextBytes {
                throw ExtractionError(
                    .limitExceeded, "the text passes \(limits.maximumTextBytes) bytes by page \(index + 1) of \(pageCount)")
            }
            pageLines.append(lines)
        }
        let scanned = pageLines.indices.filter { pageLines[$0].isEmpty }
        if limits.ocr, !scanned.isEmpty {
            let ocr = PDFPageOCR.recognize(pdf, pages: scanned, limits: limits, started: started)
            for (index, text) in ocr.texts { pageLines[index] = PDFText.lines(ofPage: text) }
            ocr.record(in: &document)
            if ocr.recognized.isEmpty, !ocr.timedOut.isEmpty, pageLines.allSatisfy(\.isEmpty) {
                throw ExtractionError(
                    .timeout, "OCR of the scanned pages did not finish within \(PDFPageOCR.seconds(limits.ocrPageTimeoutSeconds)) s a page")
            }
        }
        let lines = pageLines.flatMap { $0 }
        if lines.reduce(0, { $0 + $1.text.utf8.count }) > limits.maximumTextBytes {
            throw ExtractionError(.limitExceeded, "the recognised text passes \(limits.maximumTextBytes) bytes")
        }
        document.body = PDFText.paragraphs(lines).joined(separator: "\n\n")
        if document.body.utf8.count > limits.maximumTextBytes {
            throw ExtractionError(.limitExceeded, "the text is \(document.body.utf8.count) bytes, the limit is \(limits.maximumTextBytes)")
        }
        document.metadata["format"] = DocumentFormat.pdf.rawValue
        document.metadata["pages"] = String(pageCount)
        if pdf.isEncrypted { document.metadata["encryption"] = "owner-password" }
        if scanned.count == pageCount {
            document.metadata["text_layer"] = "none"
        } else if !scanned.isEmpty {
            document.metadata["text_layer"] = "partial"
        }
        return document
    }

    // MARK: - Metadata

    /// A complete PDF ends with `%%EOF` (readers accept it within the last 1 KiB; allow more for
    /// trailing junk some mailers and servers append).
    static func hasEndMarker(_ data: [UInt8]) -> Bool {
        let marker = Array("%%EOF".utf8)
        let tail = data.suffix(4096)
        guard tail.count >= marker.count else { return false }
        var index = tail.endIndex - marker.count
        while index >= tail.startIndex {
            if tail[index..<(index + marker.count)].elementsEqual(marker) { return true }
            index -= 1
        }
        return false
    }

    /// The Title entry, without placeholders producers leave ("Untitled", a file name,
    /// "Microsoft Word - report.docx").
    static func cleanTitle(_ raw: String) -> String? {
        var title = PDFText.collapsingWhitespace(raw)
        for prefix in ["Microsoft Word - ", "Microsoft PowerPoint - ", "Microsoft Excel - "] where title.hasPrefix(prefix) {
            title = String(title.dropFirst(prefix.count))
        }
        let lower = title.lowercased()
        if title.isEmpty || ["untitled", "untitled document", "title", "document"].contains(lower) { return nil }
        for suffix in [".doc", ".docx", ".odt", ".rtf", ".pdf", ".indd", ".ppt", ".pptx", ".xls", ".xlsx", ".txt"]
        where lower.hasSuffix(suffix) {
            return nil
        }
        return title
    }

    /// Author: several people are separated by ';'. A comma is not split on, since it also
    /// separates a family name from given names ("Insawang, Teerapat").
    static func authors(_ raw: String) -> [String] {
        raw.split(separator: ";").map { PDFText.collapsingWhitespace(String($0)) }.filter { !$0.isEmpty }
    }

    /// Keywords: separated by ',' or ';', in order, without duplicates.
    static func keywords(_ raw: String) -> [String] {
        var seen = Set<String>()
        var result: [String] = []
        for part in raw.split(whereSeparator: { $0 == "," || $0 == ";" }) {
            let keyword = PDFText.collapsingWhitespace(String(part))
            if !keyword.isEmpty && seen.insert(keyword.lowercased()).inserted { result.append(keyword) }
        }
        return result
    }

    /// The year of a PDF date, "D:YYYYMMDDHHmmSSOHH'mm'" (the "D:" and everything after the year
    /// optional), in the Common Era. PDF dates should be CE, but Thai-locale producers sometimes
    /// write the Buddhist Era year; `Years.parse` reads both, and gives nil outside 1900–2200
    /// (an unset clock).
    static func year(fromPDFDate raw: String) -> Int? {
        var text = Substring(raw.trimmingWhitespace())
        if text.hasPrefix("D:") { text = text.dropFirst(2) }
        let digits = text.prefix(4)
        guard digits.count == 4, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let year = Int(digits) else { return nil }
        return Years.parse(String(year))
    }
}

// MARK: - Poppler document

/// An open PDF (the shim copies the bytes, so `data` need not outlive it).
final class PopplerDocument {
    let handle: OpaquePointer
    let isLocked: Bool

    init(_ data: [UInt8]) throws(ExtractionError) {
        var opened: OpaquePointer?
        var message = [CChar](repeating: 0, count: 512)
        let status = data.withUnsafeBufferPointer { bytes in
            dmkm_pdf_open(bytes.baseAddress, Int64(bytes.count), &opened, &message, Int32(message.count))
        }
        let said = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let opened, status == Int32(DMKM_PDF_OK) || status == Int32(DMKM_PDF_LOCKED) else {
            let detail = Self.describe(said)
            switch status {
            case Int32(DMKM_PDF_TOO_LARGE): throw ExtractionError(.tooLarge, "poppler cannot load it: \(said)")
            case Int32(DMKM_PDF_MALFORMED): throw ExtractionError(.malformed, "not a readable PDF\(detail)")
            default: throw ExtractionError(.malformed, "poppler failed to open it\(detail)")
            }
        }
        handle = opened
        isLocked = status == Int32(DMKM_PDF_LOCKED)
    }

    deinit { dmkm_pdf_close(handle) }

    var isEncrypted: Bool { dmkm_pdf_is_encrypted(handle) != 0 }
    var pageCount: Int { Int(dmkm_pdf_page_count(handle)) }

    /// An information dictionary entry, or nil when absent or blank.
    func info(_ key: String) -> String? {
        var length: Int64 = 0
        guard let buffer = dmkm_pdf_info(handle, key, &length) else { return nil }
        defer { dmkm_pdf_free(buffer) }
        let text = String(decoding: UnsafeBufferPointer(start: buffer, count: Int(length)), as: UTF8.self)
        return text.trimmingWhitespace().isEmpty ? nil : text
    }

    /// The raw-order text of page `index` (0-based).
    func pageText(_ index: Int) throws(ExtractionError) -> String {
        var length: Int64 = 0
        var status: Int32 = 0
        guard let buffer = dmkm_pdf_page_text(handle, Int32(index), &length, &status) else {
            switch status {
            case Int32(DMKM_PDF_LOCKED): throw ExtractionError(.encrypted, "the PDF is encrypted with a password")
            case Int32(DMKM_PDF_TOO_LARGE): throw ExtractionError(.tooLarge, "page \(index + 1) is too large to extract")
            default: throw ExtractionError(.malformed, "poppler could not read page \(index + 1)")
            }
        }
        defer { dmkm_pdf_free(buffer) }
        return String(decoding: UnsafeBufferPointer(start: buffer, count: Int(length)), as: UTF8.self)
    }

    /// Poppler's last message, e.g. "error: Couldn't read xref table", as a parenthesised detail.
    private static func describe(_ message: String) -> String {
        let text = message.trimmingWhitespace()
        return text.isEmpty ? "" : " (poppler: \(text))"
    }
}

// MARK: - Text cleanup

/// Turns poppler's raw-order page text into paragraphs.
///
/// Raw order gives one line per text line and no blank lines, so:
/// - a Latin word hyphenated across lines is joined ("exam-" + "ple" → "example"); also a soft
///   hyphen at a line end;
/// - a line break between two Thai characters is dropped: Thai has no spaces between words, and
///   the layout engine broke the line at (or even inside) a word, so "ร้อย" + "ละ" → "ร้อยละ";
///   a dictionary segmenter finds the word boundary again where there was one;
/// - any other line break becomes a space;
/// - a paragraph ends at a line clearly shorter than the page's typical full line, or somewhat
///   shorter and ending a sentence (. ? ! :), unless the next line carries on with a lower-case
///   Latin letter; before a line that starts a list item (•, 1.); and at a blank line or a form
///   feed inside a page. A page break is not a paragraph break by itself: a paragraph whose last
///   line on a page is full runs on to the next page (a page that ends a paragraph on a full line
///   and opens the next with a heading merges the two; rare next to sentences split by page
///   breaks). Paragraphs are separated by a blank line.
///   (Raw order carries no positions, so widths are counted in characters: a heuristic, tuned on
///   the corpus sources, good enough for snippets and phrase matching.)
enum PDFText {
    /// One line of a page, with its width relative to the page's typical full line.
    struct Line {
        var text: String
        var relativeWidth: Double
        /// A blank line or form feed followed it on its page.
        var forcedBreak: Bool
    }

    /// The non-blank lines of one page's raw text, whitespace collapsed.
    static func lines(ofPage raw: String) -> [Line] {
        var texts: [String] = []
        var forced: Set<Int> = []
        // The form feed poppler ends a page with is not a paragraph break: text runs on.
        var page = Substring(raw)
        while let last = page.unicodeScalars.last, last == "\u{0C}" || last.properties.isWhitespace { page = page.dropLast() }
        for rawLine in normalizeControls(String(page)).split(separator: "\n", omittingEmptySubsequences: false) {
            let line = collapsingWhitespace(String(rawLine))
            if line.isEmpty {
                if !texts.isEmpty { forced.insert(texts.count - 1) }
            } else {
                texts.append(line)
            }
        }
        guard !texts.isEmpty else { return [] }
        // The typical full line: the median of the lines at least half as wide as the widest (so
        // one long table row or a short last page does not skew it).
        let widths = texts.map(visualWidth)
        let widest = widths.max() ?? 1
        let wide = widths.filter { $0 * 2 >= widest }.sorted()
        let typical = max(1, wide[wide.count / 2])
        return texts.indices.map { index in
            Line(text: texts[index], relativeWidth: Double(widths[index]) / Double(typical), forcedBreak: forced.contains(index))
        }
    }

    /// Joins lines into paragraphs.
    static func paragraphs(_ lines: [Line]) -> [String] {
        var paragraphs: [String] = []
        var current = ""
        for (index, line) in lines.enumerated() {
            current = current.isEmpty ? line.text : join(current, line.text)
            let ends = index + 1 == lines.count || line.forcedBreak || endsParagraph(line, next: lines[index + 1])
            if ends {
                paragraphs.append(current)
                current = ""
            }
        }
        return paragraphs
    }

    /// The cleaned text of one page on its own (tests, tools).
    static func clean(_ raw: String) -> String { paragraphs(lines(ofPage: raw)).joined(separator: "\n\n") }

    /// Line feeds only; a form feed (page or section break) becomes a blank line; tabs and other
    /// control characters become spaces.
    static func normalizeControls(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            switch scalar.value {
            case 0x0A: if !previousWasCR { result.append("\n") }
            case 0x0D: result.append("\n")
            case 0x0C: result.append("\n"); result.append("\n")
            case 0x00...0x1F, 0x7F, 0x85, 0x2028, 0x2029: result.append(" ")
            default: result.append(scalar)
            }
        }
        return String(result)
    }

    /// Trimmed, with every run of spaces (including no-break spaces) as one space.
    static func collapsingWhitespace(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace || scalar.value < 0x20 {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace { result.append(" ") }
                pendingSpace = false
                result.append(scalar)
            }
        }
        return String(result)
    }

    static func join(_ text: String, _ line: String) -> String {
        guard let last = text.unicodeScalars.last, let first = line.unicodeScalars.first else { return text + line }
        if last == "\u{AD}" { return String(text.unicodeScalars.dropLast()) + line }
        if last == "-", isLatinLowercase(first) {
            let beforeHyphen = text.unicodeScalars.dropLast().last
            if let beforeHyphen, isLatinLetter(beforeHyphen) { return String(text.unicodeScalars.dropLast()) + line }
        }
        if isThaiLetterOrMark(last) && last != "ๆ" && last != "ฯ" && isThaiLetterOrMark(first) { return text + line }
        return text + " " + line
    }

    static func endsParagraph(_ line: Line, next: Line) -> Bool {
        if startsListItem(next.text) { return true }
        if let first = next.text.unicodeScalars.first, isLatinLowercase(first) { return false }
        // Clearly short: the last line of a paragraph, a heading, a table row.
        if line.relativeWidth < 0.8 { return true }
        // Somewhat short and the sentence is over.
        if let last = line.text.unicodeScalars.last, [".", "?", "!", ":"].contains(last), line.relativeWidth < 0.9 { return true }
        return false
    }

    static func startsListItem(_ line: String) -> Bool {
        guard let first = line.unicodeScalars.first else { return false }
        if ["•", "▪", "◦", "●", "○", "■", "□", "‣", "⁃", "∙", "·"].contains(first) { return true }
        // "1. " or "12) ": one or two digits, then '.' or ')', then a space.
        let scalars = Array(line.unicodeScalars.prefix(4))
        var index = 0
        while index < scalars.count && index < 2 && ("0"..."9").contains(scalars[index]) { index += 1 }
        guard index > 0, index + 1 < scalars.count else { return false }
        return (scalars[index] == "." || scalars[index] == ")") && scalars[index + 1] == " "
    }

    /// Characters that take horizontal room: Thai vowels and tone marks above or below the line
    /// (U+0E31, U+0E34–U+0E3A, U+0E47–U+0E4E) do not.
    static func visualWidth(_ line: String) -> Int {
        line.unicodeScalars.reduce(0) { $0 + (isThaiCombiningMark($1) ? 0 : 1) }
    }

    static func isThaiCombiningMark(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value == 0x0E31 || (0x0E34...0x0E3A).contains(value) || (0x0E47...0x0E4E).contains(value)
    }

    /// Thai letters, vowels and marks; not Thai digits (U+0E50–U+0E59) or signs like ๏ and ๚.
    static func isThaiLetterOrMark(_ scalar: Unicode.Scalar) -> Bool { (0x0E01...0x0E4E).contains(scalar.value) }

    static func isLatinLowercase(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ((0xDF...0x24F).contains(scalar.value) && scalar.properties.isLowercase)
    }

    static func isLatinLetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
            || ((0xC0...0x24F).contains(scalar.value) && scalar.properties.isAlphabetic)
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String { PDFText.collapsingWhitespace(self) }
}
