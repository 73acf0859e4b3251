import DMKMAnalysis
import DMKMIndex
import Foundation
import Synchronization

/// What one search shares across segments and phases: the reader's view of the collection, the
/// statistics of the query's terms, one snapshot of the award tags, and the cost spent so far.
struct SearchContext {
    let view: CollectionView
    var statistics: QueryStatistics
    let awards: AwardTagSnapshot?
    var clauses = 0
    var prefixes = 0
}

/// Ranked search over one index snapshot. Thread-safe: each search builds its own scorers.
///
/// Results are one list in one order, whatever page is asked for: the first stage ranks by
/// BM25F (ties to the lower document number), the bonus clauses rescore the best
/// `rescoreWindow` of that ranking — always the same window — and everything below it keeps its
/// first-stage order. So pages are disjoint and their union is the full list.
public final class Searcher: Sendable {
    public let reader: IndexReader
    public let analyzer: Analyzer
    public let parameters: RankingParameters
    public let awards: (any AwardTagSource)?
    /// The collection as staff see it, and as anonymous readers see it per day (built on first use).
    private let everything: CollectionView
    private let publicViews = Mutex<[Day: CollectionView]>([:])

    public init(reader: IndexReader, analyzer: Analyzer, parameters: RankingParameters = .standard, awards: (any AwardTagSource)? = nil) {
        self.reader = reader
        self.analyzer = analyzer
        self.parameters = parameters
        self.awards = awards
        everything = CollectionView(reader: reader, visibility: .everything, parameters: parameters)
    }

    /// The collection as readers with `visibility` see it.
    func view(_ visibility: Visibility) -> CollectionView {
        guard case .publicOnly(let day) = visibility else { return everything }
        if let view = publicViews.withLock({ $0[day] }) { return view }
        let view = CollectionView(reader: reader, visibility: visibility, parameters: parameters)
        publicViews.withLock { views in
            if views.count > 4 { views.removeAll() }  // days pass; keep the map small
            views[day] = view
        }
        return view
    }

    /// Live documents readers with `visibility` may see (what a page or `/metrics` may count).
    public func documentCount(visibleTo visibility: Visibility) -> Int { view(visibility).documentCount }

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
        let parsed: QueryNode
        var syntaxFallback: QuerySyntaxError?
        do {
            parsed = try QueryParser().parse(request.query)
        } catch {
            guard request.lenient else { throw .syntax(error) }
            parsed = Self.plainWords(request.query)
            syntaxFallback = error
        }
        // Filters typed at the top of the query take the same path as the API's filter
        // parameters, so `ฟันผุ year:2560..2566` ranks exactly like `ฟันผุ` with `year=`.
        let (node, typedFilters) = parsed.separatingTopLevelFilters()
        var request = request
        request.filters += typedFilters
        var plan = QueryPlanner(analyzer: analyzer, parameters: parameters).plan(node)
        let view = view(request.visibility)
        var corrections = SpellingCorrections()
        if parameters.misspellingExpansions > 0 {
            var context = SearchContext(view: view, statistics: QueryStatistics(reader: reader, view: view), awards: nil)
            do {
                plan.main = try expandMisspellings(plan.main, context: &context, corrections: &corrections)
                if let widened = plan.widened { plan.widened = try expandMisspellings(widened, context: &context, corrections: &corrections) }
            } catch {
                throw .index(error)
            }
        }
        var snapshot: AwardTagSnapshot?
        if let awards, request.facets || request.filters.contains(where: \.needsAwardTags) || plan.usesAwardTags {
            do { snapshot = try awards.snapshot() } catch { throw .awards("\(error)") }
        }
        var response = try execute(plan: plan, request: request, view: view, awards: snapshot)
        // Few hits: let titles that share most trigrams match too (a misspelt name). The
        // threshold is fixed, so every page of one query sees the same result list.
        if let widened = plan.widened, response.total < parameters.widenBelow {
            response = try execute(plan: PlannedQuery(main: widened, rescore: plan.rescore), request: request, view: view, awards: snapshot)
        }
        response.suggestion = suggestion(for: request.query, corrections: corrections.best)
        response.syntaxFallback = syntaxFallback
        let elapsed = ContinuousClock.now - started
        response.elapsedMilliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        return response
    }

    private func execute(plan planned: PlannedQuery, request: SearchRequest, view: CollectionView,
                         awards: AwardTagSnapshot?) throws(SearchError) -> SearchResponse {
        var context = SearchContext(view: view, statistics: QueryStatistics(reader: reader, view: view), awards: awards)
        let expanded = try expandPrefixes(planned.main.mergingDuplicates(), context: &context)
        do {
            return try collect(expanded, rescore: planned.rescore, request: request, context: &context)
        } catch {
            throw .index(error)
        }
    }

    private func collect(_ expanded: QueryPlan, rescore: [QueryPlan], request: SearchRequest,
                         context: inout SearchContext) throws(IndexError) -> SearchResponse {
        let wanted = max(0, request.offset) + max(0, request.top)
        let window = rescore.isEmpty ? 0 : parameters.rescoreWindow
        var collector = TopHitsCollector(capacity: max(wanted, window, 1))
        var facets = FacetCounter(enabled: request.facets, awards: context.awards)
        let pruning = !request.facets
        var total = 0
        var exact = true
        for (segmentIndex, segment) in reader.segments.enumerated() {
            let accepts = try acceptance(segmentIndex: segmentIndex, filters: request.filters, context: context)
            let scorer = try makeScorer(expanded, segmentIndex: segmentIndex, context: &context)
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
        if window > 0 && !ranked.isEmpty {
            // Only the fixed window is rescored; the rest keeps its order below it (a rescored
            // score is never below its own first-stage score, which is never below the rest's).
            let head = try self.rescore(Array(ranked.prefix(window)), with: rescore, context: &context,
                                        explain: request.explain, explanations: &bonuses)
            ranked = head + ranked.dropFirst(window)
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
                let scorer = try makeScorer(expanded, segmentIndex: segmentIndex, context: &context)
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
    /// Bonus clauses hold no `prefix*` terms, so they need no expansion.
    private func rescore(_ ranked: [(score: Float, doc: Int)], with plans: [QueryPlan], context: inout SearchContext,
                         explain: Bool, explanations: inout [Int: [Explanation]]) throws(IndexError) -> [(score: Float, doc: Int)] {
        var scores: [Int: Float] = [:]
        for item in ranked { scores[item.doc] = item.score }
        let bySegment = Dictionary(grouping: ranked.map(\.doc)) { reader.locate($0).segment }
        for (segmentIndex, docs) in bySegment {
            let base = reader.segmentStarts[segmentIndex]
            for plan in plans {
                let scorer = try makeScorer(plan, segmentIndex: segmentIndex, context: &context)
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
}

extension PlannedQuery {
    /// Whether a clause filters on award tags.
    var usesAwardTags: Bool { main.usesAwardTags || (widened?.usesAwardTags ?? false) }
}

extension QueryPlan {
    var usesAwardTags: Bool {
        guard case .boolean(let boolean) = self else { return false }
        return boolean.filters.contains(where: \.needsAwardTags)
            || (boolean.must + boolean.should + boolean.mustNot).contains(where: \.usesAwardTags)
    }
}
