import DMKMAnalysis
import DMKMIndex
import Foundation

/// Who is asking: staff see everything, anonymous readers only public, non-embargoed entries.
public enum Visibility: Sendable, Equatable {
    case everything
    /// Public entries whose `public_from` is on or before the day.
    case publicOnly(asOf: Day)
}

/// Award tags and statuses kept outside the index (so changing a tag needs no re-ingest).
/// The search consults it for `award:` and `award-status:` filters and for award facets.
public protocol AwardTagSource: Sendable {
    /// Document ids carrying `tag` ("TPSA" matches every TPSA cycle, "TPSA/2568" one cycle).
    func documents(withTag tag: String) -> Set<String>
    /// Document ids with an award entry in `status`.
    func documents(withStatus status: String) -> Set<String>
    /// Tags ("TPSA/2568") of one document (for facets).
    func tags(forDocument id: String) -> [String]
}

public struct SearchRequest: Sendable {
    public var query: String
    public var top = 10
    public var offset = 0
    /// Extra filters ANDed with the query's own (HTTP parameters, access rules).
    public var filters: [Filter] = []
    public var visibility: Visibility = .everything
    public var facets = false
    public var snippets = true
    public var explain = false
    /// Load each hit's stored document (false: ids and scores only, e.g. for TREC runs).
    public var loadDocuments = true
    /// On a syntax error, search the query's words as plain text instead of failing (for
    /// natural-language question sets, where a stray quote is not meant as syntax).
    public var lenient = false

    public init(query: String, top: Int = 10) {
        self.query = query
        self.top = top
    }
}

public struct SearchHit: Sendable {
    public var id: String
    public var score: Float
    /// The stored document (nil when the request asked for ids only).
    public var document: IndexDocument?
    public var snippet: Snippet?
    public var explanation: Explanation?
}

public struct FacetCount: Sendable, Codable, Equatable {
    public var value: String
    public var count: Int
}

public struct SearchResponse: Sendable {
    public var hits: [SearchHit]
    /// Matching documents: exact when `totalIsExact`, otherwise a lower bound (pruning skipped
    /// documents that could not reach the top results).
    public var total: Int
    public var totalIsExact: Bool
    /// Facet name → values by descending count (year, type, lang, unit, award, access).
    public var facets: [String: [FacetCount]]
    public var elapsedMilliseconds: Double
}

public enum SearchError: Error, CustomStringConvertible, Sendable {
    case syntax(QuerySyntaxError)
    case index(IndexError)

    public var description: String {
        switch self {
        case .syntax(let error): return error.description
        case .index(let error): return error.description
        }
    }
}

/// Ranked search over one index snapshot. Thread-safe: each search builds its own scorers.
public final class Searcher: Sendable {
    public let reader: IndexReader
    public let analyzer: Analyzer
    public let parameters: RankingParameters
    public let awards: (any AwardTagSource)?
    /// BM25F length factors by field, computed once per snapshot rather than per query term.
    private let lengthFactors: [LengthFactorTable?]

    public init(reader: IndexReader, analyzer: Analyzer, parameters: RankingParameters = .standard, awards: (any AwardTagSource)? = nil) {
        self.reader = reader
        self.analyzer = analyzer
        self.parameters = parameters
        self.awards = awards
        lengthFactors = (0...Int(IndexedField.allCases.map(\.rawValue).max() ?? 0)).map { rawValue in
            guard let field = IndexedField(rawValue: UInt8(rawValue)) else { return nil }
            return LengthFactorTable(b: parameters.field(field).b, averageLength: reader.averageLength(field))
        }
    }

    /// The words of a query with every syntax character treated as a space.
    static func plainWords(_ query: String) -> QueryNode {
        let words = query.split(whereSeparator: { $0.isWhitespace || "\"()*+:".contains($0) })
            .map { word -> QueryNode in .term(field: nil, text: String(word.drop(while: { $0 == "-" }))) }
            .filter { if case .term(_, let text) = $0 { return !text.isEmpty && !["AND", "OR", "NOT"].contains(text) }; return false }
        return words.count == 1 ? words[0] : .boolean(must: [], should: words, mustNot: [])
    }

    /// Hits collected before pruning starts, so totals up to this size are exact.
    static let exactTotalThreshold = 100

    public func search(_ request: SearchRequest) throws(SearchError) -> SearchResponse {
        let started = ContinuousClock.now
        let node: QueryNode
        do {
            node = try QueryParser().parse(request.query)
        } catch {
            guard request.lenient else { throw .syntax(error) }
            node = Self.plainWords(request.query)
        }
        let plan = QueryPlanner(analyzer: analyzer, parameters: parameters).plan(node)
        do {
            var response = try execute(plan: plan, request: request)
            // Too few hits for the page: let titles that share most trigrams match too.
            if let widened = plan.widened, response.total < max(0, request.offset) + max(1, request.top) {
                response = try execute(plan: PlannedQuery(main: widened, rescore: plan.rescore), request: request)
            }
            let elapsed = ContinuousClock.now - started
            response.elapsedMilliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
            return response
        } catch {
            throw .index(error)
        }
    }

    private func execute(plan planned: PlannedQuery, request: SearchRequest) throws(IndexError) -> SearchResponse {
        let wanted = max(0, request.offset) + max(0, request.top)
        let candidates = planned.rescore.isEmpty ? wanted : max(wanted, parameters.rescoreWindow)
        var collector = TopHitsCollector(capacity: max(candidates, 1))
        var facets = FacetCounter(enabled: request.facets, awards: awards)
        var statistics = QueryStatistics(reader: reader)
        let expanded = try expandPrefixes(planned.main, statistics: &statistics)
        let pruning = !request.facets
        var total = 0
        var exact = true
        for (segmentIndex, segment) in reader.segments.enumerated() {
            let accepts = try acceptance(segment: segment, filters: request.filters, visibility: request.visibility)
            let scorer = try makeScorer(expanded, segment: segment, statistics: &statistics)
            let base = reader.segmentStarts[segmentIndex]
            if pruning, collector.isFull, total >= Self.exactTotalThreshold {
                scorer.setMinimumCompetitiveScore(collector.minimumScore)
                exact = false
            }
            var doc = try scorer.nextDoc()
            var competitiveUntil: Int32 = -1
            while doc != noMoreDocs {
                // Block-max: once the results are full, skip every document up to the end of the
                // current postings blocks if their bound cannot beat the worst result kept.
                if !exact && doc > competitiveUntil {
                    let (bound, lastDoc) = scorer.blockBound()
                    if bound <= collector.minimumScore && lastDoc != noMoreDocs {
                        doc = try scorer.advance(to: lastDoc + 1)
                        continue
                    }
                    // Every document up to `lastDoc` may compete: no need to ask again before it.
                    competitiveUntil = lastDoc
                }
                if segment.isLive(doc) && (accepts?[Int(doc)] ?? true) {
                    total += 1
                    let score = try scorer.score()
                    // Documents come in increasing order, so a score that only ties the worst
                    // kept one loses the tie: most documents are rejected by this one comparison.
                    if !collector.isFull || score > collector.minimumScore { collector.offer(score: score, doc: base + Int(doc)) }
                    if request.facets { facets.count(segment: segment, doc: Int(doc)) }
                    if pruning, collector.isFull, total >= Self.exactTotalThreshold {
                        scorer.setMinimumCompetitiveScore(collector.minimumScore)
                        exact = false
                    }
                }
                doc = try scorer.nextDoc()
            }
        }
        var ranked = collector.sorted()
        var bonuses: [Int: [Explanation]] = [:]
        if !planned.rescore.isEmpty && !ranked.isEmpty {
            ranked = try rescore(ranked, with: planned.rescore, statistics: &statistics, explain: request.explain, explanations: &bonuses)
        }
        ranked = Array(ranked.prefix(wanted).dropFirst(max(0, request.offset)))
        let highlight = expanded.highlightTerms
        let snippets = SnippetBuilder(analyzer: analyzer)
        var hits: [SearchHit] = []
        for (score, globalDoc) in ranked {
            let (segmentIndex, doc) = reader.locate(globalDoc)
            let segment = reader.segments[segmentIndex]
            var hit = SearchHit(id: segment.docValues.id(of: Int(doc)), score: score, document: nil)
            if request.loadDocuments || request.snippets {
                let document = try segment.document(doc)
                hit.document = document
                if request.snippets {
                    hit.snippet = snippets.snippet(for: document, terms: highlight.terms, prefixes: highlight.prefixes)
                }
            }
            if request.explain {
                let scorer = try makeScorer(expanded, segment: segment, statistics: &statistics)
                if try scorer.advance(to: doc) == doc {
                    let base = try scorer.explain()
                    let extra = bonuses[globalDoc] ?? []
                    hit.explanation = extra.isEmpty ? base : Explanation(
                        value: base.value + extra.reduce(0) { $0 + $1.value }, description: "match score plus bonuses of the top candidates",
                        details: [base] + extra)
                }
            }
            hits.append(hit)
        }
        return SearchResponse(hits: hits, total: total, totalIsExact: exact, facets: facets.result(), elapsedMilliseconds: 0)
    }

    /// Adds the bonus clauses' scores to the candidates (by segment, in doc order) and re-ranks.
    private func rescore(_ ranked: [(score: Float, doc: Int)], with plans: [QueryPlan], statistics: inout QueryStatistics,
                         explain: Bool, explanations: inout [Int: [Explanation]]) throws(IndexError) -> [(score: Float, doc: Int)] {
        var scores: [Int: Float] = [:]
        for item in ranked { scores[item.doc] = item.score }
        let bySegment = Dictionary(grouping: ranked.map(\.doc)) { reader.locate($0).segment }
        for (segmentIndex, docs) in bySegment {
            let segment = reader.segments[segmentIndex]
            let base = reader.segmentStarts[segmentIndex]
            for plan in plans {
                let expanded = try expandPrefixes(plan, statistics: &statistics)
                let scorer = try makeScorer(expanded, segment: segment, statistics: &statistics)
                if scorer is EmptyScorer { continue }
                for globalDoc in docs.sorted() {
                    let doc = Int32(globalDoc - base)
                    if scorer.doc < doc { _ = try scorer.advance(to: doc) }
                    guard scorer.doc == doc else { continue }
                    let bonus = try scorer.score()
                    guard bonus > 0 else { continue }
                    scores[globalDoc, default: 0] += bonus
                    if explain { explanations[globalDoc, default: []].append(try scorer.explain()) }
                }
            }
        }
        return scores.map { (score: $0.value, doc: $0.key) }.sorted { $0.score > $1.score || ($0.score == $1.score && $0.doc < $1.doc) }
    }

    // MARK: planning against this snapshot

    /// Replaces prefix targets by the terms they expand to in this snapshot (most frequent first).
    private func expandPrefixes(_ plan: QueryPlan, statistics: inout QueryStatistics) throws(IndexError) -> QueryPlan {
        switch plan {
        case .prefix(let target):
            var frequencies: [String: Int] = [:]
            for segment in reader.segments {
                for field in target.fields {
                    let key = Array([field.rawValue]) + Array(target.prefix.utf8)
                    for (termKey, entry) in try segment.terms.terms(withPrefix: key, limit: 512) {
                        let term = String(decoding: termKey.dropFirst(), as: UTF8.self)
                        frequencies[term, default: 0] += Int(entry.docFreq)
                    }
                }
            }
            let chosen = frequencies.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }.prefix(parameters.prefixExpansions)
            guard !chosen.isEmpty else { return .nothing }
            let terms = chosen.map { QueryPlan.term(TermTarget(term: $0.key, fields: target.fields, boost: target.boost)) }
            return terms.count == 1 ? terms[0] : .boolean(BooleanPlan(should: terms))
        case .boolean(var boolean):
            boolean.must = try boolean.must.map { child throws(IndexError) in try expandPrefixes(child, statistics: &statistics) }
            boolean.should = try boolean.should.map { child throws(IndexError) in try expandPrefixes(child, statistics: &statistics) }
            boolean.mustNot = try boolean.mustNot.map { child throws(IndexError) in try expandPrefixes(child, statistics: &statistics) }
            return .boolean(boolean)
        default:
            return plan
        }
    }

    // MARK: scorers

    private func fieldScoring(_ field: IndexedField, segment: SegmentReader) -> FieldScoring {
        FieldScoring(field: field, parameters: parameters, averageLength: reader.averageLength(field),
                     lengthFactors: lengthFactors[Int(field.rawValue)]!, norms: segment.docValues.norms[Int(field.rawValue)])
    }

    private func makeScorer(_ plan: QueryPlan, segment: SegmentReader, statistics: inout QueryStatistics) throws(IndexError) -> Scorer {
        switch plan {
        case .nothing:
            return EmptyScorer()
        case .all:
            return MatchAllScorer(maxDoc: segment.documentCount)
        case .term(let target):
            var cursors: [PostingsCursor] = []
            var fields: [FieldScoring] = []
            for field in target.fields {
                guard let entry = try statistics.entry(field: field, term: target.term, segment: segment) else { continue }
                cursors.append(try segment.cursor(entry))
                fields.append(fieldScoring(field, segment: segment))
            }
            guard !cursors.isEmpty else { return EmptyScorer() }
            let idf = try statistics.idf(term: target.term, fields: target.fields)
            return TermScorer(term: target.term, cursors: cursors, fields: fields, idf: idf, boost: target.boost, k1: parameters.k1)
        case .phrase(let target):
            var matchers: [PhraseScorer.FieldMatcher] = []
            for field in target.fields {
                var cursors: [PostingsCursor] = []
                for term in target.terms {
                    guard let entry = try statistics.entry(field: field, term: term, segment: segment) else { break }
                    cursors.append(try segment.cursor(entry))
                }
                guard cursors.count == target.terms.count else { continue }
                matchers.append(PhraseScorer.FieldMatcher(cursors: cursors, scoring: fieldScoring(field, segment: segment)))
            }
            guard !matchers.isEmpty else { return EmptyScorer() }
            var idf: Float = 0
            for term in target.terms { idf += try statistics.idf(term: term, fields: target.fields) }
            return PhraseScorer(terms: target.terms, matchers: matchers, idf: idf, boost: target.boost, k1: parameters.k1, exact: !target.isBonus)
        case .prefix:
            return EmptyScorer()  // expanded before scoring
        case .boolean(let boolean):
            let must = try boolean.must.map { child throws(IndexError) in try makeScorer(child, segment: segment, statistics: &statistics) }
            let should = try boolean.should.map { child throws(IndexError) in try makeScorer(child, segment: segment, statistics: &statistics) }
                .filter { !($0 is EmptyScorer) }
            let mustNot = try boolean.mustNot.map { child throws(IndexError) in try makeScorer(child, segment: segment, statistics: &statistics) }
                .filter { !($0 is EmptyScorer) }
            if must.contains(where: { $0 is EmptyScorer }) { return EmptyScorer() }
            var main: Scorer
            if must.isEmpty {
                guard should.count >= boolean.minimumShouldMatch, !should.isEmpty else { return EmptyScorer() }
                if boolean.minimumShouldMatch > 1 {
                    main = MinimumMatchScorer(should, minimum: boolean.minimumShouldMatch)
                } else if should.count > 1 {
                    main = DisjunctionScorer(should)
                } else {
                    main = should[0]
                }
            } else {
                main = must.count == 1 ? must[0] : ConjunctionScorer(must)
                if !should.isEmpty {
                    main = RequiredOptionalScorer(required: main, optional: should.count == 1 ? should[0] : DisjunctionScorer(should))
                }
            }
            if !mustNot.isEmpty { main = ExclusionScorer(required: main, excluded: mustNot) }
            if !boolean.filters.isEmpty {
                main = FilterScorer(inner: main, accepts: try acceptance(segment: segment, filters: boolean.filters, visibility: .everything) ?? [])
            }
            if boolean.matchOnly { main = MatchOnlyScorer(main) }
            return main
        }
    }

    // MARK: filters

    /// Which documents of `segment` pass the filters and visibility rule (nil: all).
    func acceptance(segment: SegmentReader, filters: [Filter], visibility: Visibility) throws(IndexError) -> [Bool]? {
        if filters.isEmpty, case .everything = visibility { return nil }
        let values = segment.docValues
        var accepts = [Bool](repeating: true, count: segment.documentCount)
        if case .publicOnly(let day) = visibility {
            for doc in 0..<segment.documentCount {
                let embargo = values.publicFrom[doc]
                accepts[doc] = values.access[doc] == 0 && (embargo == DocValues.noEmbargo || embargo <= day.daysSinceEpoch)
            }
        }
        for filter in filters {
            switch filter {
            case .year(let from, let to):
                let low = Int16(clamping: from ?? Int(Int16.min)), high = Int16(clamping: to ?? Int(Int16.max))
                for doc in 0..<segment.documentCount where accepts[doc] {
                    let year = values.years[doc]
                    accepts[doc] = year != 0 && year >= low && year <= high
                }
            case .type(let name):
                let wanted = DocumentType(rawValue: name.lowercased().replacingOccurrences(of: "_", with: "-"))?.ordinal
                for doc in 0..<segment.documentCount where accepts[doc] { accepts[doc] = values.types[doc] == wanted }
            case .lang(let code):
                let mask = DocValues.languageBits[code.lowercased()] ?? DocValues.otherLanguageBit
                for doc in 0..<segment.documentCount where accepts[doc] { accepts[doc] = values.languages[doc] & mask != 0 }
            case .unit(let name):
                let wanted = values.unitNames.firstIndex { $0.caseInsensitiveCompare(name) == .orderedSame }.map { UInt16($0 + 1) }
                for doc in 0..<segment.documentCount where accepts[doc] { accepts[doc] = values.units[doc] == wanted }
            case .access(let name):
                let wanted: UInt8? = name.lowercased() == "public" ? 0 : name.lowercased() == "internal" ? 1 : nil
                for doc in 0..<segment.documentCount where accepts[doc] { accepts[doc] = values.access[doc] == wanted }
            case .award(let tag):
                if let awards {
                    try restrict(&accepts, segment: segment, to: awards.documents(withTag: tag))
                } else {
                    let wanted = tag.uppercased()
                    for doc in 0..<segment.documentCount where accepts[doc] {
                        accepts[doc] = values.awards(of: doc).contains { $0 == wanted || $0.hasPrefix(wanted + "/") }
                    }
                }
            case .awardStatus(let status):
                try restrict(&accepts, segment: segment, to: awards?.documents(withStatus: status) ?? [])
            }
        }
        return accepts
    }

    /// Keeps only documents whose id is in `ids`.
    private func restrict(_ accepts: inout [Bool], segment: SegmentReader, to ids: Set<String>) throws(IndexError) {
        var allowed = [Bool](repeating: false, count: segment.documentCount)
        for id in ids {
            if let doc = try segment.localDoc(id: id) { allowed[Int(doc)] = true }
        }
        for doc in 0..<segment.documentCount where accepts[doc] { accepts[doc] = allowed[doc] }
    }
}

/// Global statistics (document frequencies, idf) and dictionary lookups for the terms of one
/// query, cached: the same term is looked up for its idf, for the main scorers, for the bonus
/// clauses that rescore the best matches and for explanations.
struct QueryStatistics {
    let reader: IndexReader
    private var idfs: [String: Float] = [:]
    private var entries: [SegmentTermKey: TermEntry?] = [:]

    private struct SegmentTermKey: Hashable {
        var segment: ObjectIdentifier
        var key: [UInt8]
    }

    init(reader: IndexReader) { self.reader = reader }

    /// The dictionary entry of `term` in `field` of `segment`, if the term occurs there.
    mutating func entry(field: IndexedField, term: String, segment: SegmentReader) throws(IndexError) -> TermEntry? {
        let key = SegmentTermKey(segment: ObjectIdentifier(segment), key: TermKey.make(field: field, term: term.utf8))
        if let cached = entries[key] { return cached }
        let entry = try segment.termEntry(key.key)
        entries[key] = entry
        return entry
    }

    /// idf from the largest per-field document frequency among `fields` (a stand-in for the
    /// number of documents containing the term in any of them).
    mutating func idf(term: String, fields: [IndexedField]) throws(IndexError) -> Float {
        let key = fields.map { String($0.rawValue) }.joined(separator: ",") + "|" + term
        if let cached = idfs[key] { return cached }
        var frequency = 0
        for field in fields {
            var fieldFrequency = 0
            for segment in reader.segments {
                if let entry = try entry(field: field, term: term, segment: segment) { fieldFrequency += Int(entry.docFreq) }
            }
            frequency = max(frequency, fieldFrequency)
        }
        let value = inverseDocumentFrequency(documentFrequency: frequency, documentCount: reader.documentCount)
        idfs[key] = value
        return value
    }
}

/// Keeps the k best (score, doc) pairs in a min-heap; ties go to the lower doc number.
struct TopHitsCollector {
    let capacity: Int
    private var heap: [(score: Float, doc: Int)] = []

    init(capacity: Int) {
        self.capacity = capacity
        heap.reserveCapacity(capacity)
    }

    var isFull: Bool { heap.count >= capacity }
    var minimumScore: Float { heap.first?.score ?? -Float.infinity }

    @inline(__always)
    private static func worse(_ a: (score: Float, doc: Int), _ b: (score: Float, doc: Int)) -> Bool {
        a.score < b.score || (a.score == b.score && a.doc > b.doc)
    }

    mutating func offer(score: Float, doc: Int) {
        let item = (score: score, doc: doc)
        if heap.count < capacity {
            heap.append(item)
            var child = heap.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard Self.worse(heap[child], heap[parent]) else { break }
                heap.swapAt(child, parent)
                child = parent
            }
        } else if Self.worse(heap[0], item) {
            heap[0] = item
            var parent = 0
            while true {
                let left = 2 * parent + 1
                let right = left + 1
                var smallest = parent
                if left < heap.count && Self.worse(heap[left], heap[smallest]) { smallest = left }
                if right < heap.count && Self.worse(heap[right], heap[smallest]) { smallest = right }
                if smallest == parent { break }
                heap.swapAt(parent, smallest)
                parent = smallest
            }
        }
    }

    func sorted() -> [(score: Float, doc: Int)] {
        heap.sorted { Self.worse($1, $0) }
    }
}

/// Counts metadata values of matching documents (what a facet list shows).
struct FacetCounter {
    let enabled: Bool
    let awards: (any AwardTagSource)?
    private var counts: [String: [String: Int]] = [:]

    init(enabled: Bool, awards: (any AwardTagSource)? = nil) {
        self.enabled = enabled
        self.awards = awards
    }

    mutating func count(segment: SegmentReader, doc: Int) {
        guard enabled else { return }
        let values = segment.docValues
        if values.years[doc] != 0 { counts["year", default: [:]][String(values.years[doc]), default: 0] += 1 }
        if let type = DocumentType(ordinal: values.types[doc]) { counts["type", default: [:]][type.rawValue, default: 0] += 1 }
        for code in values.languageCodes(of: doc) { counts["lang", default: [:]][code, default: 0] += 1 }
        if let unit = values.unit(of: doc) { counts["unit", default: [:]][unit, default: 0] += 1 }
        let tags = awards.map { $0.tags(forDocument: values.id(of: doc)) } ?? values.awards(of: doc)
        for award in tags { counts["award", default: [:]][award, default: 0] += 1 }
        counts["access", default: [:]][values.access[doc] == 0 ? "public" : "internal", default: 0] += 1
    }

    func result() -> [String: [FacetCount]] {
        counts.mapValues { values in
            values.map { FacetCount(value: $0.key, count: $0.value) }.sorted { $0.count > $1.count || ($0.count == $1.count && $0.value < $1.value) }
        }
    }
}
