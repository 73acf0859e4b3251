import Foundation
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif

@Suite("dmkm serve as a process")
struct ServeCommandTests {
    /// Starts `dmkm serve --port 0` and returns the process and the port it printed.
    static func startServer(index: String, stderr: Pipe) throws -> (Process, Int) {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["serve", "--index", index, "--port", "0"]
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var text = ""
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let data = stderr.fileHandleForReading.availableData
            text += String(decoding: data, as: UTF8.self)
            if let range = text.range(of: #"127\.0\.0\.1:(\d+)/"#, options: .regularExpression) {
                let port = Int(text[range].dropFirst("127.0.0.1:".count).dropLast())!
                return (process, port)
            }
            if data.isEmpty { usleep(50_000) }
        }
        process.terminate()
        throw CocoaError(.fileReadUnknown)
    }

    static func get(_ url: String) async throws -> (Int, Data) {
        let (data, response) = try await URLSession.shared.data(from: URL(string: url)!)
        return ((response as! HTTPURLResponse).statusCode, data)
    }

    @Test("searches keep answering while dmkm ingest commits beside the server; SIGTERM stops it cleanly")
    func searchDuringIngestAndShutdown() async throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("dmkm-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let index = work.appendingPathComponent("index").path
        let first = try CrashSafetyTests.writeBatch(0, count: 200, to: work)
        #expect(try CLI.run(["ingest", first.path, "--index", index, "--quiet"]).status == 0)
        let stderr = Pipe()
        let (server, port) = try Self.startServer(index: index, stderr: stderr)
        defer { if server.isRunning { server.terminate() } }

        let (_, initialHealth) = try await Self.get("http://127.0.0.1:\(port)/healthz")
        let initialGeneration = (try? JSONSerialization.jsonObject(with: initialHealth) as? [String: Any])?["generation"] as? Int ?? 0
        // A larger ingest runs while we search.
        let second = try CrashSafetyTests.writeBatch(1, count: 1500, to: work)
        let ingest = Process()
        ingest.executableURL = CLI.binary
        ingest.arguments = ["ingest", second.path, "--index", index, "--commit-every", "100", "--quiet"]
        try ingest.run()
        var statuses: [Int] = []
        var generations = Set<Int>()
        while ingest.isRunning {
            let (status, _) = try await Self.get("http://127.0.0.1:\(port)/api/search?q=sealant&top=5")
            statuses.append(status)
            let (_, health) = try await Self.get("http://127.0.0.1:\(port)/healthz")
            if let generation = (try? JSONSerialization.jsonObject(with: health) as? [String: Any])?["generation"] as? Int {
                generations.insert(generation)
            }
        }
        ingest.waitUntilExit()
        #expect(ingest.terminationStatus == 0)
        #expect(!statuses.isEmpty && statuses.allSatisfy { $0 == 200 })
        // The new documents become visible without a restart.
        var found = false
        for _ in 0..<40 where !found {
            let (_, data) = try await Self.get("http://127.0.0.1:\(port)/api/search?q=f1-1499&top=1")
            found = String(decoding: data, as: UTF8.self).contains("\"f1-1499\"")
            if !found { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(found)
        let (_, health) = try await Self.get("http://127.0.0.1:\(port)/healthz")
        let finalGeneration = (try? JSONSerialization.jsonObject(with: health) as? [String: Any])?["generation"] as? Int ?? 0
        #expect(finalGeneration > initialGeneration, "the server should serve a newer commit than at the start")
        #expect(generations.allSatisfy { $0 >= initialGeneration })

        kill(server.processIdentifier, SIGTERM)
        server.waitUntilExit()
        #expect(server.terminationStatus == 0)
        let log = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(log.contains("stopped"))
    }
}
