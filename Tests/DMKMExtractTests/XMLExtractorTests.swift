import DMKMIndex
import Foundation
import Testing

@testable import DMKMExtract

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite struct XMLExtractorTests {
    static func extractor(for format: DocumentFormat) -> any DocumentExtractor {
        switch format {
        case .jats: JATSExtractor()
        case .tei: TEIExtractor()
        case .dublinCore: DublinCoreExtractor()
        case .html: HTMLExtractor()
        default: GenericXMLExtractor()
        }
    }

    static let xmlExtractors: [any DocumentExtractor] = [JATSExtractor(), TEIExtractor(), DublinCoreExtractor(), GenericXMLExtractor()]

    func corpus(_ name: String, with extractor: any DocumentExtractor) throws -> ExtractedDocument {
        try extractor.extract(try MarkupTestSupport.corpusBytes("xml", name), fileName: name, limits: ExtractionLimits())
    }

    func extract(_ xml: String, with extractor: any DocumentExtractor = GenericXMLExtractor()) throws -> ExtractedDocument {
        try extractor.extract(Array(xml.utf8), fileName: "doc.xml", limits: ExtractionLimits())
    }

    // MARK: corpus

    @Test(arguments: MarkupTestSupport.corpusFiles("xml"))
    func corpusFileExtracts(_ name: String) throws {
        let data = try MarkupTestSupport.corpusBytes("xml", name)
        let expected: DocumentFormat =
            name.hasPrefix("jats-") ? .jats : name.hasPrefix("tei-") ? .tei : name.hasPrefix("oaidc-") ? .dublinCore : .xml
        let format = FormatSniffer.format(of: data, fileName: name)
        #expect(format == expected)
        let document = try Self.extractor(for: expected).extract(data, fileName: name, limits: ExtractionLimits())
        let title = document.titles.first?.text ?? ""
        #expect(!title.isEmpty)
        #expect(document.body.count > 200)
        #expect(document.metadata["format"] == expected.rawValue)
        #expect(!document.authors.isEmpty)
        #expect(document.year != nil)
        #expect(!document.keywords.isEmpty)
        #expect(!document.abstracts.isEmpty)
        #expect(!document.languages.isEmpty)
        for junk in MarkupTestSupport.junkWords {
            #expect(!MarkupTestSupport.allText(document).contains(junk))
        }
        #expect(!document.body.contains("\n\n\n"))
    }

    @Test(arguments: MarkupTestSupport.corpusFiles("xml"))
    func genericExtractorReadsAnyCorpusFile(_ name: String) throws {
        let document = try corpus(name, with: GenericXMLExtractor())
        #expect(document.body.count > 200)
        #expect(!document.titles.isEmpty)
        #expect(document.metadata["format"] == "xml")
    }

    @Test(arguments: MarkupTestSupport.corpusFiles("xml"))
    func corpusThaiTextIsIntact(_ name: String) throws {
        let data = try MarkupTestSupport.corpusBytes("xml", name)
        let format = try #require(FormatSniffer.format(of: data, fileName: name))
        let document = try Self.extractor(for: format).extract(data, fileName: name, limits: ExtractionLimits())
        var source = String(decoding: data, as: UTF8.self)
        if format == .tei, let text = source.range(of: "<text>") { source = String(source[text.lowerBound...]) }  // not the header's notes
        let text = ([document.body] + document.abstracts.map(\.text)).joined(separator: "\n\n")
        let element = format == .dublinCore ? "dc:description" : "p"
        let runs = try MarkupTestSupport.thaiRuns(inElements: element, of: source)
        for run in runs {
            #expect(text.contains(run), "missing Thai text \(run) in \(name)")
        }
    }

    // MARK: JATS

    @Test func jatsFluoridatedMilk() throws {
        let document = try corpus("jats-fluoridated-milk-2021.xml", with: JATSExtractor())
        #expect(
            document.titles == [
                LocalizedText(
                    language: "en",
                    text: "Caries increment among primary school children receiving fluoridated school milk: a three-year community trial in northern Thailand"),
                LocalizedText(
                    language: "th", text: "การเพิ่มขึ้นของฟันผุในเด็กนักเรียนประถมศึกษาที่ได้รับนมโรงเรียนเสริมฟลูออไรด์ การทดลองในชุมชน 3 ปี ภาคเหนือ"),
            ])
        #expect(document.authors == ["Jirapa Suwannarat", "Anan Meechai", "Supaporn Rattanakorn"])
        #expect(document.year == 2021)
        #expect(document.languages == ["en"])
        #expect(
            document.keywords == [
                "fluoridated milk", "school milk", "dental caries", "DMFT", "community trial", "นมฟลูออไรด์", "นมโรงเรียน", "ฟันผุ",
            ])
        #expect(document.abstracts.map(\.language) == ["en", "th"])
        #expect(document.abstracts[0].text.hasPrefix("Objective\n\nTo measure the effect of daily fluoridated school milk"))
        #expect(document.metadata["journal"] == "Thai Dental Public Health Journal")
        #expect(document.metadata["jats.article-type"] == "research-article")
        #expect(document.declaredFields["type"] == "research")

        let paragraphs = document.body.components(separatedBy: "\n\n")
        #expect(paragraphs.first == "Introduction")
        #expect(paragraphs.contains("Design and setting"))
        #expect(paragraphs.contains("Table 1"))
        #expect(paragraphs.contains("DMFT increment, mean | 0.78 | 1.24"))
        #expect(!document.body.contains("We thank the teachers"))  // back matter
        #expect(!document.body.contains("To measure the effect"))  // the abstract is not body text
    }

    @Test func jatsThaiArticle() throws {
        let document = try corpus("jats-ecc-cdc-survey-2566.xml", with: JATSExtractor())
        #expect(document.titles.map(\.language) == ["th", "en"])
        #expect(document.titles[0].text == "ความชุกของโรคฟันผุในเด็กปฐมวัยและปัจจัยที่เกี่ยวข้องในศูนย์พัฒนาเด็กเล็ก 4 ภูมิภาค พ.ศ. 2566")
        #expect(document.authors == ["มาลินี บุญญาศิริ", "เอกชัย สายทอง", "Orawan Limpanich"])
        #expect(document.year == 2023)
        #expect(document.languages == ["th"])
        #expect(document.abstracts.map(\.language) == ["en", "th"])
        #expect(document.body.components(separatedBy: "\n\n").contains("วิธีการศึกษา"))
        #expect(document.body.contains("อายุ (ปี) | n | ความชุก (ร้อยละ) | dmft"))
    }

    @Test func jatsContributorsDatesAndAbstracts() throws {
        let document = try extract(
            """
            <article xmlns:mml="http://www.w3.org/1998/Math/MathML"><front><article-meta>
              <title-group><article-title>Main<break/><italic>title</italic><xref ref-type="fn" rid="f1">1</xref></article-title>
                <subtitle>a subtitle</subtitle></title-group>
              <contrib-group>
                <contrib contrib-type="author"><string-name>Anan  Meechai</string-name></contrib>
                <contrib contrib-type="author"><name name-style="eastern"><surname>Wang</surname><given-names>Li</given-names></name></contrib>
                <contrib contrib-type="author"><collab>Bureau of Dental Public Health</collab></contrib>
                <contrib contrib-type="editor"><name><surname>Editor</surname><given-names>Not</given-names></name></contrib>
              </contrib-group>
              <pub-date iso-8601-date="2567-01-05"/>
              <abstract><title>Abstract</title><p>First <mml:math><mml:mi>x</mml:mi></mml:math>part.</p><p>Second part.</p></abstract>
              <kwd-group><kwd>H<sub>2</sub>O</kwd><compound-kwd><compound-kwd-part>oral</compound-kwd-part><compound-kwd-part>health</compound-kwd-part></compound-kwd></kwd-group>
            </article-meta></front>
            <body><p>Only paragraph.</p></body>
            <back><ref-list><ref>REFJUNK</ref></ref-list></back></article>
            """, with: JATSExtractor())
        #expect(document.titles == [LocalizedText(language: nil, text: "Main title: a subtitle")])
        #expect(document.authors == ["Anan Meechai", "Wang Li", "Bureau of Dental Public Health"])
        #expect(document.year == 2024)
        #expect(document.abstracts == [LocalizedText(language: nil, text: "First part.\n\nSecond part.")])
        #expect(document.keywords == ["H2O", "oral health"])
        #expect(document.body == "Only paragraph.")
    }

    @Test func jatsWithoutBodyUsesTheAbstract() throws {
        let document = try extract(
            "<article xml:lang=\"en\"><front><article-meta><title-group><article-title>T</article-title></title-group><abstract><p>Abstract only.</p></abstract></article-meta></front></article>",
            with: JATSExtractor())
        #expect(document.body == "Abstract only.")
        #expect(document.abstracts == [LocalizedText(language: "en", text: "Abstract only.")])
    }

    // MARK: TEI

    @Test func teiCommunityOfPractice() throws {
        let document = try corpus("tei-cop-lessons-regional-2565.xml", with: TEIExtractor())
        #expect(
            document.titles == [
                LocalizedText(language: "th", text: "ถอดบทเรียนการดำเนินงานชุมชนนักปฏิบัติ (CoP) เครือข่ายทันตบุคลากรระดับเขตสุขภาพ ปีงบประมาณ ๒๕๖๕"),
                LocalizedText(language: "en", text: "Lessons learned from regional communities of practice of dental health personnel, fiscal year 2022"),
            ])
        #expect(document.authors == ["รัชนี วงศ์ไพศาล", "ชาตรี บุญประคอง"])
        #expect(document.year == 2022)  // date when="2022-09-28"
        #expect(document.keywords == ["ชุมชนนักปฏิบัติ", "ถอดบทเรียน", "การจัดการความรู้", "community of practice"])
        #expect(document.languages == ["th"])
        #expect(document.abstracts.count == 1)
        #expect(document.abstracts[0].language == "th")
        #expect(document.abstracts[0].text.hasPrefix("รายงานนี้ถอดบทเรียน"))
        #expect(document.metadata["publisher"] == "สำนักทันตสาธารณสุข กรมอนามัย")
        let paragraphs = document.body.components(separatedBy: "\n\n")
        #expect(paragraphs.contains("ความเป็นมา"))
        #expect(paragraphs.contains("เขต 12 | ฟันเทียมพระราชทาน | 39 | 2"))
        #expect(!document.body.contains("เผยแพร่สาธารณะ"))  // header text is not body text
        #expect(!document.body.contains("รายงานถอดบทเรียนฉบับสมบูรณ์"))
    }

    @Test func teiElderlyClub() throws {
        let document = try corpus("tei-elderly-club-2019.xml", with: TEIExtractor())
        #expect(document.titles == [LocalizedText(language: "en", text: "Self-care for oral health in elderly clubs: a participatory action research in three provinces")])
        #expect(document.authors == ["Kittisak Noppakun", "Ratana Saengthong", "Duangjai Promma"])
        #expect(document.year == 2019)
        #expect(document.languages == ["en"])
        #expect(document.abstracts.first?.language == "en")
        #expect(document.body.contains("Elderly clubs (ชมรมผู้สูงอายุ) are community groups"))
    }

    @Test func teiWithoutNamespace() throws {
        let document = try extract(
            """
            <TEI xml:lang="th"><teiHeader><fileDesc><titleStmt>
              <title>ชื่อเรื่อง</title><title type="sub">ชื่อรอง</title>
              <author><persName><surname>ใจดี</surname><forename>สมชาย</forename></persName><affiliation>AFFJUNK</affiliation></author>
              <author>Bureau of Dental Public Health<email>x@example.org</email></author>
            </titleStmt><publicationStmt><date>1 มกราคม พ.ศ. ๒๕๖๕</date></publicationStmt></fileDesc>
            <profileDesc><abstract xml:lang="en"><p>Header abstract.</p></abstract>
              <textClass><keywords><term>one</term><term>two</term></keywords></textClass></profileDesc></teiHeader>
            <text><front><div><p>FRONTJUNK</p></div></front>
            <body><div><head>หัวข้อ</head><p>บรรทัด<lb/>ใหม่ and hy<lb break="no"/>phen</p>
              <p><choice><sic>teh</sic><corr>the</corr></choice> end</p></div></body>
            <back><div><p>BACKJUNK</p></div></back></text></TEI>
            """, with: TEIExtractor())
        #expect(document.titles == [LocalizedText(language: "th", text: "ชื่อเรื่อง: ชื่อรอง")])
        #expect(document.authors == ["สมชาย ใจดี", "Bureau of Dental Public Health"])
        #expect(document.year == 2022)
        #expect(document.keywords == ["one", "two"])
        #expect(document.abstracts == [LocalizedText(language: "en", text: "Header abstract.")])
        #expect(document.body == "หัวข้อ\n\nบรรทัด ใหม่ and hyphen\n\nthe end")
    }

    // MARK: Dublin Core

    @Test func dublinCoreSaltFluoridation() throws {
        let document = try corpus("oaidc-salt-fluoridation-2563.xml", with: DublinCoreExtractor())
        #expect(
            document.titles == [
                LocalizedText(language: "th", text: "การศึกษาความเป็นไปได้ของเกลือเสริมฟลูออไรด์เพื่อป้องกันฟันผุในประเทศไทย"),
                LocalizedText(language: "en", text: "Feasibility of salt fluoridation for caries prevention in Thailand"),
            ])
        #expect(document.authors == ["อภิชาติ ธนากร", "Sunisa Phromwong"])
        #expect(document.year == 2020)  // 2563 BE
        #expect(document.keywords == ["เกลือเสริมฟลูออไรด์", "salt fluoridation", "community fluoride", "นโยบายสาธารณะ"])
        #expect(document.languages == ["th", "en"])
        #expect(document.abstracts.map(\.language) == ["en", "th"])
        #expect(document.abstracts[0].text.hasPrefix("Abstract: This policy study"))
        #expect(document.metadata["dc.type"] == "paper")
        #expect(document.declaredFields["type"] == "paper")
        #expect(document.metadata["publisher"] == "สำนักทันตสาธารณสุข กรมอนามัย")
        // All three descriptions are text, one paragraph each.
        let paragraphs = document.body.components(separatedBy: "\n\n")
        #expect(paragraphs.count == 3)
        #expect(paragraphs[2].hasPrefix("ข้อเสนอ: (1)"))
    }

    @Test func dublinCoreMouthRinse() throws {
        let document = try corpus("oaidc-fluoride-mouthrinse-2560.xml", with: DublinCoreExtractor())
        #expect(document.titles.map(\.language) == ["th"])  // untagged, Thai script, dc:language th
        #expect(document.year == 2017)
        #expect(document.metadata["dc.type"] == "report")
        #expect(document.metadata["dc.identifier"] == "dmkm:fluoride-mouthrinse-2560")
        #expect(document.metadata["dc.contributor"] == "กลุ่มส่งเสริมทันตสุขภาพเด็กและเยาวชน")
        #expect(document.abstracts.count == 1)
        #expect(document.body.contains("ผลลัพธ์ทางคลินิก:"))
    }

    @Test func oaiPMHRecord() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2024-01-01T00:00:00Z</responseDate>
            <GetRecord><record><header><identifier>oai:dmkm:42</identifier><datestamp>2024-01-01</datestamp></header>
            <metadata><oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/">
              <dc:title>Wrapped record</dc:title><dc:creator>Someone</dc:creator><dc:date>2019</dc:date>
              <dc:subject>a; b</dc:subject><dc:description>Only description.</dc:description><dc:language>eng</dc:language>
              <dc:type>Text</dc:type>
            </oai_dc:dc></metadata></record></GetRecord></OAI-PMH>
            """
        #expect(FormatSniffer.format(of: Array(xml.utf8), fileName: "record.xml") == .dublinCore)
        let document = try extract(xml, with: DublinCoreExtractor())
        #expect(document.titles == [LocalizedText(language: "en", text: "Wrapped record")])
        #expect(document.authors == ["Someone"])
        #expect(document.year == 2019)
        #expect(document.keywords == ["a", "b"])
        #expect(document.languages == ["en"])
        #expect(document.body == "Only description.")
        #expect(document.metadata["oai.identifier"] == "oai:dmkm:42")
        #expect(document.metadata["dc.type"] == "Text")
        #expect(document.declaredFields["type"] == nil)  // "Text" is no document type
    }

    @Test func oaiPMHErrorsAndDeletedRecords() throws {
        let error = """
            <OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><error code="idDoesNotExist">No such record</error></OAI-PMH>
            """
        #expect(MarkupTestSupport.failure { try extract(error, with: DublinCoreExtractor()) }?.kind == .unsupported)
        let deleted = """
            <OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><GetRecord><record><header status="deleted"><identifier>oai:x</identifier></header></record></GetRecord></OAI-PMH>
            """
        #expect(MarkupTestSupport.failure { try extract(deleted, with: DublinCoreExtractor()) }?.kind == .empty)
    }

    // MARK: generic XML

    @Test func genericXMLLayout() throws {
        let document = try extract(
            """
            <?xml version="1.0"?><report xml:lang="th-TH"><meta><title>Report  title</title><code>R1</code></meta>
            <section><para>one<b>two</b>three</para><para>four</para></section><note>ห้า</note><!-- comment --><?pi data?></report>
            """)
        #expect(document.titles == [LocalizedText(language: "th", text: "Report title")])
        #expect(document.languages == ["th"])
        #expect(document.body == "Report title R1\n\none two three\n\nfour\n\nห้า")
        #expect(FormatSniffer.format(of: Array("<report><a/></report>".utf8), fileName: "report.xml") == .xml)
    }

    @Test func predefinedAndCharacterReferencesAreText() throws {
        let document = try extract("<x><p>a &amp; b &lt; c &#3585;&#x0E02; d<![CDATA[ <e> ]]></p></x>")
        #expect(document.body == "a & b < c กข d <e>")
    }

    // MARK: malformed input

    @Test func truncatedXMLIsMalformedWithALine() throws {
        let full = try MarkupTestSupport.corpusBytes("xml", "jats-fluoridated-milk-2021.xml")
        let truncated = Array(full.prefix(full.count / 2))
        for extractor in Self.xmlExtractors {
            let error = MarkupTestSupport.failure { try extractor.extract(truncated, fileName: "t.xml", limits: ExtractionLimits()) }
            #expect(error?.kind == .malformed)
            let line = error?.message.firstMatch(of: /line (\d+)/).flatMap { Int($0.1) }
            #expect((line ?? 0) > 1, "no line number in \(error?.message ?? "nil")")
        }
        let mismatched = MarkupTestSupport.failure { try extract("<a>\n<b>\n</a>", with: TEIExtractor()) }
        #expect(mismatched?.kind == .malformed)
        #expect(mismatched?.message.contains("line 3") == true)
    }

    @Test func emptyAndBinaryInput() throws {
        for extractor in Self.xmlExtractors {
            #expect(MarkupTestSupport.failure { try extractor.extract([], fileName: "e.xml", limits: ExtractionLimits()) }?.kind == .empty)
            let blank = Array("\u{FEFF}  \n ".utf8)
            #expect(MarkupTestSupport.failure { try extractor.extract(blank, fileName: "e.xml", limits: ExtractionLimits()) }?.kind == .empty)
            for seed in [UInt64(1), 2, 3] {
                let bytes = MarkupTestSupport.randomBytes(count: 2048, seed: seed)
                #expect(MarkupTestSupport.failure { try extractor.extract(bytes, fileName: "r.xml", limits: ExtractionLimits()) } != nil)
            }
        }
        #expect(FormatSniffer.format(of: MarkupTestSupport.randomBytes(count: 2048, seed: 1), fileName: "r.bin") == nil)
    }

    @Test func textLimitIsEnforced() throws {
        var limits = ExtractionLimits()
        limits.maximumTextBytes = 64
        for (name, extractor) in [
            ("jats-fluoridated-milk-2021.xml", JATSExtractor() as any DocumentExtractor), ("tei-elderly-club-2019.xml", TEIExtractor()),
            ("oaidc-salt-fluoridation-2563.xml", DublinCoreExtractor()), ("tei-elderly-club-2019.xml", GenericXMLExtractor()),
        ] {
            let data = try MarkupTestSupport.corpusBytes("xml", name)
            #expect(MarkupTestSupport.failure { try extractor.extract(data, fileName: name, limits: limits) }?.kind == .limitExceeded)
        }
    }

    @Test func deepNestingDoesNotCrash() throws {
        let shallow = String(repeating: "<d>", count: 200) + "deep" + String(repeating: "</d>", count: 200)
        #expect(try extract(shallow).body == "deep")
        // Deeper than libxml2's limit: refused, not a crash.
        let deep = String(repeating: "<d>", count: 100_000) + "deep" + String(repeating: "</d>", count: 100_000)
        #expect(MarkupTestSupport.failure { try extract(deep) }?.kind == .malformed)
    }

    // MARK: hostile entities

    static let passwdEntity = "<!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"

    @Test func externalFileEntityIsNeverRead() throws {
        let documents: [(String, any DocumentExtractor)] = [
            (Self.passwdEntity + "<x>&xxe;</x>", GenericXMLExtractor()),
            (Self.passwdEntity + "<x><title>XXE &xxe;</title><p>before &xxe; after</p></x>", GenericXMLExtractor()),
            (
                "<!DOCTYPE article [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><article><front><article-meta><title-group><article-title>A &xxe;</article-title></title-group></article-meta></front><body><p>B &xxe;</p></body></article>",
                JATSExtractor()
            ),
            (
                "<!DOCTYPE TEI [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><teiHeader><fileDesc><titleStmt><title>T &xxe;</title></titleStmt></fileDesc></teiHeader><text><body><p>B &xxe;</p></body></text></TEI>",
                TEIExtractor()
            ),
            (
                "<!DOCTYPE dc [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><oai_dc:dc xmlns:oai_dc=\"http://www.openarchives.org/OAI/2.0/oai_dc/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>T &xxe;</dc:title><dc:description>D &xxe;</dc:description></oai_dc:dc>",
                DublinCoreExtractor()
            ),
            // Parameter entity and XInclude: neither is processed.
            ("<!DOCTYPE x [<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;]><x><p>text</p></x>", GenericXMLExtractor()),
            (
                "<x xmlns:xi=\"http://www.w3.org/2001/XInclude\"><p>text</p><xi:include href=\"file:///etc/passwd\" parse=\"text\"/></x>",
                GenericXMLExtractor()
            ),
        ]
        for (xml, extractor) in documents {
            do {
                let document = try extractor.extract(Array(xml.utf8), fileName: "xxe.xml", limits: ExtractionLimits())
                #expect(!MarkupTestSupport.allText(document).contains("root:"))
                #expect(!MarkupTestSupport.allText(document).contains("/bin/"))
            } catch {
                #expect(!error.message.contains("root:"))
            }
        }
        // The brief's minimal document has no text at all once the reference is ignored.
        #expect(MarkupTestSupport.failure { try extract(Self.passwdEntity + "<x>&xxe;</x>") }?.kind == .empty)
        // With text around it the reference simply disappears.
        let document = try extract(Self.passwdEntity + "<x><p>before &xxe; after</p></x>")
        #expect(document.body == "before after")
    }

    @Test func networkEntitiesAreNeverFetched() throws {
        let trap = try #require(MarkupTestSupport.LoopbackTrap())
        let url = "http://127.0.0.1:\(trap.port)"
        let documents = [
            "<!DOCTYPE x [<!ENTITY xxe SYSTEM \"\(url)/entity\">]><x><p>a &xxe; b</p></x>",
            "<!DOCTYPE x SYSTEM \"\(url)/x.dtd\"><x><p>a &ext; b</p></x>",
            "<!DOCTYPE x [<!ENTITY % p SYSTEM \"\(url)/p.dtd\"> %p;]><x><p>a b</p></x>",
            "<x xmlns:xi=\"http://www.w3.org/2001/XInclude\"><p>a b</p><xi:include href=\"\(url)/inc.xml\"/></x>",
        ]
        for xml in documents {
            for extractor in Self.xmlExtractors + [HTMLExtractor()] {
                _ = try? extractor.extract(Array(xml.utf8), fileName: "net.xml", limits: ExtractionLimits())
            }
        }
        #expect(!trap.wasContacted())
    }

    @Test func billionLaughsStaysSmall() throws {
        var declarations = "<!ENTITY lol0 \"lol\">"
        for level in 1...10 {
            declarations += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1);", count: 10) + "\">"
        }
        let xml = "<?xml version=\"1.0\"?><!DOCTYPE lolz [\(declarations)]><lolz><title>laughs</title><p>&lol10;</p></lolz>"
        #expect(FormatSniffer.format(of: Array(xml.utf8), fileName: "lol.xml") == .xml)
        for extractor in Self.xmlExtractors {
            do {
                let document = try extractor.extract(Array(xml.utf8), fileName: "lol.xml", limits: ExtractionLimits())
                #expect(MarkupTestSupport.allText(document).utf8.count < 10_000)
            } catch {
                #expect([.malformed, .limitExceeded, .empty, .unsupported].contains(error.kind))
            }
        }
    }

    @Test func quadraticBlowupStaysSmall() throws {
        let big = String(repeating: "A", count: 20_000)
        let xml = "<!DOCTYPE x [<!ENTITY big \"\(big)\">]><x><title>t</title><p>" + String(repeating: "&big;", count: 5_000) + "</p></x>"
        for extractor in Self.xmlExtractors {
            do {
                let document = try extractor.extract(Array(xml.utf8), fileName: "q.xml", limits: ExtractionLimits())
                #expect(MarkupTestSupport.allText(document).utf8.count < 10_000)
            } catch {
                #expect([.malformed, .limitExceeded, .empty, .unsupported].contains(error.kind))
            }
        }
    }

    @Test func internalEntitiesAreIgnoredNotExpanded() throws {
        let document = try extract("<!DOCTYPE x [<!ENTITY a \"EXPANDED\"><!ENTITY b \"&a;&a;\">]><x><p>before &b; &a; after</p></x>")
        #expect(document.body == "before after")
        // A reference declared in an external DTD that is never loaded (as in real JATS files).
        let jats = try extract(
            "<!DOCTYPE article PUBLIC \"-//NLM//DTD JATS (Z39.96) Journal Publishing DTD v1.2 20190208//EN\" \"JATS-journalpublishing1.dtd\"><article><front><article-meta><title-group><article-title>A&nbsp;title</article-title></title-group></article-meta></front><body><p>x&mdash;y</p></body></article>",
            with: JATSExtractor())
        #expect(jats.titles.first?.text == "Atitle")
        #expect(jats.body == "xy")
    }

    /// XMLTree's own helpers (used by other extractors) must not walk into entity declarations
    /// either: with nested entities that walk is cyclic.
    @Test func treeHelpersStayOutOfEntityDeclarations() throws {
        let xml = "<!DOCTYPE x [<!ENTITY a \"EXPANDED\"><!ENTITY b \"&a;&a;\">]><x>A &b; <y>B</y> &a;</x>"
        let tree = try XMLTree(Array(xml.utf8), html: false)
        let root = try #require(tree.root)
        #expect(root.allText == "A  B ")
        #expect(root.descendants { _ in true }.map(\.name) == ["x", "y"])
    }

    // MARK: sniffing

    @Test func snifferTellsTheFormatsApart() {
        let cases: [(String, String, DocumentFormat?)] = [
            ("<!DOCTYPE html><html><body>x</body></html>", "a.html", .html),
            ("<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\"><body/></html>", "a.xhtml", .html),
            ("<?xml version=\"1.0\"?><article><front/></article>", "a.xml", .jats),
            ("<?xml version=\"1.0\"?><!DOCTYPE article PUBLIC \"x\" \"y.dtd\"><article/>", "a.xml", .jats),
            ("<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><teiHeader/></TEI>", "a.xml", .tei),
            ("<?xml version=\"1.0\"?><teiCorpus><TEI/></teiCorpus>", "a.xml", .tei),
            ("<?xml version=\"1.0\"?><oai_dc:dc xmlns:oai_dc=\"x\"/>", "a.xml", .dublinCore),
            ("<?xml version=\"1.0\"?><OAI-PMH><GetRecord/></OAI-PMH>", "a.xml", .dublinCore),
            ("<?xml version=\"1.0\"?><!-- c --><catalog><item/></catalog>", "a.xml", .xml),
            (Self.passwdEntity + "<x>&xxe;</x>", "xxe.xml", .xml),
        ]
        for (text, name, expected) in cases {
            #expect(FormatSniffer.format(of: Array(text.utf8), fileName: name) == expected, "\(name): \(text)")
        }
    }
}

// MARK: - Support shared by the HTML and XML extractor tests

enum MarkupTestSupport {
    static let junkWords = ["NAVJUNK", "SCRIPTJUNK", "STYLEJUNK"]

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func corpusFiles(_ folder: String) -> [String] {
        let path = packageRoot.appendingPathComponent("corpus").appendingPathComponent(folder).path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.filter { $0.hasSuffix(".\(folder)") }.sorted()
    }

    static func corpusBytes(_ folder: String, _ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: packageRoot.appendingPathComponent("corpus").appendingPathComponent(folder).appendingPathComponent(name)))
    }

    /// Every text field of a document, for leak checks.
    static func allText(_ document: ExtractedDocument) -> String {
        (document.titles.map(\.text) + document.abstracts.map(\.text) + [document.body] + document.authors + document.keywords
            + Array(document.metadata.values) + Array(document.declaredFields.values)).joined(separator: "\n")
    }

    /// The ExtractionError a closure throws, or nil when it returns.
    static func failure(_ body: () throws -> Any) -> ExtractionError? {
        do {
            _ = try body()
            return nil
        } catch let error as ExtractionError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    /// Maximal runs of Thai characters in the content of the named elements, tags removed.
    static func thaiRuns(inElements element: String, of source: String) throws -> [String] {
        let pattern = try Regex("<\(element)(?:\\s[^>]*)?>([\\s\\S]*?)</\(element)>")
        let tag = try Regex("<[^>]+>")
        var runs: [String] = []
        for match in source.matches(of: pattern) {
            guard let content = match.output[1].substring else { continue }
            let text = String(content).replacing(tag, with: " ")  // <br> separates; inline tags split runs only
            var run = ""
            for scalar in text.unicodeScalars {
                if (0x0E00...0x0E7F).contains(scalar.value) {
                    run.unicodeScalars.append(scalar)
                } else if !run.isEmpty {
                    runs.append(run)
                    run = ""
                }
            }
            if !run.isEmpty { runs.append(run) }
        }
        return runs
    }

    /// Deterministic pseudo-random bytes (SplitMix64).
    static func randomBytes(count: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        while bytes.count < count {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            withUnsafeBytes(of: z) { bytes.append(contentsOf: $0) }
        }
        return Array(bytes.prefix(count))
    }

    /// A listening loopback socket: a parser that tried to fetch from it would leave a connection
    /// in its backlog (the kernel completes the handshake without `accept`).
    final class LoopbackTrap {
        let descriptor: Int32
        let port: UInt16

        init?() {
            #if canImport(Glibc)
            let socketType = Int32(SOCK_STREAM.rawValue)
            #else
            let socketType = SOCK_STREAM
            #endif
            let descriptor = socket(AF_INET, socketType, 0)
            guard descriptor >= 0 else { return nil }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = 0
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let size = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, size) }
            }
            guard bound == 0, listen(descriptor, 16) == 0 else {
                close(descriptor)
                return nil
            }
            var length = size
            _ = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
            }
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
            self.descriptor = descriptor
            self.port = UInt16(bigEndian: address.sin_port)
        }

        func wasContacted() -> Bool {
            let connection = accept(descriptor, nil, nil)
            guard connection >= 0 else { return false }
            close(connection)
            return true
        }

        deinit { close(descriptor) }
    }
}
