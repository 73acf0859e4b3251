import Foundation

/// Picks the extractor for a file by its content and runs it under the limits.
public enum Extraction {
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
        guard let format = FormatSniffer.format(of: data, fileName: url.lastPathComponent) else {
            throw ExtractionError(.unsupported, "not a supported format (HTML, XML, DOCX, ODT, PDF, text, Markdown, JSONL)")
        }
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
}
