import DMKMIndex

// Extractors for the XML formats DMKM ingests: JATS articles, TEI documents, Dublin Core records
// (oai_dc, alone or inside an OAI-PMH response) and any other XML. All parse with `XMLTree`
// (no network, no DTD loading, no entity substitution) and walk the tree themselves, visiting only
// elements, text and CDATA: an entity reference is skipped, never followed into its declaration.

// MARK: - JATS

/// JATS (NISO Z39.96) journal articles: metadata from front/article-meta, text from body
/// (sections and paragraphs; back matter and reference lists are left out).
public struct JATSExtractor: DocumentExtractor {
    public init() {}

    static let layout = MarkupLayout(
        blocks: [
            "body", "sec", "p", "title", "subtitle", "label", "caption", "table-wrap", "table-wrap-group",
            "table-wrap-foot", "table", "thead", "tbody", "tfoot", "tr", "list", "list-item", "def-list",
            "def-item", "term", "def", "disp-quote", "attrib", "fig", "fig-group", "boxed-text", "statement",
            "speech", "speaker", "verse-group", "verse-line", "app", "app-group", "glossary", "fn", "fn-group",
            "preformat", "disp-formula", "abstract", "trans-abstract", "notes", "question", "answer",
        ],
        cells: ["td", "th"],
        breaks: ["break"],
        skipped: [
            "ref-list", "back", "floats-group", "tex-math", "math", "object-id", "graphic", "inline-graphic",
            "media", "processing-meta",
        ])

    public func extract(_ data: [UInt8], fileName: String, limits: ExtractionLimits) throws(ExtractionError) -> ExtractedDocument {
        try MarkupInput.check(data, limits: limits)
        let tree = try XMLTree(data, html: false)
        guard let root = tree.root else { throw ExtractionError(.malformed, "no root element") }
        let article = root.markupName == "article" ? root : (root.markupFirst(named: ["article"]) ?? root)
        let articleLanguage = article.markupLanguageCode

        var document = ExtractedDocument()
        document.metadata["format"] = DocumentFormat.jats.rawValue
        MarkupLanguage.add(articleLanguage, to: &document.languages)
        if let type = article.attribute("article-type"), !type.isEmpty {
            document.metadata["jats.article-type"] = type
            if let declared = MarkupDeclaredType.fromJATS(type) { document.declaredFields["type"] = declared }
        }

        let front = article.markupChild("front")
        if let journal = front?.markupChild("journal-meta") {
            if let title = journal.markupFirst(named: ["journal-title"]) {
                document.metadata.setMarkupValue("journal", title.markupInlineText)
            }
            if let publisher = journal.markupFirst(named: ["publisher-name"]) {
                document.metadata.setMarkupValue("publisher", publisher.markupInlineText)
            }
        }
        if let meta = front?.markupFirst(named: ["article-meta"]) {
            readArticleMeta(meta, articleLanguage: articleLanguage, into: &document)
        }

        var text = MarkupTextBuilder(limit: limits.maximumTextBytes)
        for body in article.markupChildren(named: "body") { text.render(body, layout: Self.layout) }
        if text.exceeded { throw MarkupInput.textLimit(limits) }
        document.body = text.finish()
        if document.body.isEmpty { document.body = document.abstracts.map(\.text).joined(separator: "\n\n") }
        try MarkupInput.requireContent(document)
        return document
    }

    private func readArticleMeta(_ meta: XMLNode, articleLanguage: String?, into document: inout ExtractedDocument) {
        if let group = meta.markupChild("title-group") {
            let groupLanguage = group.markupLanguageCode ?? articleLanguage
            if let title = group.markupChild("article-title") {
                var text = title.markupInlineText
                if let subtitle = group.markupChild("subtitle")?.markupInlineText, !subtitle.isEmpty, !text.isEmpty { text += ": " + subtitle }
                MarkupTitles.add(text, language: title.markupLanguageCode ?? groupLanguage, to: &document.titles)
            }
            for translated in group.markupChildren(named: "trans-title-group") {
                let language = translated.markupLanguageCode
                for title in translated.markupChildren(named: "trans-title") {
                    var text = title.markupInlineText
                    if let subtitle = translated.markupChild("trans-subtitle")?.markupInlineText, !subtitle.isEmpty, !text.isEmpty {
                        text += ": " + subtitle
                    }
                    MarkupTitles.add(text, language: title.markupLanguageCode ?? language, to: &document.titles)
                }
            }
        }

        for group in meta.markupChildren(named: "contrib-group") {
            for contributor in group.markupChildren(named: "contrib") {
                let role = (contributor.attribute("contrib-type") ?? "author").lowercased()
                guard role == "author" || role.isEmpty else { continue }
                if let name = Self.contributorName(contributor) { MarkupNames.add(name, to: &document.authors) }
            }
        }

        for abstract in meta.markupChildren(named: "abstract") + meta.markupChildren(named: "trans-abstract") {
            let kind = (abstract.attribute("abstract-type") ?? "").lowercased()
            guard kind != "graphical" && kind != "teaser" else { continue }
            let language = abstract.markupLanguageCode ?? (abstract.markupName == "abstract" ? articleLanguage : nil)
            let text = abstract.markupBlockText(layout: Self.layout, droppingTopLevel: ["title", "label"])
            MarkupTitles.add(LocalizedText(language: language, text: text), to: &document.abstracts)
        }

        for group in meta.markupChildren(named: "kwd-group") {
            for keyword in group.elements {
                if keyword.markupName == "kwd" { MarkupKeywords.add(keyword.markupInlineText, to: &document.keywords) }
                if keyword.markupName == "compound-kwd" { MarkupKeywords.add(keyword.markupWordText, to: &document.keywords) }
            }
        }

        for date in meta.markupChildren(named: "pub-date") {
            let year = date.markupChild("year").flatMap { MarkupYear.find(in: $0.markupInlineText) }
            if let year = year ?? date.attribute("iso-8601-date").flatMap(MarkupYear.find) {
                document.year = year
                break
            }
        }
    }

    /// "Given Surname" from name (or name-alternatives/name), string-name or collab.
    static func contributorName(_ contributor: XMLNode) -> String? {
        let name = contributor.markupChild("name") ?? contributor.markupChild("name-alternatives")?.markupChild("name")
        if let name {
            let surname = name.markupChild("surname")?.markupInlineText ?? ""
            let given = name.markupChild("given-names")?.markupInlineText ?? ""
            let suffix = name.markupChild("suffix")?.markupInlineText ?? ""
            let eastern = name.attribute("name-style")?.lowercased() == "eastern"
            let parts = eastern ? [surname, given, suffix] : [given, surname, suffix]
            let joined = parts.filter { !$0.isEmpty }.joined(separator: " ")
            if !joined.isEmpty { return joined }
        }
        if let stringName = contributor.markupChild("string-name") ?? contributor.markupChild("name-alternatives")?.markupChild("string-name") {
            let text = stringName.markupWordText
            if !text.isEmpty { return text }
        }
        if let collab = contributor.markupChild("collab") {
            let text = collab.markupInlineText
            if !text.isEmpty { return text }
        }
        return nil
    }
}

// MARK: - TEI

/// TEI P5 documents: metadata from teiHeader, text from text/body (front and back are left out).
/// Elements match in the TEI namespace or in none.
public struct TEIExtractor: DocumentExtractor {
    public init() {}

    static let namespace = "http://www.tei-c.org/ns/1.0"

    static let layout = MarkupLayout(
        blocks: [
            "body", "div", "div1", "div2", "div3", "div4", "div5", "div6", "div7", "head", "p", "ab", "table",
            "row", "list", "item", "label", "lg", "l", "sp", "speaker", "stage", "figure", "figDesc", "note",
            "listBibl", "bibl", "cit", "epigraph", "argument", "opener", "closer", "salute", "signed",
            "dateline", "byline", "docTitle", "castList", "castItem", "trailer", "floatingText", "group", "text",
        ],
        cells: ["cell"],
        breaks: ["lb"],
        skipped: ["teiHeader", "front", "back", "fw", "graphic", "formula"])

    public func extract(_ data: [UInt8], fileName: String, limits: ExtractionLimits) throws(ExtractionError) -> ExtractedDocument {
        try MarkupInput.check(data, limits: limits)
        let tree = try XMLTree(data, html: false)
        guard let root = tree.root else { throw ExtractionError(.malformed, "no root element") }
        let rootLanguage = root.markupLanguageCode

        var document = ExtractedDocument()
        document.metadata["format"] = DocumentFormat.tei.rawValue
        MarkupLanguage.add(rootLanguage, to: &document.languages)

        let header = Self.tei(root, "teiHeader") ?? root.markupFirst(named: ["teiHeader"], skipping: ["text"])
        if let header { readHeader(header, rootLanguage: rootLanguage, into: &document) }

        // The text: every body below root/text (including text/group/text/body), not front or back.
        let texts = root.elements.filter { Self.isTEI($0, "text") }
            + root.elements.filter { Self.isTEI($0, "TEI") }.flatMap { $0.elements.filter { Self.isTEI($0, "text") } }
        var text = MarkupTextBuilder(limit: limits.maximumTextBytes)
        for element in texts { text.render(element, layout: Self.layout, skip: Self.skipAlternative) }
        if text.exceeded { throw MarkupInput.textLimit(limits) }
        document.body = text.finish()

        // An abstract given as a division of the text (div type="abstract", in front or body).
        if document.abstracts.isEmpty {
            for element in texts {
                let divisions = element.markupAll { Self.isTEI($0, "div") && $0.attribute("type")?.lowercased() == "abstract" }
                for division in divisions {
                    let inherited = MarkupLanguage.normalized(division.markupInheritedLanguage(below: element))
                    let language = inherited ?? element.markupLanguageCode ?? rootLanguage
                    let abstract = division.markupBlockText(layout: Self.layout, droppingTopLevel: ["head"])
                    if !document.abstracts.contains(where: { $0.language == language }) {
                        MarkupTitles.add(LocalizedText(language: language, text: abstract), to: &document.abstracts)
                    }
                }
            }
        }
        if document.body.isEmpty { document.body = document.abstracts.map(\.text).joined(separator: "\n\n") }
        try MarkupInput.requireContent(document)
        return document
    }

    private func readHeader(_ header: XMLNode, rootLanguage: String?, into document: inout ExtractedDocument) {
        let headerLanguage = header.markupLanguageCode ?? rootLanguage
        let fileDescription = Self.tei(header, "fileDesc")
        if let statement = fileDescription.flatMap({ Self.tei($0, "titleStmt") }) {
            let statementLanguage = statement.markupLanguageCode ?? headerLanguage
            let titles = statement.elements.filter { Self.isTEI($0, "title") }
            // Main titles first; a subtitle in the language of a main title extends it.
            let isSub = { (title: XMLNode) in ["sub", "subtitle"].contains(title.attribute("type")?.lowercased() ?? "") }
            var found: [LocalizedText] = []
            for title in titles where !isSub(title) {
                MarkupTitles.add(title.markupInlineText, language: title.markupLanguageCode ?? statementLanguage, to: &found)
            }
            for title in titles where isSub(title) {
                let language = title.markupLanguageCode ?? statementLanguage
                let text = title.markupInlineText
                if let index = found.firstIndex(where: { $0.language == language }), !text.isEmpty {
                    found[index].text += ": " + text
                } else {
                    MarkupTitles.add(LocalizedText(language: language, text: text), to: &found)
                }
            }
            for title in found { MarkupTitles.add(title, to: &document.titles) }
            for author in statement.elements where Self.isTEI(author, "author") {
                if let name = Self.personName(author) { MarkupNames.add(name, to: &document.authors) }
            }
        }

        if let publication = fileDescription.flatMap({ Self.tei($0, "publicationStmt") }) {
            if let publisher = Self.tei(publication, "publisher") {
                document.metadata.setMarkupValue("publisher", publisher.markupInlineText)
            }
            if let date = Self.tei(publication, "date") { document.year = Self.year(of: date) }
            if let identifier = Self.tei(publication, "idno") {
                document.metadata.setMarkupValue("tei.idno", identifier.markupInlineText)
            }
        }

        if let profile = Self.tei(header, "profileDesc") {
            if document.year == nil, let date = Self.tei(profile, "creation").flatMap({ Self.tei($0, "date") }) {
                document.year = Self.year(of: date)
            }
            if let usage = Self.tei(profile, "langUsage") {
                for language in usage.elements where Self.isTEI(language, "language") {
                    MarkupLanguage.add(MarkupLanguage.normalized(language.attribute("ident")), to: &document.languages)
                }
            }
            for classification in profile.elements where Self.isTEI(classification, "textClass") {
                for keywords in classification.elements where Self.isTEI(keywords, "keywords") {
                    let terms = keywords.markupAll { Self.isTEI($0, "term") || Self.isTEI($0, "item") }
                    if terms.isEmpty {
                        for keyword in MarkupKeywords.split(keywords.markupInlineText) { MarkupKeywords.add(keyword, to: &document.keywords) }
                    }
                    for term in terms { MarkupKeywords.add(term.markupInlineText, to: &document.keywords) }
                }
            }
            for abstract in profile.elements where Self.isTEI(abstract, "abstract") {
                let language = abstract.markupLanguageCode ?? profile.markupLanguageCode ?? headerLanguage
                let text = abstract.markupBlockText(layout: Self.layout, droppingTopLevel: ["head"])
                MarkupTitles.add(text, language: language, to: &document.abstracts)
            }
        }
    }

    static func isTEI(_ node: XMLNode, _ name: String) -> Bool {
        node.markupName == name && (node.namespace == nil || node.namespace == namespace)
    }

    static func tei(_ node: XMLNode, _ name: String) -> XMLNode? { node.elements.first { isTEI($0, name) } }

    static func year(of date: XMLNode) -> Int? {
        for attribute in ["when", "when-iso", "notBefore", "from"] {
            if let value = date.attribute(attribute), let year = MarkupYear.find(in: value) { return year }
        }
        return MarkupYear.find(in: date.markupInlineText)
    }

    /// An author's name: persName (forenames then surnames), name, orgName, or the author's own text
    /// without affiliation, e-mail and identifiers.
    static func personName(_ author: XMLNode) -> String? {
        if let person = tei(author, "persName") {
            let forenames = person.elements.filter { isTEI($0, "forename") }.map(\.markupInlineText)
            let surnames = person.elements.filter { isTEI($0, "surname") }.map(\.markupInlineText)
            let parts = (forenames + surnames).filter { !$0.isEmpty }
            let name = parts.isEmpty ? person.markupWordText : parts.joined(separator: " ")
            if !name.isEmpty { return name }
        }
        for element in ["name", "orgName"] {
            if let node = tei(author, element) {
                let text = node.markupWordText
                if !text.isEmpty { return text }
            }
        }
        var builder = MarkupTextBuilder(limit: Int.max)
        let skipped: Set<String> = ["affiliation", "email", "idno", "note", "address", "ptr", "ref"]
        builder.render(author, layout: MarkupLayout(boundaries: .words, skipped: skipped))
        let text = builder.finish()
        return text.isEmpty ? nil : text
    }

    /// Inside a choice, keep the corrected, regularised or expanded reading and drop its twin.
    static func skipAlternative(_ node: XMLNode, _ parent: String?) -> Bool {
        parent == "choice" && ["sic", "orig", "abbr"].contains(node.markupName)
    }
}

// MARK: - Dublin Core

/// Dublin Core records: an oai_dc:dc root, or an OAI-PMH response (or record) wrapping one.
/// Elements are matched by local name inside the record, so DC terms (dcterms:) work as well.
public struct DublinCoreExtractor: DocumentExtractor {
    public init() {}

    static let dcNamespaces: Set<String> = ["http://purl.org/dc/elements/1.1/", "http://purl.org/dc/terms/"]
    static let oaiDCNamespace = "http://www.openarchives.org/OAI/2.0/oai_dc/"

    public func extract(_ data: [UInt8], fileName: String, limits: ExtractionLimits) throws(ExtractionError) -> ExtractedDocument {
        try MarkupInput.check(data, limits: limits)
        let tree = try XMLTree(data, html: false)
        guard let root = tree.root else { throw ExtractionError(.malformed, "no root element") }

        var document = ExtractedDocument()
        document.metadata["format"] = DocumentFormat.dublinCore.rawValue
        // An OAI-PMH record's header (outside its metadata) names the record.
        if let identifier = root.markupFirst(named: ["header"], skipping: ["metadata"])?.markupChild("identifier") {
            document.metadata.setMarkupValue("oai.identifier", identifier.markupInlineText)
        }
        guard let record = Self.record(in: root) else {
            if let error = root.markupFirst(named: ["error"]) {
                throw ExtractionError(.unsupported, "OAI-PMH error \(error.attribute("code") ?? ""): \(error.markupInlineText)")
            }
            if root.markupFirst(named: ["header"], skipping: ["metadata"])?.attribute("status") == "deleted" {
                throw ExtractionError(.empty, "the OAI-PMH record is marked deleted")
            }
            throw ExtractionError(.unsupported, "no Dublin Core record (oai_dc:dc) found")
        }

        let fields = record.elements
        let value = { (field: XMLNode) in field.markupInlineText }
        for field in fields where field.markupName == "language" {
            MarkupLanguage.add(MarkupLanguage.normalized(value(field)), to: &document.languages)
        }
        MarkupLanguage.add(record.markupLanguageCode, to: &document.languages)

        var descriptions: [(language: String?, text: String)] = []
        var extra: [String: [String]] = [:]
        for field in fields {
            let text = value(field)
            guard !text.isEmpty else { continue }
            let language = field.markupLanguageCode ?? record.markupLanguageCode
            switch field.markupName {
            case "title", "alternative":
                let language = language ?? MarkupLanguage.inferred(for: text, declared: document.languages)
                MarkupTitles.add(LocalizedText(language: language, text: text), to: &document.titles)
            case "creator":
                MarkupNames.add(text, to: &document.authors)
            case "subject":
                for keyword in text.split(separator: ";") { MarkupKeywords.add(String(keyword), to: &document.keywords) }
            case "description", "abstract":
                descriptions.append((language ?? MarkupLanguage.inferred(for: text, declared: document.languages), text))
            case "date", "issued", "created":
                if document.year == nil { document.year = MarkupYear.find(in: text) }
            case "type":
                extra["dc.type", default: []].append(text)
                if document.declaredFields["type"] == nil, let declared = MarkupDeclaredType.from(text) {
                    document.declaredFields["type"] = declared
                }
            case "publisher":
                extra["publisher", default: []].append(text)
            case "identifier":
                extra["dc.identifier", default: []].append(text)
            case "rights":
                extra["dc.rights", default: []].append(text)
            case "contributor":
                extra["dc.contributor", default: []].append(text)
            default:
                break
            }
        }
        for (key, values) in extra { document.metadata[key] = values.joined(separator: "; ") }

        // The first description in each language is its abstract; all descriptions together are
        // the text (a record has no other), so none of them is lost.
        for description in descriptions where !document.abstracts.contains(where: { $0.language == description.language }) {
            document.abstracts.append(LocalizedText(language: description.language, text: description.text))
        }
        let body = descriptions.map(\.text).joined(separator: "\n\n")
        if body.utf8.count > limits.maximumTextBytes { throw MarkupInput.textLimit(limits) }
        document.body = body
        try MarkupInput.requireContent(document)
        return document
    }

    /// The element holding the DC fields: oai_dc:dc (or any element named dc), else the first element
    /// with a child in a DC namespace.
    static func record(in root: XMLNode) -> XMLNode? {
        if root.markupName == "dc" { return root }
        if let dc = root.markupFirst(where: { $0.markupName == "dc" && ($0.namespace == nil || $0.namespace == oaiDCNamespace) }) {
            return dc
        }
        return root.markupFirst { element in
            element.elements.contains { $0.namespace.map(dcNamespaces.contains) ?? false }
        }
    }
}

// MARK: - Generic XML

/// Any other XML: all text, element boundaries separating words, elements that hold elements
/// separating paragraphs; the title from the first `title` element.
public struct GenericXMLExtractor: DocumentExtractor {
    public init() {}

    public func extract(_ data: [UInt8], fileName: String, limits: ExtractionLimits) throws(ExtractionError) -> ExtractedDocument {
        try MarkupInput.check(data, limits: limits)
        let tree = try XMLTree(data, html: false)
        guard let root = tree.root else { throw ExtractionError(.malformed, "no root element") }

        var document = ExtractedDocument()
        document.metadata["format"] = DocumentFormat.xml.rawValue
        let language = root.markupLanguageCode
        MarkupLanguage.add(language, to: &document.languages)
        if let title = root.markupFirst(where: { $0.markupName.lowercased() == "title" }) {
            let text = title.markupInlineText
            let titleLanguage = title.markupLanguageCode ?? language
            MarkupTitles.add(LocalizedText(language: titleLanguage, text: text), to: &document.titles)
        }

        var text = MarkupTextBuilder(limit: limits.maximumTextBytes)
        text.render(root, layout: MarkupLayout(boundaries: .structural))
        if text.exceeded { throw MarkupInput.textLimit(limits) }
        document.body = text.finish()
        try MarkupInput.requireContent(document)
        return document
    }
}

// MARK: - Shared pieces (also used by HTMLExtractor)

/// Checks common to the markup extractors.
enum MarkupInput {
    static func textLimit(_ limits: ExtractionLimits) -> ExtractionError {
        ExtractionError(.limitExceeded, "extracted text exceeds \(limits.maximumTextBytes) bytes")
    }

    /// Size and emptiness before parsing; with `allowBinary` false also NUL bytes (other than in
    /// UTF-16, which starts with a byte order mark), which no HTML page has.
    static func check(_ data: [UInt8], limits: ExtractionLimits, allowBinary: Bool = true) throws(ExtractionError) {
        guard data.count <= limits.maximumFileBytes else {
            throw ExtractionError(.tooLarge, "\(data.count) bytes, the limit is \(limits.maximumFileBytes)")
        }
        var start = data.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while start < data.count, [0x20, 0x09, 0x0A, 0x0D].contains(data[start]) { start += 1 }
        guard start < data.count else { throw ExtractionError(.empty, "the file is empty") }
        let utf16 = data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF])
        if !allowBinary, !utf16, data.prefix(8192).contains(0) {
            throw ExtractionError(.malformed, "binary data (NUL bytes), not markup")
        }
    }

    /// A document with neither text nor a title is empty.
    static func requireContent(_ document: ExtractedDocument) throws(ExtractionError) {
        if document.body.isEmpty && document.titles.isEmpty && document.abstracts.isEmpty {
            throw ExtractionError(.empty, "no text found")
        }
    }
}

extension XMLNode {
    /// The name without a prefix the parser left on it (an unbound "dc:title" gives "title").
    var markupName: String {
        let name = self.name
        guard let colon = name.lastIndex(of: ":") else { return name }
        return String(name[name.index(after: colon)...])
    }

    /// xml:lang (in the XML namespace), or an attribute literally named so (HTML parsing).
    var markupLanguage: String? {
        attribute("lang", namespace: "http://www.w3.org/XML/1998/namespace") ?? attribute("xml:lang")
    }

    /// xml:lang as a language code ("th-TH" → "th").
    var markupLanguageCode: String? { MarkupLanguage.normalized(markupLanguage) }

    func markupChild(_ name: String) -> XMLNode? { elements.first { $0.markupName == name } }
    func markupChildren(named name: String) -> [XMLNode] { elements.filter { $0.markupName == name } }

    /// The first element below this one (depth first, not this one) that matches, without entering
    /// the `skipping` subtrees. Visits elements only.
    func markupFirst(named names: Set<String>, skipping: Set<String> = []) -> XMLNode? {
        markupFirst(where: { names.contains($0.markupName) }, skipping: skipping)
    }

    func markupFirst(where predicate: (XMLNode) -> Bool, skipping: Set<String> = []) -> XMLNode? {
        var stack = elements.reversed() as [XMLNode]
        while let node = stack.popLast() {
            if predicate(node) { return node }
            if skipping.contains(node.markupName) { continue }
            stack.append(contentsOf: node.elements.reversed())
        }
        return nil
    }

    /// Every element below this one that matches, in document order.
    func markupAll(where predicate: (XMLNode) -> Bool) -> [XMLNode] {
        var found: [XMLNode] = []
        var stack = elements.reversed() as [XMLNode]
        while let node = stack.popLast() {
            if predicate(node) { found.append(node) }
            stack.append(contentsOf: node.elements.reversed())
        }
        return found
    }

    /// xml:lang of the nearest element from this one up to (not including) `ancestor`.
    func markupInheritedLanguage(below ancestor: XMLNode) -> String? {
        // No parent pointers: search down from the ancestor, keeping the language stack.
        if let own = markupLanguage { return own }
        var stack: [(XMLNode, String?)] = ancestor.elements.reversed().map { ($0, $0.markupLanguage) }
        while let (node, language) = stack.popLast() {
            if node.pointer == pointer { return language }
            for child in node.elements.reversed() { stack.append((child, child.markupLanguage ?? language)) }
        }
        return nil
    }

    /// Titles and field values: footnote markers and formulas left out, line breaks (JATS break,
    /// TEI lb, HTML br) as spaces.
    static let inlineLayout = MarkupLayout(
        boundaries: .inline, breaks: ["break", "lb", "br"], skipped: ["xref", "fn", "tex-math", "math", "note"])

    /// Text of this element, whitespace collapsed, inline elements not separating words.
    var markupInlineText: String {
        var builder = MarkupTextBuilder(limit: Int.max)
        builder.render(self, layout: Self.inlineLayout)
        return builder.finish()
    }

    /// Text of this element with every element boundary separating words (names, keywords).
    var markupWordText: String {
        var builder = MarkupTextBuilder(limit: Int.max)
        builder.render(self, layout: MarkupLayout(boundaries: .words))
        return builder.finish()
    }

    /// Paragraphs of this element laid out by `layout`, leaving out the named direct children
    /// (an abstract's own heading).
    func markupBlockText(layout: MarkupLayout, droppingTopLevel dropped: Set<String>) -> String {
        var builder = MarkupTextBuilder(limit: Int.max)
        builder.render(self, layout: layout, topLevelSkip: { dropped.contains($0.markupName) })
        return builder.finish()
    }
}

/// How element boundaries shape text.
struct MarkupLayout {
    enum Boundaries {
        /// Only the listed blocks, cells and breaks separate text (HTML, JATS, TEI).
        case inline
        /// Every element boundary separates words.
        case words
        /// Every boundary separates words; elements holding elements separate paragraphs.
        case structural
    }

    var boundaries: Boundaries = .inline
    /// Elements that begin and end paragraphs.
    var blocks: Set<String> = []
    /// Table cells, separated by " | " within their row.
    var cells: Set<String> = []
    /// Empty elements that separate words (TEI lb).
    var breaks: Set<String> = []
    /// Elements whose content is never text (scripts, reference lists).
    var skipped: Set<String> = []

    init(boundaries: Boundaries = .inline, blocks: Set<String> = [], cells: Set<String> = [], breaks: Set<String> = [], skipped: Set<String> = []) {
        self.boundaries = boundaries
        self.blocks = blocks
        self.cells = cells
        self.breaks = breaks
        self.skipped = skipped
    }
}

/// Builds text from pieces: whitespace runs collapse to one space, paragraphs are separated by a
/// blank line, table cells by " | ". Stops (and says so) past `limit` bytes.
struct MarkupTextBuilder {
    let limit: Int
    private(set) var exceeded = false
    private var paragraphs: [String] = []
    private var current = ""
    private var pending: String?
    private var total = 0

    init(limit: Int) { self.limit = limit }

    mutating func append(_ text: some StringProtocol) {
        guard !exceeded else { return }
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x20 || (0x7F...0x9F).contains(value) || value == 0xFEFF || scalar.properties.isWhitespace {
                if !current.isEmpty && pending == nil { pending = " " }
            } else {
                if let separator = pending {
                    if !current.isEmpty { current += separator }
                    pending = nil
                }
                current.unicodeScalars.append(scalar)
            }
        }
        if total + current.utf8.count > limit { exceeded = true }
    }

    mutating func wordBreak() {
        if !current.isEmpty && pending == nil { pending = " " }
    }

    mutating func cellBreak() {
        if !current.isEmpty { pending = " | " }
    }

    mutating func paragraphBreak() {
        if !current.isEmpty {
            paragraphs.append(current)
            total += current.utf8.count + 2
            current = ""
        }
        pending = nil
    }

    mutating func finish() -> String {
        paragraphBreak()
        return paragraphs.joined(separator: "\n\n")
    }

    /// Lays out the text below `root` (included) by `layout`. `skip` is asked about each element
    /// with its parent's local name; `topLevelSkip` about the root's direct children.
    mutating func render(
        _ root: XMLNode, layout: MarkupLayout,
        skip: (XMLNode, String?) -> Bool = { _, _ in false },
        topLevelSkip: (XMLNode) -> Bool = { _ in false }
    ) {
        var parents: [String] = []
        MarkupWalker.walk(root) { event in
            switch event {
            case .enter(let node, let depth):
                guard !exceeded else { return false }
                let name = node.markupName
                if layout.skipped.contains(name) || skip(node, parents.last) || (depth == 1 && topLevelSkip(node)) { return false }
                if layout.breaks.contains(name) {
                    if node.attribute("break") != "no" { wordBreak() }
                    return false
                }
                let block: Bool
                switch layout.boundaries {
                case .inline, .words: block = layout.blocks.contains(name)
                case .structural: block = layout.blocks.contains(name) || node.elements.isEmpty == false
                }
                if block { paragraphBreak() } else if layout.cells.contains(name) { cellBreak() } else if layout.boundaries != .inline { wordBreak() }
                parents.append(name)
                return true
            case .exit(let node, _):
                let name = parents.removeLast()
                switch layout.boundaries {
                case .inline, .words:
                    if layout.blocks.contains(name) {
                        paragraphBreak()
                    } else if layout.cells.contains(name) || layout.boundaries == .words {
                        wordBreak()
                    }
                case .structural:
                    if layout.blocks.contains(name) || !node.elements.isEmpty { paragraphBreak() } else { wordBreak() }
                }
                return true
            case .text(let text):
                append(text)
                return true
            }
        }
    }
}

/// Document-order traversal without recursion (deep documents cannot exhaust the stack) that
/// visits elements, text and CDATA only. Entity references, comments and processing instructions
/// are skipped: a reference's "children" in libxml2 are the entity declaration (shared, and for
/// nested entities a path to exponential or cyclic walks), so they are never entered.
enum MarkupWalker {
    enum Event {
        case enter(XMLNode, depth: Int)
        case exit(XMLNode, depth: Int)
        case text(String)
    }

    /// `visit` returns false on `.enter` to skip the element's content (no `.exit` follows).
    static func walk(_ root: XMLNode, _ visit: (Event) -> Bool) {
        enum Step {
            case visit(XMLNode, Int)
            case leave(XMLNode, Int)
        }
        var stack: [Step] = [.visit(root, 0)]
        while let step = stack.popLast() {
            switch step {
            case .leave(let node, let depth):
                _ = visit(.exit(node, depth: depth))
            case .visit(let node, let depth):
                if node.isElement {
                    guard visit(.enter(node, depth: depth)) else { continue }
                    stack.append(.leave(node, depth))
                    for child in node.children.reversed() where child.isElement || child.isText {
                        stack.append(.visit(child, depth + 1))
                    }
                } else if node.isText, let text = node.textValue {
                    _ = visit(.text(text))
                }
            }
        }
    }
}

/// Language codes as the index keeps them ("th", "en").
enum MarkupLanguage {
    static let names: [String: String] = [
        "tha": "th", "thai": "th", "ไทย": "th", "ภาษาไทย": "th",
        "eng": "en", "english": "en", "อังกฤษ": "en", "ภาษาอังกฤษ": "en",
    ]

    /// "th-TH" → "th", "eng" → "en", "English" → "en"; nil when empty.
    static func normalized(_ code: String?) -> String? {
        guard let code else { return nil }
        let trimmed = code.markupTrimmed().lowercased()
        guard !trimmed.isEmpty else { return nil }
        if let known = names[trimmed] { return known }
        let primary = String(trimmed.prefix { $0 != "-" && $0 != "_" })
        if let known = names[primary] { return known }
        guard !primary.isEmpty, primary.count <= 8, primary.allSatisfy({ $0.isASCII && $0.isLetter }) else { return nil }
        return primary
    }

    static func add(_ code: String?, to languages: inout [String]) {
        if let code, !languages.contains(code) { languages.append(code) }
    }

    /// The language of untagged text from the document's declared languages, when its script agrees:
    /// Thai for text with Thai letters, English for Latin text with none.
    static func inferred(for text: String, declared: [String]) -> String? {
        let hasThai = text.unicodeScalars.contains { (0x0E01...0x0E5B).contains($0.value) }
        let hasLatin = text.unicodeScalars.contains { ($0.value >= 0x41 && $0.value <= 0x5A) || ($0.value >= 0x61 && $0.value <= 0x7A) }
        if hasThai { return declared.contains("th") ? "th" : nil }
        if hasLatin && declared.contains("en") { return "en" }
        let others = declared.filter { $0 != "th" && $0 != "en" }
        return declared.count == 1 && others.count == 1 ? others[0] : nil
    }
}

/// A year anywhere in a date ("2022-09-30", "28 กันยายน 2565", "พ.ศ. ๒๕๖๕"), in CE.
enum MarkupYear {
    static func find(in text: String) -> Int? {
        var run = ""
        for scalar in text.unicodeScalars {
            if (0x30...0x39).contains(scalar.value) || (0x0E50...0x0E59).contains(scalar.value) {
                run.unicodeScalars.append(scalar)
                continue
            }
            if let year = Years.parse(run) { return year }
            run = ""
        }
        return Years.parse(run)
    }
}

/// Values of the document model's `type` from types files declare.
enum MarkupDeclaredType {
    static func from(_ text: String) -> String? {
        let value = String(text.markupTrimmed().lowercased().map { $0 == " " || $0 == "_" ? "-" : $0 })
        return DocumentType(rawValue: value)?.rawValue
    }

    static func fromJATS(_ articleType: String) -> String? {
        switch articleType.lowercased() {
        case "research-article": return DocumentType.research.rawValue
        case "report", "case-report", "reply", "review-article": return nil
        default: return from(articleType)
        }
    }
}

enum MarkupTitles {
    static func add(_ text: String, language: String?, to list: inout [LocalizedText]) {
        add(LocalizedText(language: language, text: text), to: &list)
    }

    /// Adds text in a language unless it is empty or already there (the same text, any language).
    static func add(_ text: LocalizedText, to list: inout [LocalizedText]) {
        let trimmed = text.text.markupTrimmed()
        guard !trimmed.isEmpty else { return }
        if list.contains(where: { $0.text.markupTrimmed() == trimmed }) { return }
        list.append(LocalizedText(language: text.language, text: trimmed))
    }
}

enum MarkupNames {
    static func add(_ name: String, to list: inout [String]) {
        var builder = MarkupTextBuilder(limit: Int.max)
        builder.append(name)
        let collapsed = builder.finish()
        guard !collapsed.isEmpty, !list.contains(collapsed) else { return }
        list.append(collapsed)
    }
}

enum MarkupKeywords {
    static func split(_ text: String) -> [String] {
        text.split { $0 == "," || $0 == ";" }.map(String.init)
    }

    /// Adds a keyword unless empty or already there (ignoring case).
    static func add(_ keyword: String, to list: inout [String]) {
        var builder = MarkupTextBuilder(limit: Int.max)
        builder.append(keyword)
        let collapsed = builder.finish()
        guard !collapsed.isEmpty else { return }
        let folded = collapsed.lowercased()
        guard !list.contains(where: { $0.lowercased() == folded }) else { return }
        list.append(collapsed)
    }
}

extension [String: String] {
    mutating func setMarkupValue(_ key: String, _ value: String) {
        let trimmed = value.markupTrimmed()
        if !trimmed.isEmpty && self[key] == nil { self[key] = trimmed }
    }
}

extension String {
    func markupTrimmed() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
