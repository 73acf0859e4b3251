import DMKMAnalysis
import DMKMCore

/// A document turned into what a segment stores: its terms with positions per field, field
/// lengths, and its encoded stored form. Pure and thread-safe, so ingestion analyzes documents on
/// all cores and only the cheap merge into the segment buffer is sequential.
public struct AnalyzedDocument: Sendable {
    public let document: IndexDocument
    /// Encoded stored fields.
    let stored: [UInt8]
    /// Token count per field (`IndexedField.rawValue` index).
    let fieldLengths: [Int]
    /// Term key → positions in its field (empty for the id field).
    let terms: [(key: [UInt8], positions: [UInt32])]
    /// Approximate memory the document will take in a segment buffer.
    let estimatedBytes: Int
}

/// Runs the analyzer over a document's fields.
public struct DocumentAnalysis: Sendable {
    public let analyzer: Analyzer

    public init(analyzer: Analyzer) { self.analyzer = analyzer }

    /// The values of each text field, in field order.
    static func values(of document: IndexDocument, field: IndexedField) -> [String] {
        switch field {
        case .id: return [document.id]
        case .title: return document.titles.map(\.text)
        case .keywords: return document.keywords
        case .abstract: return document.abstracts.map(\.text)
        case .body: return document.body.isEmpty ? [] : [document.body]
        case .authors: return document.authors
        case .titleGrams: return document.titles.map(\.text)
        }
    }

    /// Character trigrams of the words of a text (terms joined without spaces, so Thai and
    /// Latin alike); a text shorter than three characters is its own gram.
    public static func characterGrams(_ tokens: [Token]) -> [String] {
        var scalars: [Unicode.Scalar] = []
        for token in tokens where token.kind.isIndexable { scalars.append(contentsOf: token.term.unicodeScalars) }
        guard !scalars.isEmpty else { return [] }
        guard scalars.count >= 3 else { return [String(String.UnicodeScalarView(scalars))] }
        return (0...(scalars.count - 3)).map { String(String.UnicodeScalarView(scalars[$0..<($0 + 3)])) }
    }

    public func analyze(_ document: IndexDocument, workspace: inout Analyzer.Workspace) -> AnalyzedDocument {
        var lengths = [Int](repeating: 0, count: IndexedField.allCases.count)
        var termPositions: [[UInt8]: [UInt32]] = [:]
        var estimated = 256
        for field in IndexedField.textFields {
            var position: UInt32 = 0
            var length = 0
            for value in Self.values(of: document, field: field) {
                for token in analyzer.tokens(in: value, workspace: &workspace) where token.kind.isIndexable {
                    termPositions[TermKey.make(field: field, term: token.term.utf8), default: []].append(position)
                    for part in token.subterms {
                        termPositions[TermKey.make(field: field, term: part.utf8), default: []].append(position)
                    }
                    position += 1
                    length += 1
                }
                position += IndexedField.valuePositionGap
            }
            lengths[Int(field.rawValue)] = length
            estimated += length * 6
        }
        var gramCount = 0
        var position: UInt32 = 0
        for title in Self.values(of: document, field: .titleGrams) {
            for gram in Self.characterGrams(analyzer.tokens(in: title, workspace: &workspace)) {
                termPositions[TermKey.make(field: .titleGrams, term: gram.utf8), default: []].append(position)
                position += 1
                gramCount += 1
            }
            position += IndexedField.valuePositionGap
        }
        lengths[Int(IndexedField.titleGrams.rawValue)] = gramCount
        var terms = termPositions.map { (key: $0.key, positions: $0.value) }
        terms.append((key: TermKey.make(field: .id, term: document.id.utf8), positions: []))
        estimated += terms.count * 48
        var stored = ByteWriter()
        DocumentCoding.encode(document, into: &stored)
        estimated += stored.count
        return AnalyzedDocument(document: document, stored: stored.bytes, fieldLengths: lengths, terms: terms, estimatedBytes: estimated)
    }
}
