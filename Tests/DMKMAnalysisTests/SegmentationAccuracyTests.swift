import Foundation
import Testing

@testable import DMKMAnalysis

/// Word-level F1 on the shared gold sets (the scoring protocol of ../shared/README.md).
/// Floors sit just under what the bundled model reaches; BENCHMARKS.md has the exact numbers.
@Suite("Thai segmentation accuracy")
struct SegmentationAccuracyTests {
    struct GoldSet: Sendable, CustomTestStringConvertible {
        let file: String
        let floor: Double
        var testDescription: String { "\(file) F1 ≥ \(floor)" }
    }

    static let goldSets = [
        // F1 of the model before the unknown-word work (issue 13); it may not fall below.
        GoldSet(file: "wisesight-1000-samples-tokenised.label", floor: 0.8522),
        GoldSet(file: "th_pud-ud-test.gold.txt", floor: 0.8506),
        GoldSet(file: "th_tud-ud-dev.gold.txt", floor: 0.8737),
    ]

    @Test("F1 floor", arguments: goldSets)
    func f1Floor(set: GoldSet) throws {
        let url = Fixtures.sharedDirectory.appendingPathComponent("thai-seg").appendingPathComponent(set.file)
        let contents = try String(contentsOf: url, encoding: .utf8)
        let lines = SegmentationScore.goldLines(fromFileContents: contents)
        #expect(lines.count > 300)
        let score = try SegmentationScore.evaluate(goldLines: lines) { Fixtures.surfaces($0) }
        #expect(score.f1 >= set.floor, "F1 \(score.f1) on \(set.file)")
    }

    @Test("the scorer follows the protocol: whitespace and U+200B deleted, spans compared")
    func scorer() throws {
        var score = SegmentationScore()
        try score.add(gold: ["ฟัน", " ", "ผุ", "\u{200B}", "มาก"], predicted: ["ฟันผุ", "มาก"])
        #expect(score.matched == 1 && score.goldCount == 3 && score.predictedCount == 2)
        #expect(abs(score.f1 - 0.4) < 1e-9)
        #expect(throws: SegmentationScore.TextMismatch.self) { try score.add(gold: ["ab"], predicted: ["a"]) }
    }
}
