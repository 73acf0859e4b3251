import Foundation
import Testing
import DMKMAnalysis

@testable import DMKMExtract

@Suite("legacy Office files (LibreOffice) and scanned PDFs (OCR)")
struct LegacyAndScannedTests {
    // MARK: legacy files

    @Test("OLE compound files are told apart by their streams; RTF by its signature")
    func sniffing() throws {
        #expect(FormatSniffer.format(of: try FormatFixtures.bytes("legacy-word.doc"), fileName: "x") == .doc)
        func compound(_ stream: String) -> [UInt8] {
            [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 64) + stream.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        }
        #expect(FormatSniffer.format(of: compound("PowerPoint Document"), fileName: "x") == .ppt)
        #expect(FormatSniffer.format(of: compound("Workbook"), fileName: "x") == .xls)
        #expect(FormatSniffer.format(of: compound("EncryptedPackage"), fileName: "x") == .docx)
        #expect(FormatSniffer.format(of: Array("{\\rtf1\\ansi hello}".utf8), fileName: "x.rtf") == .rtf)
    }

    @Test("a .doc made by LibreOffice from a corpus document is converted and read")
    func legacyWord() throws {
        let office = try #require(LegacyOfficeExtractor.officeExecutable(), "LibreOffice (soffice) is not installed: scripts/system-packages.txt lists it")
        let document = try LegacyOfficeExtractor(format: .doc, office: office).extract(
            try FormatFixtures.bytes("legacy-word.doc"), fileName: "legacy-word.doc", limits: ExtractionLimits())
        #expect(document.metadata["format"] == "doc")
        #expect(document.metadata["converted_with"] == "LibreOffice")
        #expect(document.body.contains("ผู้สูงอายุติดบ้านติดเตียงที่ใส่ฟันเทียมมักมีฟันเทียมสกปรก"))
        #expect(document.body.contains("แปรงฟันเทียมด้ามจับใหญ่หุ้มยาง | จับถนัด"))
    }

    @Test("without soffice a legacy file is refused, naming the Debian package")
    func officeMissing() {
        for (format, package) in [(DocumentFormat.doc, "libreoffice-writer-nogui"), (.ppt, "libreoffice-impress-nogui"), (.xls, "libreoffice-calc-nogui"), (.rtf, "libreoffice-writer-nogui")] {
            let error = FormatFixtures.failure { () throws(ExtractionError) in
                try LegacyOfficeExtractor(format: format, office: nil).extract([0xD0, 0xCF], fileName: "x", limits: ExtractionLimits())
            }
            #expect(error?.kind == .unsupported)
            #expect(error?.message.contains("apt-get install \(package)") == true, "\(String(describing: error))")
        }
    }

    @Test("a damaged .doc is malformed; a conversion past its time limit is stopped")
    func brokenConversions() throws {
        let office = try #require(LegacyOfficeExtractor.officeExecutable())
        let data = try FormatFixtures.bytes("legacy-word.doc")
        let damaged = FormatFixtures.failure { () throws(ExtractionError) in
            try LegacyOfficeExtractor(format: .doc, office: office).extract(Array(data.prefix(600)), fileName: "x.doc", limits: ExtractionLimits())
        }
        #expect(damaged?.kind == .malformed || damaged?.kind == .empty, "\(String(describing: damaged))")
        var limits = ExtractionLimits()
        limits.conversionTimeoutSeconds = 0.2
        let started = Date()
        let slow = FormatFixtures.failure { () throws(ExtractionError) in
            try LegacyOfficeExtractor(format: .doc, office: office).extract(data, fileName: "x.doc", limits: limits)
        }
        #expect(slow?.kind == .timeout)
        #expect(Date().timeIntervalSince(started) < 10)
    }

    // MARK: scanned PDFs

    /// The scanned fixture, recognised once for the tests that read it.
    static let scanned: Result<ExtractedDocument, ExtractionError> = Result { () throws(ExtractionError) in
        try PDFExtractor().extract(try! FormatFixtures.bytes("scanned-report.pdf"), fileName: "scanned-report.pdf", limits: ExtractionLimits())
    }

    @Test("a two-page scan is recognised in Thai and English; pages and confidence are recorded")
    func scannedReport() throws {
        let document = try Self.scanned.get()
        #expect(document.metadata["text_layer"] == "none")
        #expect(document.metadata["ocr_pages"] == "1-2")
        #expect(document.metadata["ocr_languages"] == "tha+eng")
        let confidence = try #require(document.metadata["ocr_confidence"].flatMap { Int($0) })
        #expect(confidence >= 60 && confidence <= 100)
        #expect(document.body.contains("สำนักทันตสาธารณสุข"))
        #expect(document.body.contains("Recommendations"))
        #expect(document.body.contains("แปรงฟันหลังอาหารกลางวัน"))
        // Character error rate against the source text (white space left out): about 1.5% here
        // (Tesseract drops some tone marks above upper vowels: ที่ → ที); BENCHMARKS.md has it.
        let source = try FormatFixtures.source("scanned-report.txt").replacingOccurrences(of: "%%PAGE%%", with: "")
        let rate = CharacterErrorRate.of(document.body, reference: source).rate
        #expect(rate < 0.08, "CER \(rate)")
        // Thai lines are joined without a space, like a PDF's own text.
        #expect(!document.body.replacingOccurrences(of: "\n\n", with: "").contains("\n"), "paragraphs only: \(document.body.prefix(200))")
        // The same repairs as analysis: no decomposed sara am, no tone mark before its vowel.
        #expect(!document.body.contains("\u{0E4D}\u{0E32}"))
    }

    @Test("OCR off: the scan gives no text and no error")
    func ocrOff() throws {
        var limits = ExtractionLimits()
        limits.ocr = false
        let document = try PDFExtractor().extract(try FormatFixtures.bytes("scanned-report.pdf"), fileName: "x.pdf", limits: limits)
        #expect(document.body.isEmpty)
        #expect(document.metadata["text_layer"] == "none")
        #expect(document.metadata["ocr_pages"] == nil)
    }

    @Test("a page past its OCR time limit is reported; when every page is, the file times out")
    func ocrTimeout() throws {
        var limits = ExtractionLimits()
        limits.ocrPageTimeoutSeconds = 0.001
        limits.ocrResolution = 100
        let data = try FormatFixtures.bytes("scanned-report.pdf")
        let error = FormatFixtures.failure { () throws(ExtractionError) in try PDFExtractor().extract(data, fileName: "x.pdf", limits: limits) }
        #expect(error?.kind == .timeout, "\(String(describing: error))")
        #expect(error?.message.contains("OCR") == true)
    }

    @Test("page ranges read as people write them")
    func ranges() {
        #expect(PDFPageOCR.ranges([0, 1, 2, 4]) == "1-3, 5")
        #expect(PDFPageOCR.ranges([6]) == "7")
        #expect(PDFPageOCR.ranges([]) == "")
    }
}
