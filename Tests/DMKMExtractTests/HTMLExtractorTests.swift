import DMKMIndex
import Foundation
import Testing

@testable import DMKMExtract

@Suite struct HTMLExtractorTests {
    let extractor = HTMLExtractor()

    func extract(_ html: String, limits: ExtractionLimits = ExtractionLimits()) throws -> ExtractedDocument {
        try extractor.extract(Array(html.utf8), fileName: "page.html", limits: limits)
    }

    // MARK: corpus

    @Test(arguments: MarkupTestSupport.corpusFiles("html"))
    func corpusPageExtracts(_ name: String) throws {
        let data = try MarkupTestSupport.corpusBytes("html", name)
        #expect(FormatSniffer.format(of: data, fileName: name) == .html)
        let document = try extractor.extract(data, fileName: name, limits: ExtractionLimits())
        let title = document.titles.first?.text ?? ""
        #expect(!title.isEmpty)
        #expect(document.body.count > 200)
        #expect(document.metadata["format"] == "html")
        #expect(!document.authors.isEmpty)
        #expect(document.year != nil)
        #expect(!document.keywords.isEmpty)
        for junk in MarkupTestSupport.junkWords {
            #expect(!MarkupTestSupport.allText(document).contains(junk), "\(junk) leaked from \(name)")
        }
        #expect(!document.body.contains("\n\n\n"))
        #expect(!document.body.hasPrefix(" ") && !document.body.hasSuffix(" "))
    }

    @Test(arguments: MarkupTestSupport.corpusFiles("html"))
    func corpusThaiTextIsIntact(_ name: String) throws {
        let data = try MarkupTestSupport.corpusBytes("html", name)
        let document = try extractor.extract(data, fileName: name, limits: ExtractionLimits())
        let source = String(decoding: data, as: UTF8.self)
        // Every run of Thai letters inside a <p> of the page is in the body, character for character.
        let runs = try MarkupTestSupport.thaiRuns(inElements: "p", of: source)
        for run in runs {
            #expect(document.body.contains(run), "missing Thai text \(run) in \(name)")
        }
    }

    @Test func fluorideVarnishMetadata() throws {
        let document = try extractor.extract(
            try MarkupTestSupport.corpusBytes("html", "fluoride-varnish-2565.html"), fileName: "fluoride-varnish-2565.html",
            limits: ExtractionLimits())
        #expect(
            document.titles == [
                LocalizedText(language: "th", text: "ประสิทธิผลของการทาฟลูออไรด์วานิชในเด็กอายุ 1–3 ปี ในศูนย์พัฒนาเด็กเล็ก จังหวัดลำปาง พ.ศ. 2565"),
                LocalizedText(
                    language: "en",
                    text: "Effectiveness of fluoride varnish application among children aged 1–3 years in child development centres, Lampang Province, 2022"),
            ])
        // DC.creator wins over the romanised citation_author copies of the same people.
        #expect(document.authors == ["กนกวรรณ ศรีสุวรรณ", "ธีรวัฒน์ ปัญญาดี", "พิมพ์ชนก แก้วมณี"])
        #expect(document.year == 2022)  // DC.date 2565 (BE)
        #expect(document.languages == ["th", "en"])
        // DC.subject and citation_keywords (split on ;), duplicates removed.
        #expect(
            document.keywords == [
                "ฟลูออไรด์วานิช", "fluoride varnish", "ศูนย์พัฒนาเด็กเล็ก", "early childhood caries", "child development centre",
                "dmfs increment",
            ])
        let paragraphs = document.body.components(separatedBy: "\n\n")
        #expect(paragraphs.contains("บทนำ"))
        #expect(paragraphs.contains("Abstract"))
        #expect(paragraphs.contains("ทาฟลูออไรด์วานิช | 310 | 37.7 | 1.84 | 1.12"))
        #expect(paragraphs.contains("กนกวรรณ ศรีสุวรรณ, ธีรวัฒน์ ปัญญาดี, พิมพ์ชนก แก้วมณี"))  // <br> ends a line
        #expect(document.body.contains("p<0.001"))  // &lt; decoded
        #expect(document.body.contains("Background: Early childhood caries"))  // <strong> does not split
    }

    @Test func oralCancerScreeningMetadata() throws {
        let document = try extractor.extract(
            try MarkupTestSupport.corpusBytes("html", "oral-cancer-screening-2023.html"), fileName: "oral-cancer-screening-2023.html",
            limits: ExtractionLimits())
        #expect(
            document.titles == [
                LocalizedText(language: "en", text: "Community oral cancer screening by village health volunteers with dentist referral: a programme evaluation")
            ])
        #expect(document.authors == ["Prasert Kanjanarat", "Nattaya Sombat", "Arunee Thepsiri"])
        #expect(document.year == 2023)
        #expect(document.languages == ["en"])
        #expect(document.keywords.contains("oral cancer screening"))
        #expect(document.keywords.contains("early detection"))
        #expect(document.body.contains("Adults screened by VHVs | 48,732 | 100.0"))
    }

    @Test func declaredTypeAndBuddhistEraDate() throws {
        let sealant = try extractor.extract(
            try MarkupTestSupport.corpusBytes("html", "school-sealant-program-2022.html"), fileName: "school-sealant-program-2022.html",
            limits: ExtractionLimits())
        #expect(sealant.metadata["dc.type"] == "research")
        #expect(sealant.declaredFields["type"] == "research")
        #expect(sealant.year == 2022)

        let kmDay = try extractor.extract(
            try MarkupTestSupport.corpusBytes("html", "km-day-2567.html"), fileName: "km-day-2567.html", limits: ExtractionLimits())
        #expect(kmDay.year == 2024)  // DC.date 2567-08-30
        #expect(kmDay.authors == ["อรอุมา เพชรรัตน์", "คณะทำงานการจัดการความรู้ สำนักทันตสาธารณสุข"])
        let paragraphs = kmDay.body.components(separatedBy: "\n\n")
        #expect(paragraphs.contains("เพื่อรวบรวมองค์ความรู้เข้าสู่คลังความรู้ขององค์กรและระบบ DMKM"))  // one <li>
        #expect(paragraphs.contains("นวัตกรรมบริการ | 4 | 6 | 10"))
    }

    @Test func untaggedTitleTakesThePageLanguage() throws {
        let document = try extractor.extract(
            try MarkupTestSupport.corpusBytes("html", "smile-app-innovation-2024.html"), fileName: "smile-app-innovation-2024.html",
            limits: ExtractionLimits())
        #expect(document.titles.map(\.language) == ["th", "en"])
        #expect(document.titles[1].text == "Fundee Smile Tracker: a mobile application for parents to record toddler tooth brushing")
        #expect(document.authors == ["ปิยะพงษ์ รุ่งเรืองศรี", "Chanida Wongsawat"])
    }

    // MARK: layout

    @Test func blocksBecomeParagraphs() throws {
        let document = try extract(
            """
            <html><head><title>Layout</title></head><body>
            <h1>Heading</h1><p>First   paragraph
              spans lines.</p><p>Second</p>
            <div>Third<p>Fourth</p>after</div>
            <ul><li>item one</li><li>item two</li></ul>
            <table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td></td><td>3</td></tr></table>
            <blockquote>Quote</blockquote><pre>code  block</pre>line<br>break<dl><dt>term</dt><dd>definition</dd></dl>
            </body></html>
            """)
        #expect(
            document.body
                == "Heading\n\nFirst paragraph spans lines.\n\nSecond\n\nThird\n\nFourth\n\nafter\n\nitem one\n\nitem two\n\nA | B\n\n1 | 3\n\nQuote\n\ncode block\n\nline\n\nbreak\n\nterm\n\ndefinition"
        )
    }

    @Test func inlineElementsDoNotSplitWords() throws {
        let document = try extract("<html><body><p>fluo<b>ride</b> <a href='#'>var</a><i>nish</i>&nbsp;&amp;&#160;ฟลูออ<span>ไรด์</span></p></body></html>")
        #expect(document.body == "fluoride varnish & ฟลูออไรด์")
    }

    @Test func scriptsWithClosingTagsAndUnclosedMarkup() throws {
        let document = try extract(
            """
            <html><head><title>Broken page</title>
            <script>document.write("</p><p>SCRIPTJUNK</div>"); if (a < b && c > d) { x = "</body>"; }</script>
            <style>p::after { content: "</p>STYLEJUNK"; }</style></head>
            <body><p>Alpha<p>Beta<div>Gamma <span>Delta
            <script>var s = "</p>SCRIPTJUNK<\\/script>"; if (s < 1) {}</script> Epsilon
            <p>Zeta <b>bold <i>both</b> italic</i> eta
            <table><tr><td>c1<td>c2<tr><td>c3</table>
            </body>
            """)
        #expect(!document.body.contains("SCRIPTJUNK"))
        #expect(!document.body.contains("STYLEJUNK"))
        #expect(!document.body.contains("document.write"))
        let paragraphs = document.body.components(separatedBy: "\n\n")
        #expect(paragraphs.starts(with: ["Alpha", "Beta", "Gamma Delta Epsilon"]))
        #expect(document.body.contains("Zeta bold both italic eta"))
        #expect(paragraphs.contains("c1 | c2"))
        #expect(paragraphs.contains("c3"))
        #expect(document.titles == [LocalizedText(language: nil, text: "Broken page")])
    }

    @Test func chromeAndHiddenContentIsSkipped() throws {
        let document = try extract(
            """
            <html lang="en"><body>
            <nav>NAVJUNK</nav><div role="navigation">ROLEJUNK</div><div hidden>HIDDENJUNK</div>
            <p aria-hidden="true">ARIAJUNK</p><noscript>NOSCRIPTJUNK</noscript><template><p>TEMPLATEJUNK</p></template>
            <iframe src="x">IFRAMEJUNK</iframe><svg><title>SVGJUNK</title><text>SVGJUNK</text></svg>
            <form><label>FORMJUNK</label><select><option>OPTIONJUNK</option></select></form><button>BUTTONJUNK</button>
            <header><h1>Kept heading</h1></header><main><p>Kept text.</p></main><footer>Kept footer</footer>
            </body></html>
            """)
        #expect(document.body == "Kept heading\n\nKept text.\n\nKept footer")
        #expect(document.languages == ["en"])
    }

    // MARK: metadata

    @Test func citationMetadataWithoutDublinCore() throws {
        let document = try extract(
            """
            <!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Site | Page title</title>
            <meta name="citation_title" content="  A   study
              of sealants ">
            <meta name="citation_author" content="Srisuwan, Kanokwan">
            <meta name="citation_author" content="Panyadee, Theerawat">
            <meta name="citation_author" content="Srisuwan, Kanokwan">
            <meta name="citation_publication_date" content="2022/09/30">
            <meta name="citation_keywords" content="sealant; retention, school">
            <meta name="keywords" content="Sealant;molar">
            <meta name="description" content="A short description.">
            <meta name="DC.Description" xml:lang="th" content="คำอธิบายสั้น">
            <meta name="citation_publisher" content="Bureau of Dental Public Health">
            </head><body><p>Text.</p></body></html>
            """)
        #expect(document.titles == [LocalizedText(language: "en", text: "A study of sealants")])
        #expect(document.authors == ["Kanokwan Srisuwan", "Theerawat Panyadee"])
        #expect(document.year == 2022)
        #expect(document.keywords == ["sealant", "retention", "school", "molar"])
        #expect(document.abstracts.contains(LocalizedText(language: "th", text: "คำอธิบายสั้น")))
        #expect(document.abstracts.contains(LocalizedText(language: "en", text: "A short description.")))
        #expect(document.languages == ["en"])
        #expect(document.metadata["publisher"] == "Bureau of Dental Public Health")
    }

    @Test func titleElementWhenNoMetaTitle() throws {
        let document = try extract(
            """
            <html lang="th"><head><title>รายงาน   ประจำปี ๒๕๖๕</title><meta name="DC.date" content="พ.ศ. ๒๕๖๕">
            <meta name="DC.title" lang="en" content=""></head><body><p>เนื้อหา</p></body></html>
            """)
        #expect(document.titles == [LocalizedText(language: "th", text: "รายงาน ประจำปี ๒๕๖๕")])
        #expect(document.year == 2022)  // Thai digits, Buddhist Era
        #expect(document.body == "เนื้อหา")
    }

    // MARK: bad input

    @Test func emptyAndBinaryInput() throws {
        #expect(MarkupTestSupport.failure { try extract("") }?.kind == .empty)
        #expect(MarkupTestSupport.failure { try extract(" \n\t ") }?.kind == .empty)
        let binary = MarkupTestSupport.randomBytes(count: 4096, seed: 7)
        #expect(MarkupTestSupport.failure { try extractor.extract(binary, fileName: "x.html", limits: ExtractionLimits()) }?.kind == .malformed)
        // Random bytes without NUL: anything but a crash (parsed with recovery, or refused).
        let noNul = MarkupTestSupport.randomBytes(count: 4096, seed: 11).map { $0 == 0 ? 0x20 : $0 }
        _ = try? extractor.extract(noNul, fileName: "x.html", limits: ExtractionLimits())
        // A page without any text is empty.
        #expect(
            MarkupTestSupport.failure { try extract("<html><head><script>x()</script></head><body><nav>menu</nav></body></html>") }?.kind
                == .empty)
    }

    @Test func mislabelledAndLegacyCharsets() throws {
        // UTF-8 bytes labelled windows-874 are still read as UTF-8.
        let mislabelled = try extract(
            "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-874\"><title>ทดสอบ</title></head><body><p>ภาษาไทย</p></body></html>"
        )
        #expect(mislabelled.body == "ภาษาไทย")
        #expect(mislabelled.titles.first?.text == "ทดสอบ")
        // Real TIS-620 bytes with their declaration are decoded.
        let tis620: [UInt8] =
            Array("<html><head><meta charset=\"tis-620\"></head><body><p>".utf8) + [0xB7, 0xB4, 0xCA, 0xCD, 0xBA] + Array("</p></body></html>".utf8)
        let legacy = try extractor.extract(tis620, fileName: "legacy.html", limits: ExtractionLimits())
        #expect(legacy.body == "ทดสอบ")
    }

    @Test func entityDeclarationsInHTMLAreInert() throws {
        let document = try extract(
            "<!DOCTYPE html [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><html><body><p>before &xxe; after</p></body></html>")
        #expect(!MarkupTestSupport.allText(document).contains("root:"))
        #expect(document.body.contains("before"))
    }

    @Test func deepNestingDoesNotExhaustTheStack() throws {
        let nested = "<html><body>" + String(repeating: "<div><span>", count: 100) + "deep text" + "</body></html>"
        #expect(try extract(nested).body == "deep text")
        // Far deeper than libxml2 builds: whatever it keeps is laid out without recursion, no crash.
        let deep = "<html><body><p>top</p>" + String(repeating: "<div><span>", count: 50_000) + "deep text" + "</body></html>"
        let document = try extract(deep)
        #expect(document.body.hasPrefix("top"))
    }

    @Test func textLimitIsEnforced() throws {
        var limits = ExtractionLimits()
        limits.maximumTextBytes = 100
        let page = try MarkupTestSupport.corpusBytes("html", "km-day-2567.html")
        #expect(MarkupTestSupport.failure { try extractor.extract(page, fileName: "km-day-2567.html", limits: limits) }?.kind == .limitExceeded)
        limits = ExtractionLimits()
        limits.maximumFileBytes = 10
        #expect(throws: ExtractionError(.tooLarge, "30 bytes, the limit is 10")) {
            _ = try extractor.extract(Array("<html><body>x</body></html>...".utf8), fileName: "a.html", limits: limits)
        }
    }
}
