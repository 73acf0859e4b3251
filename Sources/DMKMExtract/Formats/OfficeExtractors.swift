import DMKMIndex
import Foundation
import SystemZlib
import ZIPFoundation

/// Word documents (OOXML `.docx`): the text of the main part (`word/document.xml`, found through
/// the package relationships) and the core and extended properties (`docProps/core.xml`,
/// `docProps/app.xml`).
///
/// Policy:
/// - Paragraphs (`w:p`) become paragraphs: `w:t` text, `w:tab` a tab, `w:br`/`w:cr` a line break.
///   Text boxes inside a paragraph follow it as paragraphs of their own. Deleted revisions
///   (`w:delText`) and field codes (`w:instrText`) are not text.
/// - A table (`w:tbl`) gives one paragraph per row, its cells joined by " | ".
/// - Headers, footers, footnotes and comments (separate parts) are not read.
/// - Title, creator, keywords, subject, description, language and the creation year come from
///   the core properties. Creators are split on ";" only: "Surname, Given" is one person.
/// - An archive that turns out to be an OpenDocument file is read as one (content decides).
/// - The archive is opened under `ExtractionLimits` (see `OfficeArchive`).
public struct DOCXExtractor: DocumentExtractor {
    public init() {}

    public func extract(_ data: [UInt8], fileName: String, limits: ExtractionLimits) throws(ExtractionError) -> ExtractedDocument {
        var archive = try OfficeArchive(data, limits: limits)
        if !archive.looksLikeWord && archive.looksLikeOpenDocument { return try OpenDocumentText.read(&archive) }
        return try WordDocument.read(&archive)
    }
}

/// OpenDocument text (`.odt`): `content.xml` (the `office:text` body) and `meta.xml`.
///
/// Policy:
/// - `text:h` and `text:p` become paragraphs (also inside lists, sections and text boxes);
///   `text:s` gives its count of spaces (at most 1,000), `text:tab` a tab, `text:line-break` a
///   line break; other white space collapses as ODF says. Footnote bodies follow their paragraph.
/// - A table (`table:table`) gives one paragraph per row, its cells joined by " | ".
/// - Tracked deletions, annotations (comments) and generated indexes (tables of contents) are not
///   text.
/// - A password-protected file (`META-INF/manifest.xml` lists `manifest:encryption-data`) is
///   refused as `.encrypted`.
/// - An archive that turns out to be a Word document is read as one (content decides).
public struct ODTExtractor: DocumentExtractor {
    public init() {}

    public func extract(_ data: [UInt8], fileName: String, limits: ExtractionLimits) throws(ExtractionError) -> ExtractedDocument {
        var archive = try OfficeArchive(data, limits: limits)
        if !archive.looksLikeOpenDocument && archive.looksLikeWord { return try WordDocument.read(&archive) }
        return try OpenDocumentText.read(&archive)
    }
}

// MARK: - The archive, under limits

/// A ZIP archive held in memory, whose entries are read under `ExtractionLimits`:
/// - at most `maximumArchiveEntries` entries (checked from the end-of-directory record before
///   anything else is read);
/// - before an entry is decompressed, its declared uncompressed size must fit in what is left of
///   `maximumUncompressedBytes`, and its declared size over its compressed size must not exceed
///   `maximumCompressionRatio` (for entries over `ratioFloorBytes`; tiny entries may compress
///   very well);
/// - declared sizes are not trusted: bytes are counted as they come out of the decompressor,
///   and reading stops (`.limitExceeded`) once the archive's running total or the entry's ratio
///   goes past its limit.
///
/// Entries are decompressed by ZIPFoundation. Its Linux inflater waits for more input forever
/// when a deflate stream does not end before the end of the archive, so each deflated entry is
/// first run through zlib bounded to the entry's own compressed bytes (output discarded and
/// counted): a stream that does not end inside its entry is `.malformed`, and one that would
/// produce too much is stopped there, before anything is kept.
struct OfficeArchive {
    /// Entries smaller than this are not held to the compression ratio.
    static let ratioFloorBytes = 1 << 20

    let limits: ExtractionLimits
    private let bytes: [UInt8]
    private let archive: Archive
    private var entries: [String: (entry: Entry, record: ZIPDirectory.Record)] = [:]
    /// Bytes decompressed so far from this archive.
    private(set) var extractedBytes = 0

    init(_ data: [UInt8], limits: ExtractionLimits) throws(ExtractionError) {
        guard !data.isEmpty else { throw ExtractionError(.empty, "the file is empty") }
        guard data.count <= limits.maximumFileBytes else {
            throw ExtractionError(.tooLarge, "\(data.count) bytes, the limit is \(limits.maximumFileBytes)")
        }
        if data.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) { throw Self.compoundFileError(data) }
        guard data.starts(with: [0x50, 0x4B]) else { throw ExtractionError(.malformed, "not a ZIP archive") }
        self.limits = limits
        bytes = data
        let directory = try ZIPDirectory(data, maximumEntries: limits.maximumArchiveEntries)
        // ZIP encryption (general purpose flag bit 0): ZIPFoundation cannot list past such an entry.
        if let encrypted = directory.records.first(where: { $0.flags & 1 != 0 }) {
            throw ExtractionError(.encrypted, "\(encrypted.name) is encrypted (ZIP encryption)")
        }
        do {
            archive = try Archive(data: Data(data), accessMode: .read)
        } catch {
            throw ExtractionError(.malformed, "not a readable ZIP archive (truncated or damaged): \(error)")
        }
        var index = 0
        for entry in archive {
            guard index < directory.records.count else { break }
            let path = entry.path
            if entries[path] == nil { entries[path] = (entry, directory.records[index]) }
            index += 1
        }
        guard index == directory.records.count else {
            throw ExtractionError(.malformed, "damaged archive: only \(index) of \(directory.records.count) entries could be read")
        }
    }

    func contains(_ path: String) -> Bool { entries[path] != nil }

    /// An OOXML package with a Word main part.
    var looksLikeWord: Bool { contains("word/document.xml") || (contains("[Content_Types].xml") && !contains("content.xml")) }

    /// An OpenDocument package.
    var looksLikeOpenDocument: Bool { contains("content.xml") || contains("META-INF/manifest.xml") }

    /// The bytes of entry `path` (nil when the archive has no such entry), within the limits.
    mutating func read(_ path: String) throws(ExtractionError) -> [UInt8]? {
        guard let (entry, record) = entries[path] else { return nil }
        guard entry.type == .file else {
            if entry.type == .directory { return nil }
            throw ExtractionError(.malformed, "\(path) is not a regular file in the archive")
        }
        guard record.method == 0 || record.method == 8 else {
            throw ExtractionError(.unsupported, "\(path) uses ZIP compression method \(record.method); only stored and deflated entries are read")
        }

        // Declared sizes first: refuse without decompressing anything.
        let remaining = max(0, limits.maximumUncompressedBytes - extractedBytes)
        let declared = max(record.uncompressedSize, entry.uncompressedSize)
        guard declared <= UInt64(remaining) else {
            throw ExtractionError(
                .tooLarge,
                "\(path) declares \(declared) bytes uncompressed, more than the \(remaining) bytes left of the archive limit (\(limits.maximumUncompressedBytes))")
        }
        let compressed = min(record.compressedSize, entry.compressedSize)
        let ratioLimit = UInt64(max(1, limits.maximumCompressionRatio))
        if declared > UInt64(Self.ratioFloorBytes) && (compressed == 0 || declared / compressed > ratioLimit) {
            throw ExtractionError(
                .limitExceeded,
                "\(path): \(declared) bytes from \(compressed) compressed, a ratio over the limit of \(ratioLimit):1 (a zip bomb?)")
        }

        // Then actual sizes: whatever the header says, at most this much comes out.
        let ratioCeiling = record.compressedSize.multipliedReportingOverflow(by: ratioLimit)
        let ceiling = ratioCeiling.overflow ? remaining : min(remaining, max(Self.ratioFloorBytes, Int(clamping: ratioCeiling.partialValue)))
        let range = try ZIPDirectory.dataRange(of: record, in: bytes, path: path)
        let size: Int
        if record.method == 8 {
            size = try RawInflate.check(bytes[range], ceiling: ceiling, path: path, limits: limits, remaining: remaining)
        } else {
            guard UInt64(range.count) == record.uncompressedSize else {
                throw ExtractionError(.malformed, "\(path): stored entry of \(range.count) bytes declares \(record.uncompressedSize)")
            }
            guard range.count <= remaining else { throw Self.overflowError(path: path, ceiling: remaining, remaining: remaining, limits: limits) }
            size = range.count
        }

        var output: [UInt8] = []
        output.reserveCapacity(size)
        var overflow = false
        let checksum: CRC32
        do {
            checksum = try archive.extract(entry, bufferSize: 64 * 1024) { chunk in
                guard output.count + chunk.count <= ceiling else {
                    overflow = true
                    throw Archive.ArchiveError.cancelledOperation
                }
                output.append(contentsOf: chunk)
            }
        } catch {
            if overflow { throw Self.overflowError(path: path, ceiling: ceiling, remaining: remaining, limits: limits) }
            throw ExtractionError(.malformed, "\(path) cannot be decompressed: \(error)")
        }
        guard checksum == entry.checksum else {
            throw ExtractionError(.malformed, "\(path): checksum mismatch (the archive is damaged)")
        }
        extractedBytes += output.count
        return output
    }

    static func overflowError(path: String, ceiling: Int, remaining: Int, limits: ExtractionLimits) -> ExtractionError {
        if ceiling < remaining {
            return ExtractionError(
                .limitExceeded,
                "\(path) decompresses to more than \(limits.maximumCompressionRatio) times its compressed size (a zip bomb?)")
        }
        return ExtractionError(
            .limitExceeded,
            "\(path) decompresses past the archive limit of \(limits.maximumUncompressedBytes) uncompressed bytes")
    }

    /// An OLE compound file where a ZIP was expected: a password-protected Office document
    /// (OOXML encryption wraps the package in one) or a legacy binary document.
    static func compoundFileError(_ data: [UInt8]) -> ExtractionError {
        let name = Array("EncryptedPackage".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        if contains(data, name) {
            return ExtractionError(.encrypted, "password-protected Office document (an OLE compound file holding an EncryptedPackage)")
        }
        return ExtractionError(.unsupported, "an OLE compound file (a legacy binary .doc or similar), not a DOCX or ODT archive")
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, haystack.count >= needle.count else { return false }
        var index = 0
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first && haystack[index..<(index + needle.count)].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }
}

/// The central directory, read directly (ZIPFoundation keeps entry offsets to itself), for the
/// entry count check and to find each entry's compressed bytes.
struct ZIPDirectory {
    struct Record {
        var name: String
        var flags: UInt16
        var method: UInt16
        var compressedSize: UInt64
        var uncompressedSize: UInt64
        var localHeaderOffset: UInt64
    }

    var records: [Record] = []

    init(_ bytes: [UInt8], maximumEntries: Int) throws(ExtractionError) {
        let reader = LittleEndian(bytes)
        guard bytes.count >= 22 else { throw ExtractionError(.malformed, "too short to be a ZIP archive") }
        // The end-of-central-directory record: the last one within the final 64 KiB + 22 bytes.
        var end: Int?
        var position = bytes.count - 22
        let lowest = max(0, bytes.count - 22 - 0xFFFF)
        while position >= lowest {
            if reader.u32(position) == 0x0605_4B50 {
                end = position
                break
            }
            position -= 1
        }
        guard let end, let count16 = reader.u16(end + 10), let size32 = reader.u32(end + 12), let offset32 = reader.u32(end + 16) else {
            throw ExtractionError(.malformed, "no end of central directory: the archive is truncated or damaged")
        }
        var count = UInt64(count16)
        var size = UInt64(size32)
        var offset = UInt64(offset32)
        if count16 == 0xFFFF || size32 == 0xFFFF_FFFF || offset32 == 0xFFFF_FFFF {
            // ZIP64: a locator right before the record points at the ZIP64 end record.
            guard end >= 20, reader.u32(end - 20) == 0x0706_4B50, let recordOffset = reader.u64(end - 12),
                let record = Int(exactly: recordOffset), reader.u32(record) == 0x0606_4B50,
                let count64 = reader.u64(record + 32), let size64 = reader.u64(record + 40), let offset64 = reader.u64(record + 48)
            else { throw ExtractionError(.malformed, "damaged ZIP64 end of central directory") }
            count = count64
            size = size64
            offset = offset64
        }
        guard count <= UInt64(max(0, maximumEntries)) else {
            throw ExtractionError(.tooLarge, "the archive has \(count) entries, the limit is \(maximumEntries)")
        }
        guard offset <= UInt64(bytes.count), size <= UInt64(bytes.count) - offset else {
            throw ExtractionError(.malformed, "the central directory lies outside the file (truncated archive)")
        }
        var cursor = Int(offset)
        records.reserveCapacity(Int(count))
        for index in 0..<Int(count) {
            guard reader.u32(cursor) == 0x0201_4B50, let flags = reader.u16(cursor + 8), let method = reader.u16(cursor + 10),
                let compressed = reader.u32(cursor + 20), let uncompressed = reader.u32(cursor + 24),
                let nameLength = reader.u16(cursor + 28), let extraLength = reader.u16(cursor + 30),
                let commentLength = reader.u16(cursor + 32), let localOffset = reader.u32(cursor + 42)
            else { throw ExtractionError(.malformed, "damaged central directory at entry \(index + 1)") }
            let nameStart = cursor + 46
            guard nameStart + Int(nameLength) <= bytes.count else {
                throw ExtractionError(.malformed, "damaged central directory at entry \(index + 1)")
            }
            var record = Record(
                name: String(decoding: bytes[nameStart..<(nameStart + Int(nameLength))], as: UTF8.self), flags: flags, method: method, compressedSize: UInt64(compressed), uncompressedSize: UInt64(uncompressed),
                localHeaderOffset: UInt64(localOffset))
            // ZIP64 extra field (0x0001): the 64-bit values of the fields saturated above, in order.
            var extra = cursor + 46 + Int(nameLength)
            let extraEnd = extra + Int(extraLength)
            while extra + 4 <= extraEnd, let id = reader.u16(extra), let length = reader.u16(extra + 2) {
                if id == 0x0001 {
                    var field = extra + 4
                    if uncompressed == 0xFFFF_FFFF, let value = reader.u64(field) { record.uncompressedSize = value; field += 8 }
                    if compressed == 0xFFFF_FFFF, let value = reader.u64(field) { record.compressedSize = value; field += 8 }
                    if localOffset == 0xFFFF_FFFF, let value = reader.u64(field) { record.localHeaderOffset = value }
                }
                extra += 4 + Int(length)
            }
            records.append(record)
            cursor = extraEnd + Int(commentLength)
        }
    }

    /// Where an entry's compressed bytes are, checked to lie inside the file.
    static func dataRange(of record: Record, in bytes: [UInt8], path: String) throws(ExtractionError) -> Range<Int> {
        let reader = LittleEndian(bytes)
        guard let header = Int(exactly: record.localHeaderOffset), reader.u32(header) == 0x0403_4B50,
            let nameLength = reader.u16(header + 26), let extraLength = reader.u16(header + 28)
        else { throw ExtractionError(.malformed, "\(path): damaged local header") }
        let start = header + 30 + Int(nameLength) + Int(extraLength)
        guard start <= bytes.count, record.compressedSize <= UInt64(bytes.count - start) else {
            throw ExtractionError(.malformed, "\(path) runs past the end of the file (truncated archive)")
        }
        return start..<(start + Int(record.compressedSize))
    }

    struct LittleEndian {
        let bytes: [UInt8]
        init(_ bytes: [UInt8]) { self.bytes = bytes }

        func u16(_ at: Int) -> UInt16? {
            guard at >= 0, at <= bytes.count - 2 else { return nil }
            return UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
        }

        func u32(_ at: Int) -> UInt32? {
            guard at >= 0, at <= bytes.count - 4 else { return nil }
            return (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[at + $1]) << (8 * UInt32($1)) }
        }

        func u64(_ at: Int) -> UInt64? {
            guard at >= 0, at <= bytes.count - 8 else { return nil }
            return (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[at + $1]) << (8 * UInt64($1)) }
        }
    }
}

/// A dry run of raw deflate over exactly one entry's compressed bytes (see `OfficeArchive`).
enum RawInflate {
    /// The entry's decompressed size; throws when the stream does not end inside the entry, is
    /// corrupt, or would produce more than `ceiling` bytes.
    static func check(_ input: ArraySlice<UInt8>, ceiling: Int, path: String, limits: ExtractionLimits, remaining: Int) throws(ExtractionError) -> Int {
        enum Outcome { case complete, exceeded, truncated, corrupt }
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw ExtractionError(.malformed, "\(path): cannot start the decompressor")
        }
        defer { inflateEnd(&stream) }
        var scratch = [UInt8](repeating: 0, count: 64 * 1024)
        var total = 0
        var outcome = Outcome.truncated
        var offset = input.startIndex
        input.withUnsafeBufferPointer { source in
            scratch.withUnsafeMutableBufferPointer { output in
                while true {
                    // Feed at most 1 GiB at a time (avail_in is 32-bit).
                    if stream.avail_in == 0 && offset < input.endIndex {
                        let count = min(input.endIndex - offset, 1 << 30)
                        stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress! + (offset - input.startIndex))
                        stream.avail_in = uInt(count)
                        offset += count
                    }
                    stream.next_out = output.baseAddress
                    stream.avail_out = uInt(output.count)
                    let status = inflate(&stream, Z_NO_FLUSH)
                    total += output.count - Int(stream.avail_out)
                    if total > ceiling {
                        outcome = .exceeded
                        return
                    }
                    switch status {
                    case Z_STREAM_END:
                        outcome = .complete
                        return
                    case Z_OK:
                        continue
                    case Z_BUF_ERROR:
                        // No progress possible: unless more input is waiting, the entry's bytes
                        // ran out before the stream's end.
                        if stream.avail_in == 0 && offset < input.endIndex { continue }
                        outcome = .truncated
                        return
                    default:
                        outcome = .corrupt
                        return
                    }
                }
            }
        }
        switch outcome {
        case .complete: return total
        case .exceeded: throw OfficeArchive.overflowError(path: path, ceiling: ceiling, remaining: remaining, limits: limits)
        case .truncated: throw ExtractionError(.malformed, "\(path): compressed data ends early (truncated or damaged archive)")
        case .corrupt: throw ExtractionError(.malformed, "\(path): corrupt compressed data")
        }
    }
}

// MARK: - Shared XML helpers

enum OfficeXML {
    /// Parses one part; errors name the part.
    static func parse(_ bytes: [UInt8], part: String) throws(ExtractionError) -> XMLTree {
        do {
            return try XMLTree(bytes, html: false)
        } catch {
            throw ExtractionError(.malformed, "\(part): \(error.message)")
        }
    }

    /// Parses a metadata part. A damaged one does not cost the text: it is noted in
    /// `metadata["metadata_error"]` and skipped.
    static func parseMetadata(_ bytes: [UInt8], part: String, into document: inout ExtractedDocument) -> XMLTree? {
        do {
            return try XMLTree(bytes, html: false)
        } catch {
            document.metadata["metadata_error"] = "\(part): \(error.message)"
            return nil
        }
    }

    /// Whitespace trimmed; nil when nothing is left.
    static func trimmed(_ text: String?) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        return text
    }

    /// "th-TH" → "th"; nil for an empty or odd value.
    static func languageCode(_ text: String?) -> String? {
        guard let text = trimmed(text) else { return nil }
        let code = text.split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map { $0.lowercased() } ?? ""
        guard (2...3).contains(code.count), code.allSatisfy({ $0.isASCII && $0.isLetter }) else { return nil }
        return code
    }

    /// Creators: split on ";" (a comma may sit inside one name, "Surname, Given").
    static func people(_ text: String?) -> [String] {
        guard let text = trimmed(text) else { return [] }
        return unique(text.split(separator: ";").compactMap { trimmed(String($0)) })
    }

    /// Keywords: split on "," and ";".
    static func keywords(_ texts: [String]) -> [String] {
        unique(texts.flatMap { $0.split(whereSeparator: { $0 == "," || $0 == ";" }) }.compactMap { trimmed(String($0)) })
    }

    static func unique(_ items: [String]) -> [String] {
        var seen = Set<String>()
        return items.filter { seen.insert($0).inserted }
    }

    /// The year of an ISO date ("2021-05-10T10:00:00Z" → 2021), as written.
    static func year(ofDate text: String?) -> Int? {
        trimmed(text).flatMap(writtenYear)
    }

    /// The year in `text` as written, in either era ("พ.ศ. ๒๕๖๕" → 2565, "2021-05-10" → 2021),
    /// when `Years.parse` accepts it.
    static func writtenYear(_ text: String) -> Int? {
        guard Years.parse(text) != nil else { return nil }
        var digits = 0
        var count = 0
        for scalar in text.unicodeScalars {
            let value: UInt32
            if (0x30...0x39).contains(scalar.value) {
                value = scalar.value - 0x30
            } else if (0x0E50...0x0E59).contains(scalar.value) {
                value = scalar.value - 0x0E50
            } else if count > 0 {
                break
            } else {
                continue
            }
            digits = digits * 10 + Int(value)
            count += 1
        }
        return count == 4 ? digits : nil
    }

    /// Paragraphs joined as the body wants them: trimmed, blank ones dropped.
    static func body(_ paragraphs: [String]) -> String {
        paragraphs.compactMap { trimmed($0) }.joined(separator: "\n\n")
    }

    static func integer(_ text: String?) -> String? {
        guard let text = trimmed(text), let value = Int(text), value >= 0 else { return nil }
        return String(value)
    }
}

// MARK: - DOCX

enum WordDocument {
    static let namespaces: Set<String> = [
        "http://schemas.openxmlformats.org/wordprocessingml/2006/main", "http://purl.oclc.org/ooxml/wordprocessingml/main",
    ]
    static let compatibilityNamespace = "http://schemas.openxmlformats.org/markup-compatibility/2006"

    static func read(_ archive: inout OfficeArchive) throws(ExtractionError) -> ExtractedDocument {
        let parts = try OOXMLPackage.parts(&archive, defaultMain: "word/document.xml")
        guard let main = try archive.read(parts.main) else {
            throw ExtractionError(.malformed, "no \(parts.main) in the archive: not a Word document, or a damaged one")
        }
        let tree = try OfficeXML.parse(main, part: parts.main)
        guard let root = tree.root else { throw ExtractionError(.malformed, "\(parts.main): no root element") }
        guard isWord(root, "document") else {
            // A spreadsheet or presentation package, say.
            throw ExtractionError(.unsupported, "not a Word document: the main part \(parts.main) is <\(root.name)>")
        }
        var text = WordText()
        if let body = root.elements.first(where: { isWord($0, "body") }) { text.blocks(body) } else { text.blocks(root) }

        var document = ExtractedDocument()
        document.body = OfficeXML.body(text.paragraphs)
        document.metadata["format"] = DocumentFormat.docx.rawValue
        try OOXMLPackage.readProperties(parts, from: &archive, into: &document)
        if document.titles.isEmpty, let title = OfficeXML.trimmed(text.titleParagraph) {
            document.titles = [LocalizedText(language: nil, text: title)]
        }
        return document
    }

    static func isWord(_ node: XMLNode, _ name: String) -> Bool {
        node.name == name && namespaces.contains(node.namespace ?? "")
    }
}

/// Collects the paragraphs of a WordprocessingML body.
struct WordText {
    var paragraphs: [String] = []
    /// The first paragraph in the "Title" style, for documents without a core title.
    var titleParagraph: String?

    /// Block-level content: paragraphs, tables, content controls, and what wraps them.
    mutating func blocks(_ node: XMLNode) {
        for child in node.elements {
            if WordDocument.isWord(child, "p") {
                var text = ""
                var nested: [String] = []
                inline(child, into: &text, nested: &nested)
                if titleParagraph == nil, isTitle(child) { titleParagraph = text }
                paragraphs.append(text)
                paragraphs += nested
            } else if WordDocument.isWord(child, "tbl") {
                table(child)
            } else if child.name == "AlternateContent" && child.namespace == WordDocument.compatibilityNamespace {
                if let choice = child.elements.first { blocks(choice) }
            } else if WordDocument.isWord(child, "sectPr") || WordDocument.isWord(child, "pPr") || WordDocument.isWord(child, "tblPr") {
                continue
            } else {
                blocks(child)
            }
        }
    }

    /// One paragraph per row, cells joined by " | ".
    mutating func table(_ table: XMLNode) {
        for row in rows(table) {
            var cells: [String] = []
            for cell in self.cells(row) {
                var inner = WordText()
                inner.blocks(cell)
                cells.append(inner.paragraphs.compactMap { OfficeXML.trimmed($0)?.replacingOccurrences(of: "\n", with: " ") }.joined(separator: " "))
            }
            if cells.contains(where: { !$0.isEmpty }) { paragraphs.append(cells.joined(separator: " | ")) }
        }
    }

    /// Rows, also inside content controls and custom XML wrappers.
    private func rows(_ node: XMLNode) -> [XMLNode] {
        node.elements.flatMap { child -> [XMLNode] in
            if WordDocument.isWord(child, "tr") { return [child] }
            if WordDocument.isWord(child, "sdt") || WordDocument.isWord(child, "sdtContent") || WordDocument.isWord(child, "customXml") {
                return rows(child)
            }
            return []
        }
    }

    private func cells(_ row: XMLNode) -> [XMLNode] {
        row.elements.flatMap { child -> [XMLNode] in
            if WordDocument.isWord(child, "tc") { return [child] }
            if WordDocument.isWord(child, "sdt") || WordDocument.isWord(child, "sdtContent") || WordDocument.isWord(child, "customXml") {
                return cells(child)
            }
            return []
        }
    }

    /// Run-level content of a paragraph; text boxes inside it go to `nested`.
    private func inline(_ node: XMLNode, into text: inout String, nested: inout [String]) {
        for child in node.elements {
            if child.name == "AlternateContent" && child.namespace == WordDocument.compatibilityNamespace {
                if let choice = child.elements.first { inline(choice, into: &text, nested: &nested) }
                continue
            }
            guard WordDocument.namespaces.contains(child.namespace ?? "") else {
                inline(child, into: &text, nested: &nested)  // drawings and other wrappers
                continue
            }
            switch child.name {
            case "t": text += child.allText
            case "tab", "ptab": text += "\t"
            case "br", "cr": text += "\n"
            case "noBreakHyphen": text += "-"
            case "txbxContent":
                var box = WordText()
                box.blocks(child)
                nested += box.paragraphs
            case "delText", "instrText", "delInstrText", "pPr", "rPr", "footnoteReference", "endnoteReference", "commentReference":
                continue
            default: inline(child, into: &text, nested: &nested)
            }
        }
    }

    private func isTitle(_ paragraph: XMLNode) -> Bool {
        guard let properties = paragraph.elements.first(where: { WordDocument.isWord($0, "pPr") }),
            let style = properties.elements.first(where: { WordDocument.isWord($0, "pStyle") })
        else { return false }
        let value = WordDocument.namespaces.lazy.compactMap { style.attribute("val", namespace: $0) }.first
        return value?.lowercased() == "title"
    }
}

// MARK: - ODT

enum OpenDocumentText {
    static let office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    static let text = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    static let table = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    static let drawing = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
    static let meta = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
    static let dublinCore = "http://purl.org/dc/elements/1.1/"

    static func read(_ archive: inout OfficeArchive) throws(ExtractionError) -> ExtractedDocument {
        if let manifest = try archive.read("META-INF/manifest.xml") {
            let encrypted: Bool
            if let tree = try? XMLTree(manifest, html: false), let root = tree.root {
                encrypted = !root.descendants { $0.name == "encryption-data" }.isEmpty
            } else {
                encrypted = OfficeArchive.contains(manifest, Array("encryption-data".utf8))
            }
            if encrypted {
                throw ExtractionError(.encrypted, "password-protected OpenDocument file (META-INF/manifest.xml lists encryption data)")
            }
        }
        var document = ExtractedDocument()
        document.metadata["format"] = DocumentFormat.odt.rawValue
        if let mimetype = try archive.read("mimetype"), let value = OfficeXML.trimmed(String(decoding: mimetype.prefix(200), as: UTF8.self)) {
            document.metadata["mimetype"] = value
        }
        guard let content = try archive.read("content.xml") else {
            throw ExtractionError(.malformed, "no content.xml in the archive: not an OpenDocument file, or a damaged one")
        }
        let tree = try OfficeXML.parse(content, part: "content.xml")
        guard let root = tree.root else { throw ExtractionError(.malformed, "content.xml: no root element") }
        var collected = ODFText()
        if let body = root.elements.first(where: { $0.name == "body" && $0.namespace == office }) {
            // office:text (or, for other OpenDocument kinds, whatever the body holds).
            for kind in body.elements { collected.blocks(kind) }
        } else {
            throw ExtractionError(.malformed, "content.xml has no office:body")
        }
        document.body = OfficeXML.body(collected.paragraphs)

        if let metaBytes = try archive.read("meta.xml"), let tree = OfficeXML.parseMetadata(metaBytes, part: "meta.xml", into: &document) {
            if let container = tree.root?.elements.first(where: { $0.name == "meta" }) { applyMeta(container, to: &document) }
        }
        if document.titles.isEmpty, let title = OfficeXML.trimmed(collected.titleParagraph) {
            document.titles = [LocalizedText(language: nil, text: title)]
        }
        return document
    }

    static func applyMeta(_ container: XMLNode, to document: inout ExtractedDocument) {
        var initialCreator: String?
        var creator: String?
        var keywords: [String] = []
        for element in container.elements {
            let value = OfficeXML.trimmed(element.allText)
            switch (element.namespace ?? "", element.name) {
            case (dublinCore, "title"): if let value { document.titles = [LocalizedText(language: nil, text: value)] }
            case (dublinCore, "description"): if let value { document.abstracts = [LocalizedText(language: nil, text: value)] }
            case (dublinCore, "subject"): if let value { document.metadata["subject"] = value }
            case (dublinCore, "creator"): creator = value
            case (dublinCore, "language"): if let code = OfficeXML.languageCode(value) { document.languages = [code] }
            case (meta, "initial-creator"): initialCreator = value
            case (meta, "creation-date"):
                document.year = OfficeXML.year(ofDate: value)
                if let value { document.metadata["created"] = value }
            case (meta, "keyword"): if let value { keywords.append(value) }
            case (meta, "generator"): if let value { document.metadata["application"] = value }
            case (meta, "document-statistic"):
                if let pages = OfficeXML.integer(element.attribute("page-count", namespace: meta)) { document.metadata["pages"] = pages }
                if let words = OfficeXML.integer(element.attribute("word-count", namespace: meta)) { document.metadata["words"] = words }
            default: break
            }
        }
        // The initial creator wrote the document; dc:creator is whoever saved it last.
        document.authors = OfficeXML.people(initialCreator ?? creator)
        document.keywords = OfficeXML.keywords(keywords)
    }
}

/// Collects the paragraphs of an OpenDocument body.
struct ODFText {
    static let maximumSpaces = 1_000
    var paragraphs: [String] = []
    var titleParagraph: String?

    private typealias ODT = OpenDocumentText

    mutating func blocks(_ node: XMLNode) {
        for child in node.elements {
            switch (child.namespace ?? "", child.name) {
            case (ODT.text, "p"), (ODT.text, "h"):
                var paragraph = Paragraph()
                paragraph.inline(child)
                if titleParagraph == nil, child.name == "p", child.attribute("style-name", namespace: ODT.text)?.lowercased() == "title" {
                    titleParagraph = paragraph.text
                }
                paragraphs.append(paragraph.text)
                paragraphs += paragraph.nested
            case (ODT.table, "table"):
                table(child)
            case (ODT.text, "tracked-changes"), (ODT.text, "table-of-content"), (ODT.text, "illustration-index"),
                (ODT.text, "table-index"), (ODT.text, "object-index"), (ODT.text, "user-index"), (ODT.text, "alphabetical-index"),
                (ODT.text, "bibliography"), (ODT.office, "annotation"), (ODT.office, "forms"), (ODT.text, "sequence-decls"),
                (ODT.text, "variable-decls"), (ODT.text, "user-field-decls"):
                continue
            default:
                blocks(child)  // lists, list items, sections, frames and text boxes
            }
        }
    }

    mutating func table(_ table: XMLNode) {
        for row in rows(table) {
            var cells: [String] = []
            for cell in row.elements where cell.name == "table-cell" && cell.namespace == ODT.table {
                var inner = ODFText()
                inner.blocks(cell)
                cells.append(inner.paragraphs.compactMap { OfficeXML.trimmed($0)?.replacingOccurrences(of: "\n", with: " ") }.joined(separator: " "))
            }
            if cells.contains(where: { !$0.isEmpty }) { paragraphs.append(cells.joined(separator: " | ")) }
        }
    }

    /// Rows, also inside header-rows, rows and row-groups.
    private func rows(_ node: XMLNode) -> [XMLNode] {
        node.elements.flatMap { child -> [XMLNode] in
            guard child.namespace == ODT.table else { return [] }
            switch child.name {
            case "table-row": return [child]
            case "table-header-rows", "table-rows", "table-row-group": return rows(child)
            default: return []
            }
        }
    }

    /// The text of one paragraph, with ODF white-space rules.
    struct Paragraph {
        var text = ""
        var nested: [String] = []
        /// Whether the last character written was collapsible white space (or the start).
        private var afterSpace = true

        mutating func inline(_ node: XMLNode) {
            for child in node.children {
                if child.isText {
                    append(child.textValue ?? "")
                    continue
                }
                guard child.isElement else { continue }
                switch (child.namespace ?? "", child.name) {
                case (ODT.text, "s"):
                    let count = Int(child.attribute("c", namespace: ODT.text) ?? "1") ?? 1
                    text += String(repeating: " ", count: min(max(count, 1), ODFText.maximumSpaces))
                    afterSpace = false
                case (ODT.text, "tab"):
                    text += "\t"
                    afterSpace = false
                case (ODT.text, "line-break"):
                    text += "\n"
                    afterSpace = true
                case (ODT.text, "note"):
                    if let body = child.elements.first(where: { $0.name == "note-body" }) {
                        var note = ODFText()
                        note.blocks(body)
                        nested += note.paragraphs
                    }
                case (ODT.drawing, "frame"), (ODT.drawing, "text-box"), (ODT.drawing, "a"):
                    var frame = ODFText()
                    frame.blocks(child)
                    nested += frame.paragraphs
                case (ODT.office, "annotation"), (ODT.office, "annotation-end"), (ODT.text, "note-citation"),
                    (ODT.text, "ruby-text"), (ODT.text, "soft-page-break"):
                    continue
                default:
                    inline(child)  // spans, links, fields, meta
                }
            }
        }

        /// Runs of spaces, tabs and line ends in character data count as one space.
        private mutating func append(_ characters: String) {
            for character in characters {
                if character == " " || character == "\t" || character == "\n" || character == "\r" || character == "\r\n" {
                    if !afterSpace {
                        text.append(" ")
                        afterSpace = true
                    }
                } else {
                    text.append(character)
                    afterSpace = false
                }
            }
        }
    }
}
