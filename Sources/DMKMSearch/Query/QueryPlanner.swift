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
        switch node {
        case .matchAll: return .all
        case .filter(let filter):
            return .boolean(BooleanPlan(must: [.all], filters: [filter]))
        case .term(let field, let text):
            return wordPlan(text, fields: Self.fields(field), strict: occurrence == .must, proximity: proximity, bonuses: &bonuses)
        case .phrase(let field, let text):
            return wordPlan(text, fields: Self.fields(field), strict: true, bonuses: &bonuses)
        case .prefix(let field, let text):
            let prefix = analyzer.normalizedPrefix(text)
            guard !prefix.isEmpty else { return .nothing }
            return .prefix(PrefixTarget(prefix: prefix, fields: Self.fields(field), boost: parameters.prefixWeight))
        case .boolean(let must, let should, let mustNot):
            var boolean = BooleanPlan()
            for child in must {
                if case .filter(let filter) = child { boolean.filters.append(filter); continue }
                boolean.must.append(plan(child, occurrence: .must, bonuses: &bonuses))
            }
            let plainWordCount = should.filter { if case .term(nil, _) = $0 { return true }; return false }.count
            for child in should {
                if case .filter(let filter) = child { boolean.filters.append(filter); continue }
                boolean.should.append(plan(child, occurrence: .should, proximity: plainWordCount < 2, bonuses: &bonuses))
            }
            for child in mustNot {
                var ignored: [QueryPlan] = []
                boolean.mustNot.append(plan(child, occurrence: .should, bonuses: &ignored))
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
        if boolean.filters.isEmpty && boolean.mustNot.isEmpty && !boolean.matchOnly && boolean.minimumShouldMatch <= 1 {
            if boolean.must.count == 1 && boolean.should.isEmpty { return boolean.must[0] }
            if boolean.must.isEmpty && boolean.should.count == 1 { return boolean.should[0] }
        }
        return .boolean(boolean)
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
