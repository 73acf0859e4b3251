import DMKMIndex
import DMKMRepository
import DMKMServer
import Foundation
import Testing

@Suite("A published catalogue served by dmkm serve --catalogue")
struct CatalogueServingTests {
    @Test("the site is served under /catalogue/ beside the live API; withheld entries and paths outside it are not")
    func servesSite() async throws {
        let site = FileManager.default.temporaryDirectory.appendingPathComponent("dmkm-served-site-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: site) }
        let server = try await TestServer { $0.catalogueDirectory = site }
        defer { Task { await server.stop() } }
        // The middleware reads files per request, so the site can be published after start-up.
        let entries = try PublicEntries(reader: IndexReader.open(server.directory))
        let report = try StaticSite(entries: entries, options: StaticSiteOptions(originals: OriginalStore(index: server.directory))).publish(to: site)
        #expect(report.published == entries.documents.count)

        let home = try await server.request("/catalogue/")
        #expect(home.status == 200)
        #expect(home.headers["content-type"]?.hasPrefix("text/html") == true)
        #expect(home.text.contains("\(entries.documents.count)"))
        let entry = try await server.request("/catalogue/entries/mobile-dental-school-tpsa-2568/")
        #expect(entry.status == 200)
        #expect(entry.text.contains("application/ld+json"))
        #expect(entry.text.contains("หน่วยทันตกรรมเคลื่อนที่ครบวงจร"))
        // The static search index the page falls back to, and the API its search box calls, side by side.
        #expect(try await server.request("/catalogue/search-index.json").status == 200)
        let live = try await server.request("/api/search?q=" + TestServer.query("เคลือบหลุมร่องฟัน"))
        #expect((live.json["hits"] as? [[String: Any]])?.isEmpty == false)

        for path in ["/catalogue/entries/km-action-plan-2567/", "/catalogue/entries/oral-health-literacy-2024/",
                     "/catalogue/../Package.swift", "/catalogue/%2e%2e/Package.swift"] {
            let reply = try await server.request(path)
            #expect([400, 404].contains(reply.status), "\(path)")
            #expect(!reply.text.contains("swift-tools-version"), "\(path)")
        }
    }
}
