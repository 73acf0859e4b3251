import DMKMCore
import Foundation

/// A point-in-time view of the index: the segments of one commit. Later commits do not change
/// it (segment files are immutable, and a writer keeps the files of recent commits), so a search
/// sees one consistent index. Thread-safe.
public final class IndexReader: Sendable {
    public let directory: IndexDirectory
    public let manifest: Manifest
    public let segments: [SegmentReader]
    /// First global doc number of each segment.
    public let segmentStarts: [Int]
    public let fieldStatistics: [FieldStatistics]

    public var generation: Int { manifest.generation }
    public var maxDoc: Int { segmentStarts.last ?? 0 }
    public var documentCount: Int { segments.reduce(0) { $0 + $1.liveCount } }

    /// Opens the latest commit. If a writer removes files of an older commit while we open it,
    /// we retry with the newer one.
    public static func open(_ directory: IndexDirectory) throws(IndexError) -> IndexReader {
        var lastError: IndexError?
        for _ in 0..<5 {
            guard let manifest = try Manifest.latest(in: directory) else { throw IndexError.noIndex(directory: directory.path) }
            do {
                return try IndexReader(directory: directory, manifest: manifest)
            } catch let error {
                // A vanished file means a newer commit replaced ours between listing and opening.
                if case .io(_, _, let code) = error, code == ENOENT, (try? Manifest.latest(in: directory))??.generation != manifest.generation {
                    lastError = error
                    continue
                }
                throw error
            }
        }
        throw lastError ?? IndexError.noIndex(directory: directory.path)
    }

    init(directory: IndexDirectory, manifest: Manifest, reusing previous: [SegmentReader] = []) throws(IndexError) {
        self.directory = directory
        self.manifest = manifest
        var readers: [SegmentReader] = []
        var starts: [Int] = [0]
        var statistics = [FieldStatistics](repeating: FieldStatistics(), count: IndexedField.allCases.count)
        for segment in manifest.segments {
            let reader: SegmentReader
            if let existing = previous.first(where: { $0.name == segment.name && $0.deletionGeneration == segment.deletionGeneration }) {
                reader = existing
            } else {
                reader = try SegmentReader(directory: directory, name: segment.name, deletionGeneration: segment.deletionGeneration)
            }
            guard reader.documentCount == segment.documentCount else {
                throw IndexError.corrupt(file: SegmentInfo.fileName(segment.name, "si"), detail: "document count disagrees with the commit")
            }
            readers.append(reader)
            starts.append(starts.last! + reader.documentCount)
            for field in IndexedField.allCases {
                statistics[Int(field.rawValue)].documentCount += reader.info.fieldStatistics[Int(field.rawValue)].documentCount
                statistics[Int(field.rawValue)].totalLength += reader.info.fieldStatistics[Int(field.rawValue)].totalLength
            }
        }
        segments = readers
        segmentStarts = starts
        fieldStatistics = statistics
    }

    /// A reader for the newest commit, sharing unchanged segments with this one; `self` if the
    /// index has not changed.
    public func reopenIfChanged() throws(IndexError) -> IndexReader {
        guard let latest = try Manifest.latest(in: directory), latest.generation != manifest.generation else { return self }
        return try IndexReader(directory: directory, manifest: latest, reusing: segments)
    }

    /// Average length of `field` over the documents that have it (1 when none do).
    public func averageLength(_ field: IndexedField) -> Float {
        let statistics = fieldStatistics[Int(field.rawValue)]
        guard statistics.documentCount > 0 else { return 1 }
        return max(1, Float(statistics.totalLength) / Float(statistics.documentCount))
    }

    /// Documents containing `term` in `field`, summed over segments (deleted ones included, as in
    /// Lucene; they vanish at the next merge).
    public func documentFrequency(field: IndexedField, term: String) throws(IndexError) -> Int {
        let key = TermKey.make(field: field, term: term.utf8)
        var total = 0
        for segment in segments {
            if let entry = try segment.termEntry(key) { total += Int(entry.docFreq) }
        }
        return total
    }

    /// The live document with `id`, wherever it is.
    public func document(id: String) throws(IndexError) -> IndexDocument? {
        for segment in segments.reversed() {
            if let doc = try segment.localDoc(id: id) { return try segment.document(doc) }
        }
        return nil
    }

    /// Segment and local doc of a global doc number.
    public func locate(_ globalDoc: Int) -> (segment: Int, doc: Int32) {
        var low = 0
        var high = segments.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if segmentStarts[middle] <= globalDoc { low = middle } else { high = middle - 1 }
        }
        return (low, Int32(globalDoc - segmentStarts[low]))
    }

    /// All files this commit uses.
    public var fileNames: Set<String> {
        var names = Set(segments.flatMap(\.fileNames))
        names.insert(manifest.fileName)
        return names
    }
}

extension IndexReader {
    /// Calls `body` with every live document, reading stored fields chunk by chunk.
    public func forEachDocument(_ body: (IndexDocument) throws -> Void) throws {
        for segment in segments {
            var doc = 0
            while doc < segment.documentCount {
                let (firstDoc, documents) = try segment.stored.chunk(containing: Int32(doc))
                for (offset, encoded) in documents.enumerated() where segment.isLive(firstDoc + Int32(offset)) {
                    var reader = ByteReader(encoded)
                    do {
                        try body(try DocumentCoding.decode(from: &reader))
                    } catch let error as ByteReaderError {
                        throw IndexError.corrupt(file: segment.stored.file.name, detail: "document \(Int(firstDoc) + offset): \(error)")
                    }
                }
                doc = Int(firstDoc) + max(documents.count, 1)
            }
        }
    }
}
