import DMKMAnalysis
import DMKMIndex
import Foundation

@testable import DMKMSearch

enum SearchFixtures {
    static let analyzer: Analyzer = {
        do { return try Analyzer.standard() } catch { fatalError("cannot build the standard analyzer: \(error)") }
    }()

    static func temporaryDirectory(_ label: String = #function) -> IndexDirectory {
        let safe = label.filter { $0.isLetter || $0.isNumber }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dmkm-search-\(safe)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return IndexDirectory(url)
    }

    /// A small collection with one property per document, so each query has a known answer.
    static let documents: [IndexDocument] = {
        func document(_ id: String, title: String, body: String, year: Int?, type: DocumentType, unit: String? = nil,
                      access: Access = .public, publicFrom: String? = nil, keywords: [String] = [], authors: [String] = [],
                      awards: [String] = [], abstract: String? = nil) -> IndexDocument {
            IndexDocument(
                id: id, titles: [LocalizedText(language: LanguageDetector.dominantLanguage(of: title), text: title)],
                abstracts: abstract.map { [LocalizedText(language: LanguageDetector.dominantLanguage(of: $0), text: $0)] } ?? [],
                body: body, authors: authors, keywords: keywords, year: year, type: type, unit: unit,
                languages: LanguageDetector.languages(of: [title, body]), access: access,
                publicFrom: publicFrom.flatMap(Day.init), awards: awards)
        }
        return [
            document("varnish", title: "Fluoride varnish for school children", body: "A school programme applied fluoride varnish twice a year. Caries fell by 30 percent.",
                     year: 2022, type: .research, unit: "กลุ่มทันตสาธารณสุข", keywords: ["fluoride", "caries"], authors: ["Somchai Jaidee"]),
            document("sealant", title: "การเคลือบหลุมร่องฟันในเด็กนักเรียนประถมศึกษา", body: "โครงการเคลือบหลุมร่องฟันลดฟันผุในเด็กนักเรียนชั้นประถมศึกษาปีที่ 1 ได้ผลดี sealant retention was high",
                     year: 2019, type: .research, unit: "กลุ่มทันตสาธารณสุข", keywords: ["เคลือบหลุมร่องฟัน"], authors: ["สมศรี ใจงาม"], awards: ["TPSA/2568"]),
            document("elderly", title: "Dental services for the elderly", body: "Dentures and oral care for elderly people in community hospitals. Fluoride is mentioned once.",
                     year: 2015, type: .report, unit: "กลุ่มผู้สูงอายุ"),
            document("km", title: "การจัดการความรู้ในองค์กร", body: "การถอดบทเรียนและชุมชนนักปฏิบัติ knowledge management activity report",
                     year: 2023, type: .report, unit: "กลุ่มพัฒนาองค์กร", keywords: ["การจัดการความรู้"], awards: ["UNPSA/2024"]),
            document("internal", title: "Internal budget memo", body: "confidentialzeta budget lines for fluoride purchase",
                     year: 2024, type: .other, access: .internal),
            document("embargo", title: "Upcoming fluoride milk trial", body: "embargoedomega results of a fluoridated milk trial",
                     year: 2025, type: .research, publicFrom: "2099-01-01"),
            document("varnish-order", title: "Children and school varnish", body: "varnish children school fluoride order differs here",
                     year: 2010, type: .paper, abstract: "An abstract about varnish"),
            document("prefix", title: "Dentistry and dentists", body: "dentist dentistry dental ทันตแพทย์ ทันตกรรม", year: 2012, type: .innovation),
        ]
    }()

    static func index(_ documents: [IndexDocument] = documents, label: String = #function) throws -> (IndexDirectory, Searcher) {
        let directory = temporaryDirectory(label)
        let writer = try IndexWriter(directory: directory, analyzer: analyzer)
        for document in documents { try writer.add(document) }
        try writer.commit()
        return (directory, Searcher(reader: try IndexReader.open(directory), analyzer: analyzer))
    }

    static let shared: (IndexDirectory, Searcher) = {
        do { return try index(label: "shared") } catch { fatalError("cannot build the test index: \(error)") }
    }()

    static func ids(_ query: String, visibility: Visibility = .everything, top: Int = 20) throws -> [String] {
        var request = SearchRequest(query: query, top: top)
        request.visibility = visibility
        request.snippets = false
        return try shared.1.search(request).hits.map(\.id)
    }

    static func idSet(_ query: String, visibility: Visibility = .everything) throws -> Set<String> {
        Set(try ids(query, visibility: visibility))
    }
}
