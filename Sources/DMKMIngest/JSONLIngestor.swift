import CMalloc
import DMKMAnalysis
import DMKMIndex
import DMKMRepository
import Foundation

/// Bulk ingest of JSONL (one document per line): documents are parsed and analyzed in parallel
/// batches, added by the single writer, and committed every `commitEvery` documents, so a crash
/// loses at most the last uncommitted batch. A bad line is reported with its line number and
/// skipped; the rest is indexed.
public struct JSONLIngestor {
    public var commitEvery = 20_000
    public var batchSize = 256
    /// Called after each batch with the running totals (progress display).
    public var onProgress: (IngestProgress) -> Void = { _ in }
    /// Called for each bad line as it is found.
    public var onFailure: (IngestFailure) -> Void = { _ in }

    public init() {}

    public struct Result: Sendable {
        public var progress: IngestProgress
        public var failures: [IngestFailure]
    }

    public func ingest(files: [String], into writer: IndexWriter) throws -> Result {
        // Bulk ingest flushes buffer after buffer: freed memory must go back to the system for
        // the process to stay inside the RAM budget (BENCHMARKS.md: 300k documents 263 → 236 MB).
        dmkm_malloc_return_large_blocks()
        let totalBytes = files.reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: $1)[.size] as? Int) ?? 0) }
        var progress = IngestProgress(totalBytes: totalBytes)
        var failures: [IngestFailure] = []
        var sinceCommit = 0
        // While one batch is added to the index, the next is parsed and analyzed on the other cores.
        var inFlight: (file: String, lines: [Int], results: AnalysisBox)?
        var awards = PendingAwardTags(store: AwardStore(directory: writer.directory))
        var duplicates = (file: "", ids: DuplicateIDs())

        func add(_ batch: (file: String, lines: [Int], results: AnalysisBox)) throws {
            if duplicates.file != batch.file { duplicates = (batch.file, DuplicateIDs()) }
            for (index, var result) in batch.results.wait().enumerated() {
                if case .success(let record) = result {
                    do { try duplicates.ids.check(record.analyzed.document.id, line: batch.lines[index]) } catch { result = .failure(error) }
                }
                switch result {
                case .success(let record):
                    try writer.add(record.analyzed)
                    awards.add(id: record.analyzed.document.id, tags: record.declaredAwards)
                    progress.documents += 1
                    sinceCommit += 1
                case .failure(let error):
                    let failure = IngestFailure(source: batch.file, line: batch.lines[index], reason: error.description)
                    failures.append(failure)
                    onFailure(failure)
                    progress.failures += 1
                }
            }
            if sinceCommit >= commitEvery {
                // Buffer out first: seeding award tags rewrites their file, and the two peaks
                // should not add up.
                try writer.flush()
                try awards.flush()
                try writer.commit(userData: ["last_source": batch.file, "last_line": String(batch.lines.last ?? 0)])
                sinceCommit = 0
            }
            onProgress(progress)
        }

        for file in files {
            guard let handle = FileHandle(forReadingAtPath: file) else {
                let failure = IngestFailure(source: file, reason: "cannot open file")
                failures.append(failure)
                onFailure(failure)
                progress.failures += 1
                continue
            }
            defer { try? handle.close() }
            var lines = LineSplitter(handle: handle)
            var batch: [(line: Int, bytes: ArraySlice<UInt8>)] = []
            var lineNumber = 0
            func dispatchBatch() throws {
                guard !batch.isEmpty else { return }
                let next = (file: file, lines: batch.map(\.line), results: AnalysisBox(batch: batch, analysis: writer.analysis))
                batch.removeAll(keepingCapacity: true)
                if let previous = inFlight { try add(previous) }
                inFlight = next
            }
            while let line = lines.next() {
                lineNumber += 1
                progress.bytesRead += line.count + 1
                if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
                batch.append((lineNumber, line))
                if batch.count >= batchSize { try dispatchBatch() }
            }
            try dispatchBatch()
            if let error = lines.error {
                let failure = IngestFailure(source: file, reason: "read error: \(error)")
                failures.append(failure)
                onFailure(failure)
            }
        }
        if let last = inFlight { try add(last) }
        try writer.flush()
        try awards.flush()
        try writer.commit(userData: ["last_source": files.last ?? "", "documents": String(progress.documents)])
        onProgress(progress)
        return Result(progress: progress, failures: failures)
    }

}

/// Parses and analyzes one batch on a background thread (itself spreading the work over all
/// cores); `wait` returns the results in batch order.
/// One parsed and analyzed JSONL line, with the award tags its metadata declares.
struct ParsedRecord {
    var analyzed: AnalyzedDocument
    var declaredAwards: [AwardTag]
}

final class AnalysisBox: @unchecked Sendable {
    private let group = DispatchGroup()
    private var results: [Swift.Result<ParsedRecord, DocumentRecordError>] = []

    init(batch: [(line: Int, bytes: ArraySlice<UInt8>)], analysis: DocumentAnalysis) {
        DispatchQueue.global().async(group: group) {
            self.results = Self.analyzeInParallel(batch, analysis: analysis)
        }
    }

    func wait() -> [Swift.Result<ParsedRecord, DocumentRecordError>] {
        group.wait()
        return results
    }

    /// Parses and analyzes a batch on all cores; results keep the batch order.
    private static func analyzeInParallel(_ batch: [(line: Int, bytes: ArraySlice<UInt8>)], analysis: DocumentAnalysis) -> [Swift.Result<ParsedRecord, DocumentRecordError>] {
        let results = UnsafeMutableBufferPointer<Swift.Result<ParsedRecord, DocumentRecordError>?>.allocate(capacity: batch.count)
        results.initialize(repeating: nil)
        defer {
            _ = results.deinitialize()
            results.deallocate()
        }
        // Each worker writes only its own slots.
        let slots = DisjointSlots(buffer: results)
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let chunk = (batch.count + workers - 1) / workers
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var workspace = Analyzer.Workspace()
            let start = worker * chunk
            let end = min(batch.count, start + chunk)
            guard start < end else { return }
            for index in start..<end {
                do throws(DocumentRecordError) {
                    let (document, fields) = try DocumentRecord.record(fromJSON: batch[index].bytes)
                    let awards = AwardTag.declared(fields["awards"] ?? fields["award"])
                    slots.buffer[index] = .success(ParsedRecord(analyzed: analysis.analyze(document, workspace: &workspace), declaredAwards: awards))
                } catch {
                    slots.buffer[index] = .failure(error)
                }
            }
        }
        return results.map { $0! }
    }
}

/// Splits a file into lines (without terminators), reading 1 MB at a time.
struct LineSplitter {
    let handle: FileHandle
    private var buffer: [UInt8] = []
    private var start = 0
    private var finished = false
    private(set) var error: Error?

    init(handle: FileHandle) { self.handle = handle }

    mutating func next() -> ArraySlice<UInt8>? {
        while true {
            if let newline = buffer[start...].firstIndex(of: 0x0A) {
                var line = buffer[start..<newline]
                start = newline + 1
                if line.last == 0x0D { line = line.dropLast() }
                return line
            }
            if finished {
                guard start < buffer.count else { return nil }
                let line = buffer[start...]
                start = buffer.count
                return line
            }
            buffer.removeFirst(start)
            start = 0
            do {
                if let data = try handle.read(upToCount: 1 << 20), !data.isEmpty {
                    buffer.append(contentsOf: data)
                } else {
                    finished = true
                }
            } catch {
                self.error = error
                finished = true
            }
        }
    }
}

/// A buffer whose slots are written by different threads, each slot by exactly one.
struct DisjointSlots<Element>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Element>
}
