/// Word-level precision/recall/F1 of a segmentation against gold, by the shared protocol:
/// whitespace (and U+200B, U+FEFF) is deleted from both token sequences, each sequence becomes a
/// set of character spans, and spans are compared; counts are summed over a file (micro average).
public struct SegmentationScore: Sendable, Equatable {
    public private(set) var matched = 0
    public private(set) var predictedCount = 0
    public private(set) var goldCount = 0

    public init() {}

    public var precision: Double { predictedCount == 0 ? 0 : Double(matched) / Double(predictedCount) }
    public var recall: Double { goldCount == 0 ? 0 : Double(matched) / Double(goldCount) }
    public var f1: Double {
        let sum = precision + recall
        return sum == 0 ? 0 : 2 * precision * recall / sum
    }

    public struct TextMismatch: Error, CustomStringConvertible {
        public var goldCharacters: Int
        public var predictedCharacters: Int
        public var description: String {
            "predicted tokens do not spell the gold text (\(predictedCharacters) vs \(goldCharacters) characters after deleting whitespace)"
        }
    }

    public mutating func add(gold: [String], predicted: [String]) throws(TextMismatch) {
        let (goldSpans, goldLength) = Self.spans(gold)
        let (predictedSpans, predictedLength) = Self.spans(predicted)
        guard goldLength == predictedLength else {
            throw TextMismatch(goldCharacters: goldLength, predictedCharacters: predictedLength)
        }
        matched += goldSpans.intersection(predictedSpans).count
        predictedCount += predictedSpans.count
        goldCount += goldSpans.count
    }

    static func isIgnored(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || scalar.value == 0x200B || scalar.value == 0xFEFF
    }

    /// Spans as (start, end) packed into one Int, over the text with ignored characters deleted.
    static func spans(_ tokens: [String]) -> (Set<Int>, Int) {
        var spans = Set<Int>()
        var position = 0
        for token in tokens {
            var length = 0
            for scalar in token.unicodeScalars where !isIgnored(scalar) { length += 1 }
            guard length > 0 else { continue }
            spans.insert(position << 32 | (position + length))
            position += length
        }
        return (spans, position)
    }

    /// Reads a gold file: one sample a line, tokens separated by `|`.
    public static func goldLines(fromFileContents contents: String) -> [[String]] {
        contents.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
            .filter { !$0.isEmpty }
            .map { $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init) }
    }
}

extension SegmentationScore {
    /// Scores `segment` (text → words) on gold lines; the raw text of a line is its words joined.
    public static func evaluate(goldLines: [[String]], segment: (String) -> [String]) throws(TextMismatch) -> SegmentationScore {
        var score = SegmentationScore()
        for gold in goldLines {
            try score.add(gold: gold, predicted: segment(gold.joined()))
        }
        return score
    }
}
