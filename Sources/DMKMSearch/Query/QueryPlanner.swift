import DMKMAnalysis
import DMKMIndex

/// Turns a parsed query into a plan: text goes through the same analyzer as the documents,
/// filters are pulled out of scoring clauses (a filter always restricts, never adds score), and
/// a query word that the segmenter splits into parts matches those parts, with a bonus when they
/// appear in sequence — as a strict phrase where the word is required.
struct QueryPlanner {
    let analyzer: Analyzer
    let parameters: RankingParameters

    static let allTextFields = IndexedField.textFields
    /// Where words next to each other mean more than words anywhere (not keyword or author lists).
    static let proximityFields: [IndexedField] = [.title, .abstract, .body]

    static func fields(_ field: SearchField?) -> [IndexedField] {
        guard let field else { return allTextFields }
        switch field {
        case .title: return [.title]
        case .abstract: return [.abstract]
        case .keyword: return [.keywords]
        case .author: return [.authors]
        case .body: return [.body]
        }
    }

    enum Occurrence { case must, should }

    func plan(_ node: QueryNode) -> PlannedQuery {
        var bonuses: [QueryPlan] = []
        let planned = plan(node, occurrence: .should, bonuses: &bonuses)
        var widened: QueryPlan?
        // Free text (plain words only) also matches titles by character trigrams.
        let words = Self.plainWords(node)
        if parameters.gramBoost > 0, !words.isEmpty {
            let grams = DocumentAnalysis.characterGrams(words.flatMap { analyzer.tokens(in: $0) })
            // Distinct, in query order (deterministic, and no Unicode-aware string sort).
            var seen = Set<String>()
            let unique = grams.filter { seen.insert($0).inserted }
            if unique.count >= 2 {
                let targets = unique.map { QueryPlan.term(TermTarget(term: $0, fields: [.titleGrams], boost: parameters.gramBoost)) }
                // Every shared trigram adds to a top title's score; to match through trigrams
                // alone, a title must share most of them (a misspelt name, not a stray syllable).
                let minimum = max(2, Int((Float(unique.count) * parameters.gramMinimumShare).rounded(.up)))
                let matcher = QueryPlan.boolean(BooleanPlan(should: targets, minimumShouldMatch: minimum, matchOnly: true))
                bonuses.append(.boolean(BooleanPlan(should: targets)))
                if case .boolean(var boolean) = planned, boolean.must.isEmpty, boolean.filters.isEmpty, boolean.mustNot.isEmpty {
                    boolean.should.append(matcher)
                    widened = .boolean(boolean)
                } else {
                    widened = .boolean(BooleanPlan(should: [planned, matcher]))
                }
            }
        }
        return PlannedQuery(main: simplify(planned), rescore: bonuses.map(simplify), widened: widened.map(simplify))
    }

    /// The words of a query made only of plain words (no fields, operators or filters).
    static func plainWords(_ node: QueryNode) -> [String] {
        switch node {
        case .term(nil, let text): return [text]
        case .boolean(let must, let should, let mustNot) where must.isEmpty && mustNot.isEmpty:
            var words: [String] = []
            for child in should {
                guard case .term(nil, let text) = child else { return [] }
                words.append(text)
            }
            return words
        default: return []
        }
    }

    /// `proximity`: whether a word split into parts adds its own adjacent-pair bonuses (not when
    /// the enclosing query adds them over the whole word sequence).
    private func plan(_ node: QueryNode, occurrence: Occurrence, proximity: Bool = true, bonuses: inout [QueryPlan]) -> QueryPlan {
        var subwords = 0
        return plan(node, occurrence: occurrence, proximity: proximity, bonuses: &bonuses, subwords: &subwords)
    }

    /// `subwords`: sub-word clauses added so far (bounded by `maximumSubwordClauses`).
    private func plan(_ node: QueryNode, occurrence: Occurrence, proximity: Bool = true, bonuses: inout [QueryPlan],
                      subwords: inout Int) -> QueryPlan {
        switch node {
        case .matchAll: return .all
        case .filter(let filter):
            return .boolean(BooleanPlan(must: [.all], filters: [filter]))
        case .term(let field, let text):
            let word = wordPlan(text, fields: Self.fields(field), strict: occurrence == .must, proximity: proximity, bonuses: &bonuses)
            guard field == nil else { return word }
            return withSubwords(word, subwordClauses(word: text, subwords: &subwords))
        case .phrase(let field, let text):
            let phrase = wordPlan(text, fields: Self.fields(field), strict: true, bonuses: &bonuses)
            guard field == nil else { return phrase }
            return withSubwords(phrase, subwordPhraseClauses(text, subwords: &subwords))
        case .prefix(let field, let text):
            let prefix = analyzer.normalizedPrefix(text)
            guard !prefix.isEmpty else { return .nothing }
            return .prefix(PrefixTarget(prefix: prefix, fields: Self.fields(field), boost: parameters.prefixWeight))
        case .boolean(let must, let should, let mustNot):
            var boolean = BooleanPlan()
            for child in must {
                if case .filter(let filter) = child { boolean.filters.append(filter); continue }
                boolean.must.append(plan(child, occurrence: .must, bonuses: &bonuses, subwords: &subwords))
            }
            let plainWordCount = should.filter { if case .term(nil, _) = $0 { return true }; return false }.count
            for child in should {
                if case .filter(let filter) = child { boolean.filters.append(filter); continue }
                boolean.should.append(plan(child, occurrence: .should, proximity: plainWordCount < 2, bonuses: &bonuses, subwords: &subwords))
            }
            for child in mustNot {
                var ignored: [QueryPlan] = []
                boolean.mustNot.append(plan(child, occurrence: .should, bonuses: &ignored, subwords: &subwords))
            }
            // Words written next to each other earn a bonus where they also stand next to each
            // other in a document (ordered adjacent pairs, as in a sequential dependence model).
            let words = should.compactMap { child -> String? in
                if case .term(nil, let text) = child { return text }
                return nil
            }
            if words.count >= 2 {
                let sequence = words.flatMap { analyzer.tokens(in: $0).filter { $0.kind.isIndexable } }
                bonuses.append(contentsOf: proximityPairs(sequence, fields: Self.proximityFields))
            }
            if boolean.must.isEmpty && boolean.should.isEmpty {
                boolean.must = [.all]
            }
            return .boolean(boolean)
        }
    }

    /// A word or phrase as typed: one analyzed term, or the sequence of its parts.
    private func wordPlan(_ text: String, fields: [IndexedField], strict: Bool, proximity: Bool = true, bonuses: inout [QueryPlan]) -> QueryPlan {
        let tokens = analyzer.tokens(in: text).filter { $0.kind.isIndexable }
        guard !tokens.isEmpty else { return .nothing }
        if tokens.count == 1 {
            let token = tokens[0]
            return .term(TermTarget(term: token.term, fields: fields, boost: token.isStopWord ? parameters.stopWordWeight : 1))
        }
        let phrase = QueryPlan.phrase(PhraseTarget(terms: tokens.map(\.term), fields: fields, boost: 1))
        if strict { return phrase }
        var boolean = BooleanPlan()
        for token in tokens {
            boolean.should.append(.term(TermTarget(term: token.term, fields: fields, boost: token.isStopWord ? parameters.stopWordWeight : 1)))
        }
        if proximity { bonuses.append(contentsOf: proximityPairs(tokens, fields: fields.filter(Self.proximityFields.contains))) }
        return .boolean(boolean)
    }

    /// A word-level plan or, as an alternative, its sub-word clauses (a document may match either;
    /// one with both scores both).
    private func withSubwords(_ word: QueryPlan, _ clauses: [QueryPlan]) -> QueryPlan {
        guard !clauses.isEmpty else { return word }
        return .boolean(BooleanPlan(should: [word] + clauses))
    }

    /// The sub-word clause of one Thai run or word: its clusters in sequence, anywhere in one run
    /// of a document (a gram term when the word is one gram long, else a phrase of grams).
    func subwordClause(clusters: [String]) -> QueryPlan? {
        let grams = ThaiSubwords.queryGrams(clusters)
        guard !grams.isEmpty else { return nil }
        if grams.count == 1 {
            return .term(TermTarget(term: grams[0].gram, fields: [.subwords], boost: parameters.subwordWeight))
        }
        return .phrase(PhraseTarget(terms: grams.map(\.gram), fields: [.subwords], boost: parameters.subwordWeight,
                                    offsets: grams.map(\.offset), isSubword: true))
    }

    /// Sub-word clauses of a plain query word: each run of Thai letters of two to
    /// `subwordRunClusters` clusters as a whole (what was typed, however the segmenter cuts it),
    /// and, where a run holds several words, each of its words of two or more clusters that is
    /// not a stop word (a question typed without spaces still finds its names inside longer words).
    private func subwordClauses(word text: String, subwords: inout Int) -> [QueryPlan] {
        guard parameters.subwordWeight > 0 else { return [] }
        var clauses: [QueryPlan] = []
        var seen = Set<[String]>()
        func add(_ clusters: [String]) {
            guard subwords < parameters.maximumSubwordClauses, clusters.count >= ThaiSubwords.gramClusters,
                seen.insert(clusters).inserted, let clause = subwordClause(clusters: clusters)
            else { return }
            clauses.append(clause)
            subwords += 1
        }
        let runs = analyzer.thaiRuns(in: text)
        guard !runs.isEmpty else { return [] }
        var wholeRuns = Set<String>()
        for run in runs {
            let clusters = ThaiSubwords.clusters(of: run)
            if clusters.count <= parameters.subwordRunClusters {
                add(clusters)
                wholeRuns.insert(run)
            }
        }
        for token in analyzer.tokens(in: text) where token.kind == .thai && !token.isStopWord && !wholeRuns.contains(token.term) {
            add(ThaiSubwords.clusters(of: token.term))
        }
        return clauses
    }

    /// The sub-word alternative of a quoted phrase made of Thai runs only: every run, each as a
    /// whole, so `"ทาฟลูออไรด์วานิช"` matches whatever the cuts were.
    private func subwordPhraseClauses(_ text: String, subwords: inout Int) -> [QueryPlan] {
        guard parameters.subwordWeight > 0 else { return [] }
        let tokens = analyzer.tokens(in: text).filter { $0.kind.isIndexable }
        guard !tokens.isEmpty, tokens.allSatisfy({ $0.kind == .thai }) else { return [] }
        var runs: [QueryPlan] = []
        for run in analyzer.thaiRuns(in: text) {
            let clusters = ThaiSubwords.clusters(of: run)
            guard clusters.count >= ThaiSubwords.gramClusters, let clause = subwordClause(clusters: clusters) else { return [] }
            runs.append(clause)
        }
        guard !runs.isEmpty, subwords + runs.count <= parameters.maximumSubwordClauses else { return [] }
        subwords += runs.count
        return [runs.count == 1 ? runs[0] : .boolean(BooleanPlan(must: runs))]
    }

    /// Phrase clauses for each adjacent pair of terms (skipping pairs of two stop words).
    private func proximityPairs(_ tokens: [Token], fields: [IndexedField]) -> [QueryPlan] {
        guard tokens.count >= 2, parameters.phraseBoost > 0, !fields.isEmpty else { return [] }
        var seen = Set<[String]>()
        var pairs: [QueryPlan] = []
        for (first, second) in zip(tokens, tokens.dropFirst()) where !(first.isStopWord && second.isStopWord) {
            let terms = [first.term, second.term]
            guard seen.insert(terms).inserted else { continue }
            pairs.append(.phrase(PhraseTarget(terms: terms, fields: fields, boost: parameters.phraseBoost, isBonus: true)))
        }
        return pairs
    }

    /// Removes clauses that can never match and unwraps single-clause booleans.
    private func simplify(_ plan: QueryPlan) -> QueryPlan {
        guard case .boolean(var boolean) = plan else { return plan }
        boolean.must = boolean.must.map(simplify)
        boolean.should = boolean.should.map(simplify).filter { $0 != .nothing }
        boolean.mustNot = boolean.mustNot.map(simplify).filter { $0 != .nothing }
        if boolean.must.contains(.nothing) { return .nothing }
        if boolean.must.count > 1 { boolean.must.removeAll { $0 == .all } }
        if boolean.must.isEmpty && boolean.should.isEmpty {
            return boolean.mustNot.isEmpty && boolean.filters.isEmpty ? .nothing : .boolean(BooleanPlan(must: [.all], mustNot: boolean.mustNot, filters: boolean.filters))
        }
        if boolean.minimumShouldMatch <= 1 {
            // A pure disjunction inside a disjunction is its clauses (same matches, same sum).
            boolean.should = boolean.should.flatMap { child -> [QueryPlan] in
                if case .boolean(let inner) = child, inner.isPureDisjunction { return inner.should }
                return [child]
            }
        }
        if boolean.filters.isEmpty && boolean.mustNot.isEmpty && !boolean.matchOnly && boolean.minimumShouldMatch <= 1 {
            if boolean.must.count == 1 && boolean.should.isEmpty { return boolean.must[0] }
            if boolean.must.isEmpty && boolean.should.count == 1 { return boolean.should[0] }
        }
        return .boolean(boolean)
    }
}

extension BooleanPlan {
    /// Any of its `should` clauses, nothing else.
    var isPureDisjunction: Bool {
        must.isEmpty && mustNot.isEmpty && filters.isEmpty && !matchOnly && minimumShouldMatch <= 1 && !should.isEmpty
    }
}

extension Analyzer {
    /// A prefix as the index would store its words: repaired, case-folded, digits folded, but not
    /// segmented or stemmed (ทันต* must stay ทันต).
    func normalizedPrefix(_ text: String) -> String {
        let tokens = tokens(in: text).filter { $0.kind.isIndexable }
        guard !tokens.isEmpty else { return "" }
        if tokens.count == 1, tokens[0].kind != .latin { return tokens[0].term }
        // Thai split by the segmenter, or an English word (whose stem could be shorter than what
        // was typed): join the surfaces and fold case only.
        return tokens.map { $0.kind == .thai ? $0.term : $0.surface.lowercased() }.joined()
    }
}
