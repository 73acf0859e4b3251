import Foundation
import Testing

@Suite("dmkm publish")
struct PublishCommandTests {
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// xmllint from PATH, or nil.
    static var xmllint: URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { URL(fileURLWithPath: String($0)).appendingPathComponent("xmllint") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// Runs xmllint's HTML parser on `files`; returns its exit status and everything it printed.
    static func validateHTML(_ files: [URL], with xmllint: URL) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = xmllint
        process.arguments = ["--html", "--noout"] + files.map(\.path)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// The pages the site generates (copied original files are the submitters' own HTML).
    static func generatedPages(in site: URL) -> [URL] {
        let enumerator = FileManager.default.enumerator(at: site, includingPropertiesForKeys: nil)!
        var pages: [URL] = []
        for case let url as URL in enumerator where url.pathExtension == "html" {
            let path = String(url.standardizedFileURL.path.dropFirst(site.standardizedFileURL.path.count + 1))
            if path == "index.html" || path.hasPrefix("browse/") || (path.hasPrefix("entries/") && path.hasSuffix("/index.html")) {
                pages.append(url)
            }
        }
        return pages.sorted { $0.path < $1.path }
    }

    @Test("publishes the corpus's public entries as valid HTML, republishes, and refuses a directory that is not a site")
    func publishCorpus() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("dmkm-publish-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let index = work.appendingPathComponent("index").path
        let ingest = try CLI.run(["ingest", Self.packageRoot.appendingPathComponent("corpus").path, "--index", index, "--quiet"])
        try #require(ingest.status == 0, "\(ingest.stderr)")

        let site = work.appendingPathComponent("site")
        let publish = try CLI.run(["publish", "--index", index, "--out", site.path, "--base-url", "https://example.go.th/dmkm/"])
        #expect(publish.status == 0, "\(publish.stderr)")
        // The CLI publishes as of today: the two corpus embargoes end on 2030-01-01.
        let embargoesOver = Date() >= ISO8601DateFormatter().date(from: "2030-01-01T00:00:00Z")!
        let (published, withheld, copied) = embargoesOver ? (50, 8, 42) : (48, 10, 41)
        #expect(publish.stderr.contains("\(published) entries published, \(withheld) withheld (internal or embargoed)"), "\(publish.stderr)")
        #expect(publish.stderr.contains("\(copied) original files copied"), "\(publish.stderr)")
        #expect(publish.stderr.contains(site.path))

        let pages = Self.generatedPages(in: site)
        // Home, one page per entry, and at least one browse page per facet.
        #expect(pages.count > published + 1 + 5)
        #expect(pages.filter { $0.path.contains("/entries/") }.count == published)
        guard let xmllint = Self.xmllint else {
            Issue.record("xmllint is not installed: run scripts/install-system-packages (it installs libxml2-utils)")
            return
        }
        let validation = try Self.validateHTML(pages, with: xmllint)
        #expect(validation.status == 0)
        #expect(validation.output.isEmpty, "xmllint --html reported:\n\(validation.output.prefix(3000))")

        // The same command again replaces the earlier site.
        let again = try CLI.run(["publish", "--index", index, "--out", site.path])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent("entries/fluoride-varnish-2565/index.html").path))

        // A directory that is not a DMKM site is refused and left as it was.
        let documents = work.appendingPathComponent("documents")
        try FileManager.default.createDirectory(at: documents, withIntermediateDirectories: true)
        try Data("keep me".utf8).write(to: documents.appendingPathComponent("notes.txt"))
        let refused = try CLI.run(["publish", "--index", index, "--out", documents.path])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("not a DMKM site"), "\(refused.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: documents.path) == ["notes.txt"])
    }

    @Test("bad options are refused with a message naming the option")
    func badOptions() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("dmkm-publish-options-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        let site = work.appendingPathComponent("site").path
        let badBase = try CLI.run(["publish", "--index", work.path, "--out", site, "--base-url", "example.go.th/dmkm"])
        #expect(badBase.status != 0)
        #expect(badBase.stderr.contains("--base-url"), "\(badBase.stderr)")
        let badRoot = try CLI.run(["publish", "--index", work.path, "--out", site, "--files-root", work.appendingPathComponent("missing").path])
        #expect(badRoot.status != 0)
        #expect(badRoot.stderr.contains("--files-root"), "\(badRoot.stderr)")
        let noIndex = try CLI.run(["publish", "--index", work.appendingPathComponent("no-index").path, "--out", site])
        #expect(noIndex.status == 1)
        #expect(!FileManager.default.fileExists(atPath: site))
    }
}
