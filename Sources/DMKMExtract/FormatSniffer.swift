/// Decides a file's format from its content (magic bytes, XML root element), using the name
/// only to tell apart formats the bytes cannot (Markdown from text, JSONL from JSON text).
public enum FormatSniffer {
    public static func format(of data: [UInt8], fileName: String) -> DocumentFormat? {
        let lowerName = fileName.lowercased()
        if data.starts(with: Array("%PDF-".utf8)) { return .pdf }
        if data.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return zipFormat(data) }
        if data.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) { return compoundFileFormat(data) }
        if data.starts(with: Array("{\\rtf".utf8)) { return .rtf }
        // Skip a BOM and whitespace, then look at markup.
        var start = 0
        if data.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        while start < data.count && (data[start] == 0x20 || data[start] == 0x09 || data[start] == 0x0A || data[start] == 0x0D) { start += 1 }
        let head = String(decoding: data[start..<min(data.count, start + 4096)], as: UTF8.self)
        let lowerHead = head.lowercased()
        if lowerHead.hasPrefix("<!doctype html") || lowerHead.hasPrefix("<html") { return .html }
        if lowerHead.hasPrefix("<?xml") || lowerHead.hasPrefix("<!doctype") || (head.hasPrefix("<") && lowerName.hasSuffix(".xml")) {
            return xmlFormat(head)
        }
        if lowerName.hasSuffix(".jsonl") || lowerName.hasSuffix(".ndjson") { return .jsonl }
        if lowerName.hasSuffix(".md") || lowerName.hasSuffix(".markdown") { return .markdown }
        if lowerName.hasSuffix(".html") || lowerName.hasSuffix(".htm") || lowerName.hasSuffix(".xhtml") {
            return head.hasPrefix("<") ? .html : nil
        }
        if isText(data) { return .text }
        return nil
    }

    /// DOCX has word/document.xml, PPTX ppt/presentation.xml, XLSX xl/workbook.xml; ODT
    /// declares its type in a leading "mimetype" entry.
    static func zipFormat(_ data: [UInt8]) -> DocumentFormat? {
        let prefix = String(decoding: data.prefix(512), as: UTF8.self)
        if prefix.contains("mimetypeapplication/vnd.oasis.opendocument.text") { return .odt }
        // The central directory lists every entry name; search the tail of the file for it.
        let tail = data.suffix(256 * 1024)
        if contains(tail, Array("word/document.xml".utf8)) { return .docx }
        if contains(tail, Array("ppt/presentation.xml".utf8)) { return .pptx }
        if contains(tail, Array("xl/workbook.xml".utf8)) { return .xlsx }
        if contains(tail, Array("content.xml".utf8)) && contains(data.prefix(4096), Array("opendocument".utf8)) { return .odt }
        return nil
    }

    /// The format of a ZIP archive from its full list of entry names (when the quick look at
    /// the file's tail found nothing).
    static func zipFormat(entryNames: [String]) -> DocumentFormat? {
        let names = Set(entryNames)
        if names.contains("word/document.xml") { return .docx }
        if names.contains("ppt/presentation.xml") { return .pptx }
        if names.contains("xl/workbook.xml") { return .xlsx }
        if names.contains("content.xml") && names.contains("mimetype") { return .odt }
        return nil
    }

    /// An OLE compound file, by the streams its directory names (UTF-16LE): an encrypted OOXML
    /// package (the DOCX extractor reports it as such), a Word, PowerPoint or Excel binary file.
    /// Any other compound file goes to the DOCX extractor too, which refuses it by name.
    static func compoundFileFormat(_ data: [UInt8]) -> DocumentFormat {
        func names(_ name: String) -> Bool { contains(data, name.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }) }
        if names("EncryptedPackage") { return .docx }
        if names("WordDocument") { return .doc }
        if names("PowerPoint Document") { return .ppt }
        if names("Workbook") || names("Book") { return .xls }
        return .docx
    }

    static func contains(_ haystack: some Collection<UInt8>, _ needle: [UInt8]) -> Bool {
        let bytes = Array(haystack)
        guard bytes.count >= needle.count, let first = needle.first else { return false }
        var index = 0
        while index <= bytes.count - needle.count {
            if bytes[index] == first && Array(bytes[index..<(index + needle.count)]) == needle { return true }
            index += 1
        }
        return false
    }

    /// The XML flavour from the root element (after the prolog, comments and doctype).
    static func xmlFormat(_ head: String) -> DocumentFormat {
        var rest = Substring(head)
        while let open = rest.firstIndex(of: "<") {
            rest = rest[rest.index(after: open)...]
            if rest.hasPrefix("?") || rest.hasPrefix("!") {
                if let close = rest.firstIndex(of: ">") { rest = rest[rest.index(after: close)...]; continue }
                return .xml
            }
            let name = rest.prefix { !$0.isWhitespace && $0 != ">" && $0 != "/" }.lowercased()
            switch name {
            case "html": return .html
            case "article": return .jats
            case "tei", "tei:tei", "teicorpus": return .tei
            case "oai_dc:dc", "dc", "record", "metadata", "oai-pmh": return .dublinCore
            default: return .xml
            }
        }
        return .xml
    }

    /// No NUL bytes, few control characters, and bytes a text decoder can read: valid UTF-8,
    /// Thai TIS-620 / Windows-874, or UTF-8 with a few bad bytes (at most 5% of the sample left
    /// unexplained; they are replaced when decoded).
    static func isText(_ data: [UInt8]) -> Bool {
        let sample = data.prefix(8192)
        if sample.contains(0) { return false }
        let control = sample.filter { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D && $0 != 0x0C }.count
        guard control * 100 <= sample.count else { return false }
        if String(validating: sample, as: UTF8.self) != nil || TextEncoding.thaiCharset(sample) != nil { return true }
        let high = sample.filter { $0 >= 0x80 }.count
        return (high - TextEncoding.utf8ExplainedBytes(sample)) * 20 <= sample.count
    }
}
