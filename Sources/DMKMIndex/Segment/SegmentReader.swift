/// An opened, immutable segment: terms, postings, stored documents, doc values and the live docs
/// of one commit. Safe to share between threads (all state is read-only).
public final class SegmentReader: @unchecked Sendable {
    public let info: SegmentInfo
    public let deletionGeneration: Int
    let directory: IndexDirectory
    package let terms: TermDictionaryReader
    let postingsFiles: PostingsFiles
    let stored: StoredFieldsReader
    package let docValues: DocValues
    let liveDocs: LiveDocs?

    public var name: String { info.name }
    public var documentCount: Int { info.documentCount }
    public var liveCount: Int { liveDocs?.liveCount ?? info.documentCount }
    public var deletedCount: Int { documentCount - liveCount }

    /// Heap memory this open segment holds. Terms, postings, doc values and stored documents are
    /// read in place from mapped files (page cache, not the process's own memory); what remains
    /// is the stored-fields chunk index, the checksum caches and the live-docs bitmap.
    public var residentBytes: Int {
        stored.residentBytes + postingsFiles.residentBytes + terms.residentBytes + (liveDocs?.residentBytes ?? 0)
    }

    init(directory: IndexDirectory, name: String, deletionGeneration: Int) throws(IndexError) {
        self.directory = directory
        info = try SegmentInfo.read(directory: directory, name: name)
        self.deletionGeneration = deletionGeneration
        for (file, size) in info.files {
            let actual = directory.fileSize(file)
            guard directory.fileExists(file) else { throw IndexError.corrupt(file: file, detail: "missing") }
            guard actual == size else { throw IndexError.corrupt(file: file, detail: "size \(actual) bytes, expected \(size) (truncated or replaced)") }
        }
        terms = try TermDictionaryReader(directory: directory, name: SegmentInfo.fileName(name, "tim"))
        guard terms.termCount == info.termCount else {
            throw IndexError.corrupt(file: SegmentInfo.fileName(name, "tim"), detail: "holds \(terms.termCount) terms, expected \(info.termCount)")
        }
        postingsFiles = try PostingsFiles(
            directory: directory, postingsName: SegmentInfo.fileName(name, "doc"), positionsName: SegmentInfo.fileName(name, "pos"))
        stored = try StoredFieldsReader(directory: directory, name: SegmentInfo.fileName(name, "fdt"), documentCount: info.documentCount)
        docValues = try DocValues.read(directory: directory, name: SegmentInfo.fileName(name, "dv"), expectedCount: info.documentCount)
        liveDocs = deletionGeneration > 0
            ? try LiveDocs.read(directory: directory, name: Self.liveDocsName(name, deletionGeneration), expectedCount: info.documentCount)
            : nil
    }

    static func liveDocsName(_ segment: String, _ generation: Int) -> String { "\(segment)_\(generation).liv" }

    @inline(__always)
    public func isLive(_ doc: Int32) -> Bool { liveDocs?.isLive(doc) ?? true }

    package func termEntry(_ key: [UInt8]) throws(IndexError) -> TermEntry? { try terms.lookup(key) }

    package func cursor(_ entry: TermEntry) throws(IndexError) -> PostingsCursor {
        try PostingsCursor(files: postingsFiles, entry: entry)
    }

    /// Local doc number of the document with `id`, if present and live.
    public func localDoc(id: String) throws(IndexError) -> Int32? {
        guard let entry = try terms.lookup(TermKey.make(field: .id, term: id.utf8)) else { return nil }
        var cursor = try cursor(entry)
        var doc = try cursor.next()
        while doc != PostingsFormat.noMoreDocs {
            if isLive(doc) { return doc }
            doc = try cursor.next()
        }
        return nil
    }

    public func document(_ doc: Int32) throws(IndexError) -> IndexDocument { try stored.document(doc) }

    /// Every file of this segment as of its deletion generation.
    var fileNames: [String] {
        var names = Array(info.files.keys) + [SegmentInfo.fileName(name, "si")]
        if deletionGeneration > 0 { names.append(Self.liveDocsName(name, deletionGeneration)) }
        return names
    }
}
