import Foundation

extension IndexDocument {
    /// Extensions of files that hold many documents (a JSONL batch): such a file is never "the
    /// original" of one entry, since handing it out would also hand out its other, possibly
    /// internal, entries.
    public static let containerExtensions: Set<String> = ["jsonl", "ndjson"]

    /// Whether the entry came from a file of its own (not from a multi-document container).
    public var hasOwnOriginalFile: Bool {
        guard let path = sourcePath, !path.isEmpty else { return false }
        return !Self.containerExtensions.contains((path as NSString).pathExtension.lowercased())
    }

    /// The submitted file this entry was extracted from, if it still exists: `sourcePath` as
    /// recorded at ingest (absolute, or relative to one of `roots`, tried in order). Nil for
    /// entries that came from a multi-document container.
    public func originalFileURL(roots: [URL]) -> URL? {
        guard hasOwnOriginalFile, let path = sourcePath else { return nil }
        let candidates = path.hasPrefix("/") ? [URL(fileURLWithPath: path)] : roots.map { $0.appendingPathComponent(path) }
        return candidates.first { url in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && !isDirectory.boolValue
        }
    }

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

    /// The media type of the entry's own original file, without parameters (for Dublin Core's
    /// `format` and schema.org's `encodingFormat`); nil without one.
    public var originalMediaType: String? {
        guard hasOwnOriginalFile, let path = sourcePath else { return nil }
        let type = Self.mediaType(ofFileNamed: path)
        return type == "application/octet-stream" ? nil : String(type.split(separator: ";")[0])
    }
}
