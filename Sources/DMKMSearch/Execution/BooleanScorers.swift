import DMKMIndex

// Scorers that combine other scorers: any of (MaxScore), all of, required plus optional,
// exclusion, filters, at least n of, match only.

/// Documents matching any sub-scorer; the score is the sum of those that match.
/// With a competitive threshold set (top-k collection), it runs MaxScore: sub-scorers whose
/// combined upper bounds cannot reach the threshold are only probed on candidates found by the
/// others, and candidates whose bound falls short are skipped without being scored.
final class DisjunctionScorer: Scorer {
    private let subs: [Scorer]
    /// The subs again, as unretained references of their concrete type where that is a term or
    /// phrase scorer: calls through them need no reference counting, which through the protocol
    /// existentials cost a third of an OR query's time (`subs` keeps every scorer alive).
    private let refs: UnsafeMutableBufferPointer<SubScorer>
    /// Current document of each sub, cached: the loops below read it far more often than subs move.
    private let subDocs: UnsafeMutableBufferPointer<Int32>
    private let subBounds: UnsafeMutableBufferPointer<Float>
    /// Subs whose score is costly (checked last, only while the document can still compete).
    private let expensive: UnsafeMutableBufferPointer<Bool>
    /// Prefix sums of `maxScore` over `subs` (sorted ascending by maxScore).
    private let boundPrefix: [Float]
    private(set) var doc: Int32 = -1
    let maxScore: Float
    let cost: Int
    private var threshold: Float = -1
    /// Subs below this index are non-essential under the current threshold.
    private var firstEssential = 0
    private var currentScore: Float = 0

    private enum SubScorer {
        case term(Unmanaged<TermScorer>)
        case phrase(Unmanaged<PhraseScorer>)
        case other
    }

    init(_ matching: [Scorer]) {
        let subs = matching.sorted { $0.maxScore < $1.maxScore }
        self.subs = subs
        refs = .allocate(capacity: subs.count)
        _ = refs.initialize(from: subs.map { sub -> SubScorer in
            if let term = sub as? TermScorer { return .term(.passUnretained(term)) }
            if let phrase = sub as? PhraseScorer { return .phrase(.passUnretained(phrase)) }
            return .other
        })
        subDocs = .allocate(capacity: subs.count)
        subDocs.initialize(repeating: -1)
        subBounds = .allocate(capacity: subs.count)
        _ = subBounds.initialize(from: self.subs.map(\.maxScore))
        expensive = .allocate(capacity: subs.count)
        _ = expensive.initialize(from: self.subs.map(\.isExpensiveToScore))
        var prefix: [Float] = [0]
        for sub in self.subs { prefix.append(prefix.last! + sub.maxScore) }
        boundPrefix = prefix
        maxScore = prefix.last!
        cost = matching.reduce(0) { $0 + $1.cost }
    }

    deinit {
        refs.deinitialize()
        refs.deallocate()
        subDocs.deallocate()
        subBounds.deallocate()
        expensive.deallocate()
    }

    @inline(__always)
    private func advanceSub(_ index: Int, to target: Int32) throws(IndexError) -> Int32 {
        do {
            switch refs[index] {
            case .term(let term): return try term._withUnsafeGuaranteedRef { try $0.advance(to: target) }
            case .phrase(let phrase): return try phrase._withUnsafeGuaranteedRef { try $0.advance(to: target) }
            case .other: return try subs[index].advance(to: target)
            }
        } catch let error as IndexError {
            throw error
        } catch {
            preconditionFailure("scorers throw IndexError only")
        }
    }

    @inline(__always)
    private func scoreSub(_ index: Int) throws(IndexError) -> Float {
        do {
            switch refs[index] {
            case .term(let term): return term._withUnsafeGuaranteedRef { $0.score() }
            case .phrase(let phrase): return try phrase._withUnsafeGuaranteedRef { try $0.score() }
            case .other: return try subs[index].score()
            }
        } catch let error as IndexError {
            throw error
        } catch {
            preconditionFailure("scorers throw IndexError only")
        }
    }

    func blockBound() -> (score: Float, lastDoc: Int32) {
        var bound = boundPrefix[firstEssential]
        var lastDoc = noMoreDocs
        for index in firstEssential..<subs.count where subDocs[index] != noMoreDocs {
            let block: (score: Float, lastDoc: Int32)
            switch refs[index] {
            case .term(let term): block = term._withUnsafeGuaranteedRef { $0.blockBound() }
            case .phrase(let phrase): block = phrase._withUnsafeGuaranteedRef { $0.blockBound() }
            case .other: block = subs[index].blockBound()
            }
            bound += block.score
            lastDoc = min(lastDoc, block.lastDoc)
        }
        return (bound, lastDoc)
    }

    func setMinimumCompetitiveScore(_ score: Float) {
        guard score > threshold else { return }
        threshold = score
        while firstEssential < subs.count - 1 && boundPrefix[firstEssential + 1] <= threshold { firstEssential += 1 }
    }

    func nextDoc() throws(IndexError) -> Int32 { try advance(to: doc + 1) }

    func advance(to target: Int32) throws(IndexError) -> Int32 {
        var target = target
        let count = subs.count
        while true {
            // The next candidate comes from the essential subs only.
            var candidate = noMoreDocs
            for index in firstEssential..<count {
                if subDocs[index] < target { subDocs[index] = try advanceSub(index, to: target) }
                candidate = min(candidate, subDocs[index])
            }
            doc = candidate
            if candidate == noMoreDocs { return doc }
            var score: Float = 0
            var pendingBound: Float = 0
            for index in firstEssential..<count where subDocs[index] == candidate {
                if expensive[index] {
                    pendingBound += subBounds[index]
                } else {
                    score += try scoreSub(index)
                }
            }
            // Costly essential subs only while the document can still compete.
            if pendingBound > 0 {
                var index = count - 1
                while index >= firstEssential {
                    if expensive[index] && subDocs[index] == candidate {
                        if threshold >= 0 && score + pendingBound + boundPrefix[firstEssential] <= threshold { break }
                        score += try scoreSub(index)
                        pendingBound -= subBounds[index]
                    }
                    index -= 1
                }
            }
            // Non-essential subs, largest bound first, while the document can still compete.
            var remainingBound = boundPrefix[firstEssential]
            var index = firstEssential - 1
            while index >= 0 {
                if threshold >= 0 && score + remainingBound <= threshold { break }
                if subDocs[index] < candidate { subDocs[index] = try advanceSub(index, to: candidate) }
                if subDocs[index] == candidate { score += try scoreSub(index) }
                remainingBound -= subBounds[index]
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
        for (index, sub) in subs.enumerated() {
            if subDocs[index] < doc { subDocs[index] = try sub.advance(to: doc) }
            if subDocs[index] == doc { details.append(try sub.explain()) }
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

    func setMinimumCompetitiveScore(_ score: Float) {
        // The optional part can add at most its bound.
        required.setMinimumCompetitiveScore(score - optional.maxScore)
    }

    func blockBound() -> (score: Float, lastDoc: Int32) {
        let block = required.blockBound()
        return (block.score + optional.maxScore, block.lastDoc)
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

    func setMinimumCompetitiveScore(_ score: Float) { required.setMinimumCompetitiveScore(score) }
    func blockBound() -> (score: Float, lastDoc: Int32) { required.blockBound() }

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

    func setMinimumCompetitiveScore(_ score: Float) { inner.setMinimumCompetitiveScore(score) }
    func blockBound() -> (score: Float, lastDoc: Int32) { inner.blockBound() }

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

/// Documents matching at least `minimum` of the sub-scorers; the score is the sum of those.
final class MinimumMatchScorer: Scorer {
    private let subs: [Scorer]
    private let subDocs: UnsafeMutableBufferPointer<Int32>
    let minimum: Int
    private(set) var doc: Int32 = -1
    let maxScore: Float
    let cost: Int
    private var currentScore: Float = 0
    private var order: [Int]

    init(_ subs: [Scorer], minimum: Int) {
        self.subs = subs
        self.minimum = minimum
        subDocs = .allocate(capacity: subs.count)
        subDocs.initialize(repeating: -1)
        order = Array(subs.indices)
        maxScore = subs.reduce(0) { $0 + $1.maxScore }
        cost = subs.reduce(0) { $0 + $1.cost }
    }

    deinit { subDocs.deallocate() }

    func nextDoc() throws(IndexError) -> Int32 { try advance(to: doc + 1) }

    func advance(to target: Int32) throws(IndexError) -> Int32 {
        var target = target
        while true {
            for index in subs.indices where subDocs[index] < target { subDocs[index] = try subs[index].advance(to: target) }
            // A document in fewer than `minimum` lists cannot match: the next candidate is at
            // least the `minimum`-th smallest current document, so the lists behind it skip ahead.
            let docs = subDocs
            order.sort { docs[$0] < docs[$1] }
            let bound = subDocs[order[minimum - 1]]
            doc = bound
            if bound == noMoreDocs { return doc }
            if subDocs[order[0]] < bound {
                target = bound
                continue
            }
            var matches = 0
            var score: Float = 0
            for index in subs.indices where subDocs[index] == bound {
                matches += 1
                score += try subs[index].score()
            }
            if matches >= minimum {
                currentScore = score
                return doc
            }
            target = bound + 1
        }
    }

    func score() throws(IndexError) -> Float { currentScore }

    func explain() throws(IndexError) -> Explanation {
        var details: [Explanation] = []
        for index in subs.indices where subDocs[index] == doc { details.append(try subs[index].explain()) }
        return Explanation(value: details.reduce(0) { $0 + $1.value }, description: "at least \(minimum) of \(subs.count) clauses (\(details.count) matched)", details: details)
    }
}

/// The documents of `inner`, scored 0: matching without ranking.
final class MatchOnlyScorer: Scorer {
    private let inner: Scorer
    var doc: Int32 { inner.doc }
    var maxScore: Float { 0 }
    var cost: Int { inner.cost }
    init(_ inner: Scorer) { self.inner = inner }
    func nextDoc() throws(IndexError) -> Int32 { try inner.nextDoc() }
    func advance(to target: Int32) throws(IndexError) -> Int32 { try inner.advance(to: target) }
    func score() -> Float { 0 }
    func explain() -> Explanation { Explanation(value: 0, description: "matches enough title trigrams") }
}
