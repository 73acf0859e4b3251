import DMKMIndex
import Foundation

/// The shortlist coordinators hand to an award programme: each tagged document with bilingual
/// titles and abstracts, authors, unit, year and the tag's state.
public enum AwardExport {
    public struct Row: Sendable {
        public var id: String
        public var tag: AwardTag
        public var document: IndexDocument
    }

    public static let columns = [
        "id", "program", "cycle", "category", "status", "updated_at", "title_th", "title_en", "abstract_th", "abstract_en",
        "authors", "unit", "year", "year_be", "type", "notes",
    ]

    /// Rows for the tags matching the filters whose documents exist in `reader`, by id.
    public static func rows(store: AwardStore, reader: IndexReader, program: AwardProgram?, cycle: Int?, status: AwardStatus?) throws -> [Row] {
        try store.list(program: program, cycle: cycle, status: status).compactMap { item in
            guard let document = try reader.document(id: item.id) else { return nil }
            return Row(id: item.id, tag: item.tag, document: document)
        }
    }

    static func text(_ document: IndexDocument, _ texts: [LocalizedText], language: String) -> String {
        texts.first { $0.language == language }?.text ?? ""
    }

    static func values(_ row: Row) -> [String] {
        let document = row.document
        return [
            row.id, row.tag.program.rawValue, String(row.tag.cycle), row.tag.category ?? "", row.tag.status.rawValue, row.tag.updatedAt,
            text(document, document.titles, language: "th"), text(document, document.titles, language: "en"),
            text(document, document.abstracts, language: "th"), text(document, document.abstracts, language: "en"),
            document.authors.joined(separator: "; "), document.unit ?? "", document.year.map(String.init) ?? "",
            document.year.map { String($0 + Years.buddhistEraOffset) } ?? "", document.type.rawValue, row.tag.notes ?? "",
        ]
    }

    /// RFC 4180 CSV with a header row (UTF-8 with BOM, so spreadsheet programs read Thai right).
    public static func csv(_ rows: [Row]) -> String {
        CSV.document(header: columns, rows: rows.map(values))
    }

    public static func json(_ rows: [Row]) -> String {
        let objects = rows.map { row -> [String: Any] in
            var object: [String: Any] = [:]
            for (column, value) in zip(columns, values(row)) where !value.isEmpty {
                object[column] = ["cycle", "year", "year_be"].contains(column) ? (Int(value) ?? value) as Any : value
            }
            object["authors"] = row.document.authors
            return object
        }
        let data = (try? JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
