import DMKMIndex

/// Who is asking: staff see everything, anonymous readers only public, non-embargoed entries.
public enum Visibility: Sendable, Equatable, Hashable {
    case everything
    /// Public entries whose `public_from` is on or before the day.
    case publicOnly(asOf: Day)
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
    /// The query with misspelt words corrected ("did you mean …"), when some were.
    public var suggestion: String? = nil
    /// Set when a lenient request's query did not parse and was searched as plain words: the
    /// syntax error, so a batch run can say so instead of hiding it.
    public var syntaxFallback: QuerySyntaxError? = nil
}

public enum SearchError: Error, CustomStringConvertible, Sendable {
    case syntax(QuerySyntaxError)
    /// The query would cost more than one search may (too many expanded terms or clauses).
    case tooComplex(String)
    case index(IndexError)
    /// The award tags could not be read (a damaged `awards.json`): award filters and facets
    /// would silently be wrong, so the search fails instead.
    case awards(String)

    public var description: String {
        switch self {
        case .syntax(let error): return error.description
        case .tooComplex(let message): return "query too complex: \(message)"
        case .index(let error): return error.description
        case .awards(let message): return message
        }
    }
}
