import DMKMAnalysis
import DMKMIndex
import Foundation
import Testing

@testable import DMKMSearch

/// What an anonymous reader can learn about hidden entries (nothing), how paging walks one
/// fixed ranking, and what a query may cost.
@Suite("access, paging and query cost")
struct AccessAndPagingTests {
    static let today = Day("2026-12-05")!

    static func document(_ id: String, title: String, body: String, access: Access = .public, publicFrom: String? = nil) -> IndexDocument {
        IndexDocument(id: id, titles: [LocalizedText(language: "en", text: title)], body: body, year: 2020, type: .research,
                      languages: ["en"], access: access, publicFrom: publicFrom.flatMap(Day.init))
    }

    static func search(_ searcher: Searcher, _ query: String, visibility: Visibility, top: Int = 10, offset: Int = 0) throws -> SearchResponse {
        var request = SearchRequest(query: query, top: top)
        request.offset = offset
        request.visibility = visibility
        request.snippets = false
        request.loadDocuments = false
        return try searcher.search(request)
    }

    @Test("anonymous scores equal those of an index holding only the public entries (idf, average length, totals)")
    func scoresIgnoreHiddenEntries() throws {
        let visible = (0..<12).map { index in
            Self.document("pub-\(index)", title: "Fluoride study \(index)",
                          body: String(repeating: "fluoride varnish school ", count: 1 + index % 4) + "caries children \(index)")
        }
        // Hidden entries use the query words often and are much longer: they would move idf and
        // the average length if they were counted.
        let hidden = (0..<30).map { index in
            Self.document("hid-\(index)", title: "Fluoride internal \(index)",
                          body: String(repeating: "fluoride varnish ", count: 40) + "internal memo", access: index % 2 == 0 ? .internal : .public,
                          publicFrom: index % 2 == 0 ? nil : "2099-01-01")
        }
        let (mixedDirectory, mixed) = try SearchFixtures.index(visible + hidden, label: "mixed")
        let (publicDirectory, publicOnly) = try SearchFixtures.index(visible, label: "publiconly")
        defer {
            try? FileManager.default.removeItem(at: mixedDirectory.url)
            try? FileManager.default.removeItem(at: publicDirectory.url)
        }
        let anonymous = Visibility.publicOnly(asOf: Self.today)
        for query in ["fluoride", "varnish caries", "\"fluoride varnish\"", "fluor*", "children -school"] {
            let leaked = try Self.search(mixed, query, visibility: anonymous, top: 20)
            let reference = try Self.search(publicOnly, query, visibility: anonymous, top: 20)
            #expect(leaked.hits.map(\.id) == reference.hits.map(\.id), "\(query)")
            #expect(leaked.total == reference.total, "\(query)")
            for (left, right) in zip(leaked.hits, reference.hits) {
                #expect(abs(left.score - right.score) < 1e-4, "\(query): \(left.id) \(left.score) vs \(right.score)")
            }
        }
        // Staff statistics do count the hidden entries, so their scores differ.
        let staff = try Self.search(mixed, "fluoride", visibility: .everything, top: 50)
        let reference = try Self.search(publicOnly, "fluoride", visibility: .everything, top: 50)
        #expect(staff.total == 42)
        #expect(staff.hits.first { $0.id == "pub-0" }?.score != reference.hits.first { $0.id == "pub-0" }?.score)
    }

    @Test("prefix* expansion counts only visible terms: 60 internal terms do not crowd out the public one")
    func prefixIgnoresHiddenTerms() throws {
        var documents = (0..<60).map { Self.document("int-\($0)", title: "memo \($0)", body: "qqhide\($0) memo", access: .internal) }
        documents.append(Self.document("pub", title: "public note", body: "qqhidepublic appears here"))
        let (directory, searcher) = try SearchFixtures.index(documents)
        defer { try? FileManager.default.removeItem(at: directory.url) }
        #expect(try Self.search(searcher, "qqhide*", visibility: .publicOnly(asOf: Self.today)).hits.map(\.id) == ["pub"])
        #expect(try Self.search(searcher, "qqhide*", visibility: .everything, top: 100).total > 1)
    }

    @Test("pages of a large result list are disjoint, cover the top-N list, and do not depend on the page size")
    func pagingWalksOneRanking() throws {
        // 3,000 documents with many near-equal scores (the case that used to skip and repeat).
        let documents = (0..<3_000).map { index in
            Self.document("d\(index)", title: "Report \(index % 7)",
                          body: String(repeating: "fluoride ", count: 1 + index % 5) + "varnish dentist \(index % 13) words \(index)",
                          access: index % 9 == 0 ? .internal : .public)
        }
        let (directory, searcher) = try SearchFixtures.index(documents)
        defer { try? FileManager.default.removeItem(at: directory.url) }
        let anonymous = Visibility.publicOnly(asOf: Self.today)
        let all = try Self.search(searcher, "fluoride varnish", visibility: anonymous, top: 3_000)
        #expect(all.total == 3_000 - 334)
        #expect(all.hits.count == all.total)
        for pageSize in [100, 250, 7] {
            var paged: [String] = []
            var offset = 0
            while offset < min(all.total, 900) {
                let page = try Self.search(searcher, "fluoride varnish", visibility: anonymous, top: pageSize, offset: offset)
                // With pruning a total may be a lower bound, flagged as such; never more than the truth.
                #expect(page.totalIsExact ? page.total == all.total : page.total <= all.total)
                paged += page.hits.map(\.id)
                offset += pageSize
            }
            #expect(Set(paged).count == paged.count, "page size \(pageSize): repeats")
            #expect(paged == Array(all.hits.prefix(paged.count).map(\.id)), "page size \(pageSize): order differs from the full list")
        }
        let top10 = try Self.search(searcher, "fluoride varnish", visibility: anonymous, top: 10).hits.map(\.id)
        #expect(top10 == Array(all.hits.prefix(10).map(\.id)))
    }

    @Test("repeated clauses are merged: a* ×330 costs one expansion and scores like one clause with the summed boost")
    func duplicateClausesMerge() throws {
        let (directory, searcher) = try SearchFixtures.index(
            (0..<50).map { Self.document("d\($0)", title: "alpha \($0)", body: "apple apricot avocado a\($0)word") })
        defer { try? FileManager.default.removeItem(at: directory.url) }
        let repeated = Array(repeating: "a*", count: 330).joined(separator: " ")
        let response = try Self.search(searcher, repeated, visibility: .everything, top: 5)
        #expect(response.total == 50)
        let once = try Self.search(searcher, "a*", visibility: .everything, top: 5)
        #expect(response.hits.map(\.id) == once.hits.map(\.id))
        // Folding keeps the score: two identical clauses weigh twice one.
        let twice = try Self.search(searcher, "apple apple", visibility: .everything, top: 1)
        let single = try Self.search(searcher, "apple", visibility: .everything, top: 1)
        #expect(abs((twice.hits.first?.score ?? 0) - 2 * (single.hits.first?.score ?? -1)) < 1e-3)
    }

    @Test("a query past the cost budget is refused with a clear error, not run")
    func queryBudget() throws {
        let (directory, searcher) = try SearchFixtures.index(
            (0..<40).map { Self.document("d\($0)", title: "t\($0)", body: "b\($0)x c\($0)y") })
        defer { try? FileManager.default.removeItem(at: directory.url) }
        let manyPrefixes = (0..<400).map { "p\($0)*" }.joined(separator: " ")
        #expect {
            _ = try Self.search(searcher, manyPrefixes, visibility: .everything)
        } throws: { error in
            guard case SearchError.tooComplex(let message) = error else { return false }
            return message.contains("prefix")
        }
        let manyTerms = (0..<1_200).map { "w\($0)" }.joined(separator: " ")
        #expect(throws: SearchError.self) { _ = try Self.search(searcher, manyTerms, visibility: .everything) }
    }
}

@Suite("filters never change scores")
struct FilterScoreTests {
    static func filters(_ text: String) throws -> [Filter] {
        func collect(_ node: QueryNode) -> [Filter] {
            switch node {
            case .filter(let filter): return [filter]
            case .boolean(let must, let should, _): return (must + should).flatMap(collect)
            default: return []
            }
        }
        return collect(try QueryParser().parse(text))
    }

    @Test("a filter typed in the query and the same filter as a parameter give identical hits, order and scores",
          arguments: [("fluoride varnish", "year:2010..2022"), ("school children", "type:research"), ("fluoride", "year:2015.."),
                      ("ฟันผุ เด็ก", "year:2560..2566"), ("varnish", "type:research year:2010..2030")])
    func typedEqualsParameter(words: String, filterText: String) throws {
        let searcher = SearchFixtures.shared.1
        var typed = SearchRequest(query: "\(words) \(filterText)", top: 20)
        typed.snippets = false
        var parameter = SearchRequest(query: words, top: 20)
        parameter.snippets = false
        parameter.filters = try Self.filters(filterText)
        #expect(!parameter.filters.isEmpty)
        let left = try searcher.search(typed), right = try searcher.search(parameter)
        #expect(left.hits.map(\.id) == right.hits.map(\.id))
        #expect(left.hits.map(\.score) == right.hits.map(\.score))
        #expect(left.total == right.total)
    }
}
