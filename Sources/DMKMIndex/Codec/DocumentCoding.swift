import DMKMCore

/// Compact binary form of an `IndexDocument` for the stored-fields file.
enum DocumentCoding {
    static func encode(_ document: IndexDocument, into writer: inout ByteWriter) {
        writer.writeString(document.id)
        writeLocalized(document.titles, into: &writer)
        writeLocalized(document.abstracts, into: &writer)
        writer.writeString(document.body)
        writeStrings(document.authors, into: &writer)
        writeStrings(document.keywords, into: &writer)
        writer.writeVarUInt(UInt64(document.year ?? 0))
        writer.write(document.type.ordinal)
        writer.writeString(document.unit ?? "")
        writeStrings(document.languages, into: &writer)
        writer.write(UInt8(document.access == .public ? 0 : 1))
        writer.write(Int32(document.publicFrom?.daysSinceEpoch ?? Int32.min))
        writeStrings(document.awards, into: &writer)
        writer.writeString(document.sourcePath ?? "")
        writer.writeString(document.contentHash ?? "")
        writer.writeString(document.original?.sha256 ?? "")
        if let original = document.original {
            writer.writeString(original.name)
            writer.writeVarUInt(UInt64(original.byteCount))
        }
        let extra = document.extra.sorted { $0.key < $1.key }
        writer.writeVarUInt(UInt64(extra.count))
        for (key, value) in extra {
            writer.writeString(key)
            writer.writeString(value)
        }
    }

    static func decode(from reader: inout ByteReader) throws(ByteReaderError) -> IndexDocument {
        let id = try reader.readString()
        let titles = try readLocalized(&reader)
        let abstracts = try readLocalized(&reader)
        let body = try reader.readString()
        let authors = try readStrings(&reader)
        let keywords = try readStrings(&reader)
        let year = Int(try reader.readVarUInt())
        let typeOrdinal: UInt8 = try reader.read()
        guard let type = DocumentType(ordinal: typeOrdinal) else {
            throw .malformed(offset: reader.offset, reason: "unknown document type \(typeOrdinal)")
        }
        let unit = try reader.readString()
        let languages = try readStrings(&reader)
        let access: UInt8 = try reader.read()
        let publicFrom: Int32 = try reader.read()
        let awards = try readStrings(&reader)
        let sourcePath = try reader.readString()
        let contentHash = try reader.readString()
        var original: OriginalFile?
        let digest = try reader.readString()
        if !digest.isEmpty {
            guard OriginalFile.isDigest(digest) else { throw .malformed(offset: reader.offset, reason: "bad original file digest") }
            let name = try reader.readString()
            let byteCount = try reader.readVarUInt()
            guard byteCount <= UInt64(Int.max) else { throw .malformed(offset: reader.offset, reason: "bad original file size") }
            original = OriginalFile(sha256: digest, name: name, byteCount: Int(byteCount))
        }
        let extraCount = try reader.readVarUInt()
        guard extraCount <= UInt64(reader.remaining) else { throw .malformed(offset: reader.offset, reason: "bad count") }
        var extra: [String: String] = [:]
        for _ in 0..<extraCount {
            let key = try reader.readString()
            extra[key] = try reader.readString()
        }
        return IndexDocument(
            id: id, titles: titles, abstracts: abstracts, body: body, authors: authors, keywords: keywords,
            year: year == 0 ? nil : year, type: type, unit: unit.isEmpty ? nil : unit, languages: languages,
            access: access == 0 ? .public : .internal,
            publicFrom: publicFrom == Int32.min ? nil : Day(daysSinceEpoch: publicFrom), awards: awards,
            sourcePath: sourcePath.isEmpty ? nil : sourcePath, contentHash: contentHash.isEmpty ? nil : contentHash,
            original: original, extra: extra)
    }

    private static func writeStrings(_ strings: [String], into writer: inout ByteWriter) {
        writer.writeVarUInt(UInt64(strings.count))
        for string in strings { writer.writeString(string) }
    }

    private static func readStrings(_ reader: inout ByteReader) throws(ByteReaderError) -> [String] {
        let count = try reader.readVarUInt()
        guard count <= UInt64(reader.remaining) else { throw .malformed(offset: reader.offset, reason: "bad count") }
        var strings: [String] = []
        strings.reserveCapacity(Int(count))
        for _ in 0..<count { strings.append(try reader.readString()) }
        return strings
    }

    private static func writeLocalized(_ texts: [LocalizedText], into writer: inout ByteWriter) {
        writer.writeVarUInt(UInt64(texts.count))
        for text in texts {
            writer.writeString(text.language ?? "")
            writer.writeString(text.text)
        }
    }

    private static func readLocalized(_ reader: inout ByteReader) throws(ByteReaderError) -> [LocalizedText] {
        let count = try reader.readVarUInt()
        guard count <= UInt64(reader.remaining) else { throw .malformed(offset: reader.offset, reason: "bad count") }
        var texts: [LocalizedText] = []
        for _ in 0..<count {
            let language = try reader.readString()
            texts.append(LocalizedText(language: language.isEmpty ? nil : language, text: try reader.readString()))
        }
        return texts
    }
}
