/// What kind of text a token is; it decides how the term is normalized and whether it is indexed.
public enum TokenKind: UInt8, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// A Thai word from the segmenter.
    case thai
    /// A run of letters (any non-Thai script), possibly with digits and inner -._' ("COVID-19", "e-mail").
    case latin
    /// Digits with inner . , : ("3.5", "1,000", "13:00"); Thai digits included.
    case number
    /// A Thai abbreviation written with dots ("พ.ศ.", "ดร.").
    case abbreviation
    /// Punctuation, including Thai ๆ and ฯ.
    case punctuation
    /// Symbols and emoji (one grapheme cluster each).
    case symbol

    /// Whether the token becomes an index term.
    public var isIndexable: Bool {
        switch self {
        case .thai, .latin, .number, .abbreviation: return true
        case .punctuation, .symbol: return false
        }
    }

    public var description: String {
        switch self {
        case .thai: return "thai"
        case .latin: return "latin"
        case .number: return "number"
        case .abbreviation: return "abbreviation"
        case .punctuation: return "punctuation"
        case .symbol: return "symbol"
        }
    }
}

/// One word of analyzed text: what was written, what gets indexed, and where it was,
/// so snippets can highlight whole words of the original.
public struct Token: Sendable, Hashable {
    /// Exactly the original text of the word (byte range `utf8Range` of the input).
    public var surface: String
    /// The normalized index term; empty for punctuation and symbols.
    public var term: String
    public var kind: TokenKind
    /// Byte offsets of the word in the original UTF-8 text.
    public var utf8Range: Range<Int>
    /// Frequent function word: down-weighted in ranking, but never removed from positions.
    public var isStopWord: Bool
    /// Searchable parts of a Thai word kept whole (a domain word, a ความ-noun); the index
    /// stores them at the word's position so a search for a part finds the whole.
    public var subterms: [String] = []

    public init(surface: String, term: String, kind: TokenKind, utf8Range: Range<Int>, isStopWord: Bool = false) {
        self.surface = surface
        self.term = term
        self.kind = kind
        self.utf8Range = utf8Range
        self.isStopWord = isStopWord
    }
}
