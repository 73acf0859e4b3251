import DMKMAnalysis
import DMKMIndex
import DMKMIngest
import DMKMServer
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A real server on an ephemeral port, over an index of the sample corpus.
final class TestServer: @unchecked Sendable {
    static let token = "test-token-0123456789"
    let directory: IndexDirectory
    let state: ServerState
    private(set) var ingestReport: FileIngestor.Report
    private(set) var port = 0
    private var task: Task<Void, Error>?

    static let analyzer: Analyzer = {
        do { return try Analyzer.standard() } catch { fatalError("\(error)") }
    }()

    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Indexes the sample corpus, or `paths` (in-process extraction), into a fresh directory and serves it.
    init(paths: [String]? = nil, configure: (inout ServerConfiguration) -> Void = { _ in }) async throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dmkm-server-\(UUID().uuidString)")
        directory = IndexDirectory(url)
        if let paths {
            ingestReport = try Self.ingest(paths: paths, into: directory)
        } else {
            // The corpus (OCR and LibreOffice included) is ingested once per test run; every
            // server gets its own copy, so tests that write never see each other's changes.
            let template = try Self.corpusTemplate.get()
            try FileManager.default.copyItem(at: template.directory.url, to: url)
            ingestReport = template.report
        }
        var configuration = ServerConfiguration(index: directory)
        configuration.port = 0
        configuration.tokens = [Self.token]
        configuration.maximumBodyBytes = 2 * 1024 * 1024
        configure(&configuration)
        state = ServerState(configuration: configuration, analyzer: Self.analyzer)
        let ready = AsyncStream<Int>.makeStream()
        let state = self.state
        task = Task {
            try await DMKMServer.run(state: state) { port in ready.continuation.yield(port) }
        }
        for await port in ready.stream {
            self.port = port
            break
        }
    }

    private static func ingest(paths: [String], into directory: IndexDirectory) throws -> FileIngestor.Report {
        let writer = try IndexWriter(directory: directory, analyzer: analyzer)
        var ingestor = FileIngestor()
        ingestor.workerExecutable = nil
        return try ingestor.ingest(paths: paths, into: writer)
    }

    /// The sample corpus indexed once (a `static let` initialiser runs once, thread-safely).
    private static let corpusTemplate: Result<(directory: IndexDirectory, report: FileIngestor.Report), Error> = Result {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dmkm-server-corpus-\(UUID().uuidString)")
        let directory = IndexDirectory(url)
        let report = try ingest(paths: [packageRoot.appendingPathComponent("corpus").path], into: directory)
        precondition(report.failed.isEmpty, "corpus ingest failed: \(report.failed)")
        return (directory, report)
    }

    func stop() async {
        task?.cancel()
        _ = try? await task?.value
        try? FileManager.default.removeItem(at: directory.url)
    }

    struct Reply {
        var status: Int
        var headers: [String: String]
        var body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    }

    func request(_ path: String, method: String = "GET", token: String? = nil, scheme: String = "Bearer", body: Data? = nil,
                 contentType: String? = nil) async throws -> Reply {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        if let token { request.setValue("\(scheme) \(token)", forHTTPHeaderField: "Authorization") }
        if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        request.httpBody = body
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields { headers[String(describing: key).lowercased()] = String(describing: value) }
        return Reply(status: http.statusCode, headers: headers, body: data)
    }

    static func query(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed)!
    }

    static func multipart(fileName: String, file: Data, metadata: String?, boundary: String = "dmkm-boundary-42") -> (Data, String) {
        var body = Data()
        func append(_ text: String) { body.append(Data(text.utf8)) }
        append("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(fileName)\"\r\nContent-Type: application/octet-stream\r\n\r\n")
        body.append(file)
        append("\r\n")
        if let metadata {
            append("--\(boundary)\r\nContent-Disposition: form-data; name=\"metadata\"\r\n\r\n\(metadata)\r\n")
        }
        append("--\(boundary)--\r\n")
        return (body, "multipart/form-data; boundary=\(boundary)")
    }
}
