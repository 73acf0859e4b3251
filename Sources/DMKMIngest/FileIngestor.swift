import DMKMAnalysis
import DMKMExtract
import DMKMIndex
import DMKMRepository
import Foundation

/// The ingestion pipeline for submitted files: walk the paths, skip files whose content (and
/// sidecar) have not changed since they were indexed, extract on all cores in child processes,
/// apply sidecar metadata, analyze, index and commit in batches; optionally remove documents
/// whose files are gone. Every failure is reported with its file and reason, and never stops the
/// others from being committed.
public struct FileIngestor {
    /// The `dmkm` executable, for extractor child processes; nil extracts in-process (no crash
    /// isolation, for tests and embedding).
    public var workerExecutable: URL?
    public var workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
    public var limits = ExtractionLimits()
    /// Remove indexed documents whose source file under one of the given directories is gone.
    public var prune = false
    /// Re-index files even when unchanged.
    public var force = false
    public var commitEvery = 500
    public var onProgress: (IngestProgress) -> Void = { _ in }
    public var onFailure: (IngestFailure) -> Void = { _ in }

    public init() {}

    /// What happened, for the summary and `--report FILE.json`.
    public struct Report: Codable, Sendable {
        public var files = 0
        public var indexed = 0
        public var unchanged = 0
        public var pruned: [String] = []
        public var failed: [IngestFailure] = []
        /// Source path → id of each file or record indexed by this run.
        public var ids: [String: String] = [:]
        public var seconds = 0.0

        public init(files: Int = 0, indexed: Int = 0, unchanged: Int = 0, pruned: [String] = [], failed: [IngestFailure] = [], seconds: Double = 0) {
            self.files = files
            self.indexed = indexed
            self.unchanged = unchanged
            self.pruned = pruned
            self.failed = failed
            self.seconds = seconds
        }
    }

    public func ingest(paths: [String], into writer: IndexWriter) throws -> Report {
        let started = Date()
        let sources = try SourceWalker().sources(in: paths)
        var report = Report()
        report.files = sources.count
        var progress = IngestProgress(totalBytes: sources.reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: $1.url.path)[.size] as? Int) ?? 0) })
        // What is indexed now: content hash by id, id by source path (for pruning and for
        // keeping a file's derived id), and the source path of each id (derived ids must not
        // take another file's).
        var indexedHashes: [String: String] = [:]
        var indexedPaths: [String: String] = [:]
        var pathsOfIDs: [String: String] = [:]
        if let reader = try? IndexReader.open(writer.directory) {
            try reader.forEachDocument { document in
                if let hash = document.contentHash { indexedHashes[document.id] = hash }
                if let path = document.sourcePath {
                    indexedPaths[path] = document.id
                    pathsOfIDs[document.id] = path
                }
            }
        }
        /// The id of a file that declares none: the one it had before, else a free slug.
        func derivedID(for source: SourceWalker.Source) -> String {
            let fresh = DocumentAssembly.derivedIdentifier(for: source) { candidate in
                if let owner = pathsOfIDs[candidate] { return owner != source.path }
                return false
            }
            pathsOfIDs[fresh] = source.path
            return fresh
        }
        // Source path → id of every document this run indexed (what an upload answers with).
        var ingestedIDs: [String: String] = [:]
        let pool = workerExecutable.map { ExtractionWorkerPool(executable: $0, size: workers, limits: limits) }
        var seenPaths = Set<String>()
        var sinceCommit = 0
        var workspace = Analyzer.Workspace()

        func fail(_ source: SourceWalker.Source, line: Int? = nil, _ reason: String) {
            let failure = IngestFailure(source: source.path, line: line, reason: reason)
            report.failed.append(failure)
            progress.failures += 1
            onFailure(failure)
        }

        var awards = PendingAwardTags(store: AwardStore(directory: writer.directory))
        func add(_ document: IndexDocument, declaredAwards: Any? = nil) throws {
            try writer.add(writer.analysis.analyze(document, workspace: &workspace))
            awards.add(id: document.id, tags: AwardTag.declared(declaredAwards ?? (document.awards.isEmpty ? nil : document.awards)))
            report.indexed += 1
            progress.documents += 1
            sinceCommit += 1
            if sinceCommit >= commitEvery {
                try awards.flush()
                try writer.commit()
                sinceCommit = 0
            }
        }

        let batchSize = max(1, (pool?.size ?? 1) * 4)
        var index = 0
        while index < sources.count {
            let batch = Array(sources[index..<min(sources.count, index + batchSize)])
            index += batch.count
            var pending: [(source: SourceWalker.Source, sidecar: [String: Any]?, hash: String, derivedID: String)] = []
            for source in batch {
                seenPaths.insert(source.path)
                if let problem = source.problem {
                    fail(source, problem)
                    continue
                }
                let size = (try? FileManager.default.attributesOfItem(atPath: source.url.path)[.size] as? Int) ?? 0
                progress.bytesRead += size
                if source.url.pathExtension.lowercased() == "jsonl" {
                    report.unchanged += try ingestRecords(source, indexedHashes: indexedHashes, fail: { fail($0, line: $1, $2) }, add: { try add($0, declaredAwards: $1) })
                    continue
                }
                var sidecar: [String: Any]?
                var sidecarBytes: [UInt8]?
                if let sidecarURL = Sidecar.url(for: source.url) {
                    do {
                        sidecar = try Sidecar.read(sidecarURL)
                        sidecarBytes = Array(try Data(contentsOf: sidecarURL))
                    } catch {
                        fail(source, "\(error)")
                        continue
                    }
                }
                guard size <= limits.maximumFileBytes else {
                    fail(source, "too-large: \(size) bytes, the limit is \(limits.maximumFileBytes)")
                    continue
                }
                let bytes: [UInt8]
                do { bytes = Array(try Data(contentsOf: source.url)) } catch {
                    fail(source, "cannot read the file: \(Self.reason(error))")
                    continue
                }
                let hash = DocumentAssembly.contentHash(file: bytes, sidecar: sidecarBytes)
                let derived = derivedID(for: source)
                let id = (sidecar?["id"] as? String) ?? derived
                if !force, indexedHashes[id] == hash {
                    report.unchanged += 1
                    continue
                }
                pending.append((source, sidecar, hash, derived))
            }
            let results = pool?.extract(pending.map(\.source.url))
                ?? pending.map { item in Result { () throws(ExtractionError) in try Extraction.extract(file: item.source.url, limits: limits) } }
            for (item, result) in zip(pending, results) {
                switch result {
                case .failure(let error):
                    fail(item.source, error.description)
                case .success(let (_, extracted)):
                    do {
                        // The repository keeps its own copy: downloads never read the source folder again.
                        let bytes: [UInt8]
                        do { bytes = Array(try Data(contentsOf: item.source.url)) } catch {
                            fail(item.source, "cannot read the file: \(Self.reason(error))")
                            continue
                        }
                        let original = try writer.originals.store(bytes, name: item.source.url.lastPathComponent)
                        let document = try DocumentAssembly.document(
                            extracted: extracted, sidecar: item.sidecar, source: item.source, contentHash: item.hash,
                            derivedID: item.derivedID, original: original)
                        if let previous = indexedPaths[item.source.path], previous != document.id { try writer.delete(id: previous) }
                        try add(document, declaredAwards: item.sidecar?["awards"])
                        ingestedIDs[item.source.path] = document.id
                    } catch let error as DocumentRecordError {
                        fail(item.source, "metadata \(error)")
                    }
                }
            }
            onProgress(progress)
        }

        if prune {
            let roots = paths.map { $0.hasSuffix("/") ? $0 : $0 + "/" }
            for (path, id) in indexedPaths.sorted(by: { $0.key < $1.key }) where !seenPaths.contains(path) {
                guard roots.contains(where: { path.hasPrefix($0) }) || paths.contains(path) else { continue }
                if !FileManager.default.fileExists(atPath: path) || !seenPaths.contains(path) {
                    if try writer.delete(id: id) { report.pruned.append(id) }
                }
            }
        }
        try awards.flush()
        try writer.commit(userData: ["last_ingest": paths.joined(separator: " ")])
        report.ids = ingestedIDs
        report.seconds = Date().timeIntervalSince(started)
        onProgress(progress)
        return report
    }

    /// A readable reason from a Foundation file error ("permission denied", not a domain and code).
    static func reason(_ error: Error) -> String {
        let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
        if let underlying, underlying.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(underlying.code))) }
        if let cocoa = error as? CocoaError {
            switch cocoa.code {
            case .fileReadNoPermission, .fileWriteNoPermission: return "permission denied"
            case .fileNoSuchFile, .fileReadNoSuchFile: return "no such file or directory"
            default: break
            }
        }
        return (error as NSError).localizedDescription
    }

    /// A JSONL file inside an ingested tree: each line is a record; the file's hash decides
    /// whether its records changed.
    /// Returns how many records were unchanged.
    private func ingestRecords(
        _ source: SourceWalker.Source, indexedHashes: [String: String],
        fail: (SourceWalker.Source, Int?, String) -> Void, add: (IndexDocument, _ declaredAwards: Any?) throws -> Void
    ) throws -> Int {
        guard let data = try? Data(contentsOf: source.url) else {
            fail(source, nil, "cannot read the file")
            return 0
        }
        var unchanged = 0
        let hash = DocumentAssembly.contentHash(file: Array(data), sidecar: nil)
        var number = 0
        var duplicates = DuplicateIDs()
        for line in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
            number += 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            do {
                var (document, fields) = try DocumentRecord.record(fromJSON: line)
                try duplicates.check(document.id, line: number)
                if !force, indexedHashes[document.id] == hash {
                    unchanged += 1
                    continue
                }
                document.sourcePath = source.path
                document.contentHash = hash
                try add(document, fields["awards"] ?? fields["award"])
            } catch let error as DocumentRecordError {
                fail(source, number, error.description)
            }
        }
        return unchanged
    }
}
