import DMKMIndex

/// The collection as one kind of reader sees it: which documents of each segment they may see,
/// how many there are, and the statistics BM25F scores with — document count, average field
/// lengths and document frequencies — over the visible documents only. Anonymous readers are
/// scored as if the index held nothing but the public entries, so neither a score, a total, a
/// facet count nor a prefix expansion says anything about internal or embargoed ones.
/// Built once per index snapshot and day, shared by every search with that visibility.
final class CollectionView: Sendable {
    let visibility: Visibility
    /// Per segment, which documents the reader may see (nil: every live document).
    let accepts: [[Bool]?]
    /// Per segment, public-access documents still under embargo (deleted ones too, ascending):
    /// a term's stored public document frequency counts them, so they are taken off.
    let embargoed: [[Int32]]
    /// Live documents the reader may see.
    let documentCount: Int
    /// By `IndexedField.rawValue`.
    let averageLengths: [Float]
    let lengthFactors: [LengthFactorTable?]

    init(reader: IndexReader, visibility: Visibility, parameters: RankingParameters) {
        self.visibility = visibility
        var averages = [Float](repeating: 1, count: IndexedField.allCases.count)
        switch visibility {
        case .everything:
            accepts = Array(repeating: nil, count: reader.segments.count)
            embargoed = Array(repeating: [], count: reader.segments.count)
            documentCount = reader.documentCount
            for field in IndexedField.allCases { averages[Int(field.rawValue)] = reader.averageLength(field) }
        case .publicOnly(let day):
            var statistics = [FieldStatistics](repeating: FieldStatistics(), count: IndexedField.allCases.count)
            var allAccepts: [[Bool]?] = []
            var allEmbargoed: [[Int32]] = []
            var visible = 0
            for segment in reader.segments {
                let values = segment.docValues
                var accepts = [Bool](repeating: false, count: segment.documentCount)
                var embargoed: [Int32] = []
                for doc in 0..<segment.documentCount where values.access[doc] == 0 {
                    let embargo = values.publicFrom[doc]
                    guard embargo == DocValues.noEmbargo || embargo <= day.daysSinceEpoch else {
                        embargoed.append(Int32(doc))
                        continue
                    }
                    guard segment.isLive(Int32(doc)) else { continue }
                    accepts[doc] = true
                    visible += 1
                    for field in IndexedField.scoredFields {
                        let norm = values.norms[Int(field.rawValue)][doc]
                        guard norm > 0 else { continue }
                        statistics[Int(field.rawValue)].documentCount += 1
                        statistics[Int(field.rawValue)].totalLength += Int(NormEncoding.decode(norm))
                    }
                }
                allAccepts.append(accepts)
                allEmbargoed.append(embargoed)
            }
            accepts = allAccepts
            embargoed = allEmbargoed
            documentCount = visible
            for field in IndexedField.allCases {
                let fieldStatistics = statistics[Int(field.rawValue)]
                averages[Int(field.rawValue)] = fieldStatistics.documentCount > 0
                    ? max(1, Float(fieldStatistics.totalLength) / Float(fieldStatistics.documentCount)) : 1
            }
        }
        averageLengths = averages
        lengthFactors = (0...Int(IndexedField.allCases.map(\.rawValue).max() ?? 0)).map { rawValue in
            guard let field = IndexedField(rawValue: UInt8(rawValue)) else { return nil }
            return LengthFactorTable(b: parameters.field(field).b, averageLength: averages[rawValue])
        }
    }

    /// Documents of `segment` containing the term of `entry` that this reader may count
    /// (deleted ones included, as for every reader: they vanish at the next merge).
    func documentFrequency(_ entry: TermEntry, segment: SegmentReader, segmentIndex: Int) throws(IndexError) -> Int {
        guard case .publicOnly = visibility else { return Int(entry.docFreq) }
        var frequency = Int(entry.publicDocFreq)
        let hidden = embargoed[segmentIndex]
        if frequency > 0 && !hidden.isEmpty {
            var cursor = try segment.cursor(entry)
            for doc in hidden {
                let found = try cursor.advance(to: doc)
                if found == PostingsFormat.noMoreDocs { break }
                if found == doc { frequency -= 1 }
            }
        }
        return frequency
    }

    func averageLength(_ field: IndexedField) -> Float { averageLengths[Int(field.rawValue)] }
}
