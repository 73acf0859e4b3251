import DMKMIndex

/// HTML pages: metadata from `<title>` and Dublin Core (`DC.*`) / Highwire (`citation_*`) meta
/// tags, text from the visible content of `<body>` (no navigation, scripts, styles, forms).
/// Block elements become paragraphs; table cells in a row are joined by " | ". The character set
/// is the page's declaration when it is right, else detected (`HTMLCharset`).
public struct HTMLExtractor: DocumentExtractor {
    public init() {}

    /// Content that is not the page's text.
    static let skipped: Set<String> = [
        "script", "style", "nav", "noscript", "template", "iframe", "svg", "form", "button", "head", "title",
        "select", "textarea", "object", "embed", "canvas", "audio", "video", "map",
    ]

    static let layout = MarkupLayout(
        blocks: [
            "html", "body", "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "section", "article", "br",
            "blockquote", "pre", "table", "thead", "tbody", "tfoot", "caption", "ul", "ol", "dl", "dd", "dt", "main",
            "header", "footer", "aside", "figure", "figcaption", "address", "hr", "details", "summary",
            "fieldset", "legend", "center", "hgroup", "menu",
        ],
        cells: ["td", "th"],
        skipped: skipped)

    public func extract(_ data: [UInt8], fileName: String, limits: ExtractionLimits) throws(ExtractionError) -> ExtractedDocument {
        try MarkupInput.check(data, limits: limits, allowBinary: false)
        let (utf8, decoded) = HTMLCharset.prepare(data)
        let tree = try XMLTree(utf8, html: true)
        guard let root = tree.root else { throw ExtractionError(.malformed, "no root element") }

        var document = ExtractedDocument()
        document.metadata["format"] = DocumentFormat.html.rawValue
        TextEncoding.record(decoded, in: &document)

        let head = Self.headParts(root)
        MarkupLanguage.add(MarkupLanguage.normalized(root.attribute("lang") ?? root.markupLanguage), to: &document.languages)
        for meta in head.metas where meta.name == "dc.language" || meta.name == "dcterms.language" {
            MarkupLanguage.add(MarkupLanguage.normalized(meta.content), to: &document.languages)
        }
        apply(head, to: &document)

        var text = MarkupTextBuilder(limit: limits.maximumTextBytes)
        let body = root.elements.first { $0.markupName == "body" } ?? root
        text.render(body, layout: Self.layout, skip: { node, _ in Self.isHidden(node) })
        if text.exceeded { throw MarkupInput.textLimit(limits) }
        document.body = text.finish()
        try MarkupInput.requireContent(document)
        return document
    }

    struct Meta {
        var name: String
        var content: String
        var language: String?
    }

    /// The `<title>` text and the named meta tags (names lower-cased), wherever they are.
    static func headParts(_ root: XMLNode) -> (title: String?, metas: [Meta]) {
        var title: String?
        var metas: [Meta] = []
        MarkupWalker.walk(root) { event in
            guard case .enter(let node, _) = event else { return false }
            switch node.markupName {
            case "svg", "math", "script", "style", "template": return false
            case "title":
                if title == nil { title = node.markupInlineText }
                return false
            case "meta":
                if let name = node.attribute("name") ?? node.attribute("property"), let content = node.attribute("content") {
                    let language = node.attribute("lang") ?? node.markupLanguage
                    metas.append(Meta(name: name.markupTrimmed().lowercased(), content: content, language: MarkupLanguage.normalized(language)))
                }
                return false
            default:
                return true
            }
        }
        return (title, metas)
    }

    private func apply(_ head: (title: String?, metas: [Meta]), to document: inout ExtractedDocument) {
        let metas = head.metas
        func values(_ names: Set<String>) -> [Meta] { metas.filter { names.contains($0.name) && !$0.content.markupTrimmed().isEmpty } }

        // MarkupTitles: DC.title (with its lang), then citation_title; the <title> element only without them.
        for meta in values(["dc.title", "dcterms.title"]) + values(["citation_title"]) {
            let language = meta.language ?? MarkupLanguage.inferred(for: meta.content, declared: document.languages)
            MarkupTitles.add(LocalizedText(language: language, text: Self.collapsed(meta.content)), to: &document.titles)
        }
        if document.titles.isEmpty, let title = head.title {
            MarkupTitles.add(title, language: MarkupLanguage.inferred(for: title, declared: document.languages), to: &document.titles)
        }

        // Authors: DC.creator as written; otherwise citation_author ("Surname, Given" → "Given Surname").
        let creators = values(["dc.creator", "dcterms.creator"])
        if !creators.isEmpty {
            for meta in creators { MarkupNames.add(meta.content, to: &document.authors) }
        } else {
            for meta in values(["citation_author"]) { MarkupNames.add(Self.givenFirst(meta.content), to: &document.authors) }
            if document.authors.isEmpty {
                for meta in values(["author"]) { MarkupNames.add(meta.content, to: &document.authors) }
            }
        }

        let dates = values(["dc.date", "dcterms.date", "dcterms.issued", "dcterms.created"])
            + values(["citation_publication_date", "citation_date", "citation_online_date"])
        for meta in dates {
            if let year = MarkupYear.find(in: meta.content) {
                document.year = year
                break
            }
        }

        for meta in values(["dc.subject", "dcterms.subject", "citation_keywords", "keywords"]) {
            for keyword in MarkupKeywords.split(meta.content) { MarkupKeywords.add(keyword, to: &document.keywords) }
        }

        for meta in values(["dc.description", "dcterms.description", "dcterms.abstract", "description", "citation_abstract"]) {
            let language = meta.language ?? MarkupLanguage.inferred(for: meta.content, declared: document.languages)
            MarkupTitles.add(LocalizedText(language: language, text: Self.collapsed(meta.content)), to: &document.abstracts)
        }

        if let type = values(["dc.type", "dcterms.type"]).first {
            document.metadata["dc.type"] = Self.collapsed(type.content)
            if let declared = MarkupDeclaredType.from(type.content) { document.declaredFields["type"] = declared }
        }
        if let publisher = values(["dc.publisher", "dcterms.publisher", "citation_publisher"]).first {
            document.metadata["publisher"] = Self.collapsed(publisher.content)
        }
        if let journal = values(["citation_journal_title"]).first {
            document.metadata["journal"] = Self.collapsed(journal.content)
        }
    }

    /// Elements the page hides, and navigation marked by role.
    static func isHidden(_ node: XMLNode) -> Bool {
        if node.attribute("hidden") != nil { return true }
        if node.attribute("aria-hidden")?.lowercased() == "true" { return true }
        return node.attribute("role")?.lowercased() == "navigation"
    }

    static func collapsed(_ text: String) -> String {
        var builder = MarkupTextBuilder(limit: Int.max)
        builder.append(text)
        return builder.finish()
    }

    /// "Srisuwan, Kanokwan" → "Kanokwan Srisuwan" (Highwire citation_author order); other forms as given.
    static func givenFirst(_ name: String) -> String {
        let parts = name.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return name }
        let surname = String(parts[0]).markupTrimmed()
        let given = String(parts[1]).markupTrimmed()
        guard !surname.isEmpty, !given.isEmpty else { return name }
        return given + " " + surname
    }
}
