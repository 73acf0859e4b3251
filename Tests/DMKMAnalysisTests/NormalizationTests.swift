import Foundation
import Testing

@testable import DMKMAnalysis

/// Every normalization rule, through the analyzer (what the index will store).
@Suite("Normalization of index terms")
struct NormalizationTests {
    @Test("Unicode NFC: a decomposed Latin accent composes")
    func nfc() {
        #expect(Fixtures.terms("cafe\u{301}") == ["café"])
        #expect(Fixtures.terms("café") == Fixtures.terms("cafe\u{301}"))
    }

    @Test("decomposed sara am (nikhahit + sara aa) becomes ำ, with or without a tone mark between")
    func saraAm() {
        #expect(Fixtures.terms("น\u{0E4D}\u{0E32}") == ["น\u{0E33}"])
        #expect(Fixtures.terms("น\u{0E49}\u{0E4D}\u{0E32}") == ["น้ำ"])  // tone, then ํา
        #expect(Fixtures.terms("น\u{0E4D}\u{0E49}\u{0E32}") == ["น้ำ"])  // ํ, tone, า (PDF order)
        #expect(Fixtures.terms("ทํางาน").joined() == "ทำงาน")
    }

    @Test("duplicated tone marks and vowels are dropped")
    func duplicateMarks() {
        #expect(Fixtures.terms("ไม่่") == ["ไม่"])
        #expect(Fixtures.terms("ดีี") == ["ดี"])
    }

    @Test("misordered marks: tone before an upper vowel is put after it")
    func misorderedMarks() {
        // ที่ written as ท + ่ + ี
        #expect(Fixtures.terms("ท\u{0E48}\u{0E35}") == ["ที่"])
        #expect(Fixtures.terms("ท\u{0E48}\u{0E35}") == Fixtures.terms("ที่"))
    }

    @Test("doubled sara e typed for sara ae is repaired")
    func doubledSaraE() {
        #expect(Fixtures.terms("เเม่") == Fixtures.terms("แม่"))
    }

    @Test("zero-width space separates words; ZWJ, ZWNJ, soft hyphen, word joiner and BOM vanish")
    func invisibleCharacters() {
        #expect(Fixtures.terms("ฟัน\u{200B}ผุ") == ["ฟัน", "ผุ"])
        #expect(Fixtures.terms("\u{FEFF}ฟันผุ") == Fixtures.terms("ฟันผุ"))
        #expect(Fixtures.terms("ฟลูออ\u{200D}ไรด์") == ["ฟลูออไรด์"])
        #expect(Fixtures.terms("ฟลูออ\u{00AD}ไรด์") == ["ฟลูออไรด์"])
        #expect(Fixtures.terms("den\u{00AD}tal") == ["dental"])
        #expect(Fixtures.terms("ฟลูออ\u{2060}ไรด์") == ["ฟลูออไรด์"])
        // The surface keeps the original bytes, so highlighting shows what was written.
        #expect(Fixtures.surfaces("ฟลูออ\u{200D}ไรด์") == ["ฟลูออ\u{200D}ไรด์"])
    }

    @Test("full-width forms fold to ASCII")
    func fullWidth() {
        #expect(Fixtures.terms("ＤＭＫＭ　２０２２") == ["dmkm", "2022"])
        #expect(Fixtures.analyzer.tokens(in: "ＣＯＶＩＤ－１９").map(\.kind) == [.latin])
    }

    @Test("Thai digits fold to 0-9; grouping commas are dropped from numbers")
    func digits() {
        #expect(Fixtures.terms("พ.ศ. ๒๕๖๕") == ["พศ", "2565"])
        #expect(Fixtures.terms("1,000 คน") == ["1000", "คน"])
        #expect(Fixtures.terms("3.5") == ["3.5"])
    }

    @Test("Latin case folding and Porter2 stemming; short all-capital acronyms are not stemmed")
    func latinFolding() {
        #expect(Fixtures.terms("Sealants") == ["sealant"])
        #expect(Fixtures.terms("SEALANTS") == ["sealant"])
        #expect(Fixtures.terms("AIDS") == ["aids"])
        #expect(Fixtures.terms("aids") == ["aid"])
        #expect(Fixtures.terms("U.S.A.") == ["usa"])
        #expect(Fixtures.terms("children’s") == Fixtures.terms("children's"))
    }

    @Test("Thai vowels and tone marks are never dropped", arguments: ["วิทยุ", "สุขภาพ", "ผู้สูงอายุ", "ฟันผุ", "เด็กเล็ก", "ทันตกรรม"])
    func thaiMarksKept(word: String) {
        #expect(Fixtures.terms(word).joined() == word)
    }

    @Test("stop words are flagged, never removed")
    func stopWords() {
        let tokens = Fixtures.analyzer.tokens(in: "the oral health ของ เด็ก")
        #expect(tokens.map(\.term) == ["the", "oral", "health", "ของ", "เด็ก"])
        #expect(tokens.map(\.isStopWord) == [true, false, false, true, false])
    }
}
