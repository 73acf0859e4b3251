import DMKMCore
import DMKMIndex
import Foundation

/// The HTML pages of the catalogue. Pages use only HTML 4 era elements with ARIA roles (no
/// `<nav>`/`<main>`), so that strict validators such as `xmllint --html` accept them, and every
/// text from the index goes through `Markup.escape`.
struct SitePages {
    let catalogue: [CatalogueEntry]
    let facets: CatalogueFacets
    let options: StaticSiteOptions
    let day: Day
    private let entriesByID: [String: CatalogueEntry]

    /// Facets with many values show this many on the home page, and link to the full list.
    static let homeFacetLimit = 30

    init(catalogue: [CatalogueEntry], facets: CatalogueFacets, options: StaticSiteOptions, day: Day) {
        self.catalogue = catalogue
        self.facets = facets
        self.options = options
        self.day = day
        entriesByID = Dictionary(catalogue.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    // MARK: layout

    func layout(path: String, title: String, head: String = "", body: String, scripts: String = "") -> String {
        let root = SitePaths.rootPrefix(ofPage: path)
        // Directory pages are canonical without "index.html", as their permalinks are.
        let href = SitePaths.href(path)
        let canonical = options.absoluteURL(href.hasSuffix("index.html") ? String(href.dropLast("index.html".count)) : href)
        return """
            <!DOCTYPE html>
            <html lang="th">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(title))</title>
            <link rel="stylesheet" href="\(root)\(SitePaths.stylesheet)">
            \(canonical.map { "<link rel=\"canonical\" href=\"\(escape($0))\">\n" } ?? "")\(head)</head>
            <body>
            <div class="site-header" role="banner"><a class="site-name" href="\(root)index.html">DMKM</a> \(bilingual(CatalogueText.siteTitle.th, CatalogueText.siteTitle.en))</div>
            <div class="content" role="main">
            \(body)
            </div>
            <div class="site-footer" role="contentinfo"><p>\(bilingual(CatalogueText.publisher.th, CatalogueText.publisher.en))</p><p>ข้อมูล ณ วันที่ \(day) / <span lang="en">Catalogue as of \(day)</span></p></div>
            \(scripts)</body>
            </html>

            """
    }

    func escape(_ text: String) -> String { Markup.escape(text) }

    /// "ไทย / <span lang=en>English</span>": labels in both languages, the English marked as such.
    func bilingual(_ thai: String, _ english: String) -> String {
        "\(escape(thai)) / <span lang=\"en\">\(escape(english))</span>"
    }

    func languageAttribute(_ language: String?) -> String {
        guard let language, !language.isEmpty else { return "" }
        return " lang=\"\(escape(language))\""
    }

    func link(from page: String, to path: String) -> String {
        SitePaths.rootPrefix(ofPage: page) + SitePaths.href(path)
    }

    // MARK: home

    func home(exportSizes: [String: Int]) -> String {
        let path = SitePaths.home
        var body = "<h1>\(bilingual(CatalogueText.siteTitle.th, CatalogueText.siteTitle.en))</h1>\n"
        body += """
            <p>งานวิจัย บทความ นวัตกรรม และรายงานที่เผยแพร่ต่อสาธารณะของสำนักทันตสาธารณสุข ค้นหาหรือเรียกดูตามปี ประเภท หน่วยงาน คำสำคัญ และผู้เขียน \
            <span lang="en">Research, papers, innovations and reports the bureau has made public: search, or browse by year, type, unit, keyword and author.</span></p>

            """
        body += "<p class=\"counts\">\(countsSummary())</p>\n"
        body += searchForm()
        for kind in FacetKind.allCases { body += facetSection(kind, page: path) }
        body += exportsSection(sizes: exportSizes)
        return layout(path: path, title: "DMKM – \(CatalogueText.siteTitle.th)", body: body,
                      scripts: "<script src=\"\(SitePaths.script)\"></script>\n")
    }

    func countsSummary() -> String {
        var parts = ["<span class=\"total\">\(catalogue.count)</span> รายการ / <span lang=\"en\">entries</span>"]
        let years = catalogue.compactMap(\.document.year)
        if let first = years.min(), let last = years.max() {
            parts.append("ปี / <span lang=\"en\">years</span> \(escape(CatalogueText.year(first))) – \(escape(CatalogueText.year(last)))")
        }
        parts.append("\(facets.values(.unit).count) หน่วยงาน / <span lang=\"en\">units</span>")
        parts.append("\(facets.values(.author).count) ผู้เขียน / <span lang=\"en\">authors</span>")
        return parts.joined(separator: " · ")
    }

    func searchForm() -> String {
        let api = escape(options.apiBase)
        return """
            <form id="search-form" class="search" role="search" method="get" action="\(api)/" data-api="\(api)" data-index="\(SitePaths.searchIndex)">
            <label for="q">ค้นหา / <span lang="en">Search</span></label>
            <input type="search" id="q" name="q" placeholder="เช่น เคลือบหลุมร่องฟัน, fluoride varnish">
            <button type="submit">ค้นหา / <span lang="en">Search</span></button>
            </form>
            <noscript><p class="note">การค้นหาใช้ JavaScript เรียกดูตามหมวดด้านล่างได้เสมอ / <span lang="en">Search needs JavaScript; the lists below work without it.</span></p></noscript>
            <div id="search-results" aria-live="polite"></div>

            """
    }

    func facetSection(_ kind: FacetKind, page: String) -> String {
        let values = facets.values(kind)
        guard !values.isEmpty else { return "" }
        var html = "<div class=\"facet-section\" id=\"by-\(kind.rawValue)\">\n"
        html += "<h2>เรียกดูตาม\(escape(kind.title.th)) / <span lang=\"en\">Browse by \(escape(kind.title.en.lowercased()))</span></h2>\n"
        html += facetList(Array(values.prefix(Self.homeFacetLimit)), page: page)
        if values.count > Self.homeFacetLimit {
            html += "<p><a href=\"\(link(from: page, to: SitePaths.facetIndexPage(kind)))\">ทั้งหมด \(values.count) รายการ / <span lang=\"en\">all \(values.count)</span></a></p>\n"
        }
        return html + "</div>\n"
    }

    func facetList(_ values: [FacetValue], page: String) -> String {
        var html = "<ul class=\"facet\">\n"
        for value in values {
            html += "<li><a href=\"\(link(from: page, to: value.pagePath))\">\(escape(value.label))</a> <span class=\"count\">\(value.count)</span></li>\n"
        }
        return html + "</ul>\n"
    }

    func exportsSection(sizes: [String: Int]) -> String {
        let exports: [(String, String, String)] = [
            (SitePaths.csvExport, "ตาราง CSV (Excel)", "CSV spreadsheet"),
            (SitePaths.bibTeXExport, "BibTeX", "BibTeX"),
            (SitePaths.risExport, "RIS (EndNote, Zotero, Mendeley)", "RIS"),
            (SitePaths.jsonExport, "JSON", "JSON"),
        ]
        var html = "<div class=\"exports\" id=\"exports\">\n<h2>ดาวน์โหลดรายการทั้งหมด / <span lang=\"en\">Download the whole catalogue</span></h2>\n<ul>\n"
        for (path, thai, english) in exports {
            let size = sizes[path].map { " <span class=\"size\">(\(Self.formatSize($0)))</span>" } ?? ""
            html += "<li><a href=\"\(SitePaths.href(path))\">\(bilingual(thai, english))</a>\(size)</li>\n"
        }
        return html + "</ul>\n</div>\n"
    }

    static func formatSize(_ bytes: Int) -> String {
        bytes < 1024 ? "\(bytes) B" : bytes < 1024 * 1024 ? "\(bytes / 1024) KB" : String(format: "%.1f MB", Double(bytes) / 1_048_576)
    }

    // MARK: browse pages

    func browsePage(_ value: FacetValue) -> String {
        let path = value.pagePath
        let heading = "\(bilingual(value.kind.title.th, value.kind.title.en)): <span class=\"facet-value\">\(escape(value.label))</span>"
        var body = breadcrumbs(page: path, kind: value.kind)
        body += "<h1>\(heading)</h1>\n<p class=\"counts\"><span class=\"total\">\(value.count)</span> รายการ / <span lang=\"en\">entries</span></p>\n"
        body += entryList(value.ids.compactMap { entriesByID[$0] }, page: path)
        return layout(path: path, title: "\(value.kind.title.th) / \(value.kind.title.en): \(value.label) – DMKM", body: body)
    }

    func facetIndexPage(_ kind: FacetKind) -> String {
        let path = SitePaths.facetIndexPage(kind)
        var body = breadcrumbs(page: path, kind: nil)
        body += "<h1>\(bilingual(kind.title.th, kind.title.en))</h1>\n"
        body += facetList(facets.values(kind), page: path)
        return layout(path: path, title: "\(kind.title.th) / \(kind.title.en) – DMKM", body: body)
    }

    func breadcrumbs(page: String, kind: FacetKind?) -> String {
        var crumbs = "<p class=\"crumbs\"><a href=\"\(link(from: page, to: SitePaths.home))\">หน้าแรก / <span lang=\"en\">Home</span></a>"
        if let kind { crumbs += " › <a href=\"\(link(from: page, to: SitePaths.facetIndexPage(kind)))\">\(bilingual(kind.title.th, kind.title.en))</a>" }
        return crumbs + "</p>\n"
    }

    func entryList(_ entries: [CatalogueEntry], page: String) -> String {
        var html = "<ul class=\"entries\">\n"
        for entry in entries {
            let document = entry.document
            let language = CatalogueText.primaryLanguage(document)
            html += "<li><a class=\"entry-link\" href=\"\(link(from: page, to: entry.pagePath))\"\(languageAttribute(language))>\(escape(document.displayTitle))</a>"
            html += "<br><span class=\"meta\">\(escape(listMeta(document)))</span></li>\n"
        }
        return html + "</ul>\n"
    }

    /// "2023 (พ.ศ. 2566) · งานวิจัย / Research · A, B, C et al."
    func listMeta(_ document: IndexDocument) -> String {
        var parts: [String] = []
        if let year = document.year { parts.append(CatalogueText.year(year)) }
        parts.append(CatalogueText.typeLabel(document.type))
        let authors = document.authors.filter { !$0.isEmpty }
        if !authors.isEmpty { parts.append(authors.prefix(3).joined(separator: ", ") + (authors.count > 3 ? " et al." : "")) }
        return parts.joined(separator: " · ")
    }

    // MARK: entry pages

    func entryPage(_ entry: CatalogueEntry) throws -> String {
        let path = entry.pagePath
        let document = entry.document
        let permalink = options.absoluteURL(entry.permalinkPath)
        let fileHref = entry.fileName.map(SitePaths.href)
        var head = "<link rel=\"schema.DC\" href=\"http://purl.org/dc/elements/1.1/\">\n"
        for element in DublinCore.elements(for: document, identifier: permalink) {
            head += "<meta name=\"DC.\(escape(element.name))\" content=\"\(escape(element.value))\"\(languageAttribute(element.language))>\n"
        }
        let fileURL = fileHref.map { href in permalink.map { $0 + href } ?? href }
        let jsonLD = try JSONLD.scriptText(JSONLD.object(for: entry, permalink: permalink ?? "./", fileURL: fileURL))
        head += "<script type=\"application/ld+json\">\(jsonLD)</script>\n"

        var body = breadcrumbs(page: path, kind: nil)
        body += entryTitles(document)
        body += entryDetails(entry, page: path, fileHref: fileHref, permalink: permalink)
        body += entryAbstracts(document)
        return layout(path: path, title: "\(document.displayTitle) – DMKM", head: head, body: body)
    }

    func entryTitles(_ document: IndexDocument) -> String {
        let titles = CatalogueText.ordered(document.titles, primary: CatalogueText.primaryLanguage(document))
        guard let first = titles.first else { return "<h1>\(escape(document.id))</h1>\n" }
        var html = "<h1\(languageAttribute(first.language))>\(escape(first.text))</h1>\n"
        for title in titles.dropFirst() {
            html += "<p class=\"alt-title\"\(languageAttribute(title.language))>\(escape(title.text))</p>\n"
        }
        return html
    }

    func entryDetails(_ entry: CatalogueEntry, page: String, fileHref: String?, permalink: String?) -> String {
        let document = entry.document
        func facetLink(_ kind: FacetKind, _ value: String, label: String? = nil) -> String {
            "<a href=\"\(link(from: page, to: SitePaths.browsePage(kind, slug: kind.slug(for: value))))\">\(escape(label ?? value))</a>"
        }
        var rows: [(th: String, en: String, value: String)] = []
        let authors = document.authors.filter { !$0.isEmpty }
        if !authors.isEmpty { rows.append(("ผู้เขียน", "Authors", authors.map { facetLink(.author, $0) }.joined(separator: ", "))) }
        if let year = document.year { rows.append(("ปี", "Year", facetLink(.year, String(year), label: CatalogueText.year(year)))) }
        rows.append(("ประเภท", "Type", facetLink(.type, document.type.rawValue, label: CatalogueText.typeLabel(document.type))))
        if let unit = document.unit, !unit.isEmpty { rows.append(("หน่วยงาน", "Unit", facetLink(.unit, unit))) }
        let keywords = document.keywords.filter { !FacetValue.key($0).isEmpty }
        if !keywords.isEmpty {
            let items = keywords.map { "<li>\(facetLink(.keyword, $0))</li>" }.joined()
            rows.append(("คำสำคัญ", "Keywords", "<ul class=\"keywords\">\(items)</ul>"))
        }
        let languages = document.languages.filter { !$0.isEmpty }
        if !languages.isEmpty { rows.append(("ภาษา", "Languages", escape(languages.map(Self.languageName).joined(separator: ", ")))) }
        if let fileHref, let name = entry.fileName {
            rows.append(("ไฟล์ต้นฉบับ", "Original file", "<a class=\"original-file\" href=\"\(fileHref)\">\(escape(name))</a>"))
        }
        rows.append(("ลิงก์ถาวร", "Permalink", permalink.map { "<a href=\"\(escape($0))\">\(escape($0))</a>" } ?? "<a href=\"./\">\(escape(entry.permalinkPath))</a>"))
        rows.append(("รหัส", "Identifier", "<code>\(escape(document.id))</code>"))
        var html = "<dl class=\"details\">\n"
        for row in rows { html += "<dt>\(bilingual(row.th, row.en))</dt><dd>\(row.value)</dd>\n" }
        return html + "</dl>\n"
    }

    /// Characters of the full text shown when an entry has no abstract.
    static let excerptLength = 600

    func entryAbstracts(_ document: IndexDocument) -> String {
        let abstracts = CatalogueText.ordered(document.abstracts, primary: CatalogueText.primaryLanguage(document))
        if abstracts.isEmpty { return entryExcerpt(document) }
        var html = ""
        for abstract in abstracts {
            let language = abstract.language.map { " (\(Self.languageName($0)))" } ?? ""
            html += "<h2>บทคัดย่อ / <span lang=\"en\">Abstract</span>\(escape(language))</h2>\n"
            html += "<div class=\"abstract\"\(languageAttribute(abstract.language))>\n"
            for paragraph in Self.paragraphs(abstract.text) { html += "<p>\(escape(paragraph))</p>\n" }
            html += "</div>\n"
        }
        return html
    }

    /// The start of the full text, for entries without an abstract (the original file, when
    /// copied, has the rest).
    func entryExcerpt(_ document: IndexDocument) -> String {
        let excerpt = CatalogueText.shortened(document.body, limit: Self.excerptLength)
        guard !excerpt.isEmpty else { return "" }
        let language = document.languages.count == 1 ? document.languages.first : nil
        return "<h2>เนื้อหาโดยย่อ / <span lang=\"en\">Excerpt</span></h2>\n<div class=\"excerpt\"\(languageAttribute(language))><p>\(escape(excerpt))</p></div>\n"
    }

    /// Paragraphs of a text: split at blank lines, inner line breaks kept as spaces.
    static func paragraphs(_ text: String) -> [String] {
        text.replacingOccurrences(of: "\r\n", with: "\n")
            .components(separatedBy: "\n\n")
            .map { $0.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ") }
            .filter { !$0.isEmpty }
    }

    static func languageName(_ code: String) -> String {
        switch code {
        case "th": "ไทย / Thai"
        case "en": "อังกฤษ / English"
        default: code
        }
    }
}
