import DMKMAnalysis
import Foundation

/// The one writer of an index (it holds `write.lock`). Adds, updates (delete + add by id) and
/// deletes documents; `commit` makes them durable and visible as a new generation.
///
/// Documents are buffered in memory up to the RAM budget, then flushed as an immutable segment.
/// A commit writes pending deletions as new live-docs generations, then the commit point;
/// afterwards a merge policy keeps the number of segments bounded. A crash at any moment leaves
/// the previous commit intact; files it left behind are removed when the next writer opens.
public final class IndexWriter {
    public struct Options: Sendable {
        /// Memory for buffered documents plus what the open segments hold; the buffer is flushed
        /// to a segment when the two together reach it.
        public var ramBudgetBytes = 256 * 1024 * 1024
        /// Merging starts when a commit leaves more segments than this.
        public var maximumSegments = 10
        /// How many segments one merge combines.
        public var mergeFactor = 10
        /// Commits whose files are kept (open readers may still use them).
        public var keptCommits = 2

        public init() {}
    }

    public let directory: IndexDirectory
    public let analysis: DocumentAnalysis
    /// Copies of the submitted originals (the ingest pipeline adds them before their documents).
    public let originals: OriginalStore
    public let options: Options
    private let lock: WriterLock
    public private(set) var manifest: Manifest
    private var segments: [SegmentReader] {
        didSet { segmentsResidentBytes = segments.reduce(0) { $0 + $1.residentBytes } }
    }
    /// Heap memory the open segments hold (counted against the RAM budget).
    public private(set) var segmentsResidentBytes = 0
    private var pendingLive: [String: LiveDocs] = [:]
    private var buffer: SegmentBuffer?
    private var workspace = Analyzer.Workspace()
    private var changed = false
    /// A document was deleted or replaced since the last commit, so a stored original may have
    /// lost its last reference.
    private var originalsMayBeOrphaned = false

    /// Opens the index in `directory` for writing; with `create`, makes an empty one if there is
    /// none (otherwise a missing index is an error, so a mistyped path never yields a new index).
    public init(directory: IndexDirectory, analyzer: Analyzer, options: Options = Options(), create: Bool = true) throws(IndexError) {
        try directory.checkUsable(mustExist: !create)
        if create { try directory.create() }
        self.directory = directory
        originals = OriginalStore(index: directory)
        self.analysis = DocumentAnalysis(analyzer: analyzer)
        self.options = options
        lock = try WriterLock(directory: directory)
        guard let latest = try Manifest.latest(in: directory) ?? (create ? Manifest.empty() : nil) else {
            throw IndexError.noIndex(directory: directory.path)
        }
        manifest = latest
        let reader = try IndexReader(directory: directory, manifest: manifest)
        segments = reader.segments
        segmentsResidentBytes = segments.reduce(0) { $0 + $1.residentBytes }
        try removeUnreferencedFiles()
    }

    /// What the buffer may use: the budget less the open segments (at least an eighth of it, so
    /// a budget smaller than the segments still makes segments, not one per document).
    public var bufferAllowanceBytes: Int { max(options.ramBudgetBytes - segmentsResidentBytes, options.ramBudgetBytes / 8) }

    public var bufferedDocumentCount: Int { buffer?.documentCount ?? 0 }
    public var bufferedBytes: Int { buffer?.estimatedBytes ?? 0 }
    public var segmentCount: Int { segments.count }
    public var hasUncommittedChanges: Bool { changed || bufferedDocumentCount > 0 }

    /// Analyzes and adds (or replaces) a document.
    public func add(_ document: IndexDocument) throws(IndexError) {
        try add(analysis.analyze(document, workspace: &workspace))
    }

    /// The day a document is indexed on (UTC), kept in `extra["indexed_at"]`: the datestamp
    /// OAI-PMH harvesters select by.
    public static func stamped(_ document: IndexDocument, now: Date = Date()) -> IndexDocument {
        var document = document
        if document.extra["indexed_at"] == nil { document.extra["indexed_at"] = Day.today(now).description }
        return document
    }

    /// Adds (or replaces) an already analyzed document.
    public func add(_ analyzed: AnalyzedDocument) throws(IndexError) {
        try deleteCommitted(id: analyzed.document.id)
        if buffer == nil { buffer = SegmentBuffer(directory: directory, name: nextSegmentName()) }
        try buffer!.add(analyzed)
        changed = true
        if buffer!.estimatedBytes >= bufferAllowanceBytes { try flush() }
    }

    /// Deletes the document with `id`; returns whether one existed.
    @discardableResult
    public func delete(id: String) throws(IndexError) -> Bool {
        let inBuffer = buffer?.delete(id: id) ?? false
        let committed = try deleteCommitted(id: id)
        if inBuffer || committed {
            changed = true
            originalsMayBeOrphaned = true
        }
        return inBuffer || committed
    }

    private func liveDocs(of segment: SegmentReader) -> LiveDocs? { pendingLive[segment.name] ?? segment.liveDocs }

    @discardableResult
    private func deleteCommitted(id: String) throws(IndexError) -> Bool {
        let key = TermKey.make(field: .id, term: id.utf8)
        var found = false
        for segment in segments {
            guard let entry = try segment.termEntry(key) else { continue }
            var cursor = try segment.cursor(entry)
            var live = liveDocs(of: segment) ?? LiveDocs(allLive: segment.documentCount)
            var doc = try cursor.next()
            var changedHere = false
            while doc != PostingsFormat.noMoreDocs {
                if live.delete(doc) { changedHere = true }
                doc = try cursor.next()
            }
            if changedHere {
                pendingLive[segment.name] = live
                found = true
            }
        }
        if found {
            changed = true
            originalsMayBeOrphaned = true
        }
        return found
    }

    private func nextSegmentName() -> String {
        let name = "_" + String(manifest.nextSegmentNumber, radix: 36)
        manifest.nextSegmentNumber += 1
        return name
    }

    /// Writes buffered documents as a new (not yet committed) segment.
    public func flush() throws(IndexError) {
        guard let buffer, !buffer.isEmpty else { return }
        let (info, live) = try buffer.write()
        let reader = try SegmentReader(directory: directory, name: info.name, deletionGeneration: 0)
        segments.append(reader)
        if let live { pendingLive[info.name] = live }
        self.buffer = nil
    }

    /// Makes every change durable and visible: flush, write deletions, write the commit point.
    @discardableResult
    public func commit(userData: [String: String] = [:]) throws(IndexError) -> Manifest {
        // Nothing changed since the last commit: keep it (re-ingesting unchanged files is a no-op).
        guard hasUncommittedChanges || manifest.generation == 0 || segments.count != manifest.segments.count else { return manifest }
        try flush()
        try writeCommit(userData: userData)
        if try mergeIfNeeded() { try writeCommit(userData: userData) }
        try removeUnreferencedFiles()
        if originalsMayBeOrphaned {
            try removeUnreferencedOriginals()
            originalsMayBeOrphaned = false
        }
        return manifest
    }

    /// Deletes stored originals that no live document of the new commit refers to (a deleted
    /// entry's file goes with it). Reads every stored document, so it runs only after deletions
    /// and only when the store holds anything.
    private func removeUnreferencedOriginals() throws(IndexError) {
        guard !originals.storedDigests().isEmpty else { return }
        var referenced = Set<String>()
        let reader = try IndexReader(directory: directory, manifest: manifest)
        do {
            try reader.forEachDocument { document in
                if let digest = document.original?.sha256 { referenced.insert(digest) }
            }
        } catch let error as IndexError {
            throw error
        } catch {
            return
        }
        originals.removeUnreferenced(keeping: referenced)
    }

    /// Merges the whole index down to at most `maximumSegments` segments (and drops deletions).
    public func optimize(maximumSegments: Int = 1) throws(IndexError) {
        try commit()
        let target = max(1, maximumSegments)
        var merged = false
        while segments.count > target || (segments.count == 1 && segments[0].deletedCount > 0 && !merged) {
            let count = min(segments.count, max(2, segments.count - target + 1))
            try mergeSmallest(count)
            merged = true
            if segments.count <= 1 { break }
        }
        if merged {
            try writeCommit(userData: manifest.userData)
            try removeUnreferencedFiles()
        }
    }

    private func writeCommit(userData: [String: String]) throws(IndexError) {
        var entries: [Manifest.Segment] = []
        var reopened: [SegmentReader] = []
        for segment in segments {
            var reader = segment
            if let live = pendingLive[segment.name] {
                if live.liveCount == 0 { continue }  // every document deleted: drop the segment
                let generation = segment.deletionGeneration + 1
                try live.write(directory: directory, name: SegmentReader.liveDocsName(segment.name, generation))
                reader = try SegmentReader(directory: directory, name: segment.name, deletionGeneration: generation)
            }
            reopened.append(reader)
            entries.append(Manifest.Segment(
                name: reader.name, documentCount: reader.documentCount, deletionGeneration: reader.deletionGeneration,
                deletedCount: reader.deletedCount))
        }
        segments = reopened
        pendingLive = [:]
        try directory.syncDirectory()
        var next = manifest
        next.generation += 1
        next.segments = entries
        next.committedAt = ISO8601DateFormatter().string(from: Date())
        if !userData.isEmpty { next.userData = userData }
        try next.write(directory: directory)
        manifest = next
        changed = false
    }

    /// Applies the merge policy; returns whether anything was merged.
    private func mergeIfNeeded() throws(IndexError) -> Bool {
        var merged = false
        while segments.count > options.maximumSegments {
            try mergeSmallest(mergeWidth())
            merged = true
        }
        return merged
    }

    /// How many of the smallest segments the next merge combines: enough to get back to the
    /// bound, and beyond that every segment of about the smallest one's size (up to
    /// `mergeFactor`). Ten 20k-document flushes then merge once into 200k — each document
    /// written once — where merging two at a time rewrote the same documents again and again.
    func mergeWidth() -> Int {
        let sizes = segments.map(\.liveCount).sorted()
        let limit = min(max(2, options.mergeFactor), sizes.count)
        var width = min(max(2, segments.count - options.maximumSegments + 1), limit)
        let similar = 2 * max(1, sizes[0])
        while width < limit && sizes[width] <= similar { width += 1 }
        return width
    }

    /// Merges the `count` segments with the fewest live documents into one.
    private func mergeSmallest(_ count: Int) throws(IndexError) {
        let chosen = segments.enumerated().sorted { $0.element.liveCount < $1.element.liveCount }.prefix(max(2, count))
            .map(\.offset).sorted()
        let sources = chosen.map { (reader: segments[$0], live: liveDocs(of: segments[$0])) }
        let name = nextSegmentName()
        let info = try SegmentMerger(directory: directory).merge(sources, into: name)
        let insertAt = chosen[0]
        for index in chosen.reversed() {
            pendingLive.removeValue(forKey: segments[index].name)
            segments.remove(at: index)
        }
        if let info {
            segments.insert(try SegmentReader(directory: directory, name: info.name, deletionGeneration: 0), at: insertAt)
        }
    }

    /// Deletes files no kept commit refers to: leftovers of a crash, merged-away segments,
    /// old deletion generations and old commit points.
    private func removeUnreferencedFiles() throws(IndexError) {
        let generations = try Manifest.generations(in: directory)
        var keep: Set<String> = [WriterLock.fileName, "README.md"]
        for segment in segments { keep.formUnion(segment.fileNames) }
        for generation in generations.prefix(options.keptCommits) {
            guard let old = try? Manifest.read(directory: directory, generation: generation) else { continue }
            keep.insert(old.fileName)
            for segment in old.segments {
                keep.insert(SegmentInfo.fileName(segment.name, "si"))
                for fileExtension in SegmentInfo.extensions { keep.insert(SegmentInfo.fileName(segment.name, fileExtension)) }
                if segment.deletionGeneration > 0 { keep.insert(SegmentReader.liveDocsName(segment.name, segment.deletionGeneration)) }
            }
        }
        for file in try directory.listFiles() where !keep.contains(file) && Self.isIndexFile(file) {
            directory.remove(file)
        }
    }

    /// Only files DMKM makes are ever deleted.
    static func isIndexFile(_ name: String) -> Bool {
        name.hasPrefix("_") || name.hasPrefix(Manifest.prefix) || name.hasSuffix(".tmp")
    }
}
