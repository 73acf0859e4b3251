/// Parses DMKM's query language into a `QueryNode`.
///
/// The language, as users type it (Thai, English, or both):
///
/// - Whitespace separates clauses. A bare word is a maximal run of characters that are not
///   whitespace and not `(`, `)` or `"`; its text is kept exactly as typed (the analyzer folds
///   case and normalizes later). `-` and `+` are operators only at the start of a clause, so
///   `COVID-19`, `e-mail` and `ฟัน-ผุ` are single words.
/// - `"a phrase"` is a phrase (inner text verbatim, trimmed; there are no escapes).
/// - `word*` is a prefix; any number of trailing `*` count as one (`ฟัน**` = `ฟัน*`).
///   A `*` elsewhere in a word is ordinary text.
/// - `field:value` with field `title`, `abstract`, `keyword(s)`, `author(s)` or `body`
///   (any case): the value is a word, a prefix, a phrase or a parenthesized sub-query, e.g.
///   `title:(ฟัน OR เหงือก)`; the field goes to every text clause in the group that does not name
///   its own field. Filters: `year:`, `type:`, `lang:`, `unit:`, `award:`, `award-status:`,
///   `access:`; their value may be quoted. An unknown `name:` prefix (`http://x`) is a bare word.
/// - `year:` takes `Y`, `Y1..Y2`, `Y1..` or `..Y2`, in ASCII or Thai digits. Years of 2400 and
///   over are Buddhist Era and become Common Era (− 543); smaller ones are Common Era already.
/// - Operators are upper-case only (`and`, `or`, `not` are words):
///
///       query   := orExpr EOF
///       orExpr  := andExpr (("OR" | juxtaposition) andExpr)*
///       andExpr := unary ("AND" unary)*
///       unary   := ("NOT" | "-" | "+") unary | primary
///       primary := "(" orExpr ")" | field-or-filter | phrase | prefix | word
///
/// Mapping to `QueryNode.boolean`:
///
/// - An `orExpr` of several items: `+` items → `must`, `-`/`NOT` items → `mustNot`, the rest →
///   `should`. An `andExpr` of several items: unmarked and `+` items → `must`, `-`/`NOT` items →
///   `mustNot`. So `a b c` is one boolean with three `should`, `a AND b AND c` one with three `must`.
/// - A boolean with nothing but `mustNot` clauses gets `.matchAll` as its only `must`.
/// - A lone item stands for itself; a lone `+x` is `boolean(must: [x])`; a lone `-x` or `NOT x` is
///   `boolean(must: [.matchAll], mustNot: [x])`. The same wrapping applies to the operand of a
///   prefix operator that is itself marked (`NOT -x`) and to the contents of parentheses.
/// - An empty or whitespace-only query is `.matchAll`.
///
/// Errors carry a 1-based column counted in `Character`s (grapheme clusters), so a Thai vowel or
/// tone mark never shifts the column of what follows it.
public struct QueryParser: Sendable {
    /// How deeply parentheses and prefix operators may nest; deeper input is a syntax error rather
    /// than a risk to the stack.
    public static let maximumDepth = 100

    public init() {}

    /// Parses `query`; throws a `QuerySyntaxError` that says where and what was expected.
    public func parse(_ query: String) throws(QuerySyntaxError) -> QueryNode {
        var state = ParseState(query)
        return try state.parseQuery()
    }
}

// MARK: - Implementation

/// How a clause occurs in its enclosing boolean.
private enum Occurrence {
    case unmarked, must, mustNot
}

/// A parsed clause with the prefix operator that applied to it, not yet placed in a boolean.
private struct Item {
    var node: QueryNode
    var occurrence: Occurrence

    /// The item standing alone: itself, or wrapped so that its operator still means something.
    var standalone: QueryNode {
        switch occurrence {
        case .unmarked: return node
        case .must: return .boolean(must: [node], should: [], mustNot: [])
        case .mustNot: return .boolean(must: [.matchAll], should: [], mustNot: [node])
        }
    }

    /// Several items as one boolean; `unmarked` says where items without an operator go.
    static func combine(_ items: [Item], unmarkedAreMust: Bool) -> QueryNode {
        var must: [QueryNode] = []
        var should: [QueryNode] = []
        var mustNot: [QueryNode] = []
        for item in items {
            switch item.occurrence {
            case .must: must.append(item.node)
            case .mustNot: mustNot.append(item.node)
            case .unmarked:
                if unmarkedAreMust { must.append(item.node) } else { should.append(item.node) }
            }
        }
        if must.isEmpty && should.isEmpty { must = [.matchAll] }
        return .boolean(must: must, should: should, mustNot: mustNot)
    }
}

private enum Keyword: String {
    case and = "AND", or = "OR", not = "NOT"
}

private enum FilterName {
    case year, type, lang, unit, award, awardStatus, access
}

private let textFields: [String: SearchField] = [
    "title": .title, "abstract": .abstract, "keyword": .keyword, "keywords": .keyword,
    "author": .author, "authors": .author, "body": .body,
]

private let filterNames: [String: FilterName] = [
    "year": .year, "type": .type, "lang": .lang, "unit": .unit, "award": .award,
    "award-status": .awardStatus, "access": .access,
]

/// A recursive-descent parser working directly on the characters (no separate lexer: whether
/// `-` is an operator, or `(` follows `title:` without a space, depends on where the parser is).
private struct ParseState {
    let chars: [Character]
    var position = 0
    var depth = 0

    init(_ query: String) {
        chars = Array(query)
    }

    // MARK: Characters

    var current: Character? { position < chars.count ? chars[position] : nil }

    /// 1-based column of `index`.
    func column(_ index: Int) -> Int { index + 1 }

    mutating func skipWhitespace() {
        while let c = current, c.isWhitespace { position += 1 }
    }

    static func isWordCharacter(_ c: Character) -> Bool {
        !c.isWhitespace && c != "(" && c != ")" && c != "\""
    }

    /// Where the word starting at `start` ends (exclusive).
    func wordEnd(from start: Int) -> Int {
        var end = start
        while end < chars.count && Self.isWordCharacter(chars[end]) { end += 1 }
        return end
    }

    /// The operator keyword starting at the cursor, and where it ends.
    func keywordAtCursor() -> (keyword: Keyword, end: Int)? {
        let end = wordEnd(from: position)
        guard end - position <= 3, end > position,
            let keyword = Keyword(rawValue: String(chars[position..<end]))
        else { return nil }
        return (keyword, end)
    }

    func error(at index: Int, _ message: String) -> QuerySyntaxError {
        QuerySyntaxError(column: column(index), message: message)
    }

    // MARK: Grammar

    mutating func parseQuery() throws(QuerySyntaxError) -> QueryNode {
        skipWhitespace()
        if current == nil { return .matchAll }
        let item = try parseOr(after: nil)
        skipWhitespace()
        if current != nil {
            // parseOr stops only at the end or at a ")" it did not open.
            throw error(at: position, "unexpected ')'")
        }
        return item.standalone
    }

    /// `orExpr`; stops (without consuming) at the end of input or at `)`.
    /// `op` names the operator this expression is the operand of, for error messages.
    mutating func parseOr(after op: String?) throws(QuerySyntaxError) -> Item {
        var items = [try parseAnd(after: op)]
        while true {
            skipWhitespace()
            guard let c = current, c != ")" else { break }
            if let found = keywordAtCursor(), found.keyword == .or {
                position = found.end
                items.append(try parseAnd(after: "OR"))
            } else {
                items.append(try parseAnd(after: nil))  // juxtaposition
            }
        }
        if items.count == 1 { return items[0] }
        return Item(node: Item.combine(items, unmarkedAreMust: false), occurrence: .unmarked)
    }

    mutating func parseAnd(after op: String?) throws(QuerySyntaxError) -> Item {
        var items = [try parseUnary(after: op)]
        while true {
            skipWhitespace()
            guard let found = keywordAtCursor(), found.keyword == .and else { break }
            position = found.end
            items.append(try parseUnary(after: "AND"))
        }
        if items.count == 1 { return items[0] }
        return Item(node: Item.combine(items, unmarkedAreMust: true), occurrence: .unmarked)
    }

    mutating func parseUnary(after op: String?) throws(QuerySyntaxError) -> Item {
        skipWhitespace()
        let start = position
        guard let c = current else {
            throw error(at: start, op.map { "expected a term after \($0)" } ?? "expected a term")
        }
        if c == ")" {
            throw error(at: start, op.map { "expected a term after \($0)" } ?? "unexpected ')'")
        }
        if c == "-" || c == "+" {
            position += 1
            return try parsePrefixed(c == "-" ? .mustNot : .must, symbol: String(c), at: start)
        }
        if let found = keywordAtCursor() {
            if found.keyword == .not {
                position = found.end
                return try parsePrefixed(.mustNot, symbol: "NOT", at: start)
            }
            if let op { throw error(at: start, "expected a term after \(op)") }
            throw error(at: start, "expected a term before \(found.keyword.rawValue)")
        }
        return Item(node: try parsePrimary(), occurrence: .unmarked)
    }

    mutating func parsePrefixed(_ occurrence: Occurrence, symbol: String, at start: Int)
        throws(QuerySyntaxError) -> Item
    {
        try enterNesting(at: start)
        defer { depth -= 1 }
        let operand = try parseUnary(after: symbol)
        return Item(node: operand.standalone, occurrence: occurrence)
    }

    mutating func enterNesting(at start: Int) throws(QuerySyntaxError) {
        guard depth < QueryParser.maximumDepth else {
            throw error(at: start, "query nested too deeply (more than \(QueryParser.maximumDepth) levels)")
        }
        depth += 1
    }

    /// A group, phrase, field, filter, prefix or word; the cursor is on a non-space character
    /// that is not `)`.
    mutating func parsePrimary() throws(QuerySyntaxError) -> QueryNode {
        let start = position
        if current == "(" { return try parseGroup() }
        if current == "\"" { return try parsePhrase(field: nil) }

        let end = wordEnd(from: start)
        if let colon = chars[start..<end].firstIndex(of: ":") {
            let name = String(chars[start..<colon])
            if let field = textFields[name.lowercased()] {
                position = colon + 1
                return try parseFieldValue(field, name: name, wordEnd: end)
            }
            if let filter = filterNames[name.lowercased()] {
                position = colon + 1
                return .filter(try parseFilterValue(filter, name: name, wordEnd: end))
            }
        }
        position = end
        return try textClause(String(chars[start..<end]), field: nil, at: start)
    }

    /// `( orExpr )`; the cursor is on the `(`.
    mutating func parseGroup() throws(QuerySyntaxError) -> QueryNode {
        let open = position
        try enterNesting(at: open)
        defer { depth -= 1 }
        position += 1
        skipWhitespace()
        switch current {
        case nil: throw error(at: chars.count, "expected ')'")
        case ")": throw error(at: open, "empty parentheses: expected a query between ( and )")
        default: break
        }
        let item = try parseOr(after: nil)
        skipWhitespace()
        guard current == ")" else { throw error(at: chars.count, "expected ')'") }
        position += 1
        return item.standalone
    }

    /// The trimmed text between quotes; the cursor is on the opening quote.
    mutating func readQuoted() throws(QuerySyntaxError) -> String {
        let open = position
        var close = open + 1
        while close < chars.count && chars[close] != "\"" { close += 1 }
        guard close < chars.count else {
            throw error(at: open, "unterminated phrase: expected a closing \"")
        }
        position = close + 1
        var inner = chars[(open + 1)..<close]
        while let first = inner.first, first.isWhitespace { inner.removeFirst() }
        while let last = inner.last, last.isWhitespace { inner.removeLast() }
        return String(inner)
    }

    mutating func parsePhrase(field: SearchField?) throws(QuerySyntaxError) -> QueryNode {
        let open = position
        let text = try readQuoted()
        guard !text.isEmpty else { throw error(at: open, "empty phrase: expected text between the quotes") }
        return .phrase(field: field, text: text)
    }

    /// A word, or a prefix if it ends with `*`.
    func textClause(_ word: String, field: SearchField?, at start: Int) throws(QuerySyntaxError) -> QueryNode {
        guard word.last == "*" else { return .term(field: field, text: word) }
        var stem = Substring(word)
        while stem.last == "*" { stem.removeLast() }
        guard !stem.isEmpty else { throw error(at: start, "expected text before *") }
        return .prefix(field: field, text: String(stem))
    }

    /// The value after `field:`; the cursor is just after the colon.
    mutating func parseFieldValue(_ field: SearchField, name: String, wordEnd end: Int)
        throws(QuerySyntaxError) -> QueryNode
    {
        let start = position
        if start < end {
            position = end
            return try textClause(String(chars[start..<end]), field: field, at: start)
        }
        switch current {
        case "(": return Self.applying(field, to: try parseGroup())
        case "\"": return try parsePhrase(field: field)
        default: throw error(at: start, "expected a term, phrase or ( after \(name):")
        }
    }

    /// Gives `field` to every text clause of `node` that has none.
    static func applying(_ field: SearchField, to node: QueryNode) -> QueryNode {
        switch node {
        case .term(nil, let text): return .term(field: field, text: text)
        case .phrase(nil, let text): return .phrase(field: field, text: text)
        case .prefix(nil, let text): return .prefix(field: field, text: text)
        case .boolean(let must, let should, let mustNot):
            return .boolean(
                must: must.map { applying(field, to: $0) },
                should: should.map { applying(field, to: $0) },
                mustNot: mustNot.map { applying(field, to: $0) })
        case .term, .phrase, .prefix, .filter, .matchAll:
            return node
        }
    }

    /// The value after `filter:` (a word or a quoted string); the cursor is just after the colon.
    mutating func parseFilterValue(_ filter: FilterName, name: String, wordEnd end: Int)
        throws(QuerySyntaxError) -> Filter
    {
        let start = position
        let value: String
        if start < end {
            value = String(chars[start..<end])
            position = end
        } else if current == "\"" {
            value = try readQuoted()
        } else {
            value = ""
        }
        if filter == .year { return try parseYears(value, at: start) }
        guard !value.isEmpty else { throw error(at: start, "expected a value after \(name):") }
        return Self.filter(filter, value: value)
    }

    /// Unit and award values keep their case; the others name a fixed vocabulary and are lower-cased.
    static func filter(_ filter: FilterName, value: String) -> Filter {
        switch filter {
        case .year: preconditionFailure("year filters are parsed by parseYears")
        case .type: return .type(value.lowercased())
        case .lang: return .lang(value.lowercased())
        case .unit: return .unit(value)
        case .award: return .award(value)
        case .awardStatus: return .awardStatus(value.lowercased())
        case .access: return .access(value.lowercased())
        }
    }

    // MARK: Years

    /// `Y`, `Y1..Y2`, `Y1..` or `..Y2` as a Common Era range.
    func parseYears(_ value: String, at start: Int) throws(QuerySyntaxError) -> Filter {
        let expected = error(at: start, "expected a year or a range like 2560..2566")
        let characters = Array(value)
        let dots = characters.indices.dropLast().first { characters[$0] == "." && characters[$0 + 1] == "." }
        let lower = dots.map { characters[..<$0] } ?? characters[...]
        let upper = dots.map { characters[($0 + 2)...] } ?? characters[...]
        if lower.isEmpty && upper.isEmpty { throw expected }
        var bounds: [Int?] = []
        for text in [lower, upper] {
            if text.isEmpty {
                bounds.append(nil)  // open end of a range
            } else {
                guard let year = Self.commonEraYear(text) else { throw expected }
                bounds.append(year)
            }
        }
        if let from = bounds[0], let to = bounds[1], from > to {
            throw error(at: start, "year range is reversed: \(value) starts after it ends")
        }
        return .year(from: bounds[0], to: bounds[1])
    }

    /// Digits (ASCII or Thai) as a Common Era year; 2400 and over is Buddhist Era.
    static func commonEraYear(_ text: ArraySlice<Character>) -> Int? {
        guard !text.isEmpty, text.count <= 9 else { return nil }
        var year = 0
        for c in text {
            guard c.unicodeScalars.count == 1, let scalar = c.unicodeScalars.first else { return nil }
            switch scalar.value {
            case 0x30...0x39: year = year * 10 + Int(scalar.value - 0x30)
            case 0x0E50...0x0E59: year = year * 10 + Int(scalar.value - 0x0E50)
            default: return nil
            }
        }
        return year >= 2400 ? year - 543 : year
    }
}
