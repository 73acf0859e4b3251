import DMKMAnalysis
import DMKMCore

/// A document turned into what a segment stores: its distinct terms (field byte + term bytes)
/// with their positions, field lengths, and its encoded stored form — in flat arrays, so the
/// parallel analysis allocates little and the sequential buffer append is cheap. Pure and
/// thread-safe: ingestion analyzes documents on all cores.
public struct AnalyzedDocument: Sendable {
    public let document: IndexDocument
    /// Encoded stored fields.
    let stored: [UInt8]
    /// Token count per field (`IndexedField.rawValue` index).
    let fieldLengths: [Int]
    /// Distinct term keys, concatenated; term `i` is `keyBytes[keyStarts[i]..<keyStarts[i+1]]`.
    let keyBytes: [UInt8]
    let keyStarts: [UInt32]
    /// Hash of each key (computed here, on all cores, instead of in the sequential append).
    let keyHashes: [UInt64]
    /// Positions of term `i`: `positions[positionStarts[i]..<positionStarts[i+1]]` (ascending;
    /// empty for the id term).
    let positions: [UInt32]
    let positionStarts: [UInt32]

    var termCount: Int { keyHashes.count }
}

/// 64-bit FNV-1a with a final mix: the hash of term keys in segment buffers.
@inline(__always)
func termKeyHash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in bytes {
        hash ^= UInt64(byte)
        hash = hash &* 0x0000_0100_0000_01B3
    }
    hash ^= hash >> 29
    hash = hash &* 0xBF58_476D_1CE4_E5B9
    return hash ^ (hash >> 32)
}

/// Runs the analyzer over a document's fields.
public struct DocumentAnalysis: Sendable {
    public let analyzer: Analyzer

    public init(analyzer: Analyzer) { self.analyzer = analyzer }

    /// The values of each field, in field order.
    static func values(of document: IndexDocument, field: IndexedField) -> [String] {
        switch field {
        case .id: return [document.id]
        case .title: return document.titles.map(\.text)
        case .keywords: return document.keywords
        case .abstract: return document.abstracts.map(\.text)
        case .body: return document.body.isEmpty ? [] : [document.body]
        case .authors: return document.authors
        case .titleGrams: return document.titles.map(\.text)
        case .subwords: return []
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

    /// Collects (key, position) occurrences, then groups them by distinct key.
    struct OccurrenceCollector {
        var pool: [UInt8] = []
        var starts: [UInt32] = []
        var lengths: [UInt16] = []
        var occurrencePositions: [UInt32] = []

        mutating func add(field: IndexedField, term: String, position: UInt32) {
            starts.append(UInt32(pool.count))
            pool.append(field.rawValue)
            pool.append(contentsOf: term.utf8)
            lengths.append(UInt16(clamping: pool.count - Int(starts[starts.count - 1])))
            occurrencePositions.append(position)
        }

        /// A term given as Unicode scalars (a sub-word gram), encoded as UTF-8 without a String.
        mutating func add(field: IndexedField, scalars: UnsafeBufferPointer<UInt32>, position: UInt32) {
            starts.append(UInt32(pool.count))
            pool.append(field.rawValue)
            for value in scalars {
                switch value {
                case 0..<0x80: pool.append(UInt8(value))
                case 0x80..<0x800:
                    pool.append(UInt8(0xC0 | (value >> 6)))
                    pool.append(UInt8(0x80 | (value & 0x3F)))
                case 0x800..<0x10000:
                    pool.append(UInt8(0xE0 | (value >> 12)))
                    pool.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
                    pool.append(UInt8(0x80 | (value & 0x3F)))
                default:
                    pool.append(UInt8(0xF0 | (value >> 18)))
                    pool.append(UInt8(0x80 | ((value >> 12) & 0x3F)))
                    pool.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
                    pool.append(UInt8(0x80 | (value & 0x3F)))
                }
            }
            lengths.append(UInt16(clamping: pool.count - Int(starts[starts.count - 1])))
            occurrencePositions.append(position)
        }

        func grouped() -> (keyBytes: [UInt8], keyStarts: [UInt32], hashes: [UInt64], positions: [UInt32], positionStarts: [UInt32]) {
            let count = starts.count
            var capacity = 16
            while capacity < count * 2 { capacity <<= 1 }
            var slots = [Int32](repeating: -1, count: capacity)
            var localOf = [Int32](repeating: 0, count: count)
            var firstOccurrence: [Int32] = []
            var hashes: [UInt64] = []
            pool.withUnsafeBytes { bytes in
                for index in 0..<count {
                    let key = UnsafeRawBufferPointer(rebasing: bytes[Int(starts[index])..<(Int(starts[index]) + Int(lengths[index]))])
                    let hash = termKeyHash(key)
                    var slot = Int(truncatingIfNeeded: hash) & (capacity - 1)
                    while true {
                        let local = slots[slot]
                        if local < 0 {
                            slots[slot] = Int32(firstOccurrence.count)
                            localOf[index] = Int32(firstOccurrence.count)
                            firstOccurrence.append(Int32(index))
                            hashes.append(hash)
                            break
                        }
                        let other = Int(firstOccurrence[Int(local)])
                        if hashes[Int(local)] == hash && lengths[other] == lengths[index]
                            && memcmp(bytes.baseAddress! + Int(starts[other]), key.baseAddress!, key.count) == 0
                        {
                            localOf[index] = local
                            break
                        }
                        slot = (slot + 1) & (capacity - 1)
                    }
                }
            }
            // Counting sort of occurrences by local term keeps each term's positions in order.
            let terms = firstOccurrence.count
            var positionStarts = [UInt32](repeating: 0, count: terms + 1)
            for local in localOf { positionStarts[Int(local) + 1] += 1 }
            for term in 0..<terms { positionStarts[term + 1] += positionStarts[term] }
            var next = positionStarts
            var positions = [UInt32](repeating: 0, count: count)
            for index in 0..<count {
                let local = Int(localOf[index])
                positions[Int(next[local])] = occurrencePositions[index]
                next[local] += 1
            }
            var keyBytes: [UInt8] = []
            keyBytes.reserveCapacity(terms * 8)
            var keyStarts: [UInt32] = [0]
            keyStarts.reserveCapacity(terms + 1)
            for first in firstOccurrence {
                let start = Int(starts[Int(first)])
                keyBytes.append(contentsOf: pool[start..<(start + Int(lengths[Int(first)]))])
                keyStarts.append(UInt32(keyBytes.count))
            }
            return (keyBytes, keyStarts, hashes, positions, positionStarts)
        }
    }

    public func analyze(_ document: IndexDocument, workspace: inout Analyzer.Workspace) -> AnalyzedDocument {
        let document = IndexWriter.stamped(document)
        var lengths = [Int](repeating: 0, count: IndexedField.allCases.count)
        var collector = OccurrenceCollector()
        // Sub-word grams of every text field share one position space: runs apart by
        // `ThaiSubwords.runGap`, values and fields by the usual value gap.
        var gramPosition: UInt32 = 0
        var subwordCount = 0
        for field in IndexedField.textFields {
            var position: UInt32 = 0
            var length = 0
            for value in Self.values(of: document, field: field) {
                analyzer.forEachTerm(in: value, workspace: &workspace, { term, parts in
                    collector.add(field: field, term: term, position: position)
                    for part in parts { collector.add(field: field, term: part, position: position) }
                    position += 1
                    length += 1
                }, thaiRun: { run, bounds in
                    let clusters = bounds.count - 1
                    let grams = ThaiSubwords.gramCount(clusters: clusters)
                    guard grams > 0 else { return }
                    for index in 0..<grams {
                        let end = bounds[index + ThaiSubwords.gramClusters]
                        let gram = UnsafeBufferPointer(rebasing: run[bounds[index]..<end])
                        collector.add(field: .subwords, scalars: gram, position: gramPosition + UInt32(index))
                        // A word ending in a bare consonant also ends inside a longer cluster
                        // (เกม in เกมส์, วิลเลียม in วิลเลียมส์): the gram cut after that
                        // consonant is a term at the same position.
                        let lastStart = bounds[index + ThaiSubwords.gramClusters - 1]
                        if end - lastStart > 1, ThaiSubwords.isConsonant(run[lastStart]) {
                            collector.add(field: .subwords, scalars: UnsafeBufferPointer(rebasing: run[bounds[index]...lastStart]),
                                          position: gramPosition + UInt32(index))
                        }
                    }
                    gramPosition += UInt32(grams + ThaiSubwords.runGap)
                    subwordCount += grams
                })
                position += IndexedField.valuePositionGap
                gramPosition += IndexedField.valuePositionGap
            }
            lengths[Int(field.rawValue)] = length
        }
        lengths[Int(IndexedField.subwords.rawValue)] = subwordCount
        gramPosition = 0
        var gramCount = 0
        for title in Self.values(of: document, field: .titleGrams) {
            for gram in Self.characterGrams(analyzer.tokens(in: title, workspace: &workspace)) {
                collector.add(field: .titleGrams, term: gram, position: gramPosition)
                gramPosition += 1
                gramCount += 1
            }
            gramPosition += IndexedField.valuePositionGap
        }
        lengths[Int(IndexedField.titleGrams.rawValue)] = gramCount
        var (keyBytes, keyStarts, hashes, positions, positionStarts) = collector.grouped()
        // The id term: exact, without positions.
        let idKey = TermKey.make(field: .id, term: document.id.utf8)
        keyBytes.append(contentsOf: idKey)
        keyStarts.append(UInt32(keyBytes.count))
        hashes.append(idKey.withUnsafeBytes { termKeyHash($0) })
        positionStarts.append(positionStarts.last!)
        var stored = ByteWriter()
        DocumentCoding.encode(document, into: &stored)
        return AnalyzedDocument(
            document: document, stored: stored.bytes, fieldLengths: lengths, keyBytes: keyBytes, keyStarts: keyStarts,
            keyHashes: hashes, positions: positions, positionStarts: positionStarts)
    }
}

#if canImport(Glibc)
import Glibc
#endif
