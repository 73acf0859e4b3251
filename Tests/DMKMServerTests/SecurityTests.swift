import DMKMIndex
import DMKMIngest
import DMKMServer
import Foundation
import Testing

/// The attacks and careless-user cases of the security review, each over a real socket.
@Suite("security and correctness over a real socket", .serialized)
struct SecurityTests {
    /// A folder of submissions: JSONL records (one tries to point at /etc/passwd), files without
    /// sidecar ids in nested folders, an HTML original with its own script, and odd ids.
    static func submissions() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("dmkm-sec-\(UUID().uuidString)")
        let nested = root.appendingPathComponent("sub/deeper")
        try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
        let records = [
            #"{"id":"pub-x","title":"x passwd probe","access":"public","source_path":"/etc/passwd"}"#,
            #"{"id":"rel-x","title":"relative probe","access":"public","source_path":"../../etc/hostname"}"#,
            #"{"id":"null-access","title":"null access","access":null,"body":"nullaccessword"}"#,
            #"{"id":"id with space","title":"Spaced id","access":"public","body":"spacedidword"}"#,
            #"{"id":"รหัส-ไทย","title":"Thai id","access":"public","body":"thaiidword"}"#,
            #"{"id":"a/b","title":"Slash id","access":"public","body":"slashidword"}"#,
            #"{"id":"dup","title":"First dup","access":"public","body":"firstdupword"}"#,
            #"{"id":"dup","title":"Second dup","access":"public","body":"seconddupword"}"#,
            #"{"id":"hidden-1","title":"Hidden one","access":"internal","body":"hiddenword secretterm"}"#,
            #"{"id":"hidden-2","title":"Hidden two","access":"public","public_from":"2099-01-01","body":"hiddenword secretterm"}"#,
        ]
        try records.joined(separator: "\n").write(to: root.appendingPathComponent("records.jsonl"), atomically: true, encoding: .utf8)
        try "Fluoride note in a nested folder, nestedword.".write(to: nested.appendingPathComponent("My Note.txt"), atomically: true, encoding: .utf8)
        try "Another note, samenameword.".write(to: root.appendingPathComponent("sub/My Note.txt"), atomically: true, encoding: .utf8)
        let html = "<html><head><title>Scripted page</title><script>alert(1)</script></head><body><p>scriptedpageword text</p></body></html>"
        try html.write(to: root.appendingPathComponent("scripted.html"), atomically: true, encoding: .utf8)
        try "id: spaced original\ntitle_en: Spaced original\naccess: public\n".write(
            to: root.appendingPathComponent("spaced.txt.meta.yaml"), atomically: true, encoding: .utf8)
        try "An original with a spaced id, spacedoriginalword.".write(to: root.appendingPathComponent("spaced.txt"), atomically: true, encoding: .utf8)
        return root
    }

    static func encoded(_ id: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return id.addingPercentEncoding(withAllowedCharacters: allowed)!
    }

    @Test("records cannot point at server files; originals come from the index's own store and survive the source folder")
    func noAnonymousFileRead() async throws {
        let root = try Self.submissions()
        let server = try await TestServer(paths: [root.path])
        defer { Task { await server.stop() } }
        let failures = server.ingestReport.failed
        #expect(failures.contains { $0.line == 1 && $0.reason.contains("source_path") })
        #expect(failures.contains { $0.line == 2 && $0.reason.contains("source_path") })
        #expect(try await server.request("/api/documents/pub-x").status == 404)
        #expect(try await server.request("/api/documents/pub-x/file").status == 404)
        // The source folder goes away (a temporary upload, a moved share): the original stays.
        try FileManager.default.removeItem(at: root)
        let spacedID = Self.encoded("spaced original")
        let original = try await server.request("/api/documents/\(spacedID)/file")
        #expect(original.status == 200)
        #expect(original.text.contains("spacedoriginalword"))
        let stored = try FileManager.default.subpathsOfDirectory(atPath: server.directory.url.appendingPathComponent("originals").path)
        #expect(stored.contains { $0.count > 60 })
    }

    @Test("ids with spaces, Thai letters and slashes are fetchable, pageable and deletable; file ids are slugs without paths")
    func oddIDs() async throws {
        let root = try Self.submissions()
        defer { try? FileManager.default.removeItem(at: root) }
        let server = try await TestServer(paths: [root.path])
        defer { Task { await server.stop() } }
        for id in ["id with space", "รหัส-ไทย", "a/b"] {
            let document = try await server.request("/api/documents/\(Self.encoded(id))")
            #expect(document.status == 200, "\(id)")
            #expect(document.json["id"] as? String == id)
            #expect(try await server.request("/documents/\(Self.encoded(id))").status == 200, "\(id) page")
        }
        // Hits carry urls that resolve to the same document.
        let hit = try #require((try await server.request("/api/search?q=thaiidword").json["hits"] as? [[String: Any]])?.first)
        let url = try #require(hit["url"] as? String)
        let page = try await server.request(url)
        #expect(page.status == 200 && page.text.contains("Thai id"), "\(url)")
        #expect(try await server.request("/api/documents/\(Self.encoded("a/b"))", method: "DELETE", token: TestServer.token).status == 204)
        #expect(try await server.request("/api/documents/\(Self.encoded("a/b"))").status == 404)
        // Files without sidecar ids: slugs of the file name, de-duplicated, no folders.
        let ids = Set(server.ingestReport.ids.values)
        #expect(!ids.contains { $0.contains("/") || $0.contains(root.path) })
        #expect(ids.contains("my-note") && ids.contains("my-note-2"))
        #expect(ids.contains("scripted"))
    }

    @Test("anonymous readers learn no count of hidden entries: home page, metrics, totals, facets, prefix expansion")
    func hiddenCounts() async throws {
        let root = try Self.submissions()
        defer { try? FileManager.default.removeItem(at: root) }
        let server = try await TestServer(paths: [root.path])
        defer { Task { await server.stop() } }
        let everything = try #require(try await server.request("/metrics", token: TestServer.token).text
            .split(separator: "\n").first { $0.hasPrefix("dmkm_index_documents{visibility=\"all\"}") })
        let allCount = try #require(Int(everything.split(separator: " ").last!))
        let visibleCount = allCount - 2
        let home = try await server.request("/")
        #expect(home.text.contains("\(visibleCount) ผลงาน"))
        #expect(!home.text.contains("\(allCount) ผลงาน"))
        #expect(try await server.request("/metrics").text.contains("dmkm_index_documents{visibility=\"public\"} \(visibleCount)"))
        let anonymous = try await server.request("/api/search?q=hiddenword&facets=true")
        #expect(anonymous.json["total"] as? Int == 0)
        #expect(try await server.request("/api/search?q=secret*").json["total"] as? Int == 0)
        #expect(try await server.request("/api/search?q=hiddenword", token: TestServer.token).json["total"] as? Int == 2)
    }

    @Test("record validation: access null refused, duplicate ids in one file reported (first kept)")
    func recordValidation() async throws {
        let root = try Self.submissions()
        defer { try? FileManager.default.removeItem(at: root) }
        let server = try await TestServer(paths: [root.path])
        defer { Task { await server.stop() } }
        let failures = server.ingestReport.failed
        #expect(failures.contains { $0.line == 3 && $0.reason.contains("access") })
        #expect(try await server.request("/api/documents/null-access", token: TestServer.token).status == 404)
        #expect(failures.contains { $0.line == 8 && $0.reason.contains("dup") })
        let dup = try await server.request("/api/documents/dup")
        #expect((dup.json["titles"] as? [[String: Any]])?.first?["text"] as? String == "First dup" || dup.text.contains("First dup"))
    }

    @Test("HTML originals download as attachments with nosniff and a sandboxing CSP")
    func htmlOriginalIsInert() async throws {
        let root = try Self.submissions()
        defer { try? FileManager.default.removeItem(at: root) }
        let server = try await TestServer(paths: [root.path])
        defer { Task { await server.stop() } }
        let reply = try await server.request("/api/documents/scripted/file")
        #expect(reply.status == 200)
        #expect(reply.headers["content-disposition"]?.hasPrefix("attachment") == true)
        #expect(reply.headers["x-content-type-options"] == "nosniff")
        #expect(reply.headers["content-security-policy"]?.contains("sandbox") == true)
    }

    @Test("bearer scheme is case-insensitive; 401 names the scheme; body limits are per route; refused uploads leave nothing")
    func smallerFindings() async throws {
        let server = try await TestServer()
        defer { Task { await server.stop() } }
        let unauthorized = try await server.request("/api/documents/x", method: "DELETE")
        #expect(unauthorized.status == 401)
        #expect(unauthorized.headers["www-authenticate"]?.contains("Bearer") == true)
        let lower = try await server.request("/api/documents/no-such-id", method: "DELETE", token: TestServer.token, scheme: "bearer")
        #expect(lower.status == 404)
        let awardBody = Data(repeating: 0x20, count: 1_100_000)
        let award = try await server.request("/api/documents/sugar-free-cdc-2565/awards", method: "PUT", token: TestServer.token, body: awardBody, contentType: "application/json")
        #expect(award.status == 413)
        #expect(award.text.contains("1 MiB"))
        let oai = try await server.request("/oai", method: "POST", body: Data(repeating: 0x61, count: 70_000), contentType: "application/x-www-form-urlencoded")
        #expect(oai.status == 413)
        #expect(oai.text.contains("64 KiB"))
        // A refused upload (unsupported bytes) and an accepted one: the staging area ends empty.
        let refused = TestServer.multipart(fileName: "x.bin", file: Data([0, 1, 2, 3, 0, 0, 7]), metadata: nil)
        #expect(try await server.request("/api/documents", method: "POST", token: TestServer.token, body: refused.0, contentType: refused.1).status == 422)
        let accepted = TestServer.multipart(fileName: "Field Report.txt", file: Data("uploadedslugword text".utf8), metadata: nil)
        let created = try await server.request("/api/documents", method: "POST", token: TestServer.token, body: accepted.0, contentType: accepted.1)
        #expect(created.status == 201)
        #expect(created.json["id"] as? String == "field-report")
        let staged = (try? FileManager.default.contentsOfDirectory(atPath: server.state.configuration.uploadsDirectory.path)) ?? []
        #expect(staged.isEmpty, "left in uploads/: \(staged)")
    }

    @Test("API pages walk one ranking: disjoint, in the order of one big page, whatever the page size")
    func apiPaging() async throws {
        let server = try await TestServer()
        defer { Task { await server.stop() } }
        func ids(_ path: String) async throws -> [String] {
            ((try await server.request(path).json["hits"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }
        }
        let query = TestServer.query("ฟัน OR dental OR oral")
        let full = try await ids("/api/search?q=\(query)&top=100")
        #expect(full.count > 20)
        for size in [3, 7] {
            var paged: [String] = []
            for page in 1...((full.count + size - 1) / size) { paged += try await ids("/api/search?q=\(query)&top=\(size)&page=\(page)") }
            #expect(paged == full, "page size \(size)")
        }
    }

    @Test("/healthz answers while searches are refused for overload")
    func healthUnderOverload() async throws {
        let server = try await TestServer { configuration in
            configuration.searchWidth = 1
            configuration.maximumQueuedSearches = 1
            configuration.cacheEntries = 0
        }
        defer { Task { await server.stop() } }
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<48 {
                group.addTask { try await server.request("/api/search?q=fluoride+OR+caries+OR+ฟัน*+\(index)&top=100&facets=true").status }
            }
            group.addTask {
                let started = ContinuousClock.now
                let health = try await server.request("/healthz")
                return health.status == 200 && ContinuousClock.now - started < .seconds(2) ? -1 : -2
            }
            var all: [Int] = []
            for try await status in group { all.append(status) }
            return all
        }
        #expect(statuses.contains(-1))
        #expect(Set(statuses).isSubset(of: [200, 503, -1]))
        #expect(statuses.contains(503), "expected some searches to be refused with 503: \(statuses.sorted())")
    }
}
