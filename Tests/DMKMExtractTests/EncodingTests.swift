import Foundation
import Testing

@testable import DMKMExtract

/// The fixtures made by scripts/make-format-fixtures (sources in Tests/Fixtures/formats/src).
enum FormatFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/formats")

    static func bytes(_ name: String) throws -> [UInt8] { Array(try Data(contentsOf: directory.appendingPathComponent(name))) }

    static func source(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent("src").appendingPathComponent(name), encoding: .utf8)
    }

    static func failure(_ body: () throws(ExtractionError) -> ExtractedDocument) -> ExtractionError? {
        do {
            _ = try body()
            return nil
        } catch {
            return error
        }
    }
}

@Suite("character sets of text and HTML")
struct EncodingTests {
    /// "ทดสอบ ภาษาไทย" in TIS-620.
    static let tis620: [UInt8] = [0xB7, 0xB4, 0xCA, 0xCD, 0xBA, 0x20, 0xC0, 0xD2, 0xC9, 0xD2, 0xE4, 0xB7, 0xC2]

    @Test("valid UTF-8 stays UTF-8; TIS-620 and Windows-874 are detected; other bad bytes become U+FFFD")
    func detection() {
        let utf8 = TextEncoding.decode(Array("ภาษาไทย".utf8)[...])
        #expect(utf8 == .init(text: "ภาษาไทย", encoding: "utf-8", repairs: 0))
        let thai = TextEncoding.decode((Array("Report: ".utf8) + Self.tis620)[...])
        #expect(thai == .init(text: "Report: ทดสอบ ภาษาไทย", encoding: "tis-620", repairs: 0))
        // Curly quotes (0x93, 0x94) exist only in Windows-874.
        let windows = TextEncoding.decode(([0x93] + Self.tis620 + [0x94])[...])
        #expect(windows == .init(text: "“ทดสอบ ภาษาไทย”", encoding: "windows-874", repairs: 0))
        // Latin-1 accents stand alone between ASCII letters: not Thai.
        let latin1 = TextEncoding.decode(Array("caf".utf8 + [0xE9] + " cr".utf8 + [0xE8] + "me".utf8)[...])
        #expect(latin1.encoding == "utf-8")
        #expect(latin1.repairs == 2)
        // Mostly valid UTF-8 Thai with a few bad bytes is damaged UTF-8, not TIS-620.
        let damaged = TextEncoding.decode((Array("ภาษาไทย ".utf8) + [0xFF, 0xFE, 0xC3, 0x28] + Array(" ภาษาไทย".utf8))[...])
        #expect(damaged.encoding == "utf-8")
        #expect(damaged.text == "ภาษาไทย \u{FFFD}\u{FFFD}\u{FFFD}( ภาษาไทย")
        // Bytes TIS-620 leaves unassigned (0xDB) decode to U+FFFD, counted.
        let unassigned = TextEncoding.decode([0xDB][...], charset: "windows-874")
        #expect(unassigned?.text == "\u{FFFD}")
        #expect(unassigned?.repairs == 1)
        #expect(TextEncoding.decode([0x41][...], charset: "no-such-charset") == nil)
    }

    @Test("the TIS-620 text fixture is read, and says so")
    func tis620Text() throws {
        let data = try FormatFixtures.bytes("tis620.txt")
        #expect(FormatSniffer.format(of: data, fileName: "tis620.txt") == .text)
        let document = try PlainTextExtractor().extract(data, fileName: "tis620.txt", limits: ExtractionLimits())
        #expect(document.metadata["encoding"] == "tis-620")
        #expect(document.titles.first?.text == "บันทึกการประชุมชมรมผู้ปกครองรักษ์ฟัน")
        let source = try FormatFixtures.source("tis620.txt")
        #expect(document.body == source.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test("a text file with invalid bytes is text, read as UTF-8 with U+FFFD")
    func invalidBytes() throws {
        let data = try FormatFixtures.bytes("invalid-bytes.txt")
        #expect(FormatSniffer.format(of: data, fileName: "invalid-bytes.txt") == .text)
        let document = try PlainTextExtractor().extract(data, fileName: "invalid-bytes.txt", limits: ExtractionLimits())
        #expect(document.metadata["encoding"] == "utf-8")
        #expect(document.metadata["encoding_repairs"] == "3")
        #expect(document.body.contains("valid start \u{FFFD}\u{FFFD}\u{FFFD}( นักเรียน"))
        // Also without a name that says text.
        #expect(FormatSniffer.format(of: data, fileName: "upload") == .text)
    }

    @Test("an HTML page in Windows-874 without a declaration is detected")
    func windows874Page() throws {
        let document = try HTMLExtractor().extract(try FormatFixtures.bytes("windows874.html"), fileName: "windows874.html", limits: ExtractionLimits())
        #expect(document.metadata["encoding"] == "windows-874")
        #expect(document.titles.first?.text == "ตลาดนัดสุขภาพช่องปาก")
        #expect(document.body.contains("แจกแปรงสีฟัน “ฟรี” ให้ผู้สูงอายุ…"))
    }

    @Test("HTML: a right declaration wins; a wrong one does not")
    func htmlDeclarations() throws {
        func page(_ head: String, _ body: [UInt8]) -> [UInt8] {
            Array("<html><head>\(head)</head><body><p>".utf8) + body + Array("</p></body></html>".utf8)
        }
        // Declared TIS-620, TIS-620 bytes.
        let declared = try HTMLExtractor().extract(page("<meta charset=\"tis-620\">", Self.tis620), fileName: "a.html", limits: ExtractionLimits())
        #expect(declared.body == "ทดสอบ ภาษาไทย")
        #expect(declared.metadata["encoding"] == "tis-620")
        // Declared UTF-8, TIS-620 bytes: the declaration is wrong; the bytes are detected.
        let wrong = try HTMLExtractor().extract(page("<meta charset=\"utf-8\">", Self.tis620), fileName: "b.html", limits: ExtractionLimits())
        #expect(wrong.body == "ทดสอบ ภาษาไทย")
        #expect(wrong.metadata["encoding"] == "tis-620")
        // Declared windows-874, UTF-8 bytes: UTF-8.
        let mislabelled = try HTMLExtractor().extract(
            page("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-874\">", Array("ภาษาไทย".utf8)), fileName: "c.html",
            limits: ExtractionLimits())
        #expect(mislabelled.body == "ภาษาไทย")
        #expect(mislabelled.metadata["encoding"] == "utf-8")
        // Declared ISO-8859-1 (every byte is defined there): the declaration is followed.
        let latin = try HTMLExtractor().extract(page("<meta charset=\"iso-8859-1\">", [0x63, 0x61, 0x66, 0xE9]), fileName: "d.html", limits: ExtractionLimits())
        #expect(latin.body == "café")
        #expect(latin.metadata["encoding"] == "iso-8859-1")
    }

    @Test("Markdown and CSV-like text in TIS-620 are read too")
    func markdownAndCSV() throws {
        let markdown = try MarkdownExtractor().extract(Array("# ".utf8) + Self.tis620 + Array("\n\ntext\n".utf8), fileName: "a.md", limits: ExtractionLimits())
        #expect(markdown.titles.first?.text == "ทดสอบ ภาษาไทย")
        #expect(markdown.metadata["encoding"] == "tis-620")
        let csv = Array("name,value\n".utf8) + Self.tis620 + Array(",12\n".utf8)
        #expect(FormatSniffer.format(of: csv, fileName: "survey.csv") == .text)
        #expect(try PlainTextExtractor().extract(csv, fileName: "survey.csv", limits: ExtractionLimits()).body.contains("ทดสอบ ภาษาไทย,12"))
    }
}
