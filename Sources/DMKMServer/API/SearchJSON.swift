import DMKMCore
import DMKMIndex
import DMKMSearch
import Foundation

/// The JSON form of search results and documents, shared by `dmkm search --format json` and the
/// HTTP API.
public enum SearchJSON {
    public static func encode(_ response: SearchResponse, query: String, page: Int? = nil, top: Int? = nil) -> String {
        var object: [String: Any] = [
            "query": query, "total": response.total, "total_is_exact": response.totalIsExact,
            "took_ms": (response.elapsedMilliseconds * 1000).rounded() / 1000, "hits": response.hits.map(hit),
        ]
        if let page { object["page"] = page }
        if let suggestion = response.suggestion { object["suggestion"] = suggestion }
        if let top { object["top"] = top }
        if !response.facets.isEmpty {
            object["facets"] = response.facets.mapValues { $0.map { ["value": $0.value, "count": $0.count] } }
        }
        return serialize(object)
    }

    static func hit(_ hit: SearchHit) -> [String: Any] {
        var item: [String: Any] = ["id": hit.id, "score": Double(hit.score), "url": "/documents/" + Markup.percentEncode(hit.id)]
        if let document = hit.document {
            item["title"] = document.displayTitle
            item["titles"] = document.titles.map { ["lang": $0.language ?? "", "text": $0.text] }
            item["authors"] = document.authors
            item["keywords"] = document.keywords
            item["type"] = document.type.rawValue
            item["access"] = document.access.rawValue
            if let year = document.year { item["year"] = year; item["year_be"] = year + 543 }
            if let unit = document.unit { item["unit"] = unit }
        }
        if let snippet = hit.snippet {
            item["snippet"] = snippet.rendered(open: "<mark>", close: "</mark>", escape: Markup.escape)
            item["snippet_text"] = snippet.plainText
        }
        if let explanation = hit.explanation { item["explanation"] = explanationJSON(explanation) }
        return item
    }

    /// A whole document (API `GET /api/documents/{id}`).
    public static func document(_ document: IndexDocument, awards: [[String: Any]]? = nil) -> String {
        var object: [String: Any] = [
            "id": document.id, "title": document.displayTitle,
            "titles": document.titles.map { ["lang": $0.language ?? "", "text": $0.text] },
            "abstracts": document.abstracts.map { ["lang": $0.language ?? "", "text": $0.text] },
            "body": document.body, "authors": document.authors, "keywords": document.keywords,
            "type": document.type.rawValue, "languages": document.languages, "access": document.access.rawValue,
        ]
        if let year = document.year { object["year"] = year; object["year_be"] = year + 543 }
        if let unit = document.unit { object["unit"] = unit }
        if let publicFrom = document.publicFrom { object["public_from"] = publicFrom.description }
        if document.original != nil { object["file"] = "/api/documents/" + Markup.percentEncode(document.id) + "/file" }
        if let pages = document.extra["pages"] { object["pages"] = Int(pages) ?? pages }
        if let format = document.extra["format"] { object["format"] = format }
        if let awards { object["awards"] = awards }
        return serialize(object)
    }

    public static func explanationJSON(_ explanation: Explanation) -> [String: Any] {
        ["value": Double(explanation.value), "description": explanation.description, "details": explanation.details.map(explanationJSON)]
    }

    public static func serialize(_ object: Any) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
