import Testing

@testable import DMKMAnalysis

@Suite("Script runs and token kinds")
struct ScriptBoundaryTests {
    @Test("Thai, Latin, digits and punctuation split even without spaces")
    func scriptRuns() {
        #expect(Fixtures.surfaces("จากCatholic") == ["จาก", "Catholic"])
        #expect(Fixtures.surfaces("ผุ123ครั้ง") == ["ผุ", "123", "ครั้ง"])
        #expect(Fixtures.surfaces("(ฟันน้ำนม)") == ["(", "ฟันน้ำนม", ")"])
        #expect(Fixtures.surfaces("“ฟัน”") == ["“", "ฟัน", "”"])
    }

    @Test("English tokens keep COVID-19, 3.5, e-mail and 13:00 whole")
    func englishTokens() {
        #expect(Fixtures.surfaces("COVID-19 rose 3.5% by e-mail at 13:00, 1,000 cases.") ==
            ["COVID-19", "rose", "3.5", "%", "by", "e-mail", "at", "13:00", ",", "1,000", "cases", "."])
        let kinds = Fixtures.analyzer.tokens(in: "COVID-19 3.5 ๑๒").map(\.kind)
        #expect(kinds == [.latin, .number, .number])
    }

    @Test("Thai abbreviations with dots are one token")
    func thaiAbbreviations() {
        #expect(Fixtures.surfaces("พ.ศ.2565") == ["พ.ศ.", "2565"])
        #expect(Fixtures.surfaces("ดร.สมชาย") == ["ดร.", "สมชาย"])
        #expect(Fixtures.analyzer.tokens(in: "ค.ศ.").map(\.kind) == [.abbreviation])
    }

    @Test("repeat mark, ellipsis mark and repeated punctuation")
    func thaiPunctuation() {
        #expect(Fixtures.surfaces("เด็กๆ") == ["เด็ก", "ๆ"])
        #expect(Fixtures.surfaces("ฯลฯ") == ["ฯลฯ"])
        #expect(Fixtures.surfaces("จริง...!!") == ["จริง", "...", "!!"])
        #expect(Fixtures.analyzer.tokens(in: "ๆ").map(\.kind) == [.punctuation])
    }

    @Test("an emoji with skin tone or variation selector is one symbol")
    func emoji() {
        #expect(Fixtures.surfaces("ดี👍🏽❤️") == ["ดี", "👍🏽", "❤️"])
        #expect(Fixtures.analyzer.tokens(in: "👍🏽").map(\.kind) == [.symbol])
        #expect(Fixtures.terms("👍🏽 !") == [])
    }

    @Test("domain dictionary words stay whole")
    func domainWords() {
        #expect(Fixtures.surfaces("โครงการเคลือบหลุมร่องฟันและฟลูออไรด์วานิช") ==
            ["โครงการ", "เคลือบหลุมร่องฟัน", "และ", "ฟลูออไรด์", "วานิช"])
        #expect(Fixtures.surfaces("ด้านทันตสาธารณสุข") == ["ด้าน", "ทันตสาธารณสุข"])
    }

    @Test("the example sentence of the tokenize command")
    func exampleSentence() {
        #expect(Fixtures.surfaces("การจัดการความรู้ในองค์กร DMKM 2565") ==
            ["การจัดการความรู้", "ใน", "องค์กร", "DMKM", "2565"])
    }
}

@Suite("Offsets")
struct OffsetTests {
    static let samples = [
        "การจัดการความรู้ในองค์กร DMKM 2565",
        "Eucerin pro acne ค่ะ ใช้แล้วสิวขึ้นเพิ่มทุกวัน 😰😰 ❤️ มาดูกันนะคะ",
        "ผลการศึกษาพบว่าเด็กอายุ 12 ปี มีฟันผุร้อยละ ๕๒.๓ (n=1,204) ในปีพ.ศ.๒๕๖๕",
        "น\u{0E4D}\u{0E32}ดื่ม ฟลูออ\u{200D}ไรด์\u{00AD}วานิช\u{200B}ได้ผล",
        "\u{FEFF}  ข้อมูล\tdata\u{3000}ＤＭＫＭ ",
    ]

    @Test("each surface is exactly the original text at its byte range, in order", arguments: samples)
    func surfacesMatchOffsets(text: String) {
        let bytes = Array(text.utf8)
        var previousEnd = 0
        for token in Fixtures.analyzer.tokens(in: text) {
            #expect(token.utf8Range.lowerBound >= previousEnd)
            #expect(String(decoding: bytes[token.utf8Range], as: UTF8.self) == token.surface)
            previousEnd = token.utf8Range.upperBound
        }
    }

    @Test("surfaces cover all non-whitespace text", arguments: samples)
    func roundTrip(text: String) {
        let ignorable: (Unicode.Scalar) -> Bool = { $0.properties.isWhitespace || $0 == "\u{200B}" || $0 == "\u{FEFF}" }
        let original = String(String.UnicodeScalarView(text.unicodeScalars.filter { !ignorable($0) }))
        let joined = Fixtures.surfaces(text).joined()
        #expect(String(String.UnicodeScalarView(joined.unicodeScalars.filter { !ignorable($0) })) == original)
    }
}
