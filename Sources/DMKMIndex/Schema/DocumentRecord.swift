import Foundation

/// Why a metadata record could not become a document: which field, and what was wrong.
public struct DocumentRecordError: Error, Equatable, Sendable, CustomStringConvertible {
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "field '\(field)': \(message)" }
}

/// Builds `IndexDocument`s from key/value metadata (a JSONL record, a sidecar file), using the
/// document model's names: id, title, title_th, title_en, text (or body), abstract,
/// abstract_th, abstract_en, lang, authors, keywords, year, type, unit, access, public_from,
/// awards. Other scalar keys are kept in `extra`; `source_path`, `content_hash` and `original`
/// are refused (DMKM sets them from the file it ingests).
public enum DocumentRecord {
    public static let maximumIdentifierBytes = 512

    /// Decodes one JSON object (one JSONL line).
    public static func document(fromJSON line: some Collection<UInt8>) throws(DocumentRecordError) -> IndexDocument {
        try record(fromJSON: line).document
    }

    /// Decodes one JSON object into a document, also handing back the decoded fields for the
    /// metadata the document keeps only in summary (award tags' category and status).
    public static func record(fromJSON line: some Collection<UInt8>) throws(DocumentRecordError) -> (document: IndexDocument, fields: [String: Any]) {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(line), options: [])
        } catch {
            throw DocumentRecordError(field: "(record)", message: "not valid JSON: \(Self.jsonErrorSummary(error))")
        }
        guard let fields = object as? [String: Any] else {
            throw DocumentRecordError(field: "(record)", message: "expected a JSON object")
        }
        return (try document(from: fields), fields)
    }

    private static func jsonErrorSummary(_ error: Error) -> String {
        let text = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
        return String(text.prefix(160))
    }

    /// Builds a document from decoded metadata values (strings, numbers, arrays, maps).
    public static func document(from fields: [String: Any]) throws(DocumentRecordError) -> IndexDocument {
        guard let rawID = fields["id"] else { throw DocumentRecordError(field: "id", message: "missing") }
        let id = try identifier(rawID)
        var document = IndexDocument(id: id)
        var extra: [String: String] = [:]
        for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
            // Who may see an entry is never guessed: a null access is an error, not "public".
            if value is NSNull {
                if key == "access" { throw DocumentRecordError(field: key, message: "is null; expected public or internal") }
                continue
            }
            switch key {
            case "id": break
            case "title": document.titles.append(try localized(value, field: key, language: nil))
            case "title_th": document.titles.append(try localized(value, field: key, language: "th"))
            case "title_en": document.titles.append(try localized(value, field: key, language: "en"))
            case "abstract": document.abstracts.append(try localized(value, field: key, language: nil))
            case "abstract_th": document.abstracts.append(try localized(value, field: key, language: "th"))
            case "abstract_en": document.abstracts.append(try localized(value, field: key, language: "en"))
            case "text", "body":
                let text = try string(value, field: key)
                document.body = document.body.isEmpty ? text : document.body + "\n\n" + text
            case "lang", "language", "languages": document.languages = try languages(value, field: key)
            case "authors", "author": document.authors = try list(value, field: key, separators: [";", "\n"])
            case "keywords", "keyword": document.keywords = try list(value, field: key, separators: [",", ";", "\n"])
            case "year": document.year = try year(value, field: key)
            case "type": document.type = try documentType(value, field: key)
            case "unit": document.unit = try string(value, field: key).trimmingCharacters(in: .whitespacesAndNewlines)
            case "access": document.access = try access(value, field: key)
            case "public_from":
                let text = try string(value, field: key)
                guard let day = Day(text) else {
                    throw DocumentRecordError(field: key, message: "expected a date YYYY-MM-DD, got \(quoted(text))")
                }
                document.publicFrom = day
            case "awards", "award": document.awards = try awards(value, field: key)
            case "source_path", "content_hash", "original":
                // Set by DMKM from the file it ingests: a path in record data must never decide
                // which file the repository reads or serves.
                throw DocumentRecordError(field: key, message: "is set by DMKM from the file it ingests; remove it from the record")
            default:
                switch value {
                case let text as String: extra[key] = text
                case let number as NSNumber: extra[key] = number.stringValue
                default:
                    if let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]) {
                        extra[key] = String(decoding: data, as: UTF8.self)
                    }
                }
            }
        }
        document.extra = extra
        document.titles = document.titles.map(detectLanguage)
        document.abstracts = document.abstracts.map(detectLanguage)
        if document.languages.isEmpty {
            document.languages = LanguageDetector.languages(
                of: document.titles.map(\.text) + document.abstracts.map(\.text) + [document.body])
        }
        return document
    }

    private static func detectLanguage(_ text: LocalizedText) -> LocalizedText {
        guard text.language == nil else { return text }
        return LocalizedText(language: LanguageDetector.dominantLanguage(of: text.text), text: text.text)
    }

    static func quoted(_ text: String) -> String {
        let short = text.count > 60 ? String(text.prefix(60)) + "…" : text
        return "\"\(short)\""
    }

    static func identifier(_ value: Any) throws(DocumentRecordError) -> String {
        let text: String
        if let string = value as? String {
            text = string.trimmingCharacters(in: .whitespacesAndNewlines)
        } else if let number = value as? NSNumber, !(value is Bool) {
            text = number.stringValue
        } else {
            throw DocumentRecordError(field: "id", message: "expected a string")
        }
        guard !text.isEmpty else { throw DocumentRecordError(field: "id", message: "is empty") }
        guard text.utf8.count <= maximumIdentifierBytes else {
            throw DocumentRecordError(field: "id", message: "longer than \(maximumIdentifierBytes) bytes")
        }
        guard !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw DocumentRecordError(field: "id", message: "contains control characters")
        }
        return text
    }

    static func string(_ value: Any, field: String) throws(DocumentRecordError) -> String {
        if let text = value as? String { return text }
        if let number = value as? NSNumber, !(value is Bool) { return number.stringValue }
        throw DocumentRecordError(field: field, message: "expected a string")
    }

    static func localized(_ value: Any, field: String, language: String?) throws(DocumentRecordError) -> LocalizedText {
        let text = try string(value, field: field).trimmingCharacters(in: .whitespacesAndNewlines)
        return LocalizedText(language: language, text: text)
    }

    static func list(_ value: Any, field: String, separators: [Character]) throws(DocumentRecordError) -> [String] {
        let items: [String]
        if let array = value as? [Any] {
            var strings: [String] = []
            for (index, item) in array.enumerated() {
                guard let text = item as? String else {
                    throw DocumentRecordError(field: "\(field)[\(index)]", message: "expected a string")
                }
                strings.append(text)
            }
            items = strings
        } else if let text = value as? String {
            items = text.split(whereSeparator: { separators.contains($0) }).map(String.init)
        } else {
            throw DocumentRecordError(field: field, message: "expected a list of strings")
        }
        return items.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    static func year(_ value: Any, field: String) throws(DocumentRecordError) -> Int {
        let text: String
        if let number = value as? NSNumber, !(value is Bool) { text = number.stringValue } else if let string = value as? String { text = string } else {
            throw DocumentRecordError(field: field, message: "expected a year (Buddhist Era like 2565 or Common Era like 2022)")
        }
        guard let year = Years.parse(text) else {
            throw DocumentRecordError(field: field, message: "expected a year (Buddhist Era like 2565 or Common Era like 2022), got \(quoted(text))")
        }
        return year
    }

    static func documentType(_ value: Any, field: String) throws(DocumentRecordError) -> DocumentType {
        let text = try string(value, field: field).trimmingCharacters(in: .whitespaces).lowercased()
            .replacingOccurrences(of: "_", with: "-").replacingOccurrences(of: " ", with: "-")
        guard let type = DocumentType(rawValue: text) else {
            let allowed = DocumentType.allCases.map(\.rawValue).joined(separator: ", ")
            throw DocumentRecordError(field: field, message: "expected one of \(allowed), got \(quoted(text))")
        }
        return type
    }

    static func access(_ value: Any, field: String) throws(DocumentRecordError) -> Access {
        let text = try string(value, field: field).trimmingCharacters(in: .whitespaces).lowercased()
        guard let access = Access(rawValue: text) else {
            throw DocumentRecordError(field: field, message: "expected public or internal, got \(quoted(text))")
        }
        return access
    }

    static func languages(_ value: Any, field: String) throws(DocumentRecordError) -> [String] {
        let items = try list(value, field: field, separators: [",", ";", " ", "+"])
        var result: [String] = []
        for item in items.map({ $0.lowercased() }) {
            let code: String
            switch item {
            case "th", "tha", "thai", "ไทย": code = "th"
            case "en", "eng", "english", "อังกฤษ": code = "en"
            case "mixed", "th-en": result += ["th", "en"]; continue
            default:
                guard item.count <= 8, item.allSatisfy({ $0.isLetter || $0 == "-" }) else {
                    throw DocumentRecordError(field: field, message: "expected language codes like th, en, got \(quoted(item))")
                }
                code = item
            }
            if !result.contains(code) { result.append(code) }
        }
        return result
    }

    static func awards(_ value: Any, field: String) throws(DocumentRecordError) -> [String] {
        guard let array = value as? [Any] else {
            if let text = value as? String { return [try awardTag(text, field: field)] }
            throw DocumentRecordError(field: field, message: "expected a list of award tags like TPSA/2568")
        }
        var tags: [String] = []
        for (index, item) in array.enumerated() {
            let path = "\(field)[\(index)]"
            if let text = item as? String {
                tags.append(try awardTag(text, field: path))
            } else if let map = item as? [String: Any] {
                guard let program = map["program"] as? String else {
                    throw DocumentRecordError(field: "\(path).program", message: "missing")
                }
                var tag = program.uppercased()
                if let cycle = map["cycle"] { tag += "/" + (try string(cycle, field: "\(path).cycle")) }
                tags.append(try awardTag(tag, field: path))
            } else {
                throw DocumentRecordError(field: path, message: "expected a tag like TPSA/2568 or a map with program and cycle")
            }
        }
        return tags
    }

    static func awardTag(_ text: String, field: String) throws(DocumentRecordError) -> String {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "/", omittingEmptySubsequences: false)
        guard let program = parts.first, !program.isEmpty, parts.count <= 2,
            program.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" })
        else {
            throw DocumentRecordError(field: field, message: "expected an award tag like TPSA/2568, got \(quoted(text))")
        }
        if parts.count == 2 {
            guard let cycle = Int(parts[1]), (1990...2700).contains(cycle) else {
                throw DocumentRecordError(field: field, message: "expected an award cycle year, got \(quoted(String(parts[1])))")
            }
            return "\(program.uppercased())/\(cycle)"
        }
        return program.uppercased()
    }
}

/// Guesses a text's language from its script: Thai letters mean Thai, Latin letters English.
public enum LanguageDetector {
    static func letterCounts(_ text: String) -> (thai: Int, latin: Int) {
        var thai = 0
        var latin = 0
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value >= 0x0E01 && value <= 0x0E5B { thai += 1 } else if (value >= 0x41 && value <= 0x5A) || (value >= 0x61 && value <= 0x7A) { latin += 1 }
        }
        return (thai, latin)
    }

    /// The language with more letters in `text`, or nil when it has none.
    public static func dominantLanguage(of text: String) -> String? {
        let counts = letterCounts(text)
        if counts.thai == 0 && counts.latin == 0 { return nil }
        return counts.thai >= counts.latin ? "th" : "en"
    }

    /// Languages with a real share of the letters of `texts` (at least 10%, or 200 letters).
    public static func languages(of texts: [String]) -> [String] {
        var thai = 0
        var latin = 0
        for text in texts {
            let counts = letterCounts(text)
            thai += counts.thai
            latin += counts.latin
        }
        let total = thai + latin
        guard total > 0 else { return [] }
        var result: [String] = []
        if thai * 10 >= total || thai >= 200 { result.append("th") }
        if latin * 10 >= total || latin >= 200 { result.append("en") }
        return result
    }
}
