/// A parsed query, before analysis: the text of terms and phrases is still raw, so the planner
/// can run it through the same analyzer as the documents (a Thai run may become several terms).
public indirect enum QueryNode: Equatable, Sendable {
    /// Bare text (one whitespace-free word as typed, e.g. `ฟันผุ`, `COVID-19`).
    case term(field: SearchField?, text: String)
    /// A quoted phrase: its words must appear in order, adjacent.
    case phrase(field: SearchField?, text: String)
    /// `text*`: any term starting with `text` (Latin or Thai).
    case prefix(field: SearchField?, text: String)
    /// A metadata filter (`year:2560..2566`, `type:research`, …): restricts, never scores.
    case filter(Filter)
    /// Clauses with Lucene-like occurrence: all `must` match, no `mustNot` matches, and `should`
    /// clauses add score (at least one must match when there is no `must`).
    case boolean(must: [QueryNode], should: [QueryNode], mustNot: [QueryNode])
    /// Every document (what a query of only exclusions starts from).
    case matchAll
}

/// Text fields a query can name (`title:ฟันผุ`).
public enum SearchField: String, CaseIterable, Sendable, Codable {
    case title, abstract, keyword, author, body
}

/// Metadata restrictions. Years are Common Era; the parser converts Buddhist Era input.
public enum Filter: Equatable, Sendable {
    /// Inclusive range; `nil` bound = open.
    case year(from: Int?, to: Int?)
    case type(String)
    case lang(String)
    case unit(String)
    /// `TPSA`, `TPSA/2568`, `UNPSA/2024`.
    case award(String)
    case awardStatus(String)
    case access(String)
}

/// A query that cannot be parsed: where (1-based column, in characters) and what was expected.
public struct QuerySyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    public var column: Int
    public var message: String

    public init(column: Int, message: String) {
        self.column = column
        self.message = message
    }

    public var description: String { "query syntax error at column \(column): \(message)" }
}

extension QueryNode {
    /// The query without its top-level filters, and those filters. Only filters that restrict
    /// the whole query are taken (a filter inside `(a OR year:2560)` stays where it is); what is
    /// left is simplified so `word filter` plans exactly like `word`.
    func separatingTopLevelFilters() -> (QueryNode, [Filter]) {
        switch self {
        case .filter(let filter):
            return (.matchAll, [filter])
        case .boolean(let must, let should, let mustNot):
            var filters: [Filter] = []
            let keptMust = must.filter { child in
                if case .filter(let filter) = child { filters.append(filter); return false }
                return true
            }
            let keptShould = should.filter { child in
                if case .filter(let filter) = child { filters.append(filter); return false }
                return true
            }
            guard !filters.isEmpty else { return (self, []) }
            if mustNot.isEmpty {
                if keptMust.isEmpty && keptShould.isEmpty { return (.matchAll, filters) }
                if keptMust.isEmpty && keptShould.count == 1 { return (keptShould[0], filters) }
            }
            return (.boolean(must: keptMust, should: keptShould, mustNot: mustNot), filters)
        default:
            return (self, [])
        }
    }
}
