import DMKMIndex
import Foundation

/// schema.org metadata of an entry page, as JSON-LD: what search engines and reference
/// managers read to recognise a scholarly work.
enum JSONLD {
    /// The schema.org type: scholarly articles for research and papers, creative works otherwise.
    static func type(_ type: DocumentType) -> String {
        switch type {
        case .research, .paper: "ScholarlyArticle"
        case .innovation, .academicWork, .report, .other: "CreativeWork"
        }
    }

    /// The JSON-LD object of `entry`; `permalink` is absolute when the site's base URL is known,
    /// else "./" (relative to the entry page itself, which JSON-LD resolves against the page).
    static func object(for entry: CatalogueEntry, permalink: String, fileURL: String?) -> [String: Any] {
        let document = entry.document
        let primary = CatalogueText.primaryLanguage(document)
        var object: [String: Any] = [
            "@context": "https://schema.org",
            "@type": type(document.type),
            "@id": permalink,
            "url": permalink,
            "identifier": document.id,
            "name": document.displayTitle,
            "genre": CatalogueText.typeName(document.type).en,
            "publisher": ["@type": "Organization", "name": CatalogueText.publisher.th, "alternateName": CatalogueText.publisher.en],
        ]
        let otherTitles = CatalogueText.ordered(document.titles, primary: primary).dropFirst().map(\.text)
        if let value = oneOrMany(Array(otherTitles)) { object["alternateName"] = value }
        if let value = oneOrMany(CatalogueText.ordered(document.abstracts, primary: primary).map(\.text)) { object["abstract"] = value }
        let authors = document.authors.filter { !$0.isEmpty }
        if !authors.isEmpty { object["author"] = authors.map { ["@type": "Person", "name": $0] } }
        if let year = document.year { object["datePublished"] = String(year) }
        if !document.keywords.isEmpty { object["keywords"] = document.keywords }
        if let value = oneOrMany(document.languages.filter { !$0.isEmpty }) { object["inLanguage"] = value }
        if let unit = document.unit, !unit.isEmpty { object["sourceOrganization"] = ["@type": "Organization", "name": unit] }
        if let fileURL, let name = entry.fileName {
            var encoding: [String: Any] = ["@type": "MediaObject", "contentUrl": fileURL, "name": name]
            if let mediaType = document.originalMediaType { encoding["encodingFormat"] = mediaType }
            object["encoding"] = encoding
        }
        return object
    }

    /// The object as the text of a `<script type="application/ld+json">` element: every "<" is
    /// written as the JSON escape \u003c, so no "</script" or "<!--" inside a string can end or
    /// change the element.
    static func scriptText(_ object: [String: Any]) throws -> String {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self).replacingOccurrences(of: "<", with: "\\u003c")
    }

    /// A single value as itself, several as an array, none as nil (schema.org accepts both forms).
    static func oneOrMany(_ values: [String]) -> Any? {
        switch values.count {
        case 0: nil
        case 1: values[0]
        default: values
        }
    }
}
