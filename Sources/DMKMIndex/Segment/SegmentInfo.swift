import DMKMCore
import Foundation

/// Statistics of one field in one segment, for BM25's average field length.
public struct FieldStatistics: Codable, Sendable, Equatable {
    /// Documents with at least one token in the field.
    public var documentCount: Int
    /// Sum of the field's lengths over all documents.
    public var totalLength: Int

    public init(documentCount: Int = 0, totalLength: Int = 0) {
        self.documentCount = documentCount
        self.totalLength = totalLength
    }
}

/// Description of an immutable segment (its `.si` file): size, statistics and files.
public struct SegmentInfo: Codable, Sendable, Equatable {
    public var name: String
    public var documentCount: Int
    public var schemaVersion: Int
    public var termCount: Int
    /// Per `IndexedField.rawValue`.
    public var fieldStatistics: [FieldStatistics]
    /// "flush" or "merge".
    public var origin: String
    /// File name → size in bytes.
    public var files: [String: Int]

    static let extensions = ["tim", "doc", "pos", "fdt", "dv"]

    static func fileName(_ segment: String, _ fileExtension: String) -> String { "\(segment).\(fileExtension)" }

    func write(directory: IndexDirectory) throws(IndexError) {
        var writer = ByteWriter()
        writer.write(contentsOf: FileFormat.header(.segmentInfo))
        let json: Data
        do { json = try JSONEncoder().encode(self) } catch {
            throw IndexError.failed(path: name, operation: "encode segment info", detail: "\(error)")
        }
        writer.write(contentsOf: json)
        var output = try FileOutput(directory: directory, name: Self.fileName(name, "si"))
        output.write(writer)
        try output.close()
    }

    static func read(directory: IndexDirectory, name: String) throws(IndexError) -> SegmentInfo {
        let fileName = Self.fileName(name, "si")
        let file = try MappedFile(directory: directory, name: fileName)
        let body = try FileFormat.checkFrame(file, kind: .segmentInfo)
        try FileFormat.verifyChecksum(file)
        do {
            let info = try JSONDecoder().decode(SegmentInfo.self, from: Data(file.bytes[body]))
            guard info.name == name, info.fieldStatistics.count == IndexedField.allCases.count, info.documentCount >= 0 else {
                throw IndexError.corrupt(file: fileName, detail: "inconsistent segment description")
            }
            return info
        } catch let error as IndexError {
            throw error
        } catch {
            throw IndexError.corrupt(file: fileName, detail: "segment description does not decode")
        }
    }
}
