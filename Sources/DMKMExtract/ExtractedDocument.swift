import DMKMIndex

/// What an extractor found in one submitted file: text and embedded metadata, before the
/// sidecar (NAME.meta.yaml) overrides it and the pipeline builds an `IndexDocument`.
public struct ExtractedDocument: Sendable, Equatable, Codable {
    /// Titles with their language when the file says (e.g. DC.title with xml:lang).
    public var titles: [LocalizedText] = []
    public var authors: [String] = []
    /// A year in either era, as found (parsed into CE by the pipeline).
    public var year: Int?
    public var keywords: [String] = []
    public var abstracts: [LocalizedText] = []
    /// Main text; paragraphs separated by blank lines.
    public var body: String = ""
    /// Declared language codes ("th", "en"), if any.
    public var languages: [String] = []
    /// Other facts worth keeping (format, pages, publisher, document type declared by the file).
    public var metadata: [String: String] = [:]
    /// Metadata fields in the document model's names (front matter, JSONL-style keys), applied
    /// like a sidecar but overridden by one.
    public var declaredFields: [String: String] = [:]

    public init() {}
}

/// File formats DMKM ingests.
public enum DocumentFormat: String, Sendable, CaseIterable, Codable {
    case html, jats, tei, dublinCore = "dublin-core", xml, docx, odt, pdf, text, markdown, jsonl
    case pptx, xlsx
    /// Legacy binary Office files and RTF, converted with LibreOffice.
    case doc, ppt, xls, rtf
}

/// Why a file could not be extracted. The message names what was wrong; the pipeline adds the
/// file's path.
public struct ExtractionError: Error, Equatable, Sendable, Codable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable {
        case malformed, unsupported, encrypted, tooLarge = "too-large", limitExceeded = "limit-exceeded", empty, timeout, crashed
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "\(kind.rawValue): \(message)" }
}

/// Bounds on what one file may make an extractor do (hostile input: zip bombs, huge PDFs), and
/// the extraction settings that cost time (OCR, conversions).
public struct ExtractionLimits: Sendable, Codable, Equatable {
    /// Largest input file.
    public var maximumFileBytes = 200 * 1024 * 1024
    /// Most uncompressed bytes read from an archive (DOCX, ODT) in total.
    public var maximumUncompressedBytes = 256 * 1024 * 1024
    /// Largest ratio of uncompressed to compressed size for one archive entry.
    public var maximumCompressionRatio = 200
    /// Most entries in an archive.
    public var maximumArchiveEntries = 10_000
    /// Most PDF pages read.
    public var maximumPDFPages = 2_000
    /// Most text kept from one file.
    public var maximumTextBytes = 64 * 1024 * 1024
    /// Seconds one file may take before its extractor is stopped.
    public var timeoutSeconds = 60.0
    /// Seconds a LibreOffice conversion of a legacy file may take (and at most 90% of
    /// `timeoutSeconds`).
    public var conversionTimeoutSeconds = 45.0
    /// Recognise the text of PDF pages that have no text layer (scans) with Tesseract.
    public var ocr = true
    /// Seconds Tesseract may spend recognising one page.
    public var ocrPageTimeoutSeconds = 20.0
    /// Resolution (dots per inch) pages are rendered at for OCR.
    public var ocrResolution = 300

    public init() {}
}

/// One extractor per format, all alike: bytes in, text and metadata out. Extractors never touch
/// the network and never read files other than the one given.
public protocol DocumentExtractor: Sendable {
    func extract(_ data: [UInt8], fileName: String, limits: ExtractionLimits) throws(ExtractionError) -> ExtractedDocument
}
