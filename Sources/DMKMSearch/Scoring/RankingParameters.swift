import Foundation
import DMKMIndex

/// The knobs of DMKM's ranking: BM25F's k1, per-field weight and length normalization b, and
/// the boosts of query features. Defaults were chosen by evaluation on the iApp Thai Wikipedia
/// QA collection (see BENCHMARKS.md, "What moved nDCG").
public struct RankingParameters: Sendable, Codable, Equatable {
    public struct Field: Sendable, Codable, Equatable {
        /// How much an occurrence in this field counts relative to one in the body.
        public var weight: Float
        /// BM25 length normalization for this field (0: none, 1: full).
        public var b: Float

        public init(weight: Float, b: Float) {
            self.weight = weight
            self.b = b
        }
    }

    public var k1: Float = 0.8
    public var title = Field(weight: 3.0, b: 0.5)
    public var keywords = Field(weight: 2.0, b: 0.3)
    public var abstract = Field(weight: 1.5, b: 0.75)
    public var body = Field(weight: 1.0, b: 0.6)
    public var authors = Field(weight: 1.5, b: 0.3)
    /// Title character trigrams (used only for unfielded free-text queries).
    public var titleGrams = Field(weight: 1.0, b: 1.0)
    /// The sub-word field (Thai character-cluster grams of every text field).
    public var subwords = Field(weight: 1.0, b: 0.5)
    /// Weight of a Thai query word's sub-word match (its clusters in sequence anywhere, whatever
    /// the cuts) relative to the word itself: low, so that documents with the word as a word rank
    /// first and documents that hold it only inside other words follow. 0 turns the level off.
    public var subwordWeight: Float = 0.3
    /// Longest run of Thai letters (in clusters) looked for as a whole at the sub-word level;
    /// longer runs (a question typed without spaces) are looked for word by word.
    public var subwordRunClusters = 24
    /// Sub-word clauses one query may add at most.
    public var maximumSubwordClauses = 12
    /// A Latin query term held by fewer visible documents than this also matches close
    /// spellings from the dictionary (misspellings), and the answer suggests the correction.
    public var misspeltBelow = 3
    /// Close spellings a misspelt term expands to at most (0 turns expansion off).
    public var misspellingExpansions = 3
    /// Weight of each close spelling relative to the term as typed.
    public var misspellingWeight: Float = 0.8
    /// Weight of the title-trigram clause relative to one term.
    public var gramBoost: Float = 0.2
    /// Share of the query's title trigrams a title must contain to match through them.
    public var gramMinimumShare: Float = 0.5
    /// Weight of the exact-sequence clause added for a query word the segmenter split into parts
    /// (and for consecutive query words), relative to one term.
    public var phraseBoost: Float = 0.5
    /// Weight of stop words (they still match and keep their positions).
    public var stopWordWeight: Float = 0.3
    /// Weight of each expansion of a `prefix*` query.
    public var prefixWeight: Float = 0.7
    /// Terms a `prefix*` query expands to at most: the most frequent ones (Tantivy's phrase-prefix
    /// default is 50, Lucene's 1,024 boolean clauses).
    public var prefixExpansions = 50
    /// How many of the best matches the bonus clauses (proximity pairs, title trigrams) rescore.
    /// A larger window lets bonuses lift deeper matches but keeps more candidates, which weakens
    /// dynamic pruning.
    public var rescoreWindow = 150
    /// When the words match fewer documents than this, titles sharing most of the query's
    /// trigrams match too. A constant, not the page size: the result list must not depend on
    /// which page is asked for.
    public var widenBelow = 10

    /// What one search may cost (a clear error beyond, instead of a stalled server): term and
    /// phrase clauses after `prefix*` expansion (Lucene's default clause limit is 1,024), and
    /// `prefix*` terms per query (each scans the dictionary).
    public var maximumClauses = 1_024
    public var maximumPrefixes = 16

    public init() {}

    public static let standard = RankingParameters()

    public struct ParseError: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Applies overrides like `k1=1.1,title.weight=4,body.b=0.6,phrase=0.3` (for tuning).
    public mutating func apply(_ overrides: String) throws(ParseError) {
        for item in overrides.split(separator: ",") where !item.isEmpty {
            let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let value = Float(parts[1]) else {
                throw ParseError(message: "expected name=number in ranking override, got \(item)")
            }
            switch parts[0] {
            case "k1": k1 = value
            case "phrase": phraseBoost = value
            case "stop": stopWordWeight = value
            case "prefix": prefixWeight = value
            case "grams": gramBoost = value
            case "grams.share": gramMinimumShare = value
            case "subword": subwordWeight = value
            case "spelling": misspellingExpansions = max(0, Int(value))
            case "window": rescoreWindow = max(0, Int(value))
            case "prefix.expansions": prefixExpansions = max(1, Int(value))
            default:
                let path = parts[0].split(separator: ".")
                guard path.count == 2, path[1] == "weight" || path[1] == "b" else {
                    throw ParseError(message: "unknown ranking parameter \(parts[0]) (k1, phrase, stop, prefix, prefix.expansions, grams, grams.share, subword, window, FIELD.weight, FIELD.b)")
                }
                func set(_ field: inout Field) {
                    if path[1] == "weight" { field.weight = value } else { field.b = value }
                }
                switch path[0] {
                case "title": set(&title)
                case "keywords": set(&keywords)
                case "abstract": set(&abstract)
                case "body": set(&body)
                case "authors": set(&authors)
                case "grams": set(&titleGrams)
                case "subwords": set(&subwords)
                default: throw ParseError(message: "unknown field \(path[0]) in ranking override")
                }
            }
        }
    }

    public func field(_ field: IndexedField) -> Field {
        switch field {
        case .title: return title
        case .keywords: return keywords
        case .abstract: return abstract
        case .body: return body
        case .authors: return authors
        case .titleGrams: return titleGrams
        case .subwords: return subwords
        case .id: return Field(weight: 0, b: 0)
        }
    }
}

/// BM25's inverse document frequency (the "+1" form, never negative).
@inline(__always)
func inverseDocumentFrequency(documentFrequency: Int, documentCount: Int) -> Float {
    let df = Float(max(documentFrequency, 0))
    let n = Float(max(documentCount, documentFrequency, 1))
    return log(1 + (n - df + 0.5) / (df + 0.5))
}


