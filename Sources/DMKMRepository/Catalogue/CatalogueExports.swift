import DMKMIndex
import Foundation

/// The whole public catalogue as files for spreadsheets and reference managers, plus the
/// static search index the search box falls back to. Only catalogue metadata is exported: no
/// full text, source paths, award tags or other internal fields.
struct CatalogueExports {
    let catalogue: [CatalogueEntry]
    let options: StaticSiteOptions

    /// The entry's permalink: absolute with a base URL, else relative to the site root.
    func permalink(_ entry: CatalogueEntry) -> String {
        options.absoluteURL(entry.permalinkPath) ?? entry.permalinkPath
    }

    func fileLink(_ entry: CatalogueEntry) -> String? {
        entry.filePath.map { options.absoluteURL(SitePaths.href($0)) ?? SitePaths.href($0) }
    }

    // MARK: CSV

    static let csvColumns = [
        "id", "title", "title_th", "title_en", "abstract_th", "abstract_en", "authors", "keywords", "year", "year_be",
        "type", "unit", "languages", "permalink", "file",
    ]

    func csv() -> String {
        CSV.document(header: Self.csvColumns, rows: catalogue.map(csvRow))
    }

    func csvRow(_ entry: CatalogueEntry) -> [String] {
        let document = entry.document
        return [
            document.id, document.displayTitle,
            CatalogueText.text(document.titles, language: "th") ?? "", CatalogueText.text(document.titles, language: "en") ?? "",
            CatalogueText.text(document.abstracts, language: "th") ?? "", CatalogueText.text(document.abstracts, language: "en") ?? "",
            document.authors.joined(separator: "; "), document.keywords.joined(separator: "; "),
            document.year.map(String.init) ?? "", document.year.map { String($0 + Years.buddhistEraOffset) } ?? "",
            document.type.rawValue, document.unit ?? "", document.languages.joined(separator: "; "),
            permalink(entry), fileLink(entry) ?? "",
        ]
    }

    // MARK: BibTeX

    func bibTeX() -> String {
        "% DMKM public catalogue (UTF-8)\n\n" + catalogue.map(bibTeXEntry).joined(separator: "\n")
    }

    func bibTeXEntry(_ entry: CatalogueEntry) -> String {
        let document = entry.document
        let primary = CatalogueText.primaryLanguage(document)
        var fields: [(String, String)] = []
        let authors = document.authors.filter { !$0.isEmpty }
        if !authors.isEmpty { fields.append(("author", authors.map(BibTeX.name).joined(separator: " and "))) }
        // Double braces keep the title's capitalisation as written.
        fields.append(("title", "{" + BibTeX.escape(document.displayTitle) + "}"))
        let otherTitles = CatalogueText.ordered(document.titles, primary: primary).dropFirst().map(\.text)
        if !otherTitles.isEmpty { fields.append(("titleaddon", BibTeX.escape(otherTitles.joined(separator: " / ")))) }
        if let year = document.year { fields.append(("year", String(year))) }
        let abstracts = CatalogueText.ordered(document.abstracts, primary: primary).map { CatalogueText.flattened($0.text) }
        if !abstracts.isEmpty { fields.append(("abstract", BibTeX.escape(abstracts.joined(separator: "\n\n")))) }
        if !document.keywords.isEmpty { fields.append(("keywords", BibTeX.escape(document.keywords.joined(separator: ", ")))) }
        fields.append(("publisher", BibTeX.escape(publisherName(primary))))
        if let unit = document.unit, !unit.isEmpty { fields.append(("institution", BibTeX.escape(unit))) }
        fields.append(("note", BibTeX.escape(CatalogueText.typeName(document.type).en)))
        if let url = options.absoluteURL(entry.permalinkPath) { fields.append(("url", BibTeX.escape(url))) }
        let kind = document.type == .research || document.type == .paper ? "article" : "misc"
        let body = fields.map { "  \($0.0) = {\($0.1)}" }.joined(separator: ",\n")
        return "@\(kind){\(BibTeX.key(document.id)),\n\(body)\n}\n"
    }

    func publisherName(_ language: String?) -> String {
        language == "en" ? CatalogueText.publisher.en : CatalogueText.publisher.th
    }

    // MARK: RIS

    static func risType(_ type: DocumentType) -> String {
        switch type {
        case .research, .paper: "JOUR"
        case .report: "RPRT"
        case .innovation, .academicWork, .other: "GEN"
        }
    }

    func ris() -> String {
        catalogue.map(risRecord).joined(separator: "\r\n")
    }

    func risRecord(_ entry: CatalogueEntry) -> String {
        let document = entry.document
        let primary = CatalogueText.primaryLanguage(document)
        var tags: [(String, String)] = [("TY", Self.risType(document.type)), ("ID", document.id), ("TI", document.displayTitle)]
        for title in CatalogueText.ordered(document.titles, primary: primary).dropFirst() { tags.append(("TT", title.text)) }
        for author in document.authors where !author.isEmpty { tags.append(("AU", author)) }
        if let year = document.year { tags.append(("PY", String(year))) }
        for (index, abstract) in CatalogueText.ordered(document.abstracts, primary: primary).enumerated() {
            tags.append((index == 0 ? "AB" : "N2", abstract.text))
        }
        for keyword in document.keywords where !keyword.isEmpty { tags.append(("KW", keyword)) }
        tags.append(("PB", publisherName(primary)))
        if let unit = document.unit, !unit.isEmpty { tags.append(("A2", unit)) }
        tags.append(("M3", CatalogueText.typeName(document.type).en))
        for language in document.languages where !language.isEmpty { tags.append(("LA", language)) }
        if let url = options.absoluteURL(entry.permalinkPath) { tags.append(("UR", url)) }
        if let file = fileLink(entry), options.baseURL != nil { tags.append(("L1", file)) }
        tags.append(("DB", "DMKM"))
        // RIS fields are one line each; "ER  - " closes the record.
        let lines = tags.map { "\($0.0)  - \(Self.oneLine($0.1))" } + ["ER  - "]
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static func oneLine(_ text: String) -> String { CatalogueText.flattened(text) }

    // MARK: JSON

    func json() throws -> String {
        try Self.serialize(catalogue.map(jsonObject), pretty: true)
    }

    func jsonObject(_ entry: CatalogueEntry) -> [String: Any] {
        let document = entry.document
        var object: [String: Any] = [
            "id": document.id, "title": document.displayTitle,
            "titles": document.titles.map { ["lang": $0.language ?? "", "text": $0.text] },
            "abstracts": document.abstracts.map { ["lang": $0.language ?? "", "text": $0.text] },
            "authors": document.authors, "keywords": document.keywords, "type": document.type.rawValue,
            "languages": document.languages, "permalink": permalink(entry),
        ]
        if let year = document.year { object["year"] = year; object["year_be"] = year + Years.buddhistEraOffset }
        if let unit = document.unit { object["unit"] = unit }
        if let file = fileLink(entry) {
            object["file"] = file
            if let mediaType = document.originalMediaType { object["file_media_type"] = mediaType }
        }
        return object
    }

    // MARK: static search index

    /// Characters of abstract kept per entry in the search index (enough to match and to show).
    static let searchAbstractLength = 300

    /// What the search box searches when the live API cannot be reached: per entry the fields a
    /// reader types (titles, authors, keywords, unit, year in both eras) and a short abstract.
    /// `url` is the permalink relative to the site root.
    func searchIndex() throws -> String {
        let objects = catalogue.map { entry -> [String: Any] in
            let document = entry.document
            let primary = CatalogueText.primaryLanguage(document)
            var object: [String: Any] = [
                "id": document.id, "title": document.displayTitle,
                "titles": CatalogueText.ordered(document.titles, primary: primary).map { ["lang": $0.language ?? "", "text": $0.text] },
                "authors": document.authors, "keywords": document.keywords,
                "type": document.type.rawValue, "type_label": CatalogueText.typeLabel(document.type),
                "url": entry.permalinkPath,
            ]
            if let year = document.year { object["year"] = year; object["year_be"] = year + Years.buddhistEraOffset }
            if let unit = document.unit { object["unit"] = unit }
            if let abstract = CatalogueText.ordered(document.abstracts, primary: primary).first {
                object["abstract"] = CatalogueText.shortened(abstract.text, limit: Self.searchAbstractLength)
            }
            return object
        }
        return try Self.serialize(objects, pretty: false)
    }

    static func serialize(_ object: Any, pretty: Bool) throws -> String {
        let options: JSONSerialization.WritingOptions = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: options), as: UTF8.self) + "\n"
    }
}

/// BibTeX text: escaping LaTeX's special characters and making citation keys.
enum BibTeX {
    /// `text` safe inside a braced field: LaTeX specials escaped, line breaks kept.
    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "\\": escaped += "\\textbackslash{}"
            case "{": escaped += "\\{"
            case "}": escaped += "\\}"
            case "&", "%", "$", "#", "_": escaped += "\\" + String(character)
            case "^": escaped += "\\^{}"
            case "~": escaped += "\\~{}"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// An author: braced as a whole when it would otherwise be split at a literal " and ".
    static func name(_ name: String) -> String {
        let escaped = escape(name)
        return name.range(of: " and ", options: .caseInsensitive) != nil ? "{" + escaped + "}" : escaped
    }

    /// A citation key from an id: the id itself when it uses only key-safe characters (every
    /// slug id does), else its safe characters plus a hash of the id, so keys stay unique and
    /// the same on every export.
    static func key(_ id: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_:.")
        let safe = String(id.filter { allowed.contains($0) }.prefix(40))
        if safe == id && !safe.isEmpty { return id }
        return (safe.isEmpty ? "dmkm" : safe) + "-" + String(StableHash.hex(id).prefix(12))
    }
}
