import DMKMCore
import Foundation

/// A commit point (`segments_N`): the segments that make up the index at generation N.
/// Written to a temporary file, fsynced and renamed into place, so a reader sees either the old
/// commit or the new one, never a half-written one.
public struct Manifest: Codable, Sendable, Equatable {
    public struct Segment: Codable, Sendable, Equatable {
        public var name: String
        public var documentCount: Int
        /// Generation of the live-docs file (0: no deletions).
        public var deletionGeneration: Int
        public var deletedCount: Int
    }

    public var generation: Int
    public var formatVersion: UInt32
    public var schemaVersion: Int
    public var segments: [Segment]
    public var nextSegmentNumber: Int
    public var committedAt: String
    /// What the committing program wants to remember (e.g. the last ingested batch).
    public var userData: [String: String]

    public static let prefix = "segments_"

    static func empty() -> Manifest {
        Manifest(generation: 0, formatVersion: FileFormat.version, schemaVersion: IndexDocument.schemaVersion, segments: [],
                 nextSegmentNumber: 1, committedAt: "", userData: [:])
    }

    var fileName: String { Self.prefix + String(generation) }

    public var liveDocumentCount: Int { segments.reduce(0) { $0 + $1.documentCount - $1.deletedCount } }

    /// Generations of the commits present in `directory`, newest first.
    static func generations(in directory: IndexDirectory) throws(IndexError) -> [Int] {
        try directory.listFiles().compactMap { name -> Int? in
            guard name.hasPrefix(prefix) else { return nil }
            return Int(name.dropFirst(prefix.count))
        }.sorted(by: >)
    }

    static func read(directory: IndexDirectory, generation: Int) throws(IndexError) -> Manifest {
        let name = prefix + String(generation)
        let file = try MappedFile(directory: directory, name: name)
        let body = try FileFormat.checkFrame(file, kind: .manifest)
        try FileFormat.verifyChecksum(file)
        do {
            let manifest = try JSONDecoder().decode(Manifest.self, from: Data(file.bytes[body]))
            guard manifest.generation == generation else { throw IndexError.corrupt(file: name, detail: "generation mismatch") }
            guard manifest.schemaVersion == IndexDocument.schemaVersion else {
                throw IndexError.unsupportedFormat(file: name, detail: "schema version \(manifest.schemaVersion), this build uses \(IndexDocument.schemaVersion)")
            }
            return manifest
        } catch let error as IndexError {
            throw error
        } catch {
            throw IndexError.corrupt(file: name, detail: "commit point does not decode")
        }
    }

    /// The newest commit, or nil when the directory has none.
    static func latest(in directory: IndexDirectory) throws(IndexError) -> Manifest? {
        guard let newest = try generations(in: directory).first else { return nil }
        return try read(directory: directory, generation: newest)
    }

    func write(directory: IndexDirectory) throws(IndexError) {
        var writer = ByteWriter()
        writer.write(contentsOf: FileFormat.header(.manifest))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json: Data
        do { json = try encoder.encode(self) } catch { throw IndexError.failed(path: fileName, operation: "encode commit", detail: "\(error)") }
        writer.write(contentsOf: json)
        writer.writeChecksum()
        writer.write(contentsOf: FileFormat.footerMagic)
        try directory.writeAtomically(fileName, bytes: writer.bytes)
    }
}
