/// The features the Thai segmentation model sees at one candidate boundary, and how they map to
/// weights. Dense, small feature families index a flat weight array ("direct slots"); the large,
/// sparse ones (character trigrams, 6-class windows) are hashed keys.
///
/// At boundary `i` (between codes[i-1] and codes[i]) the model looks at:
/// - characters at offsets −4…+3, character bigrams starting at −3…+2, trigrams starting at −3…+1;
/// - the character classes of the 4 and 6 characters around the boundary;
/// - for each dictionary source (libthai, ICU, learned words): the longest word starting and
///   ending at `i`, the longest word spanning it, and what the source's maximal-matching
///   (fewest words) segmentation says about `i`: no boundary, a boundary between two words,
///   one inside a stretch it cannot read, or one at the edge of such a stretch.
protocol BoundaryFeatureSink {
    mutating func direct(_ slot: Int)
    mutating func hashed(_ key: UInt64)
}

enum BoundaryFeatures {
    /// Dictionary sources the model has features for, in feature order.
    static let featureSources: [DictionarySource] = [.libthai, .icu, .learned]
    static let sourceCount = 3
    /// `featureSources` as raw bits, in a fixed-size value (no array access in hot loops).
    static let featureSourceBits = SIMD4<UInt8>(
        DictionarySource.libthai.rawValue, DictionarySource.icu.rawValue, DictionarySource.learned.rawValue, 0)

    static let biasSlot = 0
    static let unigramBase = 1
    static let unigramOffsets = -4...3
    static let bigramBase = unigramBase + 8 * 128
    static let bigramOffsets = -3...2
    static let classWindowBase = bigramBase + 6 * 128 * 128
    static let dictionaryBase = classWindowBase + 8 * 8 * 8 * 8
    /// Per source: start length 0…8, end length 0…8, cover 0…6, start×end 7×7, maximal-matching mark 0…3.
    static let perSourceSlots = 9 + 9 + 7 + 49 + 4
    static let directSlotCount = dictionaryBase + sourceCount * perSourceSlots

    static let trigramFamily: UInt64 = 1 << 56
    static let classWindow6Family: UInt64 = 2 << 56

    /// Everything known about one Thai run before its boundaries are scored.
    struct RunContext {
        /// Codes with 4 padding zeros on each side: `padded[i + 4]` is `codes[i]`.
        var padded: UnsafeBufferPointer<UInt8>
        /// Per source `k`, position `i`: index `k * stride + i`.
        var longestStart: UnsafeBufferPointer<UInt8>
        var longestEnd: UnsafeBufferPointer<UInt8>
        var longestCover: UnsafeBufferPointer<UInt8>
        var maximalMatchBoundary: UnsafeBufferPointer<UInt8>
        var stride: Int
    }

    @inline(__always)
    static func extract<Sink: BoundaryFeatureSink>(at boundary: Int, context: RunContext, into sink: inout Sink) {
        let padded = context.padded
        let center = boundary + 4  // padded index of codes[boundary]
        sink.direct(biasSlot)
        for offset in unigramOffsets {
            sink.direct(unigramBase + (offset + 4) * 128 + Int(padded[center + offset]))
        }
        for offset in bigramOffsets {
            let first = Int(padded[center + offset])
            let second = Int(padded[center + offset + 1])
            sink.direct(bigramBase + (offset + 3) * 16384 + first * 128 + second)
        }
        for offset in -3...1 {
            let key = trigramFamily | UInt64(offset + 3) << 24 | UInt64(padded[center + offset]) << 16
                | UInt64(padded[center + offset + 1]) << 8 | UInt64(padded[center + offset + 2])
            sink.hashed(key)
        }
        let classes = ThaiScript.classOfCode
        var window4 = 0
        for offset in -2...1 { window4 = window4 << 3 | Int(classes[Int(padded[center + offset])]) }
        sink.direct(classWindowBase + window4)
        var window6: UInt64 = 0
        for offset in -3...2 { window6 = window6 << 3 | UInt64(classes[Int(padded[center + offset])]) }
        sink.hashed(classWindow6Family | window6)
        for source in 0..<sourceCount {
            let base = dictionaryBase + source * perSourceSlots
            let index = source * context.stride + boundary
            let start = Int(context.longestStart[index])
            let end = Int(context.longestEnd[index])
            sink.direct(base + min(start, 8))
            sink.direct(base + 9 + min(end, 8))
            sink.direct(base + 18 + min(Int(context.longestCover[index]), 6))
            sink.direct(base + 25 + min(start, 6) * 7 + min(end, 6))
            sink.direct(base + 74 + Int(context.maximalMatchBoundary[index]))
        }
    }
}

/// What a source's maximal-matching segmentation says about a position: no boundary, a boundary
/// between two dictionary words, one between two unknown clusters (inside a run no dictionary
/// knows), or one at the edge of such a run (a known word on one side only).
enum MaximalMatchMark {
    static let none: UInt8 = 0
    static let betweenWords: UInt8 = 1
    static let insideUnknown: UInt8 = 2
    static let unknownEdge: UInt8 = 3
}
