import DMKMIndex

/// A query after analysis, independent of segments: what to match and how to weigh it.
indirect enum QueryPlan: Sendable, Equatable {
    /// One analyzed term, searched in `fields`.
    case term(TermTarget)
    /// Terms that must appear consecutively in one field.
    case phrase(PhraseTarget)
    /// Every indexed term starting with `prefix` (expanded per query).
    case prefix(PrefixTarget)
    case boolean(BooleanPlan)
    case all
    case nothing
}

struct TermTarget: Sendable, Equatable, Hashable {
    var term: String
    var fields: [IndexedField]
    var boost: Float
}

struct PhraseTarget: Sendable, Equatable {
    var terms: [String]
    var fields: [IndexedField]
    var boost: Float
    /// A proximity bonus, not a requirement: documents where the terms merely co-occur are
    /// returned (scoring 0 unless the sequence is found), which lets the phrase check wait until
    /// a document is actually scored.
    var isBonus = false
    /// Position of each term relative to the first (nil: consecutive, 0, 1, 2, …).
    var offsets: [UInt32]? = nil
    /// A sub-word match (grams of a Thai word's clusters): its idf is that of its rarest gram, not
    /// the sum (the grams of one word are not independent evidence), and it is not highlighted.
    var isSubword = false
}

struct PrefixTarget: Sendable, Equatable {
    var prefix: String
    var fields: [IndexedField]
    var boost: Float
}

struct BooleanPlan: Sendable, Equatable {
    var must: [QueryPlan] = []
    var should: [QueryPlan] = []
    var mustNot: [QueryPlan] = []
    var filters: [Filter] = []
    /// Least number of `should` clauses a document must match (when there is no `must`).
    var minimumShouldMatch = 1
    /// Matches without scoring (the score comes from elsewhere, e.g. a booster).
    var matchOnly = false
}

/// A planned query: what matches and ranks (`main`), and bonus clauses applied only to the best
/// candidates (proximity of adjacent words, title trigrams): they reorder the top results without
/// costing a phrase check on every matching document.
struct PlannedQuery: Sendable, Equatable {
    var main: QueryPlan
    var rescore: [QueryPlan] = []
    /// `main` that also matches titles sharing most of the query's character trigrams (a
    /// misspelt name): run only when `main` finds fewer hits than asked for, because walking
    /// the trigram postings costs more than the words themselves.
    var widened: QueryPlan?

    var highlightTerms: (terms: Set<String>, prefixes: Set<String>) { main.highlightTerms }
}

extension QueryPlan {
    /// Analyzed terms and prefixes the query matches on (for highlighting).
    var highlightTerms: (terms: Set<String>, prefixes: Set<String>) {
        var terms = Set<String>()
        var prefixes = Set<String>()
        func visit(_ plan: QueryPlan, negated: Bool) {
            switch plan {
            case .term(let target): if !negated { terms.insert(target.term) }
            case .phrase(let target): if !negated && !target.isSubword { terms.formUnion(target.terms) }
            case .prefix(let target): if !negated { prefixes.insert(target.prefix) }
            case .boolean(let boolean):
                for child in boolean.must + boolean.should where !boolean.matchOnly { visit(child, negated: negated) }
                for child in boolean.mustNot { visit(child, negated: !negated) }
            case .all, .nothing: break
            }
        }
        visit(self, negated: false)
        return (terms, prefixes)
    }
}

extension QueryPlan {
    /// The same plan with repeated clauses folded into one whose boost is the sum (scores are
    /// linear in the boost, so ranking is unchanged): `a* a* a* …` costs one expansion, not 330.
    /// `should` clauses are folded only when one match suffices, since folding changes how many
    /// distinct clauses a document can match.
    func mergingDuplicates() -> QueryPlan {
        guard case .boolean(var boolean) = self else { return self }
        boolean.must = Self.fold(boolean.must.map { $0.mergingDuplicates() })
        let should = boolean.should.map { $0.mergingDuplicates() }
        boolean.should = boolean.minimumShouldMatch <= 1 ? Self.fold(should) : should
        var seen: [QueryPlan] = []
        for child in boolean.mustNot.map({ $0.mergingDuplicates() }) where !seen.contains(child) { seen.append(child) }
        boolean.mustNot = seen
        return .boolean(boolean)
    }

    private static func fold(_ clauses: [QueryPlan]) -> [QueryPlan] {
        var folded: [QueryPlan] = []
        for clause in clauses {
            if let index = folded.firstIndex(where: { $0.withBoost(1) == clause.withBoost(1) && clause.boost != nil }) {
                folded[index] = folded[index].withBoost(folded[index].boost! + clause.boost!)
            } else {
                folded.append(clause)
            }
        }
        return folded
    }

    private var boost: Float? {
        switch self {
        case .term(let target): target.boost
        case .phrase(let target): target.boost
        case .prefix(let target): target.boost
        case .boolean, .all, .nothing: nil
        }
    }

    private func withBoost(_ boost: Float) -> QueryPlan {
        switch self {
        case .term(var target): target.boost = boost; return .term(target)
        case .phrase(var target): target.boost = boost; return .phrase(target)
        case .prefix(var target): target.boost = boost; return .prefix(target)
        case .boolean, .all, .nothing: return self
        }
    }
}
