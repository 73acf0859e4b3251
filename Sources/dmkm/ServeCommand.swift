import ArgumentParser
import DMKMAnalysis
import DMKMIndex
import DMKMServer
import Foundation

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the search page, JSON API, OpenAPI document, health and metrics over HTTP.",
        discussion: """
            Anonymous visitors see public, non-embargoed entries only. Write endpoints and internal
            entries need "Authorization: Bearer TOKEN"; tokens come from --tokens FILE (one a line)
            and/or the DMKM_TOKENS environment variable (comma-separated). New commits (from
            dmkm ingest running beside the server) are picked up without a restart. SIGTERM or
            SIGINT stops accepting connections, finishes requests in flight and exits.
            OAI-PMH 2.0 harvesting of the public entries is at /oai; a catalogue written by
            dmkm publish can be served under /catalogue/ with --catalogue DIR.
            """)

    @OptionGroup var index: IndexOptions

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0: any free port).")
    var port = 8080

    @Option(help: "File with one bearer token per line.")
    var tokens: String?

    @Option(help: "Search answers cached for repeated queries (0: no cache).")
    var cache = 2048

    @Option(help: "Contact address OAI-PMH harvesters are given at /oai (repeatable).")
    var adminEmail: [String] = []

    @Option(help: "A site written by dmkm publish, served under /catalogue/ with a live search box.")
    var catalogue: String?

    mutating func run() async throws {
        var configuration = ServerConfiguration(index: index.directory)
        configuration.host = host
        configuration.port = port
        configuration.workerExecutable = Bundle.main.executableURL
        configuration.cacheEntries = max(0, cache)
        configuration.adminEmails = adminEmail
        if let catalogue {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: catalogue, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw ValidationError("--catalogue \(catalogue) is not a directory (write one with dmkm publish --out DIR)")
            }
            configuration.catalogueDirectory = URL(fileURLWithPath: catalogue)
        }
        var allowed: [String] = []
        if let tokens {
            guard let text = try? String(contentsOfFile: tokens, encoding: .utf8) else { throw ValidationError("cannot read --tokens \(tokens)") }
            allowed += text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
        }
        if let environment = ProcessInfo.processInfo.environment["DMKM_TOKENS"] {
            allowed += environment.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        configuration.tokens = allowed
        let analyzer: Analyzer
        do { analyzer = try Analyzer.standard() } catch {
            printError("dmkm serve: \(error)")
            throw ExitCode.failure
        }
        if (try? IndexReader.open(configuration.index)) == nil {
            printError("dmkm serve: no index in \(configuration.index.path) yet; serving empty results until one is committed")
        }
        let state = ServerState(configuration: configuration, analyzer: analyzer)
        let shownHost = host
        let indexPath = configuration.index.path
        let tokenCount = allowed.count
        try await DMKMServer.run(state: state) { port in
            printError("dmkm serve: listening on http://\(shownHost):\(port)/ (index \(indexPath), \(tokenCount) token(s))")
        }
        printError("dmkm serve: stopped")
    }
}
