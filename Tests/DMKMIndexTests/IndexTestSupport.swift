import DMKMAnalysis
import Foundation
import Testing

@testable import DMKMIndex

enum IndexFixtures {
    static let analyzer: Analyzer = {
        do { return try Analyzer.standard() } catch { fatalError("cannot build the standard analyzer: \(error)") }
    }()

    /// A fresh, empty directory under the system temporary directory.
    static func temporaryDirectory(_ label: String = #function) -> IndexDirectory {
        let safe = label.filter { $0.isLetter || $0.isNumber }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dmkm-test-\(safe)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return IndexDirectory(url)
    }

    static func document(_ id: String, title: String, body: String, year: Int? = nil, type: DocumentType = .research,
                         access: Access = .public, keywords: [String] = [], authors: [String] = []) -> IndexDocument {
        IndexDocument(id: id, titles: [LocalizedText(language: LanguageDetector.dominantLanguage(of: title), text: title)],
                      body: body, authors: authors, keywords: keywords, year: year, type: type,
                      languages: LanguageDetector.languages(of: [title, body]), access: access)
    }

    /// Live ids of documents containing `term` in `field`, via raw postings.
    static func ids(_ reader: IndexReader, field: IndexedField, term: String) throws -> [String] {
        var ids: [String] = []
        for segment in reader.segments {
            guard let entry = try segment.termEntry(TermKey.make(field: field, term: term.utf8)) else { continue }
            var cursor = try segment.cursor(entry)
            var doc = try cursor.next()
            while doc != PostingsFormat.noMoreDocs {
                if segment.isLive(doc) { ids.append(try segment.document(doc).id) }
                doc = try cursor.next()
            }
        }
        return ids.sorted()
    }
}
