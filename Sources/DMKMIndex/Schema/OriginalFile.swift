import Foundation

/// The submitted file an entry was extracted from, as the repository keeps it: a copy in the
/// index's asset store (`OriginalStore`), addressed by its SHA-256. Only a file the repository
/// itself received (walked or uploaded) becomes an original, never a path found in record data.
public struct OriginalFile: Codable, Sendable, Equatable {
    /// SHA-256 of the content, 64 lowercase hex digits: the file's address in the store.
    public var sha256: String
    /// The name it was submitted under (for downloads), without any directory.
    public var name: String
    public var byteCount: Int

    public init(sha256: String, name: String, byteCount: Int) {
        self.sha256 = sha256
        self.name = name
        self.byteCount = byteCount
    }

    /// Whether `text` can be a store address: exactly 64 lowercase hex digits, so an address
    /// never names a path of its own.
    public static func isDigest(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// The media type the file is served with, from its name's extension.
    public var mediaType: String { Self.mediaType(ofFileNamed: name) }

    /// The media type a submitted file is served with, from its extension.
    public static func mediaType(ofFileNamed name: String) -> String {
        switch (name as NSString).pathExtension.lowercased() {
        case "pdf": "application/pdf"
        case "html", "htm": "text/html; charset=utf-8"
        case "xml": "application/xml"
        case "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case "odt": "application/vnd.oasis.opendocument.text"
        case "txt": "text/plain; charset=utf-8"
        case "md": "text/markdown; charset=utf-8"
        default: "application/octet-stream"
        }
    }
}

extension IndexDocument {
    /// Extensions of files that hold many documents (a JSONL batch): such a file is never "the
    /// original" of one entry, since handing it out would also hand out its other, possibly
    /// internal, entries.
    public static let containerExtensions: Set<String> = ["jsonl", "ndjson"]

    /// The media type of the entry's original file, without parameters (for Dublin Core's
    /// `format` and schema.org's `encodingFormat`); nil without one or when it is not known.
    public var originalMediaType: String? {
        guard let original else { return nil }
        let type = original.mediaType
        return type == "application/octet-stream" ? nil : String(type.split(separator: ";")[0])
    }
}
