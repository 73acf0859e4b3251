import DMKMExtract
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs extractors in child processes (`dmkm extract-worker`), so a file that crashes or hangs an
/// extractor (a hostile PDF, a parser bug) costs one report line, not the run. Requests and
/// answers are JSON lines over pipes; each request has a deadline, after which the worker is
/// killed and replaced.
public final class ExtractionWorkerPool {
    struct Request: Codable {
        var path: String
        var limits: ExtractionLimits
    }

    struct Response: Codable {
        var format: DocumentFormat?
        var document: ExtractedDocument?
        var error: ExtractionError?
    }

    final class Worker {
        let process = Process()
        let input = Pipe()
        let output = Pipe()
        var buffer: [UInt8] = []

        init(executable: URL) throws {
            process.executableURL = executable
            process.arguments = ["extract-worker"]
            process.standardInput = input
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
        }

        func send(_ request: Request) throws {
            var data = try JSONEncoder().encode(request)
            data.append(0x0A)
            try input.fileHandleForWriting.write(contentsOf: data)
        }

        enum Outcome {
            case answer(Response)
            case exited
            case timedOut
        }

        /// The next answer line; waits until `deadline`, but always collects what is already there.
        func receive(deadline: Date) -> Outcome {
            let descriptor = output.fileHandleForReading.fileDescriptor
            while true {
                if let newline = buffer.firstIndex(of: 0x0A) {
                    let line = Array(buffer[..<newline])
                    buffer.removeSubrange(...newline)
                    guard let response = try? JSONDecoder().decode(Response.self, from: Data(line)) else { return .exited }
                    return .answer(response)
                }
                let remaining = deadline.timeIntervalSinceNow
                var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                let ready = poll(&poller, 1, remaining > 0 ? Int32(min(remaining * 1000, 1000)) : 0)
                if ready < 0 && errno != EINTR { return .exited }
                if ready <= 0 {
                    if remaining <= 0 { return .timedOut }
                    continue
                }
                var chunk = [UInt8](repeating: 0, count: 1 << 16)
                let count = read(descriptor, &chunk, chunk.count)
                if count <= 0 { return .exited }
                buffer.append(contentsOf: chunk[0..<count])
            }
        }

        func terminate() {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
        }

        var exitDescription: String {
            guard !process.isRunning else { return "stopped" }
            return process.terminationReason == .uncaughtSignal
                ? "killed by signal \(process.terminationStatus)" : "exited with status \(process.terminationStatus)"
        }
    }

    let executable: URL
    let limits: ExtractionLimits
    private var workers: [Worker?]

    public init(executable: URL, size: Int, limits: ExtractionLimits) {
        self.executable = executable
        self.limits = limits
        workers = Array(repeating: nil, count: max(1, size))
    }

    deinit {
        for worker in workers.compactMap({ $0 }) { worker.terminate() }
    }

    public var size: Int { workers.count }

    /// Extracts up to `size` files at once, one per worker.
    public func extract(_ urls: [URL]) -> [Result<(DocumentFormat, ExtractedDocument), ExtractionError>] {
        var results = [Result<(DocumentFormat, ExtractedDocument), ExtractionError>?](repeating: nil, count: urls.count)
        var offset = 0
        while offset < urls.count {
            let chunk = Array(urls[offset..<min(urls.count, offset + workers.count)])
            var sent: [(Int, Worker)] = []
            for (slot, url) in chunk.enumerated() {
                do {
                    if workers[slot] == nil { workers[slot] = try Worker(executable: executable) }
                    try workers[slot]!.send(Request(path: url.path, limits: limits))
                    sent.append((slot, workers[slot]!))
                } catch {
                    workers[slot]?.terminate()
                    workers[slot] = nil
                    results[offset + slot] = .failure(ExtractionError(.crashed, "could not start the extractor process: \(error)"))
                }
            }
            let deadline = Date().addingTimeInterval(limits.timeoutSeconds)
            for (slot, worker) in sent {
                switch worker.receive(deadline: deadline) {
                case .answer(let response):
                    if let document = response.document, let format = response.format {
                        results[offset + slot] = .success((format, document))
                    } else {
                        results[offset + slot] = .failure(response.error ?? ExtractionError(.crashed, "the extractor gave no answer"))
                    }
                case .exited:
                    worker.terminate()
                    workers[slot] = nil
                    results[offset + slot] = .failure(ExtractionError(.crashed, "the extractor process died (\(worker.exitDescription))"))
                case .timedOut:
                    worker.terminate()
                    workers[slot] = nil
                    results[offset + slot] = .failure(ExtractionError(.timeout, "the extractor did not finish within \(Int(limits.timeoutSeconds)) s"))
                }
            }
            offset += chunk.count
        }
        return results.map { $0! }
    }

    /// The worker side: answers requests on stdin until it closes.
    ///
    /// `DMKM_EXTRACT_FAULTS` (tests only) makes the worker misbehave on chosen file names, to
    /// prove the pipeline survives it: `crash=a.txt,hang=b.txt`.
    public static func serve() {
        let decoder = JSONDecoder()
        let encoder = JSONEncoder()
        var faults: [String: String] = [:]
        for item in (ProcessInfo.processInfo.environment["DMKM_EXTRACT_FAULTS"] ?? "").split(separator: ",") {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { faults[parts[1]] = parts[0] }
        }
        while let line = readLine(strippingNewline: true) {
            var response = Response()
            if let request = try? decoder.decode(Request.self, from: Data(line.utf8)) {
                switch faults[URL(fileURLWithPath: request.path).lastPathComponent] {
                case "crash": abort()
                case "hang": while true { sleep(60) }
                default: break
                }
                do {
                    let (format, document) = try Extraction.extract(file: URL(fileURLWithPath: request.path), limits: request.limits)
                    response.format = format
                    response.document = document
                } catch {
                    response.error = error
                }
            } else {
                response.error = ExtractionError(.malformed, "bad request to the extractor process")
            }
            var data = (try? encoder.encode(response)) ?? Data(#"{"error":{"kind":"crashed","message":"cannot encode the answer"}}"#.utf8)
            data.append(0x0A)
            FileHandle.standardOutput.write(data)
        }
    }
}
