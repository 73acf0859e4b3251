import Foundation
import Testing

@testable import DMKMAnalysis

@Suite("Bad and extreme input")
struct BadInputTests {
    @Test("invalid UTF-8 is replaced with U+FFFD and counted")
    func invalidUTF8() {
        let bytes: [UInt8] = Array("ฟัน".utf8) + [0xFF, 0xC0, 0x80] + Array("ผุ".utf8) + [0xE0, 0xB8]
        let decoded = UTF8Repair.decode(bytes)
        #expect(decoded.replacements == 4)
        #expect(decoded.text.hasPrefix("ฟัน\u{FFFD}"))
        #expect(Fixtures.analyzer.terms(in: decoded.text) == ["ฟัน", "ผุ"])
        #expect(UTF8Repair.decode(Array("ปกติ".utf8)).replacements == 0)
    }

    @Test("empty and whitespace-only input give no tokens")
    func emptyInput() {
        #expect(Fixtures.analyzer.tokens(in: "").isEmpty)
        #expect(Fixtures.analyzer.tokens(in: " \t\u{200B}\u{3000}").isEmpty)
    }

    @Test("combining marks with no base character do not crash")
    func strayMarks() {
        #expect(Fixtures.surfaces("\u{0E48}\u{0E49}") == ["\u{0E48}\u{0E49}"])
        #expect(Fixtures.surfaces("\u{301}abc") == ["\u{301}", "abc"])
        #expect(Fixtures.surfaces("ก\u{0E4D}").count == 1)
    }

    @Test("a single 10 MB line of Thai without spaces is segmented")
    func tenMegabyteThaiLine() {
        let sentence = "การจัดการความรู้ด้านทันตสาธารณสุขในโรงเรียนประถมศึกษา"
        let repeats = 10_000_000 / sentence.utf8.count + 1
        let line = String(repeating: sentence, count: repeats)
        #expect(line.utf8.count >= 10_000_000)
        let words = Fixtures.analyzer.tokens(in: line)
        let perSentence = Fixtures.analyzer.tokens(in: sentence).count
        // Chunking a run may move a boundary or two per 4096 characters, never more.
        #expect(abs(words.count - perSentence * repeats) <= repeats / 20)
        #expect(words.last?.utf8Range.upperBound == line.utf8.count)
    }
}
