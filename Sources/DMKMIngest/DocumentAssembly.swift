import DMKMExtract
import DMKMIndex
import Foundation

/// Builds the indexed document of a submitted file: what the extractor found, then fields the
/// file declares itself (front matter), then the sidecar, which wins. All values go through the
/// same validation as JSONL records, so a bad value is an error naming the field.
public enum DocumentAssembly {
    /// The id of a file without a declared one: a readable slug of its name without the
    /// extension (`School Brushing Report.txt` → `school-brushing-report`): lower case, spaces and
    /// characters that need escaping in a URL become `-`, Thai kept. Never a path: the folder
    /// the file sat in is the server's business, not the reader's. `taken` answers whether
    /// another file already uses a candidate; then `-2`, `-3`, … are tried.
    public static func derivedIdentifier(for source: SourceWalker.Source, taken: (String) -> Bool = { _ in false }) -> String {
        let name = source.url.deletingPathExtension().lastPathComponent
        var slug = ""
        var pendingDash = false
        for scalar in name.lowercased().unicodeScalars {
            let kept = scalar.properties.isAlphabetic || scalar.properties.numericType != nil
                || [.nonspacingMark, .spacingMark].contains(scalar.properties.generalCategory) || scalar == "_" || scalar == "."
            if kept {
                if pendingDash && !slug.isEmpty { slug.append("-") }
                pendingDash = false
                slug.unicodeScalars.append(scalar)
            } else {
                pendingDash = true
            }
        }
        slug = String(slug.drop(while: { $0 == "." }).prefix(120))
        if slug.isEmpty { slug = "document" }
        if !taken(slug) { return slug }
        var suffix = 2
        while taken("\(slug)-\(suffix)") { suffix += 1 }
        return "\(slug)-\(suffix)"
    }

    /// `derivedID` is the id used when neither the file nor its sidecar declares one; `original`
    /// the stored copy of the file.
    public static func document(
        extracted: ExtractedDocument, sidecar: [String: Any]?, source: SourceWalker.Source, contentHash: String,
        derivedID: String, original: OriginalFile?
    ) throws(DocumentRecordError) -> IndexDocument {
        var fields: [String: Any] = [:]
        if !extracted.titles.isEmpty {
            // Titles go in by language so a sidecar's title_th can replace just the Thai one.
            for title in extracted.titles where !title.text.isEmpty {
                let key = title.language.map { "title_" + $0 } ?? "title"
                if ["title", "title_th", "title_en"].contains(key), fields[key] == nil { fields[key] = title.text } else if fields["title"] == nil { fields["title"] = title.text }
            }
        }
        for abstract in extracted.abstracts where !abstract.text.isEmpty {
            let key = abstract.language.map { "abstract_" + $0 } ?? "abstract"
            if ["abstract", "abstract_th", "abstract_en"].contains(key), fields[key] == nil { fields[key] = abstract.text } else if fields["abstract"] == nil { fields["abstract"] = abstract.text }
        }
        if !extracted.authors.isEmpty { fields["authors"] = extracted.authors }
        if !extracted.keywords.isEmpty { fields["keywords"] = extracted.keywords }
        if let year = extracted.year { fields["year"] = year }
        if !extracted.languages.isEmpty { fields["lang"] = extracted.languages }
        for (key, value) in extracted.declaredFields { fields[key] = value }
        if let sidecar {
            for (key, value) in sidecar { fields[key] = value }
            // A sidecar title in one language replaces an untagged embedded title.
            if sidecar["title_th"] != nil || sidecar["title_en"] != nil, sidecar["title"] == nil { fields.removeValue(forKey: "title") }
            if sidecar["abstract_th"] != nil || sidecar["abstract_en"] != nil, sidecar["abstract"] == nil { fields.removeValue(forKey: "abstract") }
        }
        if fields["id"] == nil { fields["id"] = derivedID }
        fields["text"] = extracted.body
        var document = try DocumentRecord.document(from: fields)
        document.sourcePath = source.path
        document.contentHash = contentHash
        document.original = original
        for (key, value) in extracted.metadata where document.extra[key] == nil { document.extra[key] = value }
        if document.titles.isEmpty {
            document.titles = [LocalizedText(language: nil, text: source.url.deletingPathExtension().lastPathComponent)]
        }
        return document
    }

    /// Hash of a file's bytes and its sidecar's (64-bit FNV-1a, hex): unchanged files are skipped.
    public static func contentHash(file: [UInt8], sidecar: [UInt8]?) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for bytes in [file, sidecar ?? []] {
            for byte in bytes {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01B3
            }
            hash ^= 0xFF
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return String(hash, radix: 16)
    }
}
