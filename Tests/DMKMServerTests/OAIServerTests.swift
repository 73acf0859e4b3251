import DMKMIndex
import DMKMRepository
import Foundation
import Testing

@testable import DMKMServer

#if canImport(FoundationXML)
import FoundationXML
#endif
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

@Suite("OAI-PMH over a real socket", .serialized)
struct OAIServerTests {
    /// The corpus's withheld entries (corpus/README.md): eight internal ones, each with a word
    /// found nowhere else, and two public ones embargoed until 2030.
    static let internalIDs = [
        "tpsa-2568-elderly-service-draft", "km-action-plan-2567", "sealant-mobile-unit-internal-2566", "budget-review-2568",
        "data-quality-audit-2567", "denture-waiting-list-2567", "strategy-retreat-2568", "km-award-review-internal-2567",
    ]
    static let internalWords = ["ALPHA", "BRAVO", "CHARLIE", "DELTA", "ECHO", "FOXTROT", "GOLF", "HOTEL"].map { "INTERNALONLY" + $0 }
    static let embargoedIDs = ["oral-health-literacy-2024", "sugar-drinks-teens-2023"]
    static let corpusPublicCount = 58 - 8 - 2

    struct Parsed {
        let reply: TestServer.Reply
        let document: XMLDocument

        func values(_ name: String) throws -> [String] {
            try document.nodes(forXPath: "//*[local-name()='\(name)']").map { $0.stringValue ?? "" }
        }

        func attribute(_ element: String, _ name: String) throws -> String? {
            let node = try document.nodes(forXPath: "//*[local-name()='\(element)']").first as? XMLElement
            return node?.attributes?.first { $0.name == name }?.stringValue
        }

        var errorCodes: [String] { get throws { try document.nodes(forXPath: "//*[local-name()='error']/@code").map { $0.stringValue ?? "" } } }
        var headerIdentifiers: [String] {
            get throws { try document.nodes(forXPath: "//*[local-name()='header']/*[local-name()='identifier']").map { $0.stringValue ?? "" } }
        }
    }

    /// Every response is checked the same way: HTTP 200, XML content type, well-formed, and
    /// nothing of the withheld entries in it.
    func oai(_ server: TestServer, _ query: String, post: Bool = false) async throws -> Parsed {
        let reply = post
            ? try await server.request("/oai", method: "POST", body: Data(query.utf8), contentType: "application/x-www-form-urlencoded")
            : try await server.request("/oai?" + query)
        #expect(reply.status == 200)
        #expect(reply.headers["content-type"] == "text/xml; charset=utf-8")
        let document = try XMLDocument(data: reply.body, options: [])
        // An id the request itself names is echoed back (in <request> and the error); that is no leak.
        for secret in Self.internalWords + Self.internalIDs + Self.embargoedIDs where !query.contains(secret) {
            #expect(!reply.text.contains(secret), "\(secret) leaked through /oai?\(query)")
        }
        return Parsed(reply: reply, document: document)
    }

    /// Follows resumption tokens to the end of a list; returns the identifiers of all pages.
    func harvest(_ server: TestServer, verb: String, post: Bool = false) async throws -> (ids: [String], pages: Int) {
        var query = "verb=\(verb)&metadataPrefix=oai_dc"
        var ids: [String] = []
        for page in 1...20 {
            let parsed = try await oai(server, query, post: post)
            #expect(try parsed.errorCodes.isEmpty)
            ids += try parsed.headerIdentifiers
            guard let token = try parsed.values("resumptionToken").first, !token.isEmpty else { return (ids, page) }
            query = "verb=\(verb)&resumptionToken=\(TestServer.query(token))"
        }
        Issue.record("the list did not end")
        return (ids, 20)
    }

    @Test("Identify: base URL from the Host header, configured admin email, earliest datestamp, identifier scheme")
    func identify() async throws {
        let server = try await TestServer { $0.adminEmails = ["km-dental@anamai.example"] }
        defer { Task { await server.stop() } }
        let identify = try await oai(server, "verb=Identify")
        #expect(try identify.errorCodes.isEmpty)
        #expect(try identify.values("baseURL") == ["http://127.0.0.1:\(server.port)/oai"])
        #expect(try identify.values("request") == ["http://127.0.0.1:\(server.port)/oai"])
        #expect(try identify.values("protocolVersion") == ["2.0"])
        #expect(try identify.values("adminEmail") == ["km-dental@anamai.example"])
        #expect(try identify.values("deletedRecord") == ["no"])
        #expect(try identify.values("granularity") == ["YYYY-MM-DD"])
        // Everything was indexed just now, so the earliest datestamp is today (or yesterday, at midnight UTC).
        let earliest = try #require(try identify.values("earliestDatestamp").first.flatMap { Day($0) })
        #expect(Day.today().daysSinceEpoch - earliest.daysSinceEpoch <= 1)
        #expect(try identify.values("repositoryIdentifier") == [OAIIdentifier.repositoryIdentifier])
        let sets = try await oai(server, "verb=ListSets")
        #expect(try sets.values("setSpec").contains("type:research"))
        #expect(try sets.values("setName").contains("กลุ่มส่งเสริมทันตสุขภาพเด็กและเยาวชน"))
        // Behind a TLS-terminating proxy: X-Forwarded-Proto/-Host give the public origin; junk is ignored.
        for (proto, host, expected) in [("https", "dmkm.anamai.moph.go.th", "https://dmkm.anamai.moph.go.th/oai"),
                                        ("gopher", "evil.example/<x>", "http://127.0.0.1:\(server.port)/oai")] {
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(server.port)/oai?verb=Identify")!)
            request.setValue(proto, forHTTPHeaderField: "X-Forwarded-Proto")
            request.setValue(host, forHTTPHeaderField: "X-Forwarded-Host")
            let (data, _) = try await URLSession.shared.data(for: request)
            let document = try XMLDocument(data: data, options: [])
            #expect(try document.nodes(forXPath: "//*[local-name()='baseURL']").map { $0.stringValue ?? "" } == [expected])
        }
        let bad = try await oai(server, "verb=Nonsense")
        #expect(try bad.errorCodes == ["badVerb"])
        #expect(try bad.attribute("request", "verb") == nil)
    }

    @Test("ListRecords pages through every public entry exactly once, also after a new commit, and nothing withheld leaks")
    func harvestAll() async throws {
        let server = try await TestServer()
        defer { Task { await server.stop() } }
        let (records, pages) = try await harvest(server, verb: "ListRecords")
        #expect(pages == 1)
        #expect(records.count == Self.corpusPublicCount)
        #expect(Set(records).count == records.count)
        #expect(records == records.sorted { OAIIdentifier.entryID(from: $0)! < OAIIdentifier.entryID(from: $1)! })
        #expect(records.contains(OAIIdentifier.identifier(forEntry: "fluoride-varnish-2565")))
        let (identifiers, _) = try await harvest(server, verb: "ListIdentifiers")
        #expect(identifiers == records)

        // Grow the index past one page (100): more public entries and one more internal one.
        do {
            let writer = try IndexWriter(directory: server.directory, analyzer: TestServer.analyzer)
            for number in 0..<70 {
                let id = "oai-paging-" + String(format: "%03d", number)
                try writer.add(IndexDocument(id: id, titles: [LocalizedText(language: "en", text: "Paging entry \(number)")], type: .report))
            }
            try writer.add(IndexDocument(id: "oai-internal-extra", titles: [LocalizedText(language: "en", text: "INTERNALONLYALPHA extra")], access: .internal))
            try writer.commit()
        }
        var total = 0
        for _ in 0..<40 where total != Self.corpusPublicCount + 70 {
            try await Task.sleep(for: .milliseconds(100))
            let first = try await oai(server, "verb=ListIdentifiers&metadataPrefix=oai_dc")
            total = Int(try first.attribute("resumptionToken", "completeListSize") ?? "") ?? 0
        }
        #expect(total == Self.corpusPublicCount + 70, "the new commit is served without a restart")
        for post in [false, true] {
            let (grown, grownPages) = try await harvest(server, verb: "ListRecords", post: post)
            #expect(grownPages == 2)
            #expect(grown.count == total && Set(grown).count == grown.count)
            #expect(Set(grown).isSuperset(of: records))
            #expect(!grown.contains(OAIIdentifier.identifier(forEntry: "oai-internal-extra")))
        }
    }

    @Test("GetRecord: public entries only; internal and embargoed ids do not exist; POST form works")
    func getRecord() async throws {
        let server = try await TestServer()
        defer { Task { await server.stop() } }
        let identifier = TestServer.query(OAIIdentifier.identifier(forEntry: "fluoride-varnish-2565"))
        let record = try await oai(server, "verb=GetRecord&metadataPrefix=oai_dc&identifier=\(identifier)")
        #expect(try record.errorCodes.isEmpty)
        #expect(try record.values("title").isEmpty == false)
        #expect(try record.values("identifier").contains("http://127.0.0.1:\(server.port)/documents/fluoride-varnish-2565"))
        let posted = try await oai(server, "verb=GetRecord&metadataPrefix=oai_dc&identifier=\(identifier)", post: true)
        #expect(try posted.values("metadata") == (try record.values("metadata")))
        #expect(try posted.attribute("request", "verb") == "GetRecord")

        for id in Self.internalIDs + Self.embargoedIDs {
            let query = "verb=GetRecord&metadataPrefix=oai_dc&identifier=\(TestServer.query(OAIIdentifier.identifier(forEntry: id)))"
            for post in [false, true] {
                let missing = try await oai(server, query, post: post)
                #expect(try missing.errorCodes == ["idDoesNotExist"], "\(id)")
                #expect(try missing.values("record").isEmpty)
            }
            let formats = try await oai(server, "verb=ListMetadataFormats&identifier=\(TestServer.query(OAIIdentifier.identifier(forEntry: id)))")
            #expect(try formats.errorCodes == ["idDoesNotExist"])
        }
        // Errors are still 200 with an OAI body; a POST without arguments is a badVerb.
        #expect(try await oai(server, "", post: true).errorCodes == ["badVerb"])
        #expect(try await oai(server, "verb=ListRecords&metadataPrefix=oai_dc&resumptionToken=x").errorCodes == ["badArgument"])
        #expect(try await oai(server, "verb=ListRecords&resumptionToken=x").errorCodes == ["badResumptionToken"])
        let metrics = try await server.request("/metrics")
        #expect(metrics.text.contains("dmkm_http_requests_total{route=\"oai\",status=\"200\"}"))
        let openapi = try await server.request("/openapi.json")
        #expect((openapi.json["paths"] as? [String: Any])?["/oai"] != nil)
    }

    @Test("the catalogue is built once per commit generation and day, not per request")
    func catalogueCache() throws {
        let cache = OAICatalogueCache()
        var builds = 0
        func build() -> OAICatalogue {
            builds += 1
            return OAICatalogue(entries: PublicEntries(day: Day("2025-01-01")!, documents: []), fallbackDatestamp: Day("2025-01-01")!)
        }
        let today = Day("2025-01-01")!
        _ = cache.catalogue(generation: 3, day: today, build: build)
        _ = cache.catalogue(generation: 3, day: today, build: build)
        #expect(builds == 1)
        _ = cache.catalogue(generation: 4, day: today, build: build)
        #expect(builds == 2)
        _ = cache.catalogue(generation: 4, day: Day("2025-01-02")!, build: build)
        #expect(builds == 3, "embargoes end at midnight: a new day rebuilds")
        _ = cache.catalogue(generation: 4, day: Day("2025-01-02")!, build: build)
        #expect(builds == 3)
    }

    @Test("the origin of baseURL: Host or proxy headers, never arbitrary text")
    func origin() {
        #expect(OAIRoutes.isPlainHost("dmkm.anamai.moph.go.th"))
        #expect(OAIRoutes.isPlainHost("127.0.0.1:8080") && OAIRoutes.isPlainHost("[::1]:8080"))
        #expect(!OAIRoutes.isPlainHost("evil.example/path") && !OAIRoutes.isPlainHost("a\"><x") && !OAIRoutes.isPlainHost(""))
    }
}
