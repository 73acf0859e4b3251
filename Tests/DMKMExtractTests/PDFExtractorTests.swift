import Foundation
import Testing

@testable import DMKMExtract

/// The sample PDFs (corpus/pdf, built by scripts/make-corpus-pdfs from corpus/tools/pdf-src) and
/// hostile ones made on the fly.
enum PDFFixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let corpus = root.appendingPathComponent("corpus/pdf")
    static let sources = root.appendingPathComponent("corpus/tools/pdf-src")

    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: corpus.appendingPathComponent(name + ".pdf")))
    }

    static var allNames: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: corpus.path)) ?? []
        return files.filter { $0.hasSuffix(".pdf") }.map { String($0.dropLast(4)) }.sorted()
    }

    /// The text of a PDF's HTML source: tags become spaces, the head (title, meta) is left out.
    static func sourceText(_ name: String) throws -> String {
        var html = try String(contentsOf: sources.appendingPathComponent(name + ".html.in"), encoding: .utf8)
        if let start = html.range(of: "<head>"), let end = html.range(of: "</head>") {
            html.removeSubrange(start.lowerBound..<end.upperBound)
        }
        var text = ""
        var inTag = false
        for character in html {
            if character == "<" { inTag = true; text.append(" ") } else if character == ">" { inTag = false } else if !inTag { text.append(character) }
        }
        return text
    }

    static func isThaiMark(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value == 0x0E31 || (0x0E34...0x0E3A).contains(value) || (0x0E47...0x0E4E).contains(value)
    }

    /// How often a Thai combining mark is directly followed by a space.
    static func marksBeforeSpace(_ text: String) -> Int {
        let scalars = Array(text.unicodeScalars)
        return zip(scalars, scalars.dropFirst()).filter { isThaiMark($0.0) && $0.1 == " " }.count
    }

    /// Maximal runs of Thai letters and marks (at least 4 scalars, with a combining mark).
    static func thaiRuns(_ text: String) -> Set<String> {
        var runs = Set<String>()
        var current = String.UnicodeScalarView()
        func flush() {
            if current.count >= 4 && current.contains(where: isThaiMark) { runs.insert(String(current)) }
            current = String.UnicodeScalarView()
        }
        for scalar in text.unicodeScalars {
            if (0x0E01...0x0E4E).contains(scalar.value) { current.append(scalar) } else { flush() }
        }
        flush()
        return runs
    }

    static let qpdf: URL? = {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent("qpdf")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }()

    /// `name` from the corpus encrypted by qpdf (AES-256) with the given user password ("" for an
    /// owner password only).
    static func encrypted(_ name: String, userPassword: String) throws -> [UInt8] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dmkm-pdf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("encrypted.pdf")
        let process = Process()
        process.executableURL = qpdf
        process.arguments = ["--encrypt", userPassword, "owner-secret", "256", "--", corpus.appendingPathComponent(name + ".pdf").path, output.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw QPDFFailed(status: process.terminationStatus) }
        return Array(try Data(contentsOf: output))
    }

    struct QPDFFailed: Error { var status: Int32 }

    static func extract(_ data: [UInt8], limits: ExtractionLimits = ExtractionLimits()) throws(ExtractionError) -> ExtractedDocument {
        try PDFExtractor().extract(data, fileName: "test.pdf", limits: limits)
    }

    static func error(_ data: [UInt8], limits: ExtractionLimits = ExtractionLimits()) -> ExtractionError? {
        do throws(ExtractionError) {
            _ = try extract(data, limits: limits)
            return nil
        } catch {
            return error
        }
    }
}

/// What `pdfinfo` says about each sample (Title, Author, Pages, CreationDate) and Thai words of
/// its source that must come out verbatim.
struct PDFExpectation: Sendable, CustomTestStringConvertible {
    var name: String
    var title: String
    var authors: [String]
    var pages: Int
    var year: Int
    var thaiWords: [String]
    var testDescription: String { name }

    static let all: [PDFExpectation] = [
        PDFExpectation(
            name: "cop-dental-nurses-region8-2566",
            title: "ชุมชนนักปฏิบัติทันตาภิบาล เขตสุขภาพที่ 8: Developing a fluoride varnish checklist for child development centres",
            authors: ["ศิริลักษณ์ บุญมา", "Teerapat Insawang"], pages: 2, year: 2023,
            thaiWords: ["ความเป็นมา", "ทันตาภิบาล", "ชุมชนนักปฏิบัติ", "ผู้ปกครอง"]),
        PDFExpectation(
            name: "data-quality-audit-2567",
            title: "รายงานผลการตรวจสอบคุณภาพข้อมูลบริการทันตสาธารณสุขในระบบรายงาน ปีงบประมาณ 2567 (เอกสารภายใน)",
            authors: ["กิตติยา ทองคำ", "ชัยวัฒน์ รัตนสุวรรณ"], pages: 2, year: 2024,
            thaiWords: ["วัตถุประสงค์", "วิธีการตรวจสอบ", "ข้อเสนอแนะ"]),
        PDFExpectation(
            name: "elderly-oral-function-exercise-2565",
            title: "ผลของโปรแกรมบริหารช่องปากและการกลืนต่อสมรรถภาพช่องปากของผู้สูงอายุในชมรมผู้สูงอายุ",
            authors: ["นันทนา ชูศรี", "พงศกร ศรีวงศ์"], pages: 2, year: 2022,
            thaiWords: ["บทคัดย่อ", "ผู้สูงอายุ", "สรุปและข้อเสนอแนะ", "สมรรถภาพช่องปาก"]),
        PDFExpectation(
            name: "fluoride-varnish-kindergarten-trial-2019",
            title: "Semi-annual fluoride varnish in kindergartens: a cluster randomised controlled trial",
            authors: ["Sasithorn Panyawong", "Ekkachai Siripoom", "Rungtiwa Chaiyo"], pages: 2, year: 2019, thaiWords: []),
        PDFExpectation(
            name: "oral-health-survey-region5-2566",
            title: "รายงานผลการสำรวจสภาวะสุขภาพช่องปาก เขตสุขภาพที่ 5 พ.ศ. 2566",
            authors: ["วันเพ็ญ ศรีประเสริฐ", "อดิศักดิ์ มั่นคงดี", "Naruemon Phetchara"], pages: 7, year: 2024,
            thaiWords: ["เหงือกอักเสบ", "ฟันน้ำนมผุ", "ภาคผนวก", "คำสำคัญ"]),
        PDFExpectation(
            name: "unpsa-2024-healthy-teeth-schools",
            title: "Healthy Teeth Schools: a whole-school approach to children's oral health (UNPSA 2024 submission)",
            authors: ["Bureau of Dental Public Health", "Kanyarat Methee", "Somsak Duangdee"], pages: 2, year: 2024, thaiWords: []),
    ]
}

@Suite struct PDFExtractorTests {
    // MARK: the sample corpus

    @Test func everyCorpusPDFExtracts() throws {
        let names = PDFFixtures.allNames
        #expect(names.count >= 6)
        for name in names {
            let document = try PDFFixtures.extract(PDFFixtures.bytes(name))
            #expect((Int(document.metadata["pages"] ?? "") ?? 0) > 0, "\(name): no pages")
            #expect(document.metadata["format"] == "pdf")
            #expect(document.body.count > 500, "\(name): too little text")
            #expect(!document.titles.isEmpty, "\(name): no title")
            #expect(!document.body.contains("\u{0C}"), "\(name): form feed left in the body")
            #expect(!document.body.contains("\n\n\n"), "\(name): more than one blank line")
        }
    }

    @Test(arguments: PDFExpectation.all)
    func infoDictionary(_ expected: PDFExpectation) throws {
        let document = try PDFFixtures.extract(PDFFixtures.bytes(expected.name))
        #expect(document.titles.map(\.text) == [expected.title])
        #expect(document.authors == expected.authors)
        #expect(document.year == expected.year)
        #expect(document.metadata["pages"] == String(expected.pages))
        #expect(document.metadata["subject"]?.isEmpty == false)
        #expect(document.metadata["encryption"] == nil)
    }

    @Test func keywordsAreSplit() throws {
        let document = try PDFFixtures.extract(PDFFixtures.bytes("cop-dental-nurses-region8-2566"))
        #expect(document.keywords == ["ชุมชนนักปฏิบัติ", "community of practice", "CoP", "ทันตาภิบาล", "fluoride varnish", "checklist", "ถอดบทเรียน"])
    }

    /// Raw content order keeps Thai combining marks on their base characters (physical layout
    /// would give "เป็ น"): source words come out verbatim, and a mark followed by a space is no
    /// more frequent than in the source itself.
    @Test(arguments: PDFExpectation.all.filter({ !$0.thaiWords.isEmpty }))
    func thaiTextIsExact(_ expected: PDFExpectation) throws {
        let document = try PDFFixtures.extract(PDFFixtures.bytes(expected.name))
        for word in expected.thaiWords {
            #expect(document.body.contains(word), "\(word) missing")
        }
        #expect(!document.body.contains("เป็ น"))
        let source = try PDFFixtures.sourceText(expected.name)
        let runs = PDFFixtures.thaiRuns(source)
        let missing = runs.filter { !document.body.contains($0) }
        #expect(runs.count > 20)
        #expect(missing.count * 20 <= runs.count, "Thai runs not verbatim: \(missing.sorted().prefix(10))")
        let spaced = PDFFixtures.marksBeforeSpace(document.body)
        let spacedInSource = PDFFixtures.marksBeforeSpace(source.split(whereSeparator: \.isWhitespace).joined(separator: " "))
        #expect(spaced <= spacedInSource + 3, "\(spaced) marks followed by a space, \(spacedInSource) in the source")
    }

    @Test func multiPageDocumentHasEveryPage() throws {
        let document = try PDFFixtures.extract(PDFFixtures.bytes("oral-health-survey-region5-2566"))
        #expect(document.metadata["pages"] == "7")
        // First page and last page.
        #expect(document.body.contains("บทสรุปสำหรับผู้บริหาร"))
        #expect(document.body.contains("คำสำคัญ: สำรวจสภาวะสุขภาพช่องปาก"))
    }

    @Test func englishParagraphsAreJoinedLines() throws {
        let document = try PDFFixtures.extract(PDFFixtures.bytes("fluoride-varnish-kindergarten-trial-2019"))
        let paragraphs = document.body.components(separatedBy: "\n\n")
        #expect(paragraphs.contains("Abstract"))
        #expect(paragraphs.contains("Methods"))
        #expect(paragraphs.contains { $0.hasPrefix("Kindergartens were stratified by district and size and randomly allocated to intervention or control") })
    }

    // MARK: limits

    @Test func pageLimitRefusesTheDocument() throws {
        var limits = ExtractionLimits()
        limits.maximumPDFPages = 2
        let error = PDFFixtures.error(try PDFFixtures.bytes("oral-health-survey-region5-2566"), limits: limits)
        #expect(error?.kind == .limitExceeded)
        #expect(error?.message.contains("7 pages") == true)
        // Two pages are within the same limit.
        _ = try PDFFixtures.extract(PDFFixtures.bytes("cop-dental-nurses-region8-2566"), limits: limits)
    }

    @Test func textLimit() throws {
        var limits = ExtractionLimits()
        limits.maximumTextBytes = 1000
        let error = PDFFixtures.error(try PDFFixtures.bytes("oral-health-survey-region5-2566"), limits: limits)
        #expect(error?.kind == .limitExceeded)
    }

    @Test func fileSizeLimit() throws {
        var limits = ExtractionLimits()
        limits.maximumFileBytes = 1000
        #expect(PDFFixtures.error(try PDFFixtures.bytes("cop-dental-nurses-region8-2566"), limits: limits)?.kind == .tooLarge)
    }

    // MARK: hostile and broken files

    @Test func emptyFile() {
        #expect(PDFFixtures.error([])?.kind == .empty)
    }

    @Test func truncatedFileIsMalformed() throws {
        let whole = try PDFFixtures.bytes("oral-health-survey-region5-2566")
        for fraction in [2, 3, 10] {
            let error = PDFFixtures.error(Array(whole.prefix(whole.count / fraction)))
            #expect(error?.kind == .malformed)
            #expect(error?.message.contains("truncated") == true)
        }
        // Cut just before the final %%EOF.
        let cut = Array(whole.prefix(whole.count - 7))
        #expect(PDFFixtures.error(cut)?.kind == .malformed)
    }

    @Test func randomBytesAfterAHeaderAreMalformed() {
        var generator = SystemRandomNumberGenerator()
        var bytes = Array("%PDF-1.7\n".utf8)
        for _ in 0..<4096 { bytes.append(UInt8.random(in: 0...255, using: &generator)) }
        #expect(PDFFixtures.error(bytes)?.kind == .malformed)
        // With an end marker too, so poppler itself has to give up.
        let withEnd = bytes + Array("\n%%EOF\n".utf8)
        let error = PDFFixtures.error(withEnd)
        #expect(error?.kind == .malformed)
        #expect(error?.message.contains("poppler") == true)
        #expect(PDFFixtures.error(Array("%PDF-1.4\n%%EOF\n".utf8))?.kind == .malformed)
    }

    @Test func damagedMiddleNeverCrashes() throws {
        // Overwrite a stretch in the middle (object streams, page content): poppler either
        // recovers or reports it; the extractor must not crash either way.
        var bytes = try PDFFixtures.bytes("cop-dental-nurses-region8-2566")
        for index in (bytes.count / 3)..<(bytes.count / 3 + 2000) { bytes[index] = 0x20 }
        if let error = PDFFixtures.error(bytes) {
            #expect(error.kind == .malformed, "\(error)")
        } else {
            #expect(try PDFFixtures.extract(bytes).metadata["format"] == "pdf")
        }
    }

    @Test(.enabled(if: PDFFixtures.qpdf != nil, "needs qpdf (scripts/system-packages.txt)"))
    func passwordProtectedPDFIsRefused() throws {
        let bytes = try PDFFixtures.encrypted("fluoride-varnish-kindergarten-trial-2019", userPassword: "user-secret")
        let error = PDFFixtures.error(bytes)
        #expect(error?.kind == .encrypted)
        #expect(error?.message.contains("password") == true)
    }

    @Test(.enabled(if: PDFFixtures.qpdf != nil, "needs qpdf (scripts/system-packages.txt)"))
    func ownerPasswordOnlyIsReadable() throws {
        let bytes = try PDFFixtures.encrypted("fluoride-varnish-kindergarten-trial-2019", userPassword: "")
        let document = try PDFFixtures.extract(bytes)
        #expect(document.metadata["encryption"] == "owner-password")
        #expect(document.body.contains("Fluoride varnish applied twice a year in kindergartens"))
        #expect(document.authors.count == 3)
    }

    // MARK: text cleanup and metadata parsing

    @Test func latinHyphenationIsJoined() {
        #expect(PDFText.clean("This is an exam-\nple of hyphen-\nation here") == "This is an example of hyphenation here")
        // Not a hyphenated word: kept, the line break becomes a space.
        #expect(PDFText.clean("Ages 35-\n44 years") == "Ages 35- 44 years")
        #expect(PDFText.clean("soft\u{AD}\nhyphen") == "softhyphen")
    }

    @Test func lineBreaks() {
        #expect(PDFText.clean("fluoride varnish\nin kindergartens") == "fluoride varnish in kindergartens")
        // Thai has no spaces between words: a line break between Thai letters joins them.
        #expect(PDFText.clean("มีฟันผุร้อย\nละ 58.4") == "มีฟันผุร้อยละ 58.4")
        #expect(PDFText.clean("ค่าเฉลี่ย\nDMFT") == "ค่าเฉลี่ย DMFT")
        #expect(PDFText.clean("first paragraph\n\nsecond paragraph") == "first paragraph\n\nsecond paragraph")
        #expect(PDFText.clean("page one\u{0C}page two\u{0C}") == "page one\n\npage two")
        #expect(PDFText.clean("aaaaa\r\nb\tc  d\n") == "aaaaa b c d")
        #expect(PDFText.clean("  \n\u{0C}\n") == "")
    }

    @Test func paragraphsFromLineWidths() {
        let raw = """
            The first paragraph has a long first line that fills the column
            and a short last line.
            The second paragraph starts here and also fills the column fully
            before ending.
            • a list item
            • another one
            """
        #expect(PDFText.clean(raw) == """
            The first paragraph has a long first line that fills the column and a short last line.

            The second paragraph starts here and also fills the column fully before ending.

            • a list item

            • another one
            """)
    }

    @Test func pdfDates() {
        #expect(PDFExtractor.year(fromPDFDate: "D:20230920000000Z") == 2023)
        #expect(PDFExtractor.year(fromPDFDate: "D:20240315000000+07'00'") == 2024)
        #expect(PDFExtractor.year(fromPDFDate: "2019") == 2019)
        // Written in the Buddhist Era by a Thai-locale producer.
        #expect(PDFExtractor.year(fromPDFDate: "D:25660101000000") == 2023)
        #expect(PDFExtractor.year(fromPDFDate: "D:00000101000000") == nil)
        #expect(PDFExtractor.year(fromPDFDate: "Tue Oct 1 2019") == nil)
        #expect(PDFExtractor.year(fromPDFDate: "") == nil)
    }

    @Test func authorsKeywordsAndTitles() {
        #expect(PDFExtractor.authors("A. Author; B. Author ;; ") == ["A. Author", "B. Author"])
        #expect(PDFExtractor.authors("Insawang, Teerapat") == ["Insawang, Teerapat"])
        #expect(PDFExtractor.keywords("caries, fluoride; Caries ,  sealant ") == ["caries", "fluoride", "sealant"])
        #expect(PDFExtractor.cleanTitle("Microsoft Word - รายงานประจำปี 2566") == "รายงานประจำปี 2566")
        #expect(PDFExtractor.cleanTitle("report-final.docx") == nil)
        #expect(PDFExtractor.cleanTitle("Untitled") == nil)
        #expect(PDFExtractor.cleanTitle("  Oral   health\nsurvey ") == "Oral health survey")
    }
}
