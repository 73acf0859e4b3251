import DMKMExtract

/// Something worth telling about a file that was indexed: how its text was decoded, which pages
/// were recognised by OCR, that it was converted. Listed in the ingest report (`notes`) and the
/// summary; a file with no note was valid UTF-8 (or a format with its own encoding rules) and
/// needed no OCR or conversion.
public struct IngestNote: Sendable, Codable, Equatable {
    public var source: String
    public var note: String

    public init(source: String, note: String) {
        self.source = source
        self.note = note
    }

    public var description: String { "\(source): \(note)" }

    /// The notes for one extracted document, from what its extractor recorded.
    static func notes(source: String, metadata: [String: String]) -> [IngestNote] {
        var notes: [String] = []
        if let encoding = metadata["encoding"] {
            let repairs = metadata["encoding_repairs"].flatMap { Int($0) } ?? 0
            if encoding != "utf-8" && !encoding.hasPrefix("utf-16") { notes.append("decoded as \(encoding)") }
            if repairs > 0 { notes.append("\(repairs) undecodable byte sequence(s) in \(encoding) replaced with U+FFFD") }
        }
        if let pages = metadata["ocr_pages"] {
            let confidence = metadata["ocr_confidence"].map { ", mean confidence \($0)" } ?? ""
            notes.append("OCR (\(metadata["ocr_languages"] ?? "?")) on page(s) \(pages)\(confidence)")
        }
        if let pages = metadata["ocr_timed_out_pages"] { notes.append("OCR ran out of time on page(s) \(pages)") }
        if let pages = metadata["ocr_skipped_pages"] { notes.append("OCR skipped page(s) \(pages): the file's time limit was near") }
        if let pages = metadata["ocr_failed_pages"] { notes.append("OCR failed on page(s) \(pages)") }
        if let error = metadata["ocr_error"] { notes.append("no OCR: \(error)") }
        if metadata["text_layer"] == "none" && metadata["ocr_pages"] == nil && metadata["ocr_error"] == nil {
            notes.append("no text layer (a scan?) and OCR is off: only its metadata is indexed")
        }
        if let converter = metadata["converted_with"] { notes.append("converted with \(converter)") }
        return notes.map { IngestNote(source: source, note: $0) }
    }
}
