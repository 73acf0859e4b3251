import DMKMIndex

/// Documents where the terms appear consecutively (in one field). The phrase frequency plays
/// the role of tf in BM25F, and the phrase's idf is the sum of its terms' (as in Lucene).
final class PhraseScorer: Scorer {
    /// The phrase in one field: a cursor per term.
    struct FieldMatcher {
        var cursors: [PostingsCursor]
        let scoring: FieldScoring
    }

    let terms: [String]
    private let termCount: Int
    private let fieldCount: Int
    /// Cursor of term `t` in field `f` at `f * termCount + t` (a buffer: no reference counting or
    /// copy-on-write in the matching loop).
    private let cursors: UnsafeMutableBufferPointer<PostingsCursor>
    private let scorings: UnsafeMutableBufferPointer<FieldScoring>
    private let fieldDocs: UnsafeMutableBufferPointer<Int32>
    private let fieldFrequencies: UnsafeMutableBufferPointer<Int32>
    let idf: Float
    let boost: Float
    let k1: Float
    /// Exact: only documents containing the sequence. Otherwise documents where the terms co-occur,
    /// the sequence being checked (and frequency counted) only when a document is scored.
    let exact: Bool
    /// Whether `fieldFrequencies` holds the counts for the fields at `doc` (lazy mode).
    private var counted = true
    private(set) var doc: Int32 = -1
    let maxScore: Float
    let cost: Int
    private var positions: [[UInt32]]
    /// Position of each term relative to the first.
    private let offsets: [UInt32]

    init(terms: [String], matchers: [FieldMatcher], idf: Float, boost: Float, k1: Float, exact: Bool = true, offsets: [UInt32]? = nil) {
        self.exact = exact
        self.offsets = offsets ?? terms.indices.map { UInt32($0) }
        precondition(self.offsets.count == terms.count, "one offset per phrase term")
        self.terms = terms
        termCount = terms.count
        fieldCount = matchers.count
        cursors = .allocate(capacity: terms.count * matchers.count)
        _ = cursors.initialize(from: matchers.flatMap(\.cursors))
        scorings = .allocate(capacity: matchers.count)
        _ = scorings.initialize(from: matchers.map(\.scoring))
        fieldDocs = .allocate(capacity: matchers.count)
        fieldDocs.initialize(repeating: -1)
        fieldFrequencies = .allocate(capacity: matchers.count)
        fieldFrequencies.initialize(repeating: 0)
        self.idf = idf
        self.boost = boost
        self.k1 = k1
        positions = Array(repeating: [], count: terms.count)
        var bound: Float = 0
        for matcher in matchers {
            let maxFrequency = matcher.cursors.map(\.entry.maxTermFreq).min() ?? 0
            let minNorm = matcher.cursors.map(\.entry.minNorm).max() ?? 0
            bound += matcher.scoring.weight * Float(maxFrequency) * matcher.scoring.inverseLengthFactor[Int(minNorm)]
        }
        maxScore = boost * idf * bound * (k1 + 1) / (bound + k1)
        cost = matchers.map { $0.cursors.map { Int($0.entry.docFreq) }.min() ?? 0 }.reduce(0, +)
    }

    deinit {
        cursors.deinitialize()
        cursors.deallocate()
        scorings.deinitialize()
        scorings.deallocate()
        fieldDocs.deallocate()
        fieldFrequencies.deallocate()
    }

    /// Moves field `field` to its first phrase match at or after `target`.
    private func seek(_ field: Int, atLeast target: Int32) throws(IndexError) {
        let base = field * termCount
        var candidate = target
        while true {
            // Leapfrog: bring every term's cursor to the same document.
            var agreed = false
            while !agreed {
                agreed = true
                for term in 0..<termCount {
                    let doc = try cursors[base + term].advance(to: candidate)
                    if doc == noMoreDocs {
                        fieldDocs[field] = noMoreDocs
                        return
                    }
                    if doc > candidate {
                        candidate = doc
                        agreed = false
                    }
                }
            }
            if !exact {
                fieldDocs[field] = candidate
                fieldFrequencies[field] = -1  // not counted yet
                return
            }
            let frequency = try phraseFrequency(base)
            if frequency > 0 {
                fieldDocs[field] = candidate
                fieldFrequencies[field] = Int32(frequency)
                return
            }
            candidate += 1
        }
    }

    /// How many times the terms occur in sequence in the current document of the cursors at `base`.
    private func phraseFrequency(_ base: Int) throws(IndexError) -> Int {
        for term in 0..<termCount {
            try cursors[base + term].positions(into: &positions[term])
        }
        var count = 0
        var pointers = [Int](repeating: 0, count: termCount)
        for start in positions[0] {
            var matched = true
            for term in 1..<termCount {
                let wanted = start + offsets[term]
                while pointers[term] < positions[term].count && positions[term][pointers[term]] < wanted { pointers[term] += 1 }
                if pointers[term] >= positions[term].count { return count }
                if positions[term][pointers[term]] != wanted { matched = false; break }
            }
            if matched { count += 1 }
        }
        return count
    }

    var isExpensiveToScore: Bool { !exact }

    func nextDoc() throws(IndexError) -> Int32 { try advance(to: doc + 1) }

    func advance(to target: Int32) throws(IndexError) -> Int32 {
        var smallest = noMoreDocs
        for field in 0..<fieldCount {
            if fieldDocs[field] < target { try seek(field, atLeast: target) }
            smallest = min(smallest, fieldDocs[field])
        }
        doc = smallest
        return doc
    }

    private func weightedFrequency() throws(IndexError) -> Float {
        var total: Float = 0
        for field in 0..<fieldCount where fieldDocs[field] == doc {
            if fieldFrequencies[field] < 0 { fieldFrequencies[field] = Int32(try phraseFrequency(field * termCount)) }
            total += scorings[field].weight * Float(fieldFrequencies[field]) * scorings[field].lengthFactor(doc: doc)
        }
        return total
    }

    func score() throws(IndexError) -> Float {
        let frequency = try weightedFrequency()
        return frequency == 0 ? 0 : boost * idf * frequency * (k1 + 1) / (frequency + k1)
    }

    func explain() throws(IndexError) -> Explanation {
        _ = try weightedFrequency()
        var details: [Explanation] = []
        for field in 0..<fieldCount where fieldDocs[field] == doc {
            details.append(Explanation(value: Float(fieldFrequencies[field]), description: "\(scorings[field].field.name): phrase occurs \(fieldFrequencies[field]) time(s)"))
        }
        details.append(Explanation(value: idf, description: "idf (sum over the phrase's terms)"))
        return Explanation(value: try score(), description: "phrase \"\(terms.joined(separator: " "))\" (boost \(boost))", details: details)
    }
}
