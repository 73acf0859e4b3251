/// Merges segments into one at the postings level (no re-analysis): terms are merged in key
/// order, doc ids renumbered without the deleted documents, positions copied; stored documents
/// are copied in their encoded form.
struct SegmentMerger {
    let directory: IndexDirectory

    /// Merges `sources` (with their current live docs) into segment `name`. Returns nil when no
    /// document is live (nothing to write).
    func merge(_ sources: [(reader: SegmentReader, live: LiveDocs?)], into name: String) throws(IndexError) -> SegmentInfo? {
        // Old doc → new doc, -1 when deleted.
        var docMaps: [[Int32]] = []
        var next: Int32 = 0
        for (reader, live) in sources {
            var map = [Int32](repeating: -1, count: reader.documentCount)
            for doc in 0..<reader.documentCount where live?.isLive(Int32(doc)) ?? true {
                map[doc] = next
                next += 1
            }
            docMaps.append(map)
        }
        let documentCount = Int(next)
        guard documentCount > 0 else { return nil }

        var docValues = DocValuesBuilder()
        var statistics = [FieldStatistics](repeating: FieldStatistics(), count: IndexedField.allCases.count)
        for (index, (reader, _)) in sources.enumerated() {
            for doc in 0..<reader.documentCount where docMaps[index][doc] >= 0 {
                docValues.append(from: reader.docValues, doc: doc)
                for field in IndexedField.scoredFields {
                    let norm = reader.docValues.norms[Int(field.rawValue)][doc]
                    if norm > 0 {
                        statistics[Int(field.rawValue)].documentCount += 1
                        statistics[Int(field.rawValue)].totalLength += Int(NormEncoding.decode(norm))
                    }
                }
            }
        }

        var writer = try SegmentWriter(directory: directory, name: name)
        var iterators = try sources.map { source throws(IndexError) in try TermIterator(source.reader.terms) }
        var positions: [UInt32] = []
        while true {
            var smallest: [UInt8]?
            for iterator in iterators {
                if let key = iterator.key, smallest.map({ TermKey.compare(key, $0) < 0 }) ?? true { smallest = key }
            }
            guard let key = smallest else { break }
            let field = IndexedField(rawValue: key[0]) ?? .body
            let norms = field == .id ? nil : docValues.norms[Int(field.rawValue)]
            writer.startTerm()
            var added = 0
            for index in iterators.indices where iterators[index].key == key {
                var cursor = try sources[index].reader.cursor(iterators[index].entry!)
                var doc = try cursor.next()
                while doc != PostingsFormat.noMoreDocs {
                    let newDoc = docMaps[index][Int(doc)]
                    if newDoc >= 0 {
                        if field == .id {
                            positions.removeAll(keepingCapacity: true)
                        } else {
                            try cursor.positions(into: &positions)
                        }
                        positions.withUnsafeBufferPointer { buffer in
                            writer.addPosting(doc: newDoc, frequency: cursor.frequency, positions: buffer,
                                              norm: norms?[Int(newDoc)] ?? 0, isPublic: docValues.isPublic(Int(newDoc)),
                                              withPositions: field != .id)
                        }
                        added += 1
                    }
                    doc = try cursor.next()
                }
                try iterators[index].advance()
            }
            if added > 0 { writer.finishTerm(key: key) } else { _ = writer.discardTerm() }
        }
        for (index, (reader, _)) in sources.enumerated() {
            var doc = 0
            while doc < reader.documentCount {
                let (firstDoc, documents) = try reader.stored.chunk(containing: Int32(doc))
                for (offset, encoded) in documents.enumerated() where docMaps[index][Int(firstDoc) + offset] >= 0 {
                    try writer.addStored(encoded)
                }
                doc = Int(firstDoc) + documents.count
            }
        }
        return try writer.finish(documentCount: documentCount, docValues: docValues, fieldStatistics: statistics, origin: "merge")
    }
}

/// Steps through a term dictionary in key order, one block at a time.
struct TermIterator {
    private let terms: TermDictionaryReader
    private var block = -1
    private var entries: [(key: [UInt8], entry: TermEntry)] = []
    private var position = 0

    init(_ terms: TermDictionaryReader) throws(IndexError) {
        self.terms = terms
        try advance()
    }

    var key: [UInt8]? { position < entries.count ? entries[position].key : nil }
    var entry: TermEntry? { position < entries.count ? entries[position].entry : nil }

    mutating func advance() throws(IndexError) {
        position += 1
        while position >= entries.count {
            block += 1
            guard block < terms.blockCount else {
                entries = []
                position = 0
                return
            }
            entries = try terms.entries(ofBlock: block)
            position = 0
        }
    }
}
