import DMKMIndex

/// Collection statistics (document frequencies, idf) and dictionary lookups for the terms of one
/// query, as the reader's `CollectionView` counts them, cached: the same term is looked up for
/// its idf, for the main scorers, for the bonus clauses that rescore the best matches and for
/// explanations.
struct QueryStatistics {
    let reader: IndexReader
    let view: CollectionView
    private var idfs: [String: Float] = [:]
    private var entries: [SegmentTermKey: TermEntry?] = [:]

    private struct SegmentTermKey: Hashable {
        var segment: Int
        var key: [UInt8]
    }

    init(reader: IndexReader, view: CollectionView) {
        self.reader = reader
        self.view = view
    }

    /// The dictionary entry of `term` in `field` of segment `segmentIndex`, if the term occurs there.
    mutating func entry(field: IndexedField, term: String, segmentIndex: Int) throws(IndexError) -> TermEntry? {
        let key = SegmentTermKey(segment: segmentIndex, key: TermKey.make(field: field, term: term.utf8))
        if let cached = entries[key] { return cached }
        let entry = try reader.segments[segmentIndex].termEntry(key.key)
        entries[key] = entry
        return entry
    }

    /// Documents the reader may see that contain `term` in `field`, over all segments.
    mutating func documentFrequency(field: IndexedField, term: String) throws(IndexError) -> Int {
        var frequency = 0
        for (index, segment) in reader.segments.enumerated() {
            if let entry = try entry(field: field, term: term, segmentIndex: index) {
                frequency += try view.documentFrequency(entry, segment: segment, segmentIndex: index)
            }
        }
        return frequency
    }

    /// idf from the largest per-field document frequency among `fields` (a stand-in for the
    /// number of documents containing the term in any of them).
    mutating func idf(term: String, fields: [IndexedField]) throws(IndexError) -> Float {
        let key = fields.map { String($0.rawValue) }.joined(separator: ",") + "|" + term
        if let cached = idfs[key] { return cached }
        var frequency = 0
        for field in fields { frequency = max(frequency, try documentFrequency(field: field, term: term)) }
        let value = inverseDocumentFrequency(documentFrequency: frequency, documentCount: view.documentCount)
        idfs[key] = value
        return value
    }
}
