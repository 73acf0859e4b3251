import Foundation
import DMKMIndex

/// Walks the matching documents of one segment in increasing order and scores them
/// (document-at-a-time). `doc` is -1 before the first `nextDoc`, `noMoreDocs` at the end.
protocol Scorer: AnyObject {
    var doc: Int32 { get }
    func nextDoc() throws(IndexError) -> Int32
    /// Moves to the first document ≥ `target` (target > doc).
    func advance(to target: Int32) throws(IndexError) -> Int32
    /// Score of the current document (0 when a proximity bonus turns out not to apply).
    func score() throws(IndexError) -> Float
    /// Upper bound of `score()` over every document (dynamic pruning).
    var maxScore: Float { get }
    /// Rough number of documents it may match (orders conjunctions).
    var cost: Int { get }
    /// Why the current document scored what it did.
    func explain() throws(IndexError) -> Explanation
    /// Documents scoring at most `score` cannot enter the results any more (top-k is full), so
    /// they may be skipped without being returned. Scorers that cannot prune ignore it.
    func setMinimumCompetitiveScore(_ score: Float)
    /// An upper bound of the score of documents from the current one up to `lastDoc` (the end of
    /// the current postings blocks): block-max pruning skips whole windows that cannot compete.
    /// (A requirement, not only an extension method, so calls through `any Scorer` reach the
    /// scorer's own bound.)
    func blockBound() -> (score: Float, lastDoc: Int32)
    /// Whether scoring the current document costs much more than finding it (phrase checks).
    var isExpensiveToScore: Bool { get }
}

extension Scorer {
    /// No block structure: the global bound, valid to the end.
    func blockBound() -> (score: Float, lastDoc: Int32) { (maxScore, noMoreDocs) }
    func setMinimumCompetitiveScore(_ score: Float) {}
    var isExpensiveToScore: Bool { false }
}

let noMoreDocs = PostingsFormat.noMoreDocs

/// A score and how it was computed, as a tree (`--explain`).
public struct Explanation: Sendable, Codable, Equatable {
    public var value: Float
    public var description: String
    public var details: [Explanation]

    public init(value: Float, description: String, details: [Explanation] = []) {
        self.value = value
        self.description = description
        self.details = details
    }

    /// Indented text, one node a line.
    public func rendered(indent: Int = 0) -> String {
        var lines = [String(repeating: "  ", count: indent) + String(format: "%.4f", value) + "  " + description]
        for detail in details { lines.append(detail.rendered(indent: indent + 1)) }
        return lines.joined(separator: "\n")
    }
}



/// Matches nothing.
final class EmptyScorer: Scorer {
    var doc: Int32 = -1
    func nextDoc() -> Int32 { doc = noMoreDocs; return doc }
    func advance(to target: Int32) -> Int32 { doc = noMoreDocs; return doc }
    func score() -> Float { 0 }
    var maxScore: Float { 0 }
    var cost: Int { 0 }
    func explain() -> Explanation { Explanation(value: 0, description: "no match") }
}

/// Every document of the segment, score 0 (the base of filter-only or exclusion-only queries).
final class MatchAllScorer: Scorer {
    private(set) var doc: Int32 = -1
    let maxDoc: Int32
    init(maxDoc: Int) { self.maxDoc = Int32(maxDoc) }
    func nextDoc() -> Int32 {
        doc = doc + 1 < maxDoc ? doc + 1 : noMoreDocs
        return doc
    }
    func advance(to target: Int32) -> Int32 {
        doc = target < maxDoc ? target : noMoreDocs
        return doc
    }
    func score() -> Float { 0 }
    var maxScore: Float { 0 }
    var cost: Int { Int(maxDoc) }
    func explain() -> Explanation { Explanation(value: 0, description: "matches every document") }
}

/// 1/(1 − b + b·len/avg) for every norm byte of one field, computed once per searcher.
final class LengthFactorTable: @unchecked Sendable {
    let values: UnsafeMutablePointer<Float>

    init(b: Float, averageLength: Float) {
        values = .allocate(capacity: NormEncoding.decodeTable.count)
        for (byte, length) in NormEncoding.decodeTable.enumerated() { values[byte] = 1 / (1 - b + b * length / averageLength) }
    }

    deinit { values.deallocate() }
}

/// Per-field BM25F inputs for one segment: weight, and 1/(1 − b + b·len/avg) by norm byte.
///
/// Only plain values and pointers, so scorers copy it per document without reference counting
/// (that was a tenth of query time): the length factors belong to the searcher and the norms to
/// the segment's mapped doc values, both alive for as long as any query runs on them.
struct FieldScoring {
    let field: IndexedField
    let weight: Float
    let b: Float
    let averageLength: Float
    /// Indexed by norm byte.
    let inverseLengthFactor: UnsafePointer<Float>
    /// This field's norm byte per document of the segment (nil for the id field: no norms).
    let norms: UnsafePointer<UInt8>?

    init(field: IndexedField, parameters: RankingParameters, averageLength: Float, lengthFactors: LengthFactorTable, norms: MappedColumn<UInt8>) {
        self.field = field
        let settings = parameters.field(field)
        weight = settings.weight
        b = settings.b
        self.averageLength = averageLength
        inverseLengthFactor = UnsafePointer(lengthFactors.values)
        self.norms = norms.baseAddress.map { $0.assumingMemoryBound(to: UInt8.self) }
    }

    @inline(__always)
    func norm(doc: Int32) -> UInt8 { norms?[Int(doc)] ?? 0 }

    /// 1/(1 − b + b·len/avg) for `doc`.
    @inline(__always)
    func lengthFactor(doc: Int32) -> Float { inverseLengthFactor[Int(norm(doc: doc))] }
}

/// One query term over several fields, scored with BM25F: field frequencies are weighted and
/// length-normalized per field, summed, then saturated once with k1.
///
/// Cursors and field settings live in buffers owned by the scorer (not arrays), so the per-document
/// loop does no reference counting, copy-on-write or exclusivity checks.
final class TermScorer: Scorer {
    let term: String
    private let cursors: UnsafeMutableBufferPointer<PostingsCursor>
    private let fields: UnsafeMutableBufferPointer<FieldScoring>
    let idf: Float
    let boost: Float
    let k1: Float
    private(set) var doc: Int32 = -1
    let maxScore: Float
    let cost: Int

    init(term: String, cursors: [PostingsCursor], fields: [FieldScoring], idf: Float, boost: Float, k1: Float) {
        self.term = term
        self.cursors = .allocate(capacity: cursors.count)
        _ = self.cursors.initialize(from: cursors)
        self.fields = .allocate(capacity: fields.count)
        _ = self.fields.initialize(from: fields)
        self.idf = idf
        self.boost = boost
        self.k1 = k1
        var bound: Float = 0
        for (cursor, field) in zip(cursors, fields) {
            bound += field.weight * Float(cursor.entry.maxTermFreq) * field.inverseLengthFactor[Int(cursor.entry.minNorm)]
        }
        maxScore = boost * idf * bound * (k1 + 1) / (bound + k1)
        cost = cursors.reduce(0) { $0 + Int($1.entry.docFreq) }
    }

    deinit {
        cursors.deinitialize()
        cursors.deallocate()
        fields.deinitialize()
        fields.deallocate()
    }

    func nextDoc() throws(IndexError) -> Int32 {
        var smallest = noMoreDocs
        for index in 0..<cursors.count {
            if cursors[index].doc <= doc { try cursors[index].next() }
            smallest = min(smallest, cursors[index].doc)
        }
        doc = smallest
        return doc
    }

    func advance(to target: Int32) throws(IndexError) -> Int32 {
        var smallest = noMoreDocs
        for index in 0..<cursors.count {
            if cursors[index].doc < target { try cursors[index].advance(to: target) }
            smallest = min(smallest, cursors[index].doc)
        }
        doc = smallest
        return doc
    }

    func blockBound() -> (score: Float, lastDoc: Int32) {
        var frequencyBound: Float = 0
        var lastDoc = noMoreDocs
        for index in 0..<cursors.count where cursors[index].doc != noMoreDocs {
            let block = cursors[index].currentBlock
            frequencyBound += fields[index].weight * Float(block.maxTermFreq) * fields[index].inverseLengthFactor[Int(block.minNorm)]
            lastDoc = min(lastDoc, cursors[index].currentBlockLastDoc)
        }
        return (boost * idf * frequencyBound * (k1 + 1) / (frequencyBound + k1), lastDoc)
    }

    @inline(__always)
    private func weightedFrequency() -> Float {
        var total: Float = 0
        for index in 0..<cursors.count where cursors[index].doc == doc {
            total += fields[index].weight * Float(cursors[index].frequency) * fields[index].lengthFactor(doc: doc)
        }
        return total
    }

    func score() -> Float {
        let frequency = weightedFrequency()
        return boost * idf * frequency * (k1 + 1) / (frequency + k1)
    }

    func explain() -> Explanation {
        var details: [Explanation] = []
        for index in 0..<cursors.count where cursors[index].doc == doc {
            let field = fields[index]
            let length = NormEncoding.decode(field.norm(doc: doc))
            let value = field.weight * Float(cursors[index].frequency) * field.lengthFactor(doc: doc)
            details.append(Explanation(
                value: value,
                description: String(format: "%@: tf=%d, weight=%.2f, length=%.0f, avg length=%.1f, b=%.2f", field.field.name,
                                    cursors[index].frequency, field.weight, length, field.averageLength, field.b)))
        }
        let frequency = details.reduce(0) { $0 + $1.value }
        details.append(Explanation(value: idf, description: "idf"))
        return Explanation(
            value: score(),
            description: String(format: "term \"%@\" (BM25F: boost %.2f × idf × tf·(k1+1)/(tf+k1), weighted tf %.3f, k1 %.2f)", term, boost, frequency, k1),
            details: details)
    }
}
