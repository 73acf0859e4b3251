import Foundation
import Testing

@Suite("dmkm tokenize")
struct TokenizeCommandTests {
    @Test("one output line per input line, words joined by |")
    func basic() throws {
        let result = try CLI.run(["tokenize"], input: Data("การจัดการความรู้ในองค์กร DMKM 2565\n\nฟันผุ 3.5%\n".utf8))
        #expect(result.status == 0)
        #expect(result.output == "การจัดการความรู้|ใน|องค์กร|DMKM|2565\n\nฟันผุ|3.5|%\n")
    }

    @Test("--sep and --terms")
    func separatorAndTerms() throws {
        let result = try CLI.run(["tokenize", "--sep", " / ", "--terms"], input: Data("Sealants ลด ฟันผุ, พ.ศ. ๒๕๖๕".utf8))
        #expect(result.status == 0)
        #expect(result.output == "sealant / ลด / ฟันผุ / พศ / 2565\n")
    }

    @Test("invalid UTF-8 is repaired and counted on stderr; CRLF line ends are accepted")
    func invalidInput() throws {
        var input = Data("ฟัน".utf8)
        input.append(contentsOf: [0xFF, 0xFE])
        input.append(Data("ผุ\r\nดี\n".utf8))
        let result = try CLI.run(["tokenize"], input: input)
        #expect(result.status == 0)
        #expect(result.output == "ฟัน|\u{FFFD}|\u{FFFD}|ผุ\nดี\n")
        #expect(result.stderr.contains("replaced 2 invalid UTF-8 sequences"))
    }

    @Test("streams many lines: output line count equals input line count")
    func streaming() throws {
        let line = "เด็กนักเรียนได้รับการเคลือบหลุมร่องฟัน 1,204 คน (Sealant programme)\n"
        let input = Data(String(repeating: line, count: 20_000).utf8)
        let result = try CLI.run(["tokenize"], input: input)
        #expect(result.status == 0)
        let lines = result.output.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 20_001)
        #expect(Set(lines.dropLast()).count == 1)
    }

    @Test("a user dictionary keeps its words whole; a missing one is a clear error")
    func userDictionary() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("dmkm-user-\(UUID().uuidString).txt")
        try "# our words\nกลมกล่อม\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try CLI.run(["tokenize", "--user-dictionary", file.path], input: Data("รสกลมกล่อม".utf8))
        #expect(result.output == "รส|กลมกล่อม\n")
        let missing = try CLI.run(["tokenize", "--user-dictionary", "/nonexistent/words.txt"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("/nonexistent/words.txt"))
    }
}
