import Foundation
import Testing
import ZIPFoundation

@testable import DMKMExtract

/// The package root, from this file's path (Tests/DMKMExtractTests/...).
private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

private func corpusFiles(_ folder: String, extension: String) throws -> [URL] {
    let directory = packageRoot.appendingPathComponent("corpus").appendingPathComponent(folder)
    return try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix("." + `extension`) }.sorted()
        .map { directory.appendingPathComponent($0) }
}

private func corpusBytes(_ path: String) throws -> [UInt8] {
    Array(try Data(contentsOf: packageRoot.appendingPathComponent("corpus").appendingPathComponent(path)))
}

/// Runs `body`, expecting an `ExtractionError`; returns it.
private func extractionError(_ body: () throws(ExtractionError) -> ExtractedDocument) -> ExtractionError? {
    do {
        _ = try body()
        return nil
    } catch {
        return error
    }
}

/// A ZIP archive written byte by byte, so tests can make the broken and lying ones that real
/// tools refuse to write.
private struct HandMadeZip {
    struct Item {
        var name: String
        var content: [UInt8]
        var deflate = true
        /// Overrides for what the headers declare.
        var declaredUncompressedSize: UInt32?
        var rawCompressed: [UInt8]?
        var flags: UInt16 = 0
        var method: UInt16?
    }

    var items: [Item] = []

    mutating func add(_ name: String, _ text: String, deflate: Bool = true) {
        items.append(Item(name: name, content: Array(text.utf8), deflate: deflate))
    }

    static func deflated(_ bytes: [UInt8]) throws -> [UInt8] {
        var output: [UInt8] = []
        let data = Data(bytes)
        _ = try Data.compress(size: Int64(data.count), bufferSize: 64 * 1024, provider: { position, size in
            data.subdata(in: Int(position)..<min(data.count, Int(position) + size))
        }, consumer: { output.append(contentsOf: $0) })
        return output
    }

    func bytes() throws -> [UInt8] {
        var file: [UInt8] = []
        var directory: [UInt8] = []
        func u16(_ value: UInt16, _ into: inout [UInt8]) { into += [UInt8(value & 0xFF), UInt8(value >> 8)] }
        func u32(_ value: UInt32, _ into: inout [UInt8]) { for shift in stride(from: 0, to: 32, by: 8) { into.append(UInt8((value >> UInt32(shift)) & 0xFF)) } }
        for item in items {
            let offset = UInt32(file.count)
            let method: UInt16 = item.method ?? (item.deflate ? 8 : 0)
            let compressed = try item.rawCompressed ?? (item.deflate ? Self.deflated(item.content) : item.content)
            let crc = Data(item.content).crc32(checksum: 0)
            let size = item.declaredUncompressedSize ?? UInt32(item.content.count)
            let name = Array(item.name.utf8)
            // Local header.
            u32(0x0403_4B50, &file); u16(20, &file); u16(item.flags, &file); u16(method, &file); u32(0, &file)
            u32(crc, &file); u32(UInt32(compressed.count), &file); u32(size, &file); u16(UInt16(name.count), &file); u16(0, &file)
            file += name
            file += compressed
            // Central directory record.
            u32(0x0201_4B50, &directory); u16(20, &directory); u16(20, &directory); u16(item.flags, &directory); u16(method, &directory)
            u32(0, &directory); u32(crc, &directory); u32(UInt32(compressed.count), &directory); u32(size, &directory)
            u16(UInt16(name.count), &directory); u16(0, &directory); u16(0, &directory); u16(0, &directory); u16(0, &directory)
            u32(0, &directory); u32(offset, &directory)
            directory += name
        }
        let directoryOffset = UInt32(file.count)
        file += directory
        u32(0x0605_4B50, &file); u16(0, &file); u16(0, &file); u16(UInt16(items.count), &file); u16(UInt16(items.count), &file)
        u32(UInt32(directory.count), &file); u32(directoryOffset, &file); u16(0, &file)
        return file
    }
}

private let minimalDocument = """
    <?xml version="1.0" encoding="UTF-8"?>
    <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>\
    <w:p><w:r><w:t>Hello</w:t></w:r></w:p></w:body></w:document>
    """

/// A DOCX whose word/document.xml is `size` bytes of zeros, compressed: built through a
/// streaming provider, so neither the test nor the archive ever holds the zeros.
private func zeroBomb(size: Int) throws -> [UInt8] {
    let archive = try Archive(data: Data(), accessMode: .create)
    let types = Data("<Types/>".utf8)
    try archive.addEntry(with: "[Content_Types].xml", type: .file, uncompressedSize: Int64(types.count), compressionMethod: .deflate) { position, size in
        types.subdata(in: Int(position)..<min(types.count, Int(position) + size))
    }
    try archive.addEntry(with: "word/document.xml", type: .file, uncompressedSize: Int64(size), compressionMethod: .deflate, bufferSize: 1 << 20) { _, chunk in
        Data(count: chunk)
    }
    return Array(archive.data ?? Data())
}

/// Built once: 200 MB of zeros in about 200 KB.
private let bomb200MB: Result<[UInt8], any Error> = Result { try zeroBomb(size: 200 * 1024 * 1024) }

@Suite("DOCX and ODT extraction")
struct OfficeExtractorTests {
    // MARK: the corpus

    @Test("every corpus DOCX extracts, with title, text and a table")
    func corpusDOCX() throws {
        let files = try corpusFiles("docx", extension: "docx")
        #expect(files.count == 6)
        for url in files {
            let data = Array(try Data(contentsOf: url))
            #expect(FormatSniffer.format(of: data, fileName: url.lastPathComponent) == .docx)
            let document = try DOCXExtractor().extract(data, fileName: url.lastPathComponent, limits: ExtractionLimits())
            #expect(!document.titles.isEmpty, "\(url.lastPathComponent)")
            #expect(!document.authors.isEmpty, "\(url.lastPathComponent)")
            #expect(document.year != nil, "\(url.lastPathComponent)")
            #expect(document.body.count > 1_000, "\(url.lastPathComponent)")
            #expect(document.body.contains(" | "), "\(url.lastPathComponent) has a table")
            #expect(!document.body.contains("<w:"), "\(url.lastPathComponent)")
            #expect(document.metadata["format"] == "docx")
        }
    }

    @Test("every corpus ODT extracts, with title, text and a table")
    func corpusODT() throws {
        let files = try corpusFiles("odt", extension: "odt")
        #expect(files.count == 6)
        for url in files {
            let data = Array(try Data(contentsOf: url))
            #expect(FormatSniffer.format(of: data, fileName: url.lastPathComponent) == .odt)
            let document = try ODTExtractor().extract(data, fileName: url.lastPathComponent, limits: ExtractionLimits())
            #expect(!document.titles.isEmpty, "\(url.lastPathComponent)")
            #expect(!document.authors.isEmpty, "\(url.lastPathComponent)")
            #expect(document.year != nil, "\(url.lastPathComponent)")
            #expect(document.body.count > 1_000, "\(url.lastPathComponent)")
            #expect(document.body.contains(" | "), "\(url.lastPathComponent) has a table")
            #expect(document.metadata["format"] == "odt")
            #expect(document.metadata["mimetype"] == "application/vnd.oasis.opendocument.text")
        }
    }

    @Test("English DOCX: core properties and body, checked by hand")
    func workforceDOCX() throws {
        let document = try DOCXExtractor().extract(
            try corpusBytes("docx/dental-workforce-distribution-2021.docx"), fileName: "dental-workforce-distribution-2021.docx", limits: ExtractionLimits())
        #expect(document.titles.map(\.text) == ["Distribution of dental nurses and dentists in primary care: gaps and options for sub-district health promoting hospitals"])
        #expect(document.authors == ["Chayanin Phuangmala", "Boonsong Rakthai"])
        #expect(document.year == 2021)
        #expect(document.keywords == ["dental workforce", "dental nurse", "primary care", "health promoting hospital", "human resources for health"])
        #expect(document.languages == ["en"])
        #expect(document.abstracts.first?.text.hasPrefix("Analysis of the 2020 workforce register") == true)
        #expect(document.metadata["subject"] == "Dental workforce analysis, primary health care")
        #expect(document.metadata["company"] == "สำนักทันตสาธารณสุข กรมอนามัย")
        let paragraphs = document.body.components(separatedBy: "\n\n")
        #expect(paragraphs.first == document.titles.first?.text)
        #expect(paragraphs.contains("Abstract"))
        #expect(document.body.contains("Only 47.3% of SHPHs had a full-time dental nurse"))
        #expect(document.body.contains("Thailand trains dental nurses (ทันตาภิบาล) in two-year"))
    }

    @Test("Thai DOCX: Thai metadata, entity-escaped quotes, a table row per paragraph")
    func dentureKitDOCX() throws {
        let document = try DOCXExtractor().extract(
            try corpusBytes("docx/denture-cleaning-kit-2566.docx"), fileName: "denture-cleaning-kit-2566.docx", limits: ExtractionLimits())
        #expect(document.titles.map(\.text) == ["นวัตกรรมชุดดูแลฟันเทียมสำหรับผู้สูงอายุติดบ้านติดเตียง \"ฟันเทียมสะอาด ยิ้มสดใส\""])
        #expect(document.authors == ["จันทร์เพ็ญ ศรีสมบูรณ์", "วรพล มั่นคง"])
        #expect(document.year == 2023)
        #expect(document.languages == ["th"])
        #expect(document.keywords.first == "นวัตกรรม")
        let paragraphs = document.body.components(separatedBy: "\n\n")
        #expect(paragraphs.contains("อุปกรณ์ | ประโยชน์ | ราคา (บาท)"))
        #expect(document.body.contains("ผู้สูงอายุติดบ้านติดเตียงที่ใส่ฟันเทียมมักมีฟันเทียมสกปรก"))
        #expect(document.body.contains("(denture stomatitis)"))
    }

    @Test("ODT: meta.xml and content.xml, checked by hand")
    func budgetODT() throws {
        let document = try ODTExtractor().extract(try corpusBytes("odt/budget-review-2568.odt"), fileName: "budget-review-2568.odt", limits: ExtractionLimits())
        #expect(document.titles.map(\.text) == ["รายงานทบทวนการจัดสรรงบประมาณโครงการทันตสาธารณสุข ปีงบประมาณ 2568 (เอกสารภายใน)"])
        #expect(document.authors == ["สุภาวดี นิลสุวรรณ", "กลุ่มยุทธศาสตร์และแผนงาน"])
        #expect(document.year == 2024)
        #expect(document.keywords == ["งบประมาณ", "แผนงาน", "การจัดสรร", "เอกสารภายใน"])
        #expect(document.abstracts.first?.text == "รายงานทบทวนการจัดสรรงบประมาณภายในสำนัก รหัส INTERNALONLYDELTA")
        #expect(document.languages == ["th"])
        let paragraphs = document.body.components(separatedBy: "\n\n")
        #expect(paragraphs.contains("1. ภาพรวม"))
        #expect(paragraphs.contains("แผนงาน | ปี 2567 (ล้านบาท) | ร่างปี 2568 (ล้านบาท) | เปลี่ยนแปลง (ร้อยละ)"))
        #expect(paragraphs.contains("ทันตสุขภาพเด็กปฐมวัยและวัยเรียน | 18.4 | 16.2 | -12.0"))
        #expect(paragraphs.contains("รวม | 52.9 | 48.6 | -8.1"))
        #expect(document.body.contains("INTERNALONLYDELTA"))
    }

    @Test("ODT without a sidecar title: everything from meta.xml")
    func learningOrganisationODT() throws {
        let document = try ODTExtractor().extract(
            try corpusBytes("odt/learning-organisation-assessment-2020.odt"), fileName: "x.odt", limits: ExtractionLimits())
        #expect(document.titles.map(\.text) == ["Assessing the Bureau of Dental Public Health as a learning organisation: a staff survey"])
        #expect(document.authors == ["Piyanut Sangkaew", "Montri Charoensuk"])
        #expect(document.year == 2020)
        #expect(document.languages == ["en"])
    }

    @Test("ODT: escaped characters and Thai digits come through")
    func parentCoachingODT() throws {
        let document = try ODTExtractor().extract(try corpusBytes("odt/ecc-parent-coaching-2564.odt"), fileName: "x.odt", limits: ExtractionLimits())
        #expect(document.body.contains("(p<0.001)"))
        #expect(document.body.contains("พ.ศ. ๒๕๖๔"))
        #expect(document.keywords.contains("parent coaching"))
    }

    @Test("internal-only words are in the text of their documents", arguments: [
        ("docx/tpsa-2568-elderly-service-draft.docx", "INTERNALONLYALPHA"), ("docx/km-action-plan-2567.docx", "INTERNALONLYBRAVO"),
        ("odt/sealant-mobile-unit-internal-2566.odt", "INTERNALONLYCHARLIE"), ("odt/budget-review-2568.odt", "INTERNALONLYDELTA"),
    ])
    func internalWords(path: String, word: String) throws {
        let data = try corpusBytes(path)
        let format = FormatSniffer.format(of: data, fileName: path)
        let extractor: any DocumentExtractor = format == .odt ? ODTExtractor() : DOCXExtractor()
        #expect(try extractor.extract(data, fileName: path, limits: ExtractionLimits()).body.contains(word))
    }

    // MARK: content decides

    @Test("a DOCX renamed .odt is sniffed and read as the Word document it is")
    func renamedDOCX() throws {
        let data = try corpusBytes("docx/sugar-tax-policy-brief-2022.docx")
        #expect(FormatSniffer.format(of: data, fileName: "policy-brief.odt") == .docx)
        let expected = try DOCXExtractor().extract(data, fileName: "sugar-tax-policy-brief-2022.docx", limits: ExtractionLimits())
        // Even handed to the ODT extractor, the content decides.
        let viaODT = try ODTExtractor().extract(data, fileName: "policy-brief.odt", limits: ExtractionLimits())
        #expect(viaODT == expected)
        #expect(expected.titles.first?.text == "Policy brief: using the sugar-sweetened beverage tax to protect children's teeth")
    }

    @Test("an ODT handed to the DOCX extractor is read as OpenDocument")
    func renamedODT() throws {
        let data = try corpusBytes("odt/tele-dentistry-consultation-2023.odt")
        #expect(FormatSniffer.format(of: data, fileName: "consultation.docx") == .odt)
        let viaDOCX = try DOCXExtractor().extract(data, fileName: "consultation.docx", limits: ExtractionLimits())
        #expect(viaDOCX == (try ODTExtractor().extract(data, fileName: "x.odt", limits: ExtractionLimits())))
        #expect(viaDOCX.authors == ["Sakchai Rungsawang", "Ploypailin Wattanasiri"])
    }

    // MARK: markup details

    @Test("tabs, breaks, text boxes, deleted text and field codes in WordprocessingML")
    func wordInlineMarkup() throws {
        var zip = HandMadeZip()
        zip.add("word/document.xml", """
            <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" \
            xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>
            <w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t>Styled title</w:t></w:r></w:p>
            <w:p><w:r><w:t xml:space="preserve">one</w:t><w:tab/><w:t>two</w:t><w:br/><w:t>three</w:t></w:r>\
            <w:del><w:r><w:delText>GONE</w:delText></w:r></w:del><w:r><w:instrText>PAGE</w:instrText></w:r>\
            <w:hyperlink><w:r><w:t> linked</w:t></w:r></w:hyperlink></w:p>
            <w:p><w:r><mc:AlternateContent><mc:Choice><w:drawing><w:txbxContent><w:p><w:r><w:t>In a box</w:t></w:r></w:p>\
            </w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>In a box</w:t></w:r></w:p>\
            </w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>
            <w:p/>
            <w:tbl><w:tr><w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>b</w:t></w:r></w:p><w:p><w:r><w:t>c</w:t></w:r></w:p></w:tc></w:tr>\
            <w:tr><w:tc><w:p/></w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl>
            <w:sectPr/></w:body></w:document>
            """)
        let document = try DOCXExtractor().extract(try zip.bytes(), fileName: "x.docx", limits: ExtractionLimits())
        #expect(document.body == "Styled title\n\none\ttwo\nthree linked\n\nIn a box\n\na | b c")
        #expect(document.titles.map(\.text) == ["Styled title"])  // no core.xml: the Title-styled paragraph
    }

    @Test("spaces, tabs, line breaks, lists, notes and tracked deletions in ODF")
    func odfInlineMarkup() throws {
        var zip = HandMadeZip()
        zip.add("mimetype", "application/vnd.oasis.opendocument.text", deflate: false)
        zip.add("content.xml", """
            <office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" \
            xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0">\
            <office:body><office:text>
              <text:tracked-changes><text:changed-region><text:deletion><text:p>DELETED</text:p></text:deletion></text:changed-region></text:tracked-changes>
              <text:h text:outline-level="1">Heading</text:h>
              <text:p>a<text:s text:c="3"/>b<text:tab/>c<text:line-break/>d   e
                 f<text:note><text:note-citation>1</text:note-citation><text:note-body><text:p>A footnote</text:p></text:note-body></text:note></text:p>
              <text:p>bomb<text:s text:c="999999999"/>end</text:p>
              <text:list><text:list-item><text:p>first item</text:p></text:list-item>\
              <text:list-item><text:list><text:list-item><text:p>nested item</text:p></text:list-item></text:list></text:list-item></text:list>
              <table:table><table:table-header-rows><table:table-row><table:table-cell><text:p>h1</text:p></table:table-cell>\
              <table:table-cell><text:p>h2</text:p></table:table-cell></table:table-row></table:table-header-rows>\
              <table:table-row><table:table-cell><text:p>v1</text:p></table:table-cell><table:covered-table-cell/>\
              <table:table-cell><text:p>v2</text:p></table:table-cell></table:table-row></table:table>
            </office:text></office:body></office:document-content>
            """)
        let document = try ODTExtractor().extract(try zip.bytes(), fileName: "x.odt", limits: ExtractionLimits())
        let paragraphs = document.body.components(separatedBy: "\n\n")
        #expect(paragraphs[0] == "Heading")
        #expect(paragraphs[1] == "a   b\tc\nd e f")
        #expect(paragraphs[2] == "A footnote")
        #expect(paragraphs[3] == "bomb" + String(repeating: " ", count: ODFText.maximumSpaces) + "end")
        #expect(Array(paragraphs[4...]) == ["first item", "nested item", "h1 | h2", "v1 | v2"])
        #expect(!document.body.contains("DELETED"))
    }

    // MARK: broken and hostile archives

    @Test("a DOCX cut in half is malformed", arguments: ["docx/km-action-plan-2567.docx", "odt/ecc-parent-coaching-2564.odt"])
    func truncated(path: String) throws {
        let data = try corpusBytes(path)
        let half = Array(data.prefix(data.count / 2))
        for extractor in [DOCXExtractor() as any DocumentExtractor, ODTExtractor()] {
            let error = extractionError { () throws(ExtractionError) in try extractor.extract(half, fileName: path, limits: ExtractionLimits()) }
            #expect(error?.kind == .malformed, "\(String(describing: error))")
        }
    }

    @Test("damaged compressed data is malformed, never wrong text")
    func corruptedEntry() throws {
        var data = try corpusBytes("docx/quality-brushing-schools-2565.docx")
        // Flip bytes inside word/document.xml's compressed data (the largest entry, near the end).
        let directory = try #require(try? ZIPDirectory(data, maximumEntries: 100))
        let record = try #require(directory.records.max { $0.compressedSize < $1.compressedSize })
        let range = try ZIPDirectory.dataRange(of: record, in: data, path: "word/document.xml")
        for offset in stride(from: range.lowerBound + 100, to: range.lowerBound + 400, by: 7) { data[offset] ^= 0x5A }
        let error = extractionError { () throws(ExtractionError) in try DOCXExtractor().extract(data, fileName: "x.docx", limits: ExtractionLimits()) }
        #expect(error?.kind == .malformed, "\(String(describing: error))")
    }

    @Test("a ZIP without word/document.xml or content.xml is malformed")
    func missingMainPart() throws {
        var zip = HandMadeZip()
        zip.add("[Content_Types].xml", "<Types/>")
        zip.add("word/styles.xml", "<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"/>")
        let data = try zip.bytes()
        let docx = extractionError { () throws(ExtractionError) in try DOCXExtractor().extract(data, fileName: "x.docx", limits: ExtractionLimits()) }
        #expect(docx?.kind == .malformed)
        #expect(docx?.message.contains("word/document.xml") == true)

        var other = HandMadeZip()
        other.add("readme.txt", "not an office file")
        let odt = extractionError { () throws(ExtractionError) in try ODTExtractor().extract(try! other.bytes(), fileName: "x.odt", limits: ExtractionLimits()) }
        #expect(odt?.kind == .malformed)
        #expect(odt?.message.contains("content.xml") == true)
    }

    @Test("another OOXML package (a workbook) is not read as a Word document")
    func workbook() throws {
        var zip = HandMadeZip()
        zip.add("[Content_Types].xml", "<Types/>")
        zip.add("_rels/.rels", """
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" \
            Target="xl/workbook.xml"/></Relationships>
            """)
        zip.add("xl/workbook.xml", "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"/>")
        let error = extractionError { () throws(ExtractionError) in try DOCXExtractor().extract(try! zip.bytes(), fileName: "x.docx", limits: ExtractionLimits()) }
        #expect(error?.kind == .unsupported)
        #expect(error?.message.contains("xl/workbook.xml") == true)
    }

    @Test("the main part is found through the package relationships")
    func relationshipTarget() throws {
        var zip = HandMadeZip()
        zip.add("[Content_Types].xml", "<Types/>")
        zip.add("_rels/.rels", """
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" \
            Target="/word/./main.xml"/></Relationships>
            """)
        zip.add("word/main.xml", minimalDocument)
        #expect(try DOCXExtractor().extract(try zip.bytes(), fileName: "x.docx", limits: ExtractionLimits()).body == "Hello")
    }

    @Test("not a ZIP at all, or empty")
    func notAZip() {
        let text = Array("plain words, not an archive".utf8)
        #expect(extractionError { () throws(ExtractionError) in try DOCXExtractor().extract(text, fileName: "x.docx", limits: ExtractionLimits()) }?.kind == .malformed)
        #expect(extractionError { () throws(ExtractionError) in try ODTExtractor().extract([], fileName: "x.odt", limits: ExtractionLimits()) }?.kind == .empty)
    }

    @Test("malformed XML in the main part names the part and the line")
    func malformedXML() throws {
        var zip = HandMadeZip()
        zip.add("word/document.xml", "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\n<w:body>\n<w:p></w:body>")
        let error = extractionError { () throws(ExtractionError) in try DOCXExtractor().extract(try! zip.bytes(), fileName: "x.docx", limits: ExtractionLimits()) }
        #expect(error?.kind == .malformed)
        #expect(error?.message.hasPrefix("word/document.xml: line 3") == true, "\(String(describing: error))")
    }

    @Test("a damaged metadata part costs the metadata, not the text")
    func damagedCoreProperties() throws {
        var zip = HandMadeZip()
        zip.add("word/document.xml", minimalDocument)
        zip.add("docProps/core.xml", "<cp:coreProperties><dc:title>unclosed")
        let document = try DOCXExtractor().extract(try zip.bytes(), fileName: "x.docx", limits: ExtractionLimits())
        #expect(document.body == "Hello")
        #expect(document.metadata["metadata_error"]?.hasPrefix("docProps/core.xml") == true)
    }

    @Test("a zip bomb (200 MB of zeros) is refused from its declared sizes, before decompressing", .timeLimit(.minutes(2)))
    func zipBomb() throws {
        let data = try bomb200MB.get()
        #expect(data.count < 2 * 1024 * 1024)
        let error = extractionError { () throws(ExtractionError) in try DOCXExtractor().extract(data, fileName: "bomb.docx", limits: ExtractionLimits()) }
        #expect(error?.kind == .limitExceeded, "\(String(describing: error))")
        #expect(error?.message.contains("word/document.xml") == true)
        #expect(error?.message.contains("zip bomb") == true)

        // With a lower archive limit, the declared size alone is too large.
        var limits = ExtractionLimits()
        limits.maximumUncompressedBytes = 100 * 1024 * 1024
        let tooLarge = extractionError { () throws(ExtractionError) in try DOCXExtractor().extract(data, fileName: "bomb.docx", limits: limits) }
        #expect(tooLarge?.kind == .tooLarge, "\(String(describing: tooLarge))")
        #expect(tooLarge?.message.contains("word/document.xml") == true)
    }

    @Test("declared sizes that lie: bytes are counted as they come out", .timeLimit(.minutes(1)))
    func lyingSizes() throws {
        // 4 MB of text that declares 1,000 bytes: within every declared limit.
        var content = Array("<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>".utf8)
        content += [UInt8](repeating: UInt8(ascii: "a"), count: 4 << 20)
        content += Array("</w:t></w:r></w:p></w:body></w:document>".utf8)
        var zip = HandMadeZip()
        zip.items.append(.init(name: "word/document.xml", content: content, declaredUncompressedSize: 1_000))
        let data = try zip.bytes()

        // Past the archive's total.
        var limits = ExtractionLimits()
        limits.maximumUncompressedBytes = 2 << 20
        limits.maximumCompressionRatio = 100_000
        let total = extractionError { () throws(ExtractionError) in try DOCXExtractor().extract(data, fileName: "x.docx", limits: limits) }
        #expect(total?.kind == .limitExceeded, "\(String(describing: total))")
        #expect(total?.message.contains("word/document.xml decompresses past the archive limit") == true)

        // Past the compression ratio (4 MB of one letter deflates about 1000:1).
        let ratio = extractionError { () throws(ExtractionError) in try DOCXExtractor().extract(data, fileName: "x.docx", limits: ExtractionLimits()) }
        #expect(ratio?.kind == .limitExceeded, "\(String(describing: ratio))")
        #expect(ratio?.message.contains("times its compressed size") == true)

        // Honest about it and within the limits, the same entry reads.
        var honest = HandMadeZip()
        honest.items.append(.init(name: "word/document.xml", content: content))
        var generous = ExtractionLimits()
        generous.maximumCompressionRatio = 10_000
        let document = try DOCXExtractor().extract(try honest.bytes(), fileName: "x.docx", limits: generous)
        #expect(document.body.count == 4 << 20)
    }

    @Test("a deflate stream that never ends inside its entry is malformed, not a hang", .timeLimit(.minutes(1)))
    func endlessStream() throws {
        // A stored block that is not the last one and claims 65,535 bytes: the rest of the file
        // (the central directory) would be swallowed as its data, and the stream never ends.
        var zip = HandMadeZip()
        zip.items.append(.init(name: "word/document.xml", content: Array(minimalDocument.utf8), rawCompressed: [0x00, 0xFF, 0xFF, 0x00, 0x00, 0x3C]))
        let error = extractionError { () throws(ExtractionError) in try DOCXExtractor().extract(try! zip.bytes(), fileName: "x.docx", limits: ExtractionLimits()) }
        #expect(error?.kind == .malformed, "\(String(describing: error))")
        #expect(error?.message.contains("word/document.xml") == true)
    }

    @Test("too many entries is too-large")
    func tooManyEntries() throws {
        var limits = ExtractionLimits()
        limits.maximumArchiveEntries = 3
        let data = try corpusBytes("docx/km-action-plan-2567.docx")
        let error = extractionError { () throws(ExtractionError) in try DOCXExtractor().extract(data, fileName: "x.docx", limits: limits) }
        #expect(error?.kind == .tooLarge)
        #expect(error?.message == "the archive has 7 entries, the limit is 3")
    }

    @Test("a file over the size limit is too large")
    func fileTooLarge() throws {
        var limits = ExtractionLimits()
        limits.maximumFileBytes = 1_000
        let data = try corpusBytes("odt/budget-review-2568.odt")
        let error = extractionError { () throws(ExtractionError) in try ODTExtractor().extract(data, fileName: "x.odt", limits: limits) }
        #expect(error?.kind == .tooLarge)
    }

    // MARK: encryption

    @Test("password-protected files are refused as encrypted")
    func encrypted() throws {
        // OOXML encryption: an OLE compound file holding an EncryptedPackage stream.
        var ole: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 504)
        ole += "EncryptedPackage".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        ole += [UInt8](repeating: 0, count: 512)
        let docx = extractionError { () throws(ExtractionError) in try DOCXExtractor().extract(ole, fileName: "secret.docx", limits: ExtractionLimits()) }
        #expect(docx?.kind == .encrypted)

        // A legacy .doc (OLE without encryption) is unsupported, not encrypted.
        let legacy: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 1024)
        #expect(extractionError { () throws(ExtractionError) in try DOCXExtractor().extract(legacy, fileName: "old.doc", limits: ExtractionLimits()) }?.kind == .unsupported)

        // ODF encryption: the manifest lists encryption data for the parts.
        var zip = HandMadeZip()
        zip.add("mimetype", "application/vnd.oasis.opendocument.text", deflate: false)
        zip.add("META-INF/manifest.xml", """
            <manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">
            <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml" manifest:size="4096">
            <manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="AAAA">
            <manifest:algorithm manifest:algorithm-name="Blowfish CFB" manifest:initialisation-vector="AAAA"/>
            <manifest:key-derivation manifest:key-derivation-name="PBKDF2" manifest:iteration-count="1024" manifest:salt="AAAA"/>
            </manifest:encryption-data></manifest:file-entry></manifest:manifest>
            """)
        zip.items.append(.init(name: "content.xml", content: [UInt8](repeating: 0x9C, count: 300), deflate: false))
        let odt = extractionError { () throws(ExtractionError) in try ODTExtractor().extract(try! zip.bytes(), fileName: "secret.odt", limits: ExtractionLimits()) }
        #expect(odt?.kind == .encrypted)

        // ZIP-level encryption of an entry.
        var zipCrypto = HandMadeZip()
        zipCrypto.items.append(.init(name: "word/document.xml", content: Array(minimalDocument.utf8), flags: 1))
        let entry = extractionError { () throws(ExtractionError) in try DOCXExtractor().extract(try! zipCrypto.bytes(), fileName: "x.docx", limits: ExtractionLimits()) }
        #expect(entry?.kind == .encrypted)
    }

    @Test("an entry compressed with a method ZIPFoundation cannot read is unsupported")
    func unsupportedMethod() throws {
        var zip = HandMadeZip()
        zip.items.append(.init(name: "word/document.xml", content: Array(minimalDocument.utf8), deflate: false, method: 12))
        let error = extractionError { () throws(ExtractionError) in try DOCXExtractor().extract(try! zip.bytes(), fileName: "x.docx", limits: ExtractionLimits()) }
        #expect(error?.kind == .unsupported)
    }
}
