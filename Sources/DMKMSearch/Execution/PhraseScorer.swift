import DMKMIndex

/// Documents where the terms appear consecutively (in one field). The phrase frequency plays
/// the role of tf in BM25F, and the phrase's idf is the sum of its terms' (as in Lucene).
final class PhraseScorer: Scorer {
    /// The phrase in one field: a cursor per term.
    struct FieldMatcher {
        var cursors: [PostingsCursor]
        let scoring: FieldScoring
        var doc: Int32 = -1
        var frequency = 0
    }

    let terms: [String]
    private var matchers: [FieldMatcher]
    let idf: Float
    let boost: Float
    let k1: Float
    private(set) var doc: Int32 = -1
    let maxScore: Float
    let cost: Int
    private var positions: [[UInt32]]

    init(terms: [String], matchers: [FieldMatcher], idf: Float, boost: Float, k1: Float) {
        self.terms = terms
        self.matchers = matchers
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

    /// Moves matcher `index` to its first phrase match at or after `target`.
    private func seek(_ index: Int, atLeast target: Int32) throws(IndexError) {
        var candidate = target
        while true {
            // Leapfrog: bring every term's cursor to the same document.
            var agreed = false
            while !agreed {
                agreed = true
                for cursorIndex in matchers[index].cursors.indices {
                    let doc = try matchers[index].cursors[cursorIndex].advance(to: candidate)
                    if doc == noMoreDocs {
                        matchers[index].doc = noMoreDocs
                        return
                    }
                    if doc > candidate {
                        candidate = doc
                        agreed = false
                    }
                }
            }
            let frequency = try phraseFrequency(index)
            if frequency > 0 {
                matchers[index].doc = candidate
                matchers[index].frequency = frequency
                return
            }
            candidate += 1
        }
    }

    /// How many times the terms occur in sequence in the current document of matcher `index`.
    private func phraseFrequency(_ index: Int) throws(IndexError) -> Int {
        for cursorIndex in matchers[index].cursors.indices {
            try matchers[index].cursors[cursorIndex].positions(into: &positions[cursorIndex])
        }
        var count = 0
        var pointers = [Int](repeating: 0, count: positions.count)
        for start in positions[0] {
            var matched = true
            for term in 1..<positions.count {
                let wanted = start + UInt32(term)
                while pointers[term] < positions[term].count && positions[term][pointers[term]] < wanted { pointers[term] += 1 }
                if pointers[term] >= positions[term].count { return count }
                if positions[term][pointers[term]] != wanted { matched = false; break }
            }
            if matched { count += 1 }
        }
        return count
    }

    func nextDoc() throws(IndexError) -> Int32 { try advance(to: doc + 1) }

    func advance(to target: Int32) throws(IndexError) -> Int32 {
        var smallest = noMoreDocs
        for index in matchers.indices {
            if matchers[index].doc < target { try seek(index, atLeast: target) }
            smallest = min(smallest, matchers[index].doc)
        }
        doc = smallest
        return doc
    }

    private func weightedFrequency() -> Float {
        var total: Float = 0
        for matcher in matchers where matcher.doc == doc {
            total += matcher.scoring.weight * Float(matcher.frequency) * matcher.scoring.inverseLengthFactor[Int(matcher.scoring.norms[Int(doc)])]
        }
        return total
    }

    func score() -> Float {
        let frequency = weightedFrequency()
        return boost * idf * frequency * (k1 + 1) / (frequency + k1)
    }

    func explain() -> Explanation {
        let details = matchers.filter { $0.doc == doc }.map { matcher in
            Explanation(value: Float(matcher.frequency), description: "\(matcher.scoring.field.name): phrase occurs \(matcher.frequency) time(s)")
        } + [Explanation(value: idf, description: "idf (sum over the phrase's terms)")]
        return Explanation(value: score(), description: "phrase \"\(terms.joined(separator: " "))\" (boost \(boost))", details: details)
    }
}

/// Documents matching any sub-scorer; the score is the sum of those that match.
/// With a competitive threshold set (top-k collection), it runs MaxScore: sub-scorers whose
/// combined upper bounds cannot reach the threshold are only probed on candidates found by the
/// others, and candidates whose bound falls short are skipped without being scored.
final class DisjunctionScorer: Scorer {
    private var subs: [Scorer]
    /// Prefix sums of `maxScore` over `subs` (sorted ascending by maxScore).
    private var boundPrefix: [Float]
    private(set) var doc: Int32 = -1
    let maxScore: Float
    let cost: Int
    private var threshold: Float = -1
    /// Subs below this index are non-essential under the current threshold.
    private var firstEssential = 0
    private var currentScore: Float = 0

    init(_ subs: [Scorer]) {
        self.subs = subs.sorted { $0.maxScore < $1.maxScore }
        var prefix: [Float] = [0]
        for sub in self.subs { prefix.append(prefix.last! + sub.maxScore) }
        boundPrefix = prefix
        maxScore = prefix.last!
        cost = subs.reduce(0) { $0 + $1.cost }
    }

    /// Documents scoring at most `score` can no longer enter the results.
    func setMinimumCompetitiveScore(_ score: Float) {
        guard score > threshold else { return }
        threshold = score
        while firstEssential < subs.count - 1 && boundPrefix[firstEssential + 1] <= threshold { firstEssential += 1 }
    }

    func nextDoc() throws(IndexError) -> Int32 { try advance(to: doc + 1) }

    func advance(to target: Int32) throws(IndexError) -> Int32 {
        var target = target
        while true {
            // The next candidate comes from the essential subs only.
            var candidate = noMoreDocs
            for index in firstEssential..<subs.count {
                var sub = subs[index].doc
                if sub < target { sub = try subs[index].advance(to: target) }
                candidate = min(candidate, sub)
            }
            doc = candidate
            if candidate == noMoreDocs { return doc }
            var score: Float = 0
            for index in firstEssential..<subs.count where subs[index].doc == candidate {
                score += try subs[index].score()
            }
            // Non-essential subs, largest bound first, while the document can still compete.
            var remainingBound = boundPrefix[firstEssential]
            var index = firstEssential - 1
            while index >= 0 {
                if threshold >= 0 && score + remainingBound <= threshold { break }
                if subs[index].doc < candidate { _ = try subs[index].advance(to: candidate) }
                if subs[index].doc == candidate { score += try subs[index].score() }
                remainingBound -= subs[index].maxScore
                index -= 1
            }
            if threshold >= 0 && score <= threshold {
                target = candidate + 1
                continue
            }
            currentScore = score
            return doc
        }
    }

    func score() throws(IndexError) -> Float { currentScore }

    func explain() throws(IndexError) -> Explanation {
        var details: [Explanation] = []
        for sub in subs {
            if sub.doc < doc { _ = try sub.advance(to: doc) }
            if sub.doc == doc { details.append(try sub.explain()) }
        }
        return Explanation(value: details.reduce(0) { $0 + $1.value }, description: "sum of matching clauses (any of)", details: details)
    }
}

/// Documents matching every sub-scorer (leapfrog); the score is their sum.
final class ConjunctionScorer: Scorer {
    private let subs: [Scorer]
    private(set) var doc: Int32 = -1
    let maxScore: Float
    let cost: Int

    init(_ subs: [Scorer]) {
        self.subs = subs.sorted { $0.cost < $1.cost }
        maxScore = subs.reduce(0) { $0 + $1.maxScore }
        cost = self.subs.first?.cost ?? 0
    }

    func nextDoc() throws(IndexError) -> Int32 { try advance(to: doc + 1) }

    func advance(to target: Int32) throws(IndexError) -> Int32 {
        var candidate = try subs[0].doc < target ? subs[0].advance(to: target) : subs[0].doc
        while candidate != noMoreDocs {
            var agreed = true
            for sub in subs.dropFirst() {
                let found = sub.doc < candidate ? try sub.advance(to: candidate) : sub.doc
                if found > candidate {
                    candidate = try subs[0].advance(to: found)
                    agreed = false
                    break
                }
            }
            if agreed { break }
        }
        doc = candidate
        return doc
    }

    func score() throws(IndexError) -> Float {
        var total: Float = 0
        for sub in subs { total += try sub.score() }
        return total
    }

    func explain() throws(IndexError) -> Explanation {
        let details = try subs.map { sub throws(IndexError) in try sub.explain() }
        return Explanation(value: details.reduce(0) { $0 + $1.value }, description: "sum of required clauses (all of)", details: details)
    }
}

/// Required documents, plus the optional scorer's score where it also matches.
final class RequiredOptionalScorer: Scorer {
    private let required: Scorer
    private let optional: Scorer
    var doc: Int32 { required.doc }
    let maxScore: Float
    var cost: Int { required.cost }

    init(required: Scorer, optional: Scorer) {
        self.required = required
        self.optional = optional
        maxScore = required.maxScore + optional.maxScore
    }

    func nextDoc() throws(IndexError) -> Int32 { try required.nextDoc() }
    func advance(to target: Int32) throws(IndexError) -> Int32 { try required.advance(to: target) }

    func score() throws(IndexError) -> Float {
        var total = try required.score()
        if optional.doc < doc { _ = try optional.advance(to: doc) }
        if optional.doc == doc { total += try optional.score() }
        return total
    }

    func explain() throws(IndexError) -> Explanation {
        var details = [try required.explain()]
        if optional.doc < doc { _ = try optional.advance(to: doc) }
        if optional.doc == doc { details.append(try optional.explain()) }
        return Explanation(value: details.reduce(0) { $0 + $1.value }, description: "required plus optional clauses", details: details)
    }
}

/// Documents of `required` that match none of `excluded`.
final class ExclusionScorer: Scorer {
    private let required: Scorer
    private let excluded: [Scorer]
    var doc: Int32 { required.doc }
    var maxScore: Float { required.maxScore }
    var cost: Int { required.cost }

    init(required: Scorer, excluded: [Scorer]) {
        self.required = required
        self.excluded = excluded
    }

    private func settle(_ candidate: Int32) throws(IndexError) -> Int32 {
        var candidate = candidate
        while candidate != noMoreDocs {
            var hit = false
            for scorer in excluded {
                if scorer.doc < candidate { _ = try scorer.advance(to: candidate) }
                if scorer.doc == candidate { hit = true; break }
            }
            if !hit { return candidate }
            candidate = try required.nextDoc()
        }
        return candidate
    }

    func nextDoc() throws(IndexError) -> Int32 { try settle(try required.nextDoc()) }
    func advance(to target: Int32) throws(IndexError) -> Int32 { try settle(try required.advance(to: target)) }
    func score() throws(IndexError) -> Float { try required.score() }
    func explain() throws(IndexError) -> Explanation { try required.explain() }
}

/// Documents of `inner` that pass a per-document predicate (metadata filters).
final class FilterScorer: Scorer {
    private let inner: Scorer
    private let accepts: [Bool]
    var doc: Int32 { inner.doc }
    var maxScore: Float { inner.maxScore }
    var cost: Int { inner.cost }

    init(inner: Scorer, accepts: [Bool]) {
        self.inner = inner
        self.accepts = accepts
    }

    private func settle(_ candidate: Int32) throws(IndexError) -> Int32 {
        var candidate = candidate
        while candidate != noMoreDocs && !accepts[Int(candidate)] { candidate = try inner.nextDoc() }
        return candidate
    }

    func nextDoc() throws(IndexError) -> Int32 { try settle(try inner.nextDoc()) }
    func advance(to target: Int32) throws(IndexError) -> Int32 { try settle(try inner.advance(to: target)) }
    func score() throws(IndexError) -> Float { try inner.score() }
    func explain() throws(IndexError) -> Explanation { try inner.explain() }
}
