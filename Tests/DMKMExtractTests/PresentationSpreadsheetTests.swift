import Foundation
import Testing
import ZIPFoundation

@testable import DMKMExtract

/// Rewrites a ZIP archive with some entries replaced (or dropped, with nil).
private func rezip(_ bytes: [UInt8], replacing replacements: [String: String?]) throws -> [UInt8] {
    let source = try Archive(data: Data(bytes), accessMode: .read)
    let target = try Archive(data: Data(), accessMode: .create)
    for entry in source {
        var content = Data()
        if let replacement = replacements[entry.path] {
            guard let replacement else { continue }
            content = Data(replacement.utf8)
        } else {
            _ = try source.extract(entry) { content.append($0) }
        }
        let data = content
        try target.addEntry(with: entry.path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
            data.subdata(in: Int(position)..<min(data.count, Int(position) + size))
        }
    }
    return Array(target.data ?? Data())
}

/// A ZIP of `count` empty stored entries, `first` among them first: written byte by byte (a
/// library rewrites its directory on every entry added).
private func manyEntries(_ count: Int, first: String) -> [UInt8] {
    var file: [UInt8] = []
    var directory: [UInt8] = []
    func u16(_ value: Int, _ into: inout [UInt8]) { into += [UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF)] }
    func u32(_ value: Int, _ into: inout [UInt8]) { for shift in [0, 8, 16, 24] { into.append(UInt8((value >> shift) & 0xFF)) } }
    for index in 0..<count {
        let name = Array((index == 0 ? first : "parts/\(index).xml").utf8)
        let offset = file.count
        u32(0x0403_4B50, &file); u16(20, &file); u16(0, &file); u16(0, &file); u32(0, &file)
        u32(0, &file); u32(0, &file); u32(0, &file); u16(name.count, &file); u16(0, &file)
        file += name
        u32(0x0201_4B50, &directory); u16(20, &directory); u16(20, &directory); u16(0, &directory); u16(0, &directory)
        u32(0, &directory); u32(0, &directory); u32(0, &directory); u32(0, &directory)
        u16(name.count, &directory); u16(0, &directory); u16(0, &directory); u16(0, &directory); u16(0, &directory)
        u32(0, &directory); u32(offset, &directory)
        directory += name
    }
    let directoryOffset = file.count
    file += directory
    // More than 65,535 entries: the counts saturate and a ZIP64 end record carries them.
    let zip64 = file.count
    u32(0x0606_4B50, &file); u32(44, &file); u32(0, &file); u16(45, &file); u16(45, &file); u32(0, &file); u32(0, &file)
    u32(count, &file); u32(0, &file); u32(count, &file); u32(0, &file)
    u32(directory.count, &file); u32(0, &file); u32(directoryOffset, &file); u32(0, &file)
    u32(0x0706_4B50, &file); u32(0, &file); u32(zip64, &file); u32(0, &file); u32(1, &file)
    u32(0x0605_4B50, &file); u16(0, &file); u16(0, &file); u16(0xFFFF, &file); u16(0xFFFF, &file)
    u32(0xFFFF_FFFF, &file); u32(0xFFFF_FFFF, &file); u16(0, &file)
    return file
}

@Suite("PPTX and XLSX extraction")
struct PresentationSpreadsheetTests {
    @Test("the PPTX fixture: slide titles first, text, a table, notes; not the slide numbers")
    func slides() throws {
        let data = try FormatFixtures.bytes("slides.pptx")
        #expect(FormatSniffer.format(of: data, fileName: "slides.pptx") == .pptx)
        let document = try PPTXExtractor().extract(data, fileName: "slides.pptx", limits: ExtractionLimits())
        #expect(document.titles.first?.text == "คลินิกทันตกรรมเคลื่อนที่ในโรงเรียน")
        #expect(document.metadata["slides"] == "3")
        #expect(document.authors == ["ฝ่ายทดสอบ"])
        let paragraphs = document.body.components(separatedBy: "\n\n")
        #expect(
            paragraphs == [
                "คลินิกทันตกรรมเคลื่อนที่ในโรงเรียน", "Mobile dental clinic pilot", "รถทันตกรรมออกหน่วยสัปดาห์ละสองวัน",
                "ผู้บรรยายเล่าเรื่องการนัดหมายผ่านไลน์ของผู้ปกครอง", "ผลการดำเนินงาน", "ตรวจฟันนักเรียน 860 คน", "บริการ | จำนวน",
                "เคลือบหลุมร่องฟัน | 412", "ก้าวต่อไป", "ขยายผลไปยังอำเภอชายแดน",
            ])
    }

    @Test("the XLSX fixture: sheet names and rows of shared strings and numbers")
    func spreadsheet() throws {
        let data = try FormatFixtures.bytes("survey.xlsx")
        #expect(FormatSniffer.format(of: data, fileName: "survey.xlsx") == .xlsx)
        let document = try XLSXExtractor().extract(data, fileName: "survey.xlsx", limits: ExtractionLimits())
        #expect(document.metadata["sheets"] == "2")
        #expect(
            document.body.components(separatedBy: "\n\n") == [
                "ผลสำรวจรายอำเภอ", "อำเภอ | จำนวนนักเรียน | ร้อยละฟันผุ", "อำเภอเมืองน่าน | 412 | 48.5", "อำเภอปัว | 287 | 55.1", "หมายเหตุ",
                "ข้อมูลจากแบบสำรวจสภาวะช่องปากประจำปี",
            ])
    }

    @Test("cells keep their columns; inline strings, booleans and rich text are read; errors are not text")
    func cellKinds() throws {
        let sheet = """
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
            <row r="1"><c r="A1" t="inlineStr"><is><t>ชื่อ</t></is></c><c r="C1" t="b"><v>1</v></c><c r="D1" t="e"><v>#DIV/0!</v></c></row>
            <row r="2"><c r="B2" t="s"><v>1</v></c></row></sheetData></worksheet>
            """
        let strings = """
            <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>first</t></si>\
            <si><r><t>ฟัน</t></r><r><t>ผุ</t></r><rPh><t>ふ</t></rPh></si></sst>
            """
        let data = try rezip(try FormatFixtures.bytes("survey.xlsx"), replacing: [
                "xl/worksheets/sheet1.xml": sheet, "xl/sharedStrings.xml": strings,
                "xl/worksheets/sheet2.xml": "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData/></worksheet>",
            ])
        let document = try XLSXExtractor().extract(data, fileName: "x.xlsx", limits: ExtractionLimits())
        #expect(document.body.components(separatedBy: "\n\n").prefix(3) == ["ผลสำรวจรายอำเภอ", "ชื่อ |  | TRUE", "| ฟันผุ"])
    }

    @Test("an XLSX with a bad shared-string index is malformed, naming the cell")
    func badSharedString() throws {
        let sheet = """
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>\
            <row r="1"><c r="B7" t="s"><v>99</v></c></row></sheetData></worksheet>
            """
        let data = try rezip(try FormatFixtures.bytes("survey.xlsx"), replacing: ["xl/worksheets/sheet1.xml": sheet])
        let error = FormatFixtures.failure { () throws(ExtractionError) in try XLSXExtractor().extract(data, fileName: "x.xlsx", limits: ExtractionLimits()) }
        #expect(error?.kind == .malformed)
        #expect(error?.message.contains("cell B7 refers to shared string 99") == true, "\(String(describing: error))")
    }

    @Test("a truncated PPTX is malformed; one missing a listed slide too; archive limits apply")
    func brokenPresentations() throws {
        let data = try FormatFixtures.bytes("slides.pptx")
        for cut in [data.count / 2, data.count - 30, 100] {
            let error = FormatFixtures.failure { () throws(ExtractionError) in
                try PPTXExtractor().extract(Array(data.prefix(cut)), fileName: "x.pptx", limits: ExtractionLimits())
            }
            #expect(error?.kind == .malformed, "cut at \(cut): \(String(describing: error))")
        }
        let missing = try rezip(data, replacing: ["ppt/slides/slide2.xml": nil])
        let error = FormatFixtures.failure { () throws(ExtractionError) in try PPTXExtractor().extract(missing, fileName: "x.pptx", limits: ExtractionLimits()) }
        #expect(error?.kind == .malformed)
        #expect(error?.message.contains("ppt/slides/slide2.xml") == true)
        var limits = ExtractionLimits()
        limits.maximumArchiveEntries = 5
        let tooMany = FormatFixtures.failure { () throws(ExtractionError) in try PPTXExtractor().extract(data, fileName: "x.pptx", limits: limits) }
        #expect(tooMany?.kind == .tooLarge)
        limits = ExtractionLimits()
        limits.maximumUncompressedBytes = 1_000
        let tooBig = FormatFixtures.failure { () throws(ExtractionError) in try XLSXExtractor().extract(try! FormatFixtures.bytes("survey.xlsx"), fileName: "x.xlsx", limits: limits) }
        #expect(tooBig?.kind == .tooLarge || tooBig?.kind == .limitExceeded)
    }

    @Test("a DOCX with 100,000 zip entries is too-large, not unsupported")
    func hundredThousandEntries() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("dmkm-entries-\(UUID().uuidString).docx")
        try Data(manyEntries(100_000, first: "word/document.xml")).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        do {
            _ = try Extraction.extract(file: file, limits: ExtractionLimits())
            Issue.record("extracted an archive of 100,000 entries")
        } catch {
            #expect(error.kind == .tooLarge)
            #expect(error.message == "the archive has 100000 entries, the limit is 10000")
        }
    }
}
