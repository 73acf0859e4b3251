import DMKMAnalysis
import DMKMIndex
import Foundation
import Testing

@testable import DMKMSearch

@Suite("Query semantics")
struct SearchSemanticsTests {
    @Test("plain words match any of them, best match first")
    func plainWords() throws {
        let ids = try SearchFixtures.ids("fluoride varnish")
        #expect(ids.first == "varnish")
        #expect(Set(ids).isSuperset(of: ["varnish", "elderly", "varnish-order", "internal", "embargo"]))
        #expect(!ids.contains("km"))
    }

    @Test("misspelt title words still find the title through its character trigrams")
    func misspeltTitle() throws {
        // Neither word is an indexed term; most of their trigrams are in one title.
        var parameters = RankingParameters.standard
        parameters.misspellingExpansions = 0
        let trigramsOnly = Searcher(reader: SearchFixtures.shared.1.reader, analyzer: SearchFixtures.analyzer, parameters: parameters)
        #expect(try trigramsOnly.search(SearchRequest(query: "Dentl servces")).hits.map(\.id) == ["elderly"])
        // With close spellings (dental, services) the same title still comes first.
        #expect(try SearchFixtures.ids("Dentl servces").first == "elderly")
        // Words that match as terms are ranked by them (the trigram fallback is not needed).
        #expect(try SearchFixtures.ids("dental services", top: 1) == ["elderly"])
    }

    @Test("misspelt Latin words expand to close spellings the reader may see, with a suggestion")
    func misspellings() throws {
        func search(_ query: String, _ visibility: Visibility) throws -> SearchResponse {
            var request = SearchRequest(query: query, top: 20)
            request.visibility = visibility
            request.snippets = false
            return try SearchFixtures.shared.1.search(request)
        }
        let anonymous = Visibility.publicOnly(asOf: Day.today())
        let varnish = try search("flouride varnsh", anonymous)
        #expect(varnish.suggestion == "fluoride varnish")
        #expect(varnish.hits.first?.id == "varnish")
        // A word found only in an internal entry is neither an expansion nor a suggestion for
        // anonymous readers; staff get both.
        let hidden = try search("confidentialzetb", anonymous)
        #expect(hidden.hits.isEmpty && hidden.suggestion == nil)
        let staff = try search("confidentialzetb", .everything)
        #expect(staff.hits.map(\.id) == ["internal"])
        #expect(staff.suggestion == "confidentialzeta")
        // Expansion off: nothing.
        var parameters = RankingParameters.standard
        parameters.misspellingExpansions = 0
        let plain = Searcher(reader: SearchFixtures.shared.1.reader, analyzer: SearchFixtures.analyzer, parameters: parameters)
        #expect(try plain.search(SearchRequest(query: "confidentialzetb")).hits.isEmpty)
    }

    @Test("+must and -must-not")
    func mustAndMustNot() throws {
        #expect(try SearchFixtures.idSet("+fluoride +children") == ["varnish", "varnish-order"])
        #expect(try SearchFixtures.idSet("fluoride -varnish") == ["elderly", "internal", "embargo"])
    }

    @Test("AND, OR, NOT with parentheses")
    func booleanOperators() throws {
        #expect(try SearchFixtures.idSet("fluoride AND varnish") == ["varnish", "varnish-order"])
        #expect(try SearchFixtures.idSet("dentures OR dentistry") == ["elderly", "prefix"])
        #expect(try SearchFixtures.idSet("fluoride AND NOT (varnish OR budget)") == ["elderly", "embargo"])
        #expect(try SearchFixtures.idSet("(elderly OR dentist) AND care") == ["elderly"])
    }

    @Test("quoted phrases need the words adjacent and in order")
    func phrases() throws {
        #expect(try SearchFixtures.idSet("\"fluoride varnish\"") == ["varnish"])
        #expect(try SearchFixtures.idSet("\"varnish fluoride\"").isEmpty)
        #expect(try SearchFixtures.idSet("\"school children\"") == ["varnish"])
        #expect(try SearchFixtures.idSet("\"เคลือบหลุมร่องฟัน\"") == ["sealant"])
    }

    @Test("field:term searches one field")
    func fields() throws {
        #expect(try SearchFixtures.idSet("title:children") == ["varnish", "varnish-order"])
        #expect(try SearchFixtures.idSet("body:children").isEmpty == false)
        #expect(try SearchFixtures.idSet("author:somchai") == ["varnish"])
        #expect(try SearchFixtures.idSet("keyword:caries") == ["varnish"])
        #expect(try SearchFixtures.idSet("abstract:varnish") == ["varnish-order"])
        #expect(try SearchFixtures.idSet("title:(elderly OR dentistry)") == ["elderly", "prefix"])
    }

    @Test("prefix* for Latin and Thai")
    func prefixes() throws {
        #expect(try SearchFixtures.idSet("dentist*") == ["prefix"])
        #expect(try SearchFixtures.idSet("dent*") == ["elderly", "prefix"])
        #expect(try SearchFixtures.idSet("ทันต*") == ["prefix"])
        #expect(try SearchFixtures.idSet("zzzz*").isEmpty)
    }

    @Test("year filters understand Buddhist and Common Era")
    func years() throws {
        let expected: Set<String> = ["sealant", "varnish", "km", "internal"]
        #expect(try SearchFixtures.idSet("year:2562..2567") == expected)
        #expect(try SearchFixtures.idSet("year:2019..2024") == expected)
        #expect(try SearchFixtures.idSet("year:2019..2567") == expected)
        #expect(try SearchFixtures.idSet("year:2565") == ["varnish"])
        #expect(try SearchFixtures.idSet("year:2022") == ["varnish"])
        #expect(try SearchFixtures.idSet("fluoride year:..2558") == ["elderly", "varnish-order"])
    }

    @Test("metadata filters: type, lang, unit, access, award")
    func metadataFilters() throws {
        #expect(try SearchFixtures.idSet("type:report") == ["elderly", "km"])
        #expect(try SearchFixtures.idSet("fluoride type:research") == ["varnish", "embargo"])
        #expect(try SearchFixtures.idSet("lang:th") == ["sealant", "km", "prefix"])
        #expect(try SearchFixtures.idSet("unit:กลุ่มทันตสาธารณสุข") == ["varnish", "sealant"])
        #expect(try SearchFixtures.idSet("access:internal") == ["internal"])
        #expect(try SearchFixtures.idSet("award:TPSA") == ["sealant"])
        #expect(try SearchFixtures.idSet("award:TPSA/2568") == ["sealant"])
        #expect(try SearchFixtures.idSet("award:TPSA/2567").isEmpty)
        #expect(try SearchFixtures.idSet("award:unpsa") == ["km"])
    }

    @Test("a Thai word the segmenter splits still matches as the sequence of its parts")
    func thaiSplitWords() throws {
        // Indexed text has ชั้นประถมศึกษาปีที่; the query word splits into parts that must stay in sequence.
        #expect(try SearchFixtures.ids("\"ประถมศึกษาปีที่\"") == ["sealant"])
        #expect(try SearchFixtures.ids("+ประถมศึกษาปีที่") == ["sealant"])
        #expect(try SearchFixtures.ids("เคลือบหลุมร่องฟัน").first == "sealant")
        // A part of a kept-whole domain word is searchable on its own.
        #expect(try SearchFixtures.ids("ความรู้").first == "km")
    }

    @Test("anonymous readers never see internal or embargoed entries")
    func visibility() throws {
        let anonymous = Visibility.publicOnly(asOf: Day("2026-11-26")!)
        #expect(try SearchFixtures.idSet("confidentialzeta").count == 1)
        #expect(try SearchFixtures.idSet("confidentialzeta", visibility: anonymous).isEmpty)
        #expect(try SearchFixtures.idSet("embargoedomega", visibility: anonymous).isEmpty)
        #expect(try SearchFixtures.idSet("embargoedomega", visibility: .publicOnly(asOf: Day("2099-01-01")!)) == ["embargo"])
        var request = SearchRequest(query: "fluoride", top: 10)
        request.visibility = anonymous
        request.facets = true
        let response = try SearchFixtures.shared.1.search(request)
        #expect(Set(response.hits.map(\.id)) == ["varnish", "elderly", "varnish-order"])
        #expect(response.total == 3 && response.totalIsExact)
        #expect(response.facets["access"] == [FacetCount(value: "public", count: 3)])
        #expect(!(response.facets["year"] ?? []).contains { $0.value == "2024" || $0.value == "2025" })
    }

    @Test("syntax errors say where and what was expected")
    func syntaxErrors() throws {
        #expect(throws: SearchError.self) { try SearchFixtures.ids("(fluoride") }
        do {
            _ = try SearchFixtures.ids("fluoride AND")
            Issue.record("expected a syntax error")
        } catch let SearchError.syntax(error) {
            #expect(error.column == 13)
            #expect(error.message.contains("expected a term after AND"))
        }
        var lenient = SearchRequest(query: "fluoride \"varnish", top: 5)
        lenient.lenient = true
        #expect(try SearchFixtures.shared.1.search(lenient).hits.first?.id == "varnish")
    }

    @Test("snippets highlight whole words and never cut Thai words")
    func snippets() throws {
        var request = SearchRequest(query: "ฟันผุ sealant", top: 1)
        request.snippets = true
        let hit = try #require(try SearchFixtures.shared.1.search(request).hits.first)
        let snippet = try #require(hit.snippet)
        let highlighted = snippet.pieces.filter(\.highlighted).map(\.text)
        #expect(highlighted.contains("ฟันผุ"))
        #expect(highlighted.contains("sealant"))
        // Every piece boundary is a token boundary of the original text.
        let words = Set(SearchFixtures.analyzer.tokens(in: hit.document!.body).map(\.surface))
        for piece in snippet.pieces where piece.highlighted { #expect(words.contains(piece.text)) }
        #expect(snippet.rendered(open: "<b>", close: "</b>").contains("<b>ฟันผุ</b>"))
    }

    @Test("explain gives the score breakdown per term and field")
    func explain() throws {
        var request = SearchRequest(query: "fluoride varnish", top: 1)
        request.explain = true
        let hit = try #require(try SearchFixtures.shared.1.search(request).hits.first)
        let explanation = try #require(hit.explanation)
        #expect(abs(explanation.value - hit.score) < 1e-3)
        let text = explanation.rendered()
        #expect(text.contains("term \"fluorid\""))
        #expect(text.contains("title: tf=1"))
        #expect(text.contains("idf"))
    }

    @Test("top-k with pruning returns the same ranking as exhaustive scoring")
    func pruningMatchesExhaustive() throws {
        // Enough documents to pass the exact-total threshold, so MaxScore pruning engages.
        var documents: [IndexDocument] = []
        for index in 0..<1500 {
            let words = ["alpha", "beta", "gamma", "delta", "epsilon"]
            let body = (0..<(5 + index % 40)).map { words[($0 * 7 + index) % words.count] }.joined(separator: " ")
                + (index % 97 == 0 ? " zeta zeta zeta" : "")
            documents.append(IndexDocument(id: "p\(index)", titles: [LocalizedText(language: "en", text: "doc \(index % 13)")], body: body))
        }
        let (_, searcher) = try SearchFixtures.index(documents)
        var skippedSome = false
        for query in ["alpha zeta", "beta gamma zeta", "delta"] {
            var pruned = SearchRequest(query: query, top: 10)
            pruned.snippets = false
            var exhaustive = pruned
            exhaustive.facets = true  // facets disable pruning
            let fast = try searcher.search(pruned)
            let slow = try searcher.search(exhaustive)
            #expect(fast.hits.map(\.id) == slow.hits.map(\.id), "query \(query)")
            #expect(zip(fast.hits, slow.hits).allSatisfy { abs($0.score - $1.score) < 1e-4 })
            #expect(slow.totalIsExact && fast.total <= slow.total)
            #expect(!fast.totalIsExact, "query \(query): pruning should have engaged")
            if fast.total < slow.total { skippedSome = true }
        }
        // MaxScore and block-max skipping really ran: some matches were never even scored.
        #expect(skippedSome)
    }
}
