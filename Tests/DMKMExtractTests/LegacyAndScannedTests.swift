import Foundation
import Testing

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
}
