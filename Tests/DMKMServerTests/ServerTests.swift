import DMKMIndex
import DMKMServer
import Foundation
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

@Suite("HTTP API over a real socket", .serialized)
struct ServerTests {
    func hitIDs(_ reply: TestServer.Reply) -> [String] {
        (reply.json["hits"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    }

    @Test("search: JSON hits, totals, facets, snippets; + decodes as a space")
    func search() async throws {
        let server = try await TestServer()
        defer { Task { await server.stop() } }
        let reply = try await server.request("/api/search?q=fluoride+varnish&facets=true&top=5")
        #expect(reply.status == 200)
        #expect(reply.headers["content-type"]?.hasPrefix("application/json") == true)
        let json = reply.json
        #expect((json["total"] as? Int ?? 0) > 0)
        #expect(json["query"] as? String == "fluoride varnish")
        #expect(json["took_ms"] is Double)
        let hits = json["hits"] as? [[String: Any]] ?? []
        #expect(hits.count == 5)
        #expect((hits.first?["snippet"] as? String)?.contains("<mark>") == true)
        #expect((json["facets"] as? [String: Any])?["type"] != nil)
        let spaced = try await server.request("/api/search?q=\(TestServer.query("fluoride varnish"))&top=5")
        #expect(hitIDs(spaced) == hitIDs(reply))
        let thai = try await server.request("/api/search?q=\(TestServer.query("เคลือบหลุมร่องฟัน"))&year=2560..2568&type=research")
        #expect(hitIDs(thai).contains("sealant-second-molar-2567"))
    }

    @Test("anonymous readers never see internal or embargoed entries — in hits, totals, facets and documents")
    func accessRules() async throws {
        let server = try await TestServer()
        defer { Task { await server.stop() } }
        for word in ["INTERNALONLYALPHA", "INTERNALONLYBRAVO", "INTERNALONLYHOTEL"] {
            let anonymous = try await server.request("/api/search?q=\(word)")
            #expect(anonymous.status == 200)
            #expect(hitIDs(anonymous).isEmpty, "\(word) leaked")
            #expect(anonymous.json["total"] as? Int == 0)
            let staff = try await server.request("/api/search?q=\(word)", token: TestServer.token)
            #expect(hitIDs(staff).count == 1, "\(word) not found with a token")
            let id = hitIDs(staff)[0]
            #expect(try await server.request("/api/documents/\(id)").status == 404)
            #expect(try await server.request("/api/documents/\(id)/file").status == 404)
            #expect(try await server.request("/api/documents/\(id)", token: TestServer.token).status == 200)
        }
        // Embargoed until 2030: invisible now.
        #expect(try await server.request("/api/documents/oral-health-literacy-2024").status == 404)
        #expect(try await server.request("/api/documents/oral-health-literacy-2024", token: TestServer.token).status == 200)
        // Facet counts and totals count public entries only.
        let anonymous = try await server.request("/api/search?q=\(TestServer.query("ฟัน OR dental OR oral"))&facets=true&top=100")
        let staff = try await server.request("/api/search?q=\(TestServer.query("ฟัน OR dental OR oral"))&facets=true&top=100", token: TestServer.token)
        let anonymousAccess = ((anonymous.json["facets"] as? [String: Any])?["access"] as? [[String: Any]]) ?? []
        #expect(anonymousAccess.count == 1 && anonymousAccess.first?["value"] as? String == "public")
        #expect((staff.json["total"] as? Int ?? 0) > (anonymous.json["total"] as? Int ?? 0))
        #expect(!hitIDs(anonymous).contains("oral-health-literacy-2024"))
        // A wrong token is refused, not treated as anonymous.
        #expect(try await server.request("/api/search?q=fluoride", token: "wrong").status == 403)
    }

    @Test("documents and original files")
    func documents() async throws {
        let server = try await TestServer()
        defer { Task { await server.stop() } }
        let document = try await server.request("/api/documents/fluoride-varnish-2565")
        #expect(document.status == 200)
        #expect((document.json["title"] as? String)?.isEmpty == false)
        #expect(document.json["year_be"] as? Int == 2565)
        let file = try await server.request("/api/documents/fluoride-varnish-2565/file")
        #expect(file.status == 200)
        #expect(file.headers["content-type"]?.hasPrefix("text/html") == true)
        #expect(file.text.contains("<html"))
        #expect(try await server.request("/api/documents/no-such-document").status == 404)
    }

    @Test("writes need a token; upload, awards and delete go through the pipeline and the award workflow")
    func writes() async throws {
        let server = try await TestServer()
        defer { Task { await server.stop() } }
        let text = Data("รายงานนวัตกรรมแปรงฟันอัจฉริยะ\n\nUPLOADEDWORDXYZ ทดลองในโรงเรียน 12 แห่ง".utf8)
        let (body, type) = TestServer.multipart(fileName: "../../etc/smart-brush.txt", file: text, metadata: "id: smart-brush-2568\nyear: 2568\ntype: innovation\n")
        #expect(try await server.request("/api/documents", method: "POST", body: body, contentType: type).status == 401)
        #expect(try await server.request("/api/documents", method: "POST", token: "wrong", body: body, contentType: type).status == 403)
        let created = try await server.request("/api/documents", method: "POST", token: TestServer.token, body: body, contentType: type)
        #expect(created.status == 201, "\(created.text)")
        #expect(created.json["id"] as? String == "smart-brush-2568")
        let found = try await server.request("/api/search?q=UPLOADEDWORDXYZ")
        #expect(hitIDs(found) == ["smart-brush-2568"])
        // The original went into the uploads folder, under a safe name.
        let file = try await server.request("/api/documents/smart-brush-2568/file")
        #expect(file.status == 200 && file.text.contains("UPLOADEDWORDXYZ"))

        let awards = Data(#"{"awards":[{"program":"TPSA","cycle":2568,"category":"บริการภาครัฐ","status":"drafting"}]}"#.utf8)
        #expect(try await server.request("/api/documents/smart-brush-2568/awards", method: "PUT", body: awards, contentType: "application/json").status == 401)
        let tagged = try await server.request("/api/documents/smart-brush-2568/awards", method: "PUT", token: TestServer.token, body: awards, contentType: "application/json")
        #expect(tagged.status == 200, "\(tagged.text)")
        #expect(hitIDs(try await server.request("/api/search?q=award:TPSA/2568+UPLOADEDWORDXYZ")) == ["smart-brush-2568"])
        let backwards = Data(#"{"awards":[{"program":"TPSA","cycle":2568,"status":"awarded"}]}"#.utf8)
        let refused = try await server.request("/api/documents/smart-brush-2568/awards", method: "PUT", token: TestServer.token, body: backwards, contentType: "application/json")
        #expect(refused.status == 409, "\(refused.text)")
        let badCycle = Data(#"{"awards":[{"program":"TPSA","cycle":2024}]}"#.utf8)
        #expect(try await server.request("/api/documents/smart-brush-2568/awards", method: "PUT", token: TestServer.token, body: badCycle, contentType: "application/json").status == 400)

        #expect(try await server.request("/api/documents/smart-brush-2568", method: "DELETE").status == 401)
        #expect(try await server.request("/api/documents/smart-brush-2568", method: "DELETE", token: TestServer.token).status == 204)
        #expect(hitIDs(try await server.request("/api/search?q=UPLOADEDWORDXYZ")).isEmpty)
        #expect(try await server.request("/api/documents/smart-brush-2568", method: "DELETE", token: TestServer.token).status == 404)
    }

    @Test("limits and malformed input: 400 / 413 with JSON errors that leak no paths or traces")
    func limitsAndErrors() async throws {
        let server = try await TestServer()
        defer { Task { await server.stop() } }
        let cases = [
            "/api/search", "/api/search?q=", "/api/search?q=(fluoride", "/api/search?q=a&top=0", "/api/search?q=a&top=abc",
            "/api/search?q=a&page=100000", "/api/search?q=a&year=soon", "/api/search?q=" + String(repeating: "ฟ", count: 1200),
        ]
        for path in cases {
            let reply = try await server.request(path)
            #expect(reply.status == 400, "\(path) → \(reply.status)")
            let error = reply.json["error"] as? [String: Any]
            #expect(error?["message"] is String, "\(path)")
            #expect(!reply.text.contains(server.directory.path) && !reply.text.contains(".swift"))
        }
        let big = Data(repeating: 0x41, count: 3 * 1024 * 1024)
        let (body, type) = TestServer.multipart(fileName: "big.txt", file: big, metadata: nil)
        #expect(try await server.request("/api/documents", method: "POST", token: TestServer.token, body: body, contentType: type).status == 413)
        let garbage = try await server.request("/api/documents", method: "POST", token: TestServer.token, body: Data("nope".utf8), contentType: "text/plain")
        #expect(garbage.status == 400)
        let unsupported = TestServer.multipart(fileName: "x.bin", file: Data([0, 1, 2, 3, 0, 0, 7]), metadata: nil)
        let refused = try await server.request("/api/documents", method: "POST", token: TestServer.token, body: unsupported.0, contentType: unsupported.1)
        #expect(refused.status == 422)
        #expect(!refused.text.contains(server.directory.path))
    }

    @Test("health, metrics, OpenAPI")
    func service() async throws {
        let server = try await TestServer()
        defer { Task { await server.stop() } }
        let health = try await server.request("/healthz")
        #expect(health.status == 200 && health.json["status"] as? String == "ok")
        _ = try await server.request("/api/search?q=fluoride")
        let metrics = try await server.request("/metrics")
        #expect(metrics.text.contains("dmkm_http_requests_total{route=\"search\",status=\"200\"}"))
        // Anonymous scrapes count public entries only; the total needs the token.
        let publicLine = metrics.text.split(separator: "\n").first { $0.hasPrefix("dmkm_index_documents{visibility=\"public\"} ") }
        let publicCount = publicLine.flatMap { Int($0.split(separator: " ").last ?? "") } ?? -1
        #expect(publicCount > 0 && publicCount < 54)
        #expect(!metrics.text.contains("visibility=\"all\""))
        let staffMetrics = try await server.request("/metrics", token: TestServer.token)
        #expect(staffMetrics.text.contains("dmkm_index_documents{visibility=\"all\"} 54"))
        let openapi = try await server.request("/openapi.json")
        #expect(openapi.status == 200)
        let paths = openapi.json["paths"] as? [String: Any] ?? [:]
        #expect(Set(paths.keys).isSuperset(of: ["/api/search", "/api/documents", "/api/documents/{id}", "/api/documents/{id}/file", "/api/documents/{id}/awards", "/healthz", "/metrics"]))
    }

    @Test("new commits are served without a restart")
    func liveReload() async throws {
        let server = try await TestServer()
        defer { Task { await server.stop() } }
        #expect(hitIDs(try await server.request("/api/search?q=LIVERELOADWORD")).isEmpty)
        do {
            let writer = try IndexWriter(directory: server.directory, analyzer: TestServer.analyzer)
            try writer.add(IndexDocument(id: "live-1", titles: [LocalizedText(language: "en", text: "Live reload")], body: "LIVERELOADWORD appears"))
            try writer.commit()
        }
        var ids: [String] = []
        for _ in 0..<30 where ids.isEmpty {
            try await Task.sleep(for: .milliseconds(100))
            ids = hitIDs(try await server.request("/api/search?q=LIVERELOADWORD"))
        }
        #expect(ids == ["live-1"])
    }

    @Test("the search page works without JavaScript: GET form, highlighted hits, facet links, pagination, document page")
    func page() async throws {
        let server = try await TestServer()
        defer { Task { await server.stop() } }
        let home = try await server.request("/")
        #expect(home.status == 200 && home.text.contains("<form class=\"search\" method=\"get\" action=\"/\""))
        let results = try await server.request("/?q=\(TestServer.query("ฟลูออไรด์"))&top=3")
        #expect(results.status == 200)
        #expect(results.headers["content-type"]?.hasPrefix("text/html") == true)
        #expect(results.text.contains("<mark>ฟลูออไรด์</mark>"))
        #expect(results.text.contains("href=\"/?q="))  // facet links
        #expect(results.text.contains("page=2"))  // pagination
        #expect(results.text.contains("Sarabun"))
        #expect(!results.text.contains("<script"))
        #expect(!results.text.contains("INTERNALONLY"))
        let document = try await server.request("/documents/fluoride-varnish-2565")
        #expect(document.status == 200 && document.text.contains("ดาวน์โหลด / Download"))
        #expect(try await server.request("/documents/sealant-mobile-unit-internal-2566").status == 404)
        let error = try await server.request("/?q=\(TestServer.query("(ฟัน"))")
        #expect(error.status == 400 && error.text.contains("column"))
    }
}
