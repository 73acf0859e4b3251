import Foundation

/// Picks the extractor for a file by its content and runs it under the limits.
public enum Extraction {
    /// For messages: what `dmkm ingest` reads.
    public static let supportedFormats =
        "HTML, XML, DOCX, ODT, PPTX, XLSX, PDF (scans with OCR), text, Markdown, JSONL; DOC, PPT, XLS and RTF with LibreOffice"

    public static func extractor(for format: DocumentFormat) -> (any DocumentExtractor)? {
        switch format {
        case .html: return HTMLExtractor()
        case .jats: return JATSExtractor()
        case .tei: return TEIExtractor()
        case .dublinCore: return DublinCoreExtractor()
        case .xml: return GenericXMLExtractor()
        case .docx: return DOCXExtractor()
        case .odt: return ODTExtractor()
        case .pdf: return PDFExtractor()
        case .text: return PlainTextExtractor()
        case .markdown: return MarkdownExtractor()
        case .pptx: return PPTXExtractor()
        case .xlsx: return XLSXExtractor()
        case .doc, .ppt, .xls, .rtf: return LegacyOfficeExtractor(format: format)
        case .jsonl: return nil  // records, not one document: the pipeline reads them itself
        }
    }

    /// Reads and extracts one file (size-checked before reading).
    public static func extract(file url: URL, limits: ExtractionLimits) throws(ExtractionError) -> (DocumentFormat, ExtractedDocument) {
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        guard size <= limits.maximumFileBytes else {
            throw ExtractionError(.tooLarge, "\(size) bytes, the limit is \(limits.maximumFileBytes)")
        }
        let data: [UInt8]
        do { data = Array(try Data(contentsOf: url)) } catch {
            throw ExtractionError(.unsupported, "cannot read the file: \(error.localizedDescription)")
        }
        guard !data.isEmpty else { throw ExtractionError(.empty, "the file is empty") }
        let format = try self.format(of: data, fileName: url.lastPathComponent, limits: limits)
        guard let extractor = extractor(for: format) else {
            throw ExtractionError(.unsupported, "\(format.rawValue) files are read as records, not extracted")
        }
        var document = try extractor.extract(data, fileName: url.lastPathComponent, limits: limits)
        if document.body.utf8.count > limits.maximumTextBytes {
            throw ExtractionError(.limitExceeded, "extracted text is \(document.body.utf8.count) bytes, the limit is \(limits.maximumTextBytes)")
        }
        document.metadata["format"] = format.rawValue
        return (format, document)
    }

    /// The sniffed format; a ZIP archive the quick look cannot place is checked against the
    /// entry limit first (a DOCX with 100,000 entries is too large, not unsupported), then
    /// placed by its entry names.
    static func format(of data: [UInt8], fileName: String, limits: ExtractionLimits) throws(ExtractionError) -> DocumentFormat {
        if let format = FormatSniffer.format(of: data, fileName: fileName) { return format }
        if data.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            let directory = try ZIPDirectory(data, maximumEntries: limits.maximumArchiveEntries)
            if let format = FormatSniffer.zipFormat(entryNames: directory.records.map(\.name)) { return format }
            throw ExtractionError(.unsupported, "a ZIP archive that is not a DOCX, PPTX, XLSX or ODT file")
        }
        throw ExtractionError(.unsupported, "not a supported format (\(supportedFormats))")
    }
}
