import DMKMAnalysis
import DMKMIndex
import DMKMIngest
import DMKMRepository
import Foundation
import Testing

/// The sample corpus indexed once, shared by the catalogue tests.
enum CatalogueCorpus {
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static let indexURL = FileManager.default.temporaryDirectory.appendingPathComponent("dmkm-catalogue-index-\(UUID().uuidString)")

    /// The sample corpus, indexed once in-process (extraction without child processes).
    static let reader: IndexReader = {
        let url = indexURL
        // The index is shared by every test, so it is removed when the test process ends.
        atexit { try? FileManager.default.removeItem(at: CatalogueCorpus.indexURL) }
        do {
            let writer = try IndexWriter(directory: IndexDirectory(url), analyzer: try Analyzer.standard())
            var ingestor = FileIngestor()
            ingestor.workerExecutable = nil
            let report = try ingestor.ingest(paths: [packageRoot.appendingPathComponent("corpus").path], into: writer)
            precondition(report.failed.isEmpty, "corpus ingest failed: \(report.failed)")
            return try IndexReader.open(IndexDirectory(url))
        } catch {
            fatalError("cannot index the sample corpus: \(error)")
        }
    }()

    /// A fixed day after every past `public_from` in the corpus and before the 2030 embargoes.
    static let day = Day("2026-01-01")!
    static let afterEmbargo = Day("2030-01-02")!

    static let internalWords = [
        "INTERNALONLYALPHA", "INTERNALONLYBRAVO", "INTERNALONLYCHARLIE", "INTERNALONLYDELTA",
        "INTERNALONLYECHO", "INTERNALONLYFOXTROT", "INTERNALONLYGOLF", "INTERNALONLYHOTEL",
    ]
    static let internalIDs = [
        "tpsa-2568-elderly-service-draft", "km-action-plan-2567", "sealant-mobile-unit-internal-2566", "budget-review-2568",
        "data-quality-audit-2567", "denture-waiting-list-2567", "strategy-retreat-2568", "km-award-review-internal-2567",
    ]
    static let embargoedIDs = ["oral-health-literacy-2024", "sugar-drinks-teens-2023"]

    static func entries(on day: Day = day) throws -> PublicEntries { try PublicEntries(reader: reader, on: day) }

    static func temporaryDirectory(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("dmkm-catalogue-\(name)-\(UUID().uuidString)")
    }

    /// Publishes the corpus's public entries on `day` into a new directory.
    static func publish(_ name: String, on day: Day = day, baseURL: String? = nil) throws -> (site: URL, report: PublishReport, built: StaticSite) {
        let options = StaticSiteOptions(baseURL: baseURL, originals: OriginalStore(index: reader.directory))
        let built = try StaticSite(entries: try entries(on: day), options: options)
        let site = temporaryDirectory(name).appendingPathComponent("site")
        return (site, try built.publish(to: site), built)
    }
}

/// Reading a published site back.
struct SiteFiles {
    let root: URL

    /// Every regular file, as paths from the root (hidden files included).
    var allPaths: [String] {
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])!
        var paths: [String] = []
        for case let url as URL in enumerator where (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true {
            paths.append(String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1)))
        }
        return paths.sorted()
    }

    func text(_ path: String) throws -> String {
        String(decoding: try Data(contentsOf: root.appendingPathComponent(path)), as: UTF8.self)
    }

    func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path) }

    func json(_ path: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent(path))) }

    /// The JSON-LD object embedded in an HTML page.
    func jsonLD(_ path: String) throws -> [String: Any] {
        let html = try text(path)
        let opening = "<script type=\"application/ld+json\">"
        let start = try #require(html.range(of: opening))
        let end = try #require(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
        let object = try JSONSerialization.jsonObject(with: Data(html[start.upperBound..<end.lowerBound].utf8))
        return try #require(object as? [String: Any])
    }

    /// How often `needle` occurs in `path`.
    func occurrences(of needle: String, in path: String) throws -> Int {
        try text(path).components(separatedBy: needle).count - 1
    }
}

/// Text as the site escapes it in HTML (the five characters `Markup.escape` replaces).
func htmlEscaped(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        .replacingOccurrences(of: "'", with: "&#39;")
}

/// RFC 4180 records (quoted fields with doubled quotes, CRLF or LF line ends).
func parseCSV(_ text: String) -> [[String]] {
    var rows: [[String]] = []
    var row: [String] = []
    var field = ""
    var quoted = false
    var characters = Array(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text).makeIterator()
    var pending: Character? = nil
    while let character = pending ?? characters.next() {
        pending = nil
        if quoted {
            if character == "\"" {
                let next = characters.next()
                if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
            } else {
                field.append(character)
            }
            continue
        }
        switch character {
        case "\"": quoted = true
        case ",": row.append(field); field = ""
        case "\r\n", "\n", "\r": row.append(field); rows.append(row); row = []; field = ""
        default: field.append(character)
        }
    }
    if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
    return rows
}

@Suite("Static public catalogue")
struct CatalogueTests {
    @Test("every public entry gets a page at its permalink, and only public entries do")
    func pagePerPublicEntry() throws {
        let (site, report, _) = try CatalogueCorpus.publish("pages")
        defer { try? FileManager.default.removeItem(at: site.deletingLastPathComponent()) }
        let entries = try CatalogueCorpus.entries()
        let files = SiteFiles(root: site)
        #expect(entries.documents.count == 44)
        #expect(report.published == 44)
        #expect(report.withheld == 10)
        for document in entries.documents {
            let page = "entries/\(document.id)/index.html"
            #expect(files.exists(page), "no page for \(document.id)")
            if files.exists(page) {
                #expect(try files.text(page).contains(document.id))
            }
        }
        let directories = try FileManager.default.contentsOfDirectory(atPath: site.appendingPathComponent("entries").path)
        #expect(Set(directories) == Set(entries.documents.map(\.id)))
        #expect(files.exists(SitePaths.marker))
    }

    @Test("nothing of an internal or embargoed entry appears in any file of the site")
    func nothingWithheldLeaks() throws {
        let (site, report, _) = try CatalogueCorpus.publish("leaks")
        defer { try? FileManager.default.removeItem(at: site.deletingLastPathComponent()) }
        let files = SiteFiles(root: site)
        var withheldTitles: [String] = []
        try CatalogueCorpus.reader.forEachDocument { document in
            if !document.isPublic(on: CatalogueCorpus.day) { withheldTitles += document.titles.map(\.text).filter { $0.count > 12 } }
        }
        #expect(withheldTitles.count >= 10)
        let forbidden = CatalogueCorpus.internalWords + CatalogueCorpus.internalIDs + CatalogueCorpus.embargoedIDs + withheldTitles
        let paths = files.allPaths
        #expect(paths.count > 100)
        var leaks: [String] = []
        for path in paths {
            let text = try files.text(path)
            for word in forbidden where text.contains(word) { leaks.append("\(path): \(word)") }
        }
        #expect(leaks.isEmpty, "withheld text in the site: \(leaks.prefix(20))")
        // Original files are copied only for entries with a file of their own: never a JSONL batch.
        #expect(!paths.contains { $0.hasSuffix(".jsonl") || $0.hasSuffix(".ndjson") })
        #expect(report.filesCopied == 37)
        #expect(report.missingFiles.isEmpty)
    }

    @Test("facet counts and browse pages count the public entries only")
    func facetCounts() throws {
        let (site, _, built) = try CatalogueCorpus.publish("facets")
        defer { try? FileManager.default.removeItem(at: site.deletingLastPathComponent()) }
        let files = SiteFiles(root: site)
        let documents = try CatalogueCorpus.entries().documents
        let home = try files.text("index.html")

        var expectedYears: [Int: Int] = [:]
        for case let year? in documents.map(\.year) { expectedYears[year, default: 0] += 1 }
        let years = built.facets.values(.year)
        #expect(Dictionary(uniqueKeysWithValues: years.map { (Int($0.slug)!, $0.count) }) == expectedYears)

        var expectedTypes: [String: Int] = [:]
        for document in documents { expectedTypes[document.type.rawValue, default: 0] += 1 }
        #expect(Dictionary(uniqueKeysWithValues: built.facets.values(.type).map { ($0.slug, $0.count) }) == expectedTypes)
        // Both "other" entries but one are internal: the count must not include them.
        #expect(expectedTypes["other"] == 1)

        var expectedUnits: [String: Int] = [:]
        for case let unit? in documents.map(\.unit) { expectedUnits[unit, default: 0] += 1 }
        #expect(Dictionary(uniqueKeysWithValues: built.facets.values(.unit).map { ($0.label, $0.count) }) == expectedUnits)

        var expectedKeywords: [String: Int] = [:]
        for document in documents {
            for keyword in Set(document.keywords.map { $0.lowercased() }) { expectedKeywords[keyword, default: 0] += 1 }
        }
        #expect(Dictionary(uniqueKeysWithValues: built.facets.values(.keyword).map { ($0.label.lowercased(), $0.count) }) == expectedKeywords)

        for kind in FacetKind.allCases {
            let facetIndex = try files.text("browse/\(kind.rawValue)/index.html")
            for (position, value) in built.facets.values(kind).enumerated() {
                let link = "<a href=\"\(value.pagePath)\">\(htmlEscaped(value.label))</a> <span class=\"count\">\(value.count)</span>"
                #expect(facetIndex.contains(link.replacingOccurrences(of: "href=\"", with: "href=\"../../")), "\(kind) \(value.label)")
                // The home page lists the first values of each facet.
                if position < 30 { #expect(home.contains(link), "\(kind) \(value.label)") }
                #expect(try files.occurrences(of: "class=\"entry-link\"", in: value.pagePath) == value.count, "\(value.pagePath)")
            }
        }
        #expect(!files.exists("browse/year/2030.html"))
    }

    @Test("entry pages carry schema.org JSON-LD and Dublin Core meta tags")
    func structuredMetadata() throws {
        let base = "https://example.go.th/dmkm/"
        let (site, _, _) = try CatalogueCorpus.publish("metadata", baseURL: base)
        defer { try? FileManager.default.removeItem(at: site.deletingLastPathComponent()) }
        let files = SiteFiles(root: site)
        for document in try CatalogueCorpus.entries().documents {
            let page = "entries/\(document.id)/index.html"
            let object = try files.jsonLD(page)
            let expectedType = document.type == .research || document.type == .paper ? "ScholarlyArticle" : "CreativeWork"
            #expect(object["@type"] as? String == expectedType, "\(document.id)")
            #expect(object["name"] as? String == document.displayTitle, "\(document.id)")
            #expect(object["@id"] as? String == base + "entries/\(document.id)/")
            let authors = (object["author"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            #expect(authors == document.authors.filter { !$0.isEmpty })
            if let year = document.year { #expect(object["datePublished"] as? String == String(year)) }
            #expect((object["publisher"] as? [String: Any])?["@type"] as? String == "Organization")
            let html = try files.text(page)
            #expect(html.contains("<link rel=\"schema.DC\" href=\"http://purl.org/dc/elements/1.1/\">"))
            #expect(html.contains("<meta name=\"DC.identifier\" content=\"\(base)entries/\(document.id)/\">"))
            for title in document.titles where !title.text.isEmpty {
                let language = title.language.map { " lang=\"\($0)\"" } ?? ""
                #expect(html.contains("<meta name=\"DC.title\" content=\"\(htmlEscaped(title.text))\"\(language)>"), "\(document.id)")
            }
        }
        // A DOCX entry: its file is copied beside the page and named in the JSON-LD encoding.
        let docx = try files.jsonLD("entries/sugar-tax-policy-brief-2022/index.html")
        let encoding = try #require(docx["encoding"] as? [String: Any])
        #expect(encoding["@type"] as? String == "MediaObject")
        #expect(encoding["contentUrl"] as? String == base + "entries/sugar-tax-policy-brief-2022/sugar-tax-policy-brief-2022.docx")
        let copied = try Data(contentsOf: site.appendingPathComponent("entries/sugar-tax-policy-brief-2022/sugar-tax-policy-brief-2022.docx"))
        #expect(copied == (try Data(contentsOf: CatalogueCorpus.packageRoot.appendingPathComponent("corpus/docx/sugar-tax-policy-brief-2022.docx"))))
        // A JSONL record has no file of its own.
        #expect(try files.jsonLD("entries/fluoride-varnish-cost-2020/index.html")["encoding"] == nil)
    }

    @Test("the exports hold one record per public entry and parse")
    func exports() throws {
        let (site, _, _) = try CatalogueCorpus.publish("exports", baseURL: "https://example.go.th/dmkm")
        defer { try? FileManager.default.removeItem(at: site.deletingLastPathComponent()) }
        let files = SiteFiles(root: site)
        let ids = Set(try CatalogueCorpus.entries().documents.map(\.id))

        let csvText = try files.text(SitePaths.csvExport)
        #expect(csvText.hasPrefix("\u{FEFF}id,"))
        let rows = parseCSV(csvText)
        #expect(rows.count == ids.count + 1)
        #expect(rows.allSatisfy { $0.count == rows[0].count })
        #expect(Set(rows.dropFirst().map { $0[0] }) == ids)
        let yearColumn = try #require(rows[0].firstIndex(of: "year")), beColumn = try #require(rows[0].firstIndex(of: "year_be"))
        #expect(rows.dropFirst().allSatisfy { $0[yearColumn].isEmpty || Int($0[beColumn]) == Int($0[yearColumn])! + 543 })

        let ris = try files.text(SitePaths.risExport)
        let risLines = ris.components(separatedBy: "\r\n")
        #expect(risLines.filter { $0.hasPrefix("TY  - ") }.count == ids.count)
        #expect(risLines.filter { $0 == "ER  - " }.count == ids.count)
        #expect(Set(risLines.filter { $0.hasPrefix("ID  - ") }.map { String($0.dropFirst(6)) }) == ids)
        #expect(risLines.contains("UR  - https://example.go.th/dmkm/entries/fluoride-varnish-2565/"))
        #expect(risLines.allSatisfy { $0.isEmpty || $0.range(of: #"^[A-Z][A-Z0-9]  - "#, options: .regularExpression) != nil })

        let bib = try files.text(SitePaths.bibTeXExport)
        let bibEntries = bib.components(separatedBy: "\n@").dropFirst()
        #expect(bibEntries.count == ids.count)
        for entry in bibEntries {
            let key = String(entry.drop { $0 != "{" }.dropFirst().prefix { $0 != "," })
            #expect(ids.contains(key))
            // Braces balance once escaped braces are left out.
            let unescaped = entry.replacingOccurrences(of: "\\{", with: "").replacingOccurrences(of: "\\}", with: "")
            #expect(unescaped.filter { $0 == "{" }.count == unescaped.filter { $0 == "}" }.count, "\(key)")
        }
        #expect(bib.contains("@article{fluoride-varnish-2565,"))
        #expect(bib.contains("@misc{smile-app-innovation-2024,"))

        let json = try #require(try files.json(SitePaths.jsonExport) as? [[String: Any]])
        #expect(json.count == ids.count)
        #expect(Set(json.compactMap { $0["id"] as? String }) == ids)
        let index = try #require(try files.json(SitePaths.searchIndex) as? [[String: Any]])
        #expect(Set(index.compactMap { $0["id"] as? String }) == ids)
        #expect(index.allSatisfy { ($0["url"] as? String)?.hasPrefix("entries/") == true })

        let home = try files.text("index.html")
        for path in [SitePaths.csvExport, SitePaths.bibTeXExport, SitePaths.risExport, SitePaths.jsonExport] {
            #expect(home.contains("href=\"\(path)\""))
        }
    }

    @Test("years are shown in the Common and the Buddhist Era")
    func bothEras() throws {
        let (site, _, _) = try CatalogueCorpus.publish("eras")
        defer { try? FileManager.default.removeItem(at: site.deletingLastPathComponent()) }
        let files = SiteFiles(root: site)
        #expect(try files.text("entries/elderly-denture-royal-2566/index.html").contains("2023 (พ.ศ. 2566)"))
        #expect(try files.text("index.html").contains("<a href=\"browse/year/2023.html\">2023 (พ.ศ. 2566)</a>"))
        #expect(try files.text("browse/year/2017.html").contains("2017 (พ.ศ. 2560)"))
    }

    @Test("a Thai keyword has a browse page listing its entries, linked from their pages")
    func thaiKeywordBrowse() throws {
        let (site, _, _) = try CatalogueCorpus.publish("keyword")
        defer { try? FileManager.default.removeItem(at: site.deletingLastPathComponent()) }
        let files = SiteFiles(root: site)
        let keyword = "ศูนย์พัฒนาเด็กเล็ก"
        let tagged = try CatalogueCorpus.entries().documents.filter { $0.keywords.contains(keyword) }
        #expect(tagged.count >= 2)
        let slug = FacetKind.keyword.slug(for: keyword)
        #expect(slug.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
        let page = "browse/keyword/\(slug).html"
        let html = try files.text(page)
        #expect(html.contains(keyword))
        #expect(try files.occurrences(of: "class=\"entry-link\"", in: page) == tagged.count)
        for document in tagged {
            #expect(html.contains("href=\"../../entries/\(document.id)/index.html\""))
            #expect(try files.text("entries/\(document.id)/index.html").contains("href=\"../../\(page)\""))
        }
    }

    @Test("an embargoed entry is published once its public_from day has come")
    func embargoLifts() throws {
        let (site, report, _) = try CatalogueCorpus.publish("embargo", on: CatalogueCorpus.afterEmbargo)
        defer { try? FileManager.default.removeItem(at: site.deletingLastPathComponent()) }
        let files = SiteFiles(root: site)
        #expect(report.published == 46)
        #expect(report.withheld == 8)
        for id in CatalogueCorpus.embargoedIDs { #expect(files.exists("entries/\(id)/index.html")) }
        #expect(files.exists("entries/oral-health-literacy-2024/oral-health-literacy-2024.txt"))
        for id in CatalogueCorpus.internalIDs { #expect(!files.exists("entries/\(id)/index.html")) }
    }

    @Test("republishing replaces an earlier site; a directory that is not a site is refused and left alone")
    func republishing() throws {
        let work = CatalogueCorpus.temporaryDirectory("republish")
        defer { try? FileManager.default.removeItem(at: work) }
        let site = work.appendingPathComponent("site")
        let options = StaticSiteOptions(originals: OriginalStore(index: CatalogueCorpus.reader.directory))
        _ = try StaticSite(entries: try CatalogueCorpus.entries(on: CatalogueCorpus.afterEmbargo), options: options).publish(to: site)
        #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent("entries/sugar-drinks-teens-2023/index.html").path))
        let report = try StaticSite(entries: try CatalogueCorpus.entries(), options: options).publish(to: site)
        #expect(report.published == 44)
        // The new site replaced the old one entirely: the embargoed entry's page is gone again.
        #expect(!FileManager.default.fileExists(atPath: site.appendingPathComponent("entries/sugar-drinks-teens-2023").path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path) == ["site"])

        let documents = work.appendingPathComponent("documents")
        try FileManager.default.createDirectory(at: documents, withIntermediateDirectories: true)
        let precious = documents.appendingPathComponent("thesis.docx")
        try Data("my only copy".utf8).write(to: precious)
        #expect(throws: PublishError.notASite(path: documents.path)) {
            try StaticSite(entries: try CatalogueCorpus.entries(), options: options).publish(to: documents)
        }
        #expect(try Data(contentsOf: precious) == Data("my only copy".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: documents.path) == ["thesis.docx"])
        #expect(throws: PublishError.notADirectory(path: precious.path)) {
            try StaticSite(entries: try CatalogueCorpus.entries(), options: options).publish(to: precious)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path).sorted() == ["documents", "site"])

        let empty = work.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        #expect(try StaticSite(entries: try CatalogueCorpus.entries(), options: options).publish(to: empty).published == 44)
    }

    @Test("text from the index is escaped in pages, JSON-LD and BibTeX; odd ids get safe permalinks")
    func escaping() throws {
        let hostile = IndexDocument(
            id: "a/b c..", titles: [LocalizedText(language: "en", text: "Fluoride & \"sealants\" </script><script>alert(1)</script>")],
            abstracts: [LocalizedText(language: "en", text: "50% of {children} <b>bold</b>")],
            authors: ["Smith and Jones Co."], keywords: ["<img src=x>"], year: 2024, type: .research)
        let dots = IndexDocument(id: "..", titles: [LocalizedText(language: "th", text: "จุด")], year: 2024, type: .report)
        let entries = PublicEntries(day: CatalogueCorpus.day, documents: [hostile, dots])
        let site = CatalogueCorpus.temporaryDirectory("escaping").appendingPathComponent("site")
        defer { try? FileManager.default.removeItem(at: site.deletingLastPathComponent()) }
        _ = try StaticSite(entries: entries, options: StaticSiteOptions()).publish(to: site)
        let files = SiteFiles(root: site)

        #expect(SitePaths.entryDirectoryName(id: "a/b c..") == "a%2Fb%20c..")
        #expect(SitePaths.entryDirectoryName(id: "..") == "%2E.")
        #expect(SitePaths.permalinkPath(id: "a/b c..") == "entries/a%252Fb%2520c../")
        let page = "entries/a%2Fb%20c../index.html"
        let html = try files.text(page)
        #expect(!html.contains("<script>alert"))
        #expect(!html.contains("<img src=x>"))
        #expect(html.contains("Fluoride &amp; &quot;sealants&quot; &lt;/script&gt;"))
        #expect(try files.jsonLD(page)["name"] as? String == hostile.titles[0].text)
        #expect(files.exists("entries/%2E./index.html"))
        #expect(try files.text("browse/year/2024.html").contains("href=\"../../entries/a%252Fb%2520c../index.html\""))

        let bib = try files.text(SitePaths.bibTeXExport)
        #expect(bib.contains("50\\% of \\{children\\}"))
        #expect(bib.contains("author = {{Smith and Jones Co.}}"))
        // An id with characters BibTeX keys cannot hold gets its safe characters plus a hash.
        #expect(bib.range(of: #"@article\{abc\.\.-[0-9a-f]{12},"#, options: .regularExpression) != nil)
    }

    @Test("slugs are stable, ASCII and keep English words readable")
    func slugs() {
        #expect(Slug.make("fluoride varnish") == Slug.make("Fluoride  Varnish"))
        #expect(Slug.make("fluoride varnish").hasPrefix("fluoride-varnish-"))
        #expect(Slug.make("ฟันผุ").count == 12)
        #expect(Slug.make("ฟันผุ") != Slug.make("ฟันผุในเด็ก"))
        // Pinned: a slug must never change between releases, or browse links would break.
        #expect(Slug.make("ฟันผุ") == "edf0d33dc53a")
        #expect(Slug.make("DMFT") == "dmft-eb0b48676998")
    }
}
