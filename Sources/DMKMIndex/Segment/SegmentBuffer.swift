/// Documents added since the last flush, held in memory until they are written as a segment.
/// Postings accumulate per term; `estimatedBytes` tracks memory against the RAM budget.
struct SegmentBuffer {
    struct TermPostings {
        var docs: [Int32] = []
        var frequencies: [Int32] = []
        var positions: [UInt32] = []
    }

    private(set) var termIDs: [[UInt8]: Int32] = [:]
    private(set) var termKeys: [[UInt8]] = []
    private(set) var postings: [TermPostings] = []
    private(set) var stored: [[UInt8]] = []
    private(set) var docValues = DocValues()
    private(set) var fieldStatistics = [FieldStatistics](repeating: FieldStatistics(), count: IndexedField.allCases.count)
    /// Document id → local doc number (the latest version of each id).
    private(set) var localDocs: [String: Int32] = [:]
    private(set) var deleted: Set<Int32> = []
    private(set) var estimatedBytes = 0

    var documentCount: Int { stored.count }
    var isEmpty: Bool { stored.isEmpty }

    /// Adds a document; an earlier version with the same id in this buffer is deleted.
    mutating func add(_ analyzed: AnalyzedDocument) {
        let doc = Int32(stored.count)
        if let previous = localDocs[analyzed.document.id] { deleted.insert(previous) }
        localDocs[analyzed.document.id] = doc
        for (key, positions) in analyzed.terms {
            let termID: Int32
            if let existing = termIDs[key] {
                termID = existing
            } else {
                termID = Int32(termKeys.count)
                termIDs[key] = termID
                termKeys.append(key)
                postings.append(TermPostings())
                estimatedBytes += key.count + 96
            }
            postings[Int(termID)].docs.append(doc)
            postings[Int(termID)].frequencies.append(Int32(max(positions.count, 1)))
            postings[Int(termID)].positions.append(contentsOf: positions)
        }
        stored.append(analyzed.stored)
        docValues.append(analyzed.document, fieldLengths: analyzed.fieldLengths)
        for field in IndexedField.scoredFields {
            let length = analyzed.fieldLengths[Int(field.rawValue)]
            if length > 0 {
                fieldStatistics[Int(field.rawValue)].documentCount += 1
                fieldStatistics[Int(field.rawValue)].totalLength += length
            }
        }
        estimatedBytes += analyzed.estimatedBytes
    }

    /// Deletes the buffered document with `id`, if any.
    mutating func delete(id: String) -> Bool {
        guard let doc = localDocs.removeValue(forKey: id) else { return false }
        deleted.insert(doc)
        return true
    }

    func contains(id: String) -> Bool { localDocs[id] != nil }

    /// Writes the buffer as segment `name`; returns its description and live-docs (buffer-local
    /// deletions applied).
    func write(directory: IndexDirectory, name: String) throws(IndexError) -> (SegmentInfo, LiveDocs?) {
        let order = termKeys.indices.sorted { TermKey.compare(termKeys[$0], termKeys[$1]) < 0 }
        var writer = try SegmentWriter(directory: directory, name: name)
        for index in order {
            let key = termKeys[index]
            let term = postings[index]
            let field = IndexedField(rawValue: key[0]) ?? .body
            let norms = field == .id ? nil : docValues.norms[Int(field.rawValue)]
            writer.startTerm()
            var positionStart = 0
            term.positions.withUnsafeBufferPointer { positions in
                for (slot, doc) in term.docs.enumerated() {
                    let frequency = term.frequencies[slot]
                    let count = field == .id ? 0 : Int(frequency)
                    let docPositions = UnsafeBufferPointer(rebasing: positions[positionStart..<(positionStart + count)])
                    writer.addPosting(doc: doc, frequency: frequency, positions: docPositions, norm: norms?[Int(doc)] ?? 0, withPositions: field != .id)
                    positionStart += count
                }
            }
            writer.finishTerm(key: key)
        }
        for document in stored { try writer.addStored(document) }
        let info = try writer.finish(documentCount: documentCount, docValues: docValues, fieldStatistics: fieldStatistics, origin: "flush")
        var live: LiveDocs?
        if !deleted.isEmpty {
            var docs = LiveDocs(allLive: documentCount)
            for doc in deleted { docs.delete(doc) }
            live = docs
        }
        return (info, live)
    }
}

/// Writes the files of one segment: terms must arrive in key order with their postings in doc
/// order; stored documents in doc order.
struct SegmentWriter {
    let directory: IndexDirectory
    let name: String
    private var terms: TermDictionaryWriter
    private var postings: PostingsWriter
    private var stored: StoredFieldsWriter

    init(directory: IndexDirectory, name: String) throws(IndexError) {
        self.directory = directory
        self.name = name
        terms = try TermDictionaryWriter(directory: directory, name: SegmentInfo.fileName(name, "tim"))
        postings = try PostingsWriter(
            directory: directory, postingsName: SegmentInfo.fileName(name, "doc"), positionsName: SegmentInfo.fileName(name, "pos"))
        stored = try StoredFieldsWriter(directory: directory, name: SegmentInfo.fileName(name, "fdt"))
    }

    mutating func startTerm() { postings.startTerm() }

    mutating func addPosting(doc: Int32, frequency: Int32, positions: UnsafeBufferPointer<UInt32>, norm: UInt8, withPositions: Bool) {
        postings.add(doc: doc, frequency: frequency, positions: positions, norm: norm, withPositions: withPositions)
    }

    mutating func finishTerm(key: [UInt8]) {
        terms.add(key: key, entry: postings.finishTerm())
    }

    /// Ends a term that received no documents (all deleted during a merge): nothing is written.
    mutating func discardTerm() -> TermEntry { postings.finishTerm() }

    mutating func addStored(_ encoded: [UInt8]) throws(IndexError) { try stored.addEncoded(encoded) }

    mutating func finish(documentCount: Int, docValues: DocValues, fieldStatistics: [FieldStatistics], origin: String) throws(IndexError) -> SegmentInfo {
        try terms.finish()
        try postings.finish()
        try stored.finish()
        try docValues.write(directory: directory, name: SegmentInfo.fileName(name, "dv"))
        var files: [String: Int] = [:]
        for fileExtension in SegmentInfo.extensions {
            let file = SegmentInfo.fileName(name, fileExtension)
            files[file] = directory.fileSize(file)
        }
        let info = SegmentInfo(
            name: name, documentCount: documentCount, schemaVersion: IndexDocument.schemaVersion, termCount: terms.termCount,
            fieldStatistics: fieldStatistics, origin: origin, files: files)
        try info.write(directory: directory)
        return info
    }
}
