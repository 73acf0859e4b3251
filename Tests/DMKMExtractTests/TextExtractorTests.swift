import Foundation
import Testing

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

private func text(_ string: String, name: String = "notes.txt") throws(ExtractionError) -> ExtractedDocument {
    try PlainTextExtractor().extract(Array(string.utf8), fileName: name, limits: ExtractionLimits())
}

private func markdown(_ string: String) throws(ExtractionError) -> ExtractedDocument {
    try MarkdownExtractor().extract(Array(string.utf8), fileName: "notes.md", limits: ExtractionLimits())
}

private func extractionError(_ body: () throws(ExtractionError) -> ExtractedDocument) -> ExtractionError? {
    do {
        _ = try body()
        return nil
    } catch {
        return error
    }
}

@Suite("plain text and Markdown extraction")
struct TextExtractorTests {
    @Test("every corpus text file extracts with its Thai intact")
    func corpus() throws {
        let files = try corpusFiles("txt", extension: "txt")
        #expect(files.count == 6)
        for url in files {
            let data = Array(try Data(contentsOf: url))
            #expect(FormatSniffer.format(of: data, fileName: url.lastPathComponent) == .text)
            let document = try PlainTextExtractor().extract(data, fileName: url.lastPathComponent, limits: ExtractionLimits())
            #expect(document.body.count > 1_000)
            #expect(document.metadata["utf8_repairs"] == nil)
            #expect(document.metadata["format"] == "text")
            // Every line of the file is in the body, unchanged.
            let source = String(decoding: data, as: UTF8.self)
            for line in source.split(separator: "\n") where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                #expect(document.body.contains(line.trimmingCharacters(in: .whitespaces)), "\(url.lastPathComponent): \(line)")
            }
        }
    }

    @Test("English report: title line, paragraphs")
    func groundwater() throws {
        let document = try PlainTextExtractor().extract(
            try corpusBytes("txt/groundwater-fluoride-fluorosis-2018.txt"), fileName: "groundwater-fluoride-fluorosis-2018.txt", limits: ExtractionLimits())
        #expect(document.titles.map(\.text) == ["NATURAL FLUORIDE IN GROUNDWATER AND DENTAL FLUOROSIS AMONG CHILDREN IN HIGH-RISK DISTRICTS: A MAPPING STUDY"])
        let paragraphs = document.body.components(separatedBy: "\n\n")
        #expect(paragraphs[1] == "Authors: Somchai Wiriyakul, Pensri Thammasak, Yupin Maneerat\nDental Public Health Research and Innovation Group, Bureau of Dental Public Health\nYear: 2018")
        #expect(paragraphs[2] == "ABSTRACT")
        #expect(paragraphs[3].hasPrefix("Excess fluoride in drinking water causes dental fluorosis"))
    }

    @Test("Thai report: Thai title")
    func schoolBrushing() throws {
        let document = try PlainTextExtractor().extract(try corpusBytes("txt/school-brushing-report-2562.txt"), fileName: "x.txt", limits: ExtractionLimits())
        #expect(document.titles.map(\.text) == ["รายงานผลการดำเนินงานโครงการแปรงฟันหลังอาหารกลางวันในโรงเรียนประถมศึกษา ปีการศึกษา 2562"])
        #expect(document.body.contains("ผู้จัดทำ: จิราพร ศรีวิไล, สุเมธ คำแสน"))
    }

    @Test("a first line not followed by a blank line is no title")
    func noTitle() throws {
        let document = try PlainTextExtractor().extract(try corpusBytes("txt/km-day-2566-summary.txt"), fileName: "x.txt", limits: ExtractionLimits())
        #expect(document.titles.isEmpty)
        #expect(document.body.hasPrefix("KM Day 2023 (พ.ศ. 2566) — Summary of the Knowledge Management Day, Bureau of Dental Public Health\nสรุปผลงาน"))
        #expect(try text(String(repeating: "long ", count: 50) + "\n\nbody").titles.isEmpty)
        #expect(try text("only one line").titles.isEmpty)
    }

    @Test("CRLF and CR line ends, form feeds, controls and indentation are normalized")
    func lineEnds() throws {
        let document = try text("  Title  \r\n\r\nfirst\r\nsecond\rthird\r\n \t \r\nnext\u{0C}after\u{07}wards\r\n\r\n\r\n")
        #expect(document.titles.map(\.text) == ["Title"])
        #expect(document.body == "Title\n\nfirst\nsecond\nthird\n\nnext\n\nafterwards")
    }

    @Test("invalid UTF-8 is repaired and counted")
    func invalidUTF8() throws {
        // A stray 0xFF, and a Thai letter cut short (E0 B8 without its last byte).
        let bytes = Array("ok ".utf8) + [0xFF] + Array(" ไทย ".utf8) + [0xE0, 0xB8] + Array("\n\nmore".utf8)
        let document = try PlainTextExtractor().extract(bytes, fileName: "bad.txt", limits: ExtractionLimits())
        #expect(document.metadata["utf8_repairs"] == "2")
        #expect(document.body == "ok \u{FFFD} ไทย \u{FFFD}\n\nmore")
    }

    @Test("a byte-order mark is dropped; UTF-16 with a BOM is decoded")
    func byteOrderMarks() throws {
        let utf8 = try PlainTextExtractor().extract([0xEF, 0xBB, 0xBF] + Array("หัวเรื่อง\n\nเนื้อความ".utf8), fileName: "x.txt", limits: ExtractionLimits())
        #expect(utf8.titles.first?.text == "หัวเรื่อง")
        let units = Array("Title\n\nไทย text".utf16)
        let utf16 = try PlainTextExtractor().extract([0xFF, 0xFE] + units.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }, fileName: "x.txt", limits: ExtractionLimits())
        #expect(utf16.body == "Title\n\nไทย text")
        #expect(utf16.metadata["utf8_repairs"] == nil)
    }

    @Test("an empty file, or one with only white space, is empty")
    func empty() {
        #expect(extractionError { () throws(ExtractionError) in try PlainTextExtractor().extract([], fileName: "x.txt", limits: ExtractionLimits()) }?.kind == .empty)
        #expect(extractionError { () throws(ExtractionError) in try text(" \n\r\n\t\n") }?.kind == .empty)
    }

    @Test("a text file over the size limit is too large")
    func tooLarge() {
        var limits = ExtractionLimits()
        limits.maximumFileBytes = 10
        #expect(extractionError { () throws(ExtractionError) in
            try PlainTextExtractor().extract(Array("more than ten bytes".utf8), fileName: "x.txt", limits: limits)
        }?.kind == .tooLarge)
    }
}

// MARK: - Markdown

extension TextExtractorTests {
    @Test("every corpus Markdown file extracts without leftover syntax")
    func markdownCorpus() throws {
        let files = try corpusFiles("md", extension: "md")
        #expect(files.count == 7)
        for url in files {
            let data = Array(try Data(contentsOf: url))
            #expect(FormatSniffer.format(of: data, fileName: url.lastPathComponent) == .markdown)
            let document = try MarkdownExtractor().extract(data, fileName: url.lastPathComponent, limits: ExtractionLimits())
            let name = url.lastPathComponent
            #expect(!document.titles.isEmpty, "\(name)")
            #expect(document.body.count > 1_000, "\(name)")
            #expect(!document.body.contains("**"), "\(name)")
            #expect(!document.body.contains("|---"), "\(name)")
            #expect(!document.body.contains("\n#"), "\(name)")
            #expect(!document.body.hasPrefix("#"), "\(name)")
            #expect(!document.body.contains("\n> "), "\(name)")
            #expect(!document.body.contains("title:"), "\(name): front matter is not body text")
            #expect(document.body.contains(" | "), "\(name) has a table")
        }
    }

    @Test("front matter: fields in the model's names, and the document's own fields")
    func frontMatter() throws {
        let document = try MarkdownExtractor().extract(
            try corpusBytes("md/cop-facilitation-handbook-2021.md"), fileName: "cop-facilitation-handbook-2021.md", limits: ExtractionLimits())
        let title = "Facilitating Communities of Practice in Dental Public Health: A Practical Handbook"
        #expect(document.titles.map(\.text) == [title])
        #expect(document.declaredFields == [
            "title": title, "authors": "Worawit Chantarasorn; Supaporn Kittikhun", "year": "2021",
            "keywords": "community of practice, knowledge management, facilitation, learning organisation, after action review",
            "type": "academic-work", "unit": "กลุ่มพัฒนาองค์กรและการจัดการความรู้", "lang": "en",
        ])
        #expect(document.authors == ["Worawit Chantarasorn", "Supaporn Kittikhun"])
        #expect(document.year == 2021)
        #expect(document.keywords.count == 5)
        #expect(document.languages == ["en"])
        let paragraphs = document.body.components(separatedBy: "\n\n")
        #expect(paragraphs[0] == title)
        #expect(paragraphs[1] == "Worawit Chantarasorn and Supaporn Kittikhun, Organisational Development and Knowledge Management Group, 2021")
        #expect(paragraphs[2] == "Abstract")
        #expect(document.body.contains("Question | Yes / No\nDo members bring their own problems to the meetings? |"))
    }

    @Test("no front matter: the first # heading is the title; tables keep their cells")
    func headingTitle() throws {
        let document = try MarkdownExtractor().extract(try corpusBytes("md/dmft-trend-12-year-olds-2021.md"), fileName: "x.md", limits: ExtractionLimits())
        #expect(document.titles.map(\.text) == ["Trends in dental caries among 12-year-old Thai children, 2012–2017, and implications for school programmes"])
        #expect(document.declaredFields.isEmpty)
        #expect(document.body.contains("Survey year | n | Caries prevalence (%) | Mean DMFT | D as % of DMFT\n2012 | 1,498 | 52.3 | 1.3 | 71"))
        #expect(document.body.contains("(p<0.05)"))
    }

    @Test("Thai Markdown: flow lists, access, block quotes and bold labels")
    func strategyRetreat() throws {
        let document = try MarkdownExtractor().extract(try corpusBytes("md/strategy-retreat-2568.md"), fileName: "x.md", limits: ExtractionLimits())
        #expect(document.declaredFields["keywords"] == "strategy, ยุทธศาสตร์, แผนปฏิบัติราชการ, OKR, internal")
        #expect(document.declaredFields["access"] == "internal")
        #expect(document.declaredFields["authors"] == "กลุ่มยุทธศาสตร์และแผนงาน; Rattana Opaskul")
        #expect(document.year == 2568)
        #expect(document.body.contains("INTERNALONLYGOLF"))
        #expect(document.body.contains("\nเอกสารนี้เป็นบันทึกการหารือภายใน ยังไม่ใช่มติที่ผ่านการอนุมัติ ห้ามเผยแพร่นอกสำนัก\n")
            || document.body.contains("\n\nเอกสารนี้เป็นบันทึกการหารือภายใน ยังไม่ใช่มติที่ผ่านการอนุมัติ ห้ามเผยแพร่นอกสำนัก"))

        let sealant = try MarkdownExtractor().extract(try corpusBytes("md/sealant-second-molar-2567.md"), fileName: "x.md", limits: ExtractionLimits())
        #expect(sealant.body.contains("ผู้วิจัย: อรวรรณ ใจเย็น, สมพงษ์ ทิพย์วงศ์\nหน่วยงาน: กลุ่มส่งเสริมทันตสุขภาพเด็กและเยาวชน สำนักทันตสาธารณสุข\nปีที่ศึกษา: พ.ศ. ๒๕๖๗"))
        #expect(sealant.titles.map(\.language) == [nil, "en"])
        #expect(sealant.declaredFields["title_en"] == "Effect of pit and fissure sealants on permanent second molars in grade 6 pupils, an 18-month follow-up")
        #expect(sealant.languages == ["th"])
    }

    @Test("Markdown syntax is removed and the words kept")
    func syntax() throws {
        let source = """
            Intro with **bold**, *italic*, __strong__, _emphasis_, ~~struck~~ and `code *kept*` in snake_case_name.
            A [link](https://example.org "title") and ![a picture](img.png) and <https://dmkm.example/x>.
            <!-- a comment -->
            Escaped \\*stars\\* and p<0.05 and 2 * 3 * 4 stay.

            # Main Title #

            ## Second ##

            > quoted line
            > > nested quote

            - bullet one
            * bullet two
            1. numbered
            2) numbered again
            - [x] done task

            <!--
            multi-line comment
            -->
            ```swift
            let x = **not markup**
            ```

            | a | b |
            |:--|--:|
            | 1 | 2 \\| 3 |

            Setext heading
            ==============

            ***

            [ref]: https://example.org/ref
            Text with <sup>html</sup> tags.
            """
        let document = try markdown(source)
        #expect(document.titles.map(\.text) == ["Main Title"])
        #expect(document.body.components(separatedBy: "\n\n") == [
            "Intro with bold, italic, strong, emphasis, struck and code *kept* in snake_case_name.\nA link and a picture and https://dmkm.example/x.\nEscaped *stars* and p<0.05 and 2 * 3 * 4 stay.",
            "Main Title",
            "Second",
            "quoted line\nnested quote",
            "bullet one\nbullet two\nnumbered\nnumbered again\ndone task",
            "let x = **not markup**",
            "a | b\n1 | 2 | 3",
            "Setext heading",
            "Text with html tags.",
        ])
    }

    @Test("a setext heading can be the title")
    func setextTitle() throws {
        #expect(try markdown("Report Title\n============\n\nBody.").titles.map(\.text) == ["Report Title"])
    }

    @Test("broken front matter is malformed and names the line")
    func brokenFrontMatter() {
        let error = extractionError { () throws(ExtractionError) in
            try markdown("---\ntitle: Fine\nyear: 2021: oops\nauthors: [a, b]\n---\n\n# Body\n")
        }
        #expect(error?.kind == .malformed)
        #expect(error?.message.contains("line 3") == true, "\(String(describing: error))")

        let unclosedList = extractionError { () throws(ExtractionError) in
            try markdown("---\ntitle: Fine\nauthors: [a, b\nyear: 2021\n---\n\nBody\n")
        }
        #expect(unclosedList?.kind == .malformed)
        #expect(unclosedList?.message.contains("line") == true, "\(String(describing: unclosedList))")

        let unclosed = extractionError { () throws(ExtractionError) in try markdown("---\ntitle: Never closed\n\nBody\n") }
        #expect(unclosed?.kind == .malformed)

        let notMapping = extractionError { () throws(ExtractionError) in try markdown("---\n- a\n- b\n---\nBody\n") }
        #expect(notMapping?.kind == .malformed)

        let bomb = extractionError { () throws(ExtractionError) in
            try markdown("---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n---\nBody\n")
        }
        #expect(bomb?.kind == .malformed)
        #expect(bomb?.message.contains("line 3") == true, "\(String(describing: bomb))")  // the first alias
    }

    @Test("front matter alternatives: author, tags, date, language, awards")
    func frontMatterAlternatives() throws {
        let document = try markdown("""
            ---
            title_th: ชื่อเรื่อง
            title_en: "An English title"
            author: Jane Doe
            tags: [one, two]
            date: 2023-05-01
            language: th, en
            awards:
              - program: tpsa
                cycle: 2568
                status: submitted
            custom: kept as is
            empty:
            ---
            Body text.
            """)
        #expect(document.declaredFields["authors"] == "Jane Doe")
        #expect(document.authors == ["Jane Doe"])
        #expect(document.declaredFields["keywords"] == "one, two")
        #expect(document.keywords == ["one", "two"])
        #expect(document.declaredFields["year"] == "2023")
        #expect(document.declaredFields["lang"] == "th, en")
        #expect(document.languages == ["th", "en"])
        #expect(document.declaredFields["awards"] == "TPSA/2568")
        #expect(document.declaredFields["custom"] == "kept as is")
        #expect(document.declaredFields["empty"] == nil)
        #expect(document.titles == [.init(language: "th", text: "ชื่อเรื่อง"), .init(language: "en", text: "An English title")])
        #expect(document.body == "Body text.")

        // The model's own key wins over an alternative spelling.
        let both = try markdown("---\nauthors: [A, B]\nauthor: C\nkeywords: x\ntags: [y]\n---\nBody")
        #expect(both.declaredFields["authors"] == "A; B")
        #expect(both.declaredFields["keywords"] == "x")
        #expect(both.keywords == ["x"])
    }

    @Test("front matter alone is a document; nothing at all is empty")
    func emptyMarkdown() throws {
        let onlyFrontMatter = try markdown("---\ntitle: Just metadata\n---\n")
        #expect(onlyFrontMatter.body.isEmpty)
        #expect(onlyFrontMatter.titles.first?.text == "Just metadata")
        #expect(extractionError { () throws(ExtractionError) in try markdown("") }?.kind == .empty)
        #expect(extractionError { () throws(ExtractionError) in try markdown("<!-- nothing -->\n\n") }?.kind == .empty)
    }

    @Test("invalid UTF-8 in Markdown is repaired and counted")
    func markdownInvalidUTF8() throws {
        let bytes = Array("# Title\n\nbad ".utf8) + [0xC3] + Array(" byte".utf8)
        let document = try MarkdownExtractor().extract(bytes, fileName: "x.md", limits: ExtractionLimits())
        #expect(document.metadata["utf8_repairs"] == "1")
        #expect(document.body == "Title\n\nbad \u{FFFD} byte")
    }
}
