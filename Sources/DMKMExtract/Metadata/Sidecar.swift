import DMKMIndex
import Foundation
import Yams

/// Why a sidecar could not be read: the file, the field (when one is to blame), the offending
/// value and, when known, the line.
public struct SidecarError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Path of the sidecar file.
    public var file: String
    /// The field at fault ("year", "awards[0].status"), or nil when the file as a whole is bad.
    public var field: String?
    /// The offending value as written, when there is one.
    public var value: String?
    /// 1-based line in the sidecar, when known.
    public var line: Int?
    public var message: String

    public init(file: String, field: String? = nil, value: String? = nil, line: Int? = nil, message: String) {
        self.file = file
        self.field = field
        self.value = value
        self.line = line
        self.message = message
    }

    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        text += ": "
        if let field { text += "field '\(field)': " }
        text += message
        if let value, !message.contains(quotedForMessage(value)) { text += " (value \(quotedForMessage(value)))" }
        return text
    }
}

/// How values are quoted in messages (long ones shortened), as `DocumentRecordError` does.
private func quotedForMessage(_ text: String) -> String {
    let short = text.count > 60 ? String(text.prefix(60)) + "…" : text
    return "\"\(short)\""
}

/// Sidecar metadata beside a submitted file: `NAME.meta.yaml` (or `.meta.yml`, `.meta.json`)
/// for `NAME`. Its values use the document model's keys and win over what the file embeds.
///
/// Reading checks the sidecar strictly: only the schema's keys, each with the right shape (a
/// string, a year, a list of strings, award tags or award maps), and every value through the
/// same validation as a JSONL record (`DocumentRecord`), so the pipeline never meets a bad value
/// later. `id` may be left out (the pipeline then derives one from the path).
public enum Sidecar {
    /// Suffixes tried after the file's full name, in order of preference.
    public static let suffixes = [".meta.yaml", ".meta.yml", ".meta.json"]

    /// Keys a sidecar may use.
    public static let allowedKeys: Set<String> = [
        "id", "title", "title_th", "title_en", "abstract", "abstract_th", "abstract_en", "authors", "keywords",
        "year", "type", "unit", "lang", "access", "public_from", "awards",
    ]

    /// Keys of an award map.
    public static let awardKeys: Set<String> = ["program", "cycle", "category", "status", "notes"]

    /// Award statuses (the awards feature relies on them).
    public static let awardStatuses: Set<String> = [
        "candidate", "drafting", "submitted", "shortlisted", "awarded", "not-awarded", "withdrawn",
    ]

    /// Largest sidecar read (metadata, not documents).
    public static let maximumBytes = 1 << 20

    /// The existing sidecar of `file`, YAML preferred over JSON; nil when it has none.
    public static func url(for file: URL) -> URL? {
        for suffix in suffixes {
            let candidate = URL(fileURLWithPath: file.path + suffix)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                return candidate
            }
        }
        return nil
    }

    /// Reads and validates a sidecar into metadata keyed like a JSONL record: strings, `Int` years
    /// and cycles, arrays of strings for authors and keywords, and award tags or award maps
    /// (`program`, `cycle`, `category`, `status`, `notes`) kept intact.
    public static func read(_ url: URL) throws(SidecarError) -> [String: Any] {
        let file = url.path
        let bytes: [UInt8]
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            bytes = Array(try handle.read(upToCount: maximumBytes + 1) ?? Data())
        } catch {
            throw SidecarError(file: file, message: "cannot read the file: \(error.localizedDescription)")
        }
        return try parse(bytes, file: file, json: url.pathExtension.lowercased() == "json")
    }

    /// Parses sidecar bytes (`file` names them in errors).
    static func parse(_ bytes: [UInt8], file: String, json: Bool) throws(SidecarError) -> [String: Any] {
        guard bytes.count <= maximumBytes else {
            throw SidecarError(file: file, message: "larger than \(maximumBytes) bytes; a sidecar holds metadata only")
        }
        var content = bytes[...]
        if content.starts(with: [0xEF, 0xBB, 0xBF]) { content = content.dropFirst(3) }
        guard let text = String(validating: content, as: UTF8.self) else {
            let line = YAMLSupport.lineOfFirstInvalidUTF8(content)
            throw SidecarError(file: file, line: line, message: "not valid UTF-8")
        }
        let root: MetaValue
        if json {
            root = try parseJSON(text, file: file)
        } else {
            do {
                root = try YAMLSupport.parse(text)
            } catch {
                throw SidecarError(file: file, line: error.line, message: "not valid YAML: \(error.message)")
            }
        }
        return try validate(root, file: file)
    }

    private static func parseJSON(_ text: String, file: String) throws(SidecarError) -> MetaValue {
        guard !text.allSatisfy(\.isWhitespace) else { return MetaValue(.null, line: nil) }
        do {
            let object = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [])
            return MetaValue(json: object)
        } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
            throw SidecarError(file: file, line: YAMLSupport.lineNumber(inMessage: detail), message: "not valid JSON: \(detail.prefix(200))")
        }
    }

    // MARK: validation

    private static func validate(_ root: MetaValue, file: String) throws(SidecarError) -> [String: Any] {
        let pairs: [(key: String, value: MetaValue)]
        switch root.kind {
        case .null: pairs = []
        case .map(let entries): pairs = entries
        default:
            throw SidecarError(file: file, line: root.line, message: "expected a mapping of keys to values, got \(root.kindName)")
        }
        var result: [String: Any] = [:]
        var lines: [String: Int] = [:]
        var raw: [String: String] = [:]
        for (key, value) in pairs {
            guard allowedKeys.contains(key) else {
                throw SidecarError(
                    file: file, field: key, value: value.text, line: value.line,
                    message: "unknown key; allowed keys are \(allowedKeys.sorted().joined(separator: ", "))")
            }
            guard result[key] == nil else {
                throw SidecarError(file: file, field: key, line: value.line, message: "given twice")
            }
            lines[key] = value.line
            raw[key] = value.text
            if case .null = value.kind { continue }  // "key:" with nothing after it: not given
            result[key] = try convert(value, key: key, file: file)
        }

        // The values themselves: the JSONL rules (years, types, access, dates, languages, tags).
        var probe = result
        if probe["id"] == nil { probe["id"] = "sidecar-check" }
        do {
            _ = try DocumentRecord.document(from: probe)
        } catch {
            let key = String(error.field.prefix { $0 != "[" && $0 != "." })
            throw SidecarError(file: file, field: error.field, value: raw[key], line: lines[key], message: error.message)
        }
        return result
    }

    private static func convert(_ value: MetaValue, key: String, file: String) throws(SidecarError) -> Any {
        switch key {
        case "year":
            switch value.kind {
            case .integer(let number): return number
            case .string(let text), .number(let text): return text
            default: throw mismatch(value, field: key, file: file, expected: "a year (like 2565 or 2022)")
            }
        case "authors", "keywords":
            return try stringList(value, field: key, file: file, separators: key == "authors" ? [";", "\n"] : [",", ";", "\n"])
        case "lang":
            if case .list = value.kind { return try stringList(value, field: key, file: file, separators: []) }
            return try string(value, field: key, file: file)
        case "public_from":
            let text = try string(value, field: key, file: file).trimmingCharacters(in: .whitespaces)
            // A YAML timestamp with a time of day ("2024-01-01T00:00:00Z") counts by its date.
            if text.count > 10, let separator = text.dropFirst(10).first, separator == "T" || separator == "t" || separator == " ",
                Day(String(text.prefix(10))) != nil
            {
                return String(text.prefix(10))
            }
            return text
        case "awards":
            switch value.kind {
            case .string: return [try string(value, field: key, file: file)]
            case .list(let items):
                var awards: [Any] = []
                for (index, item) in items.enumerated() {
                    let path = "awards[\(index)]"
                    switch item.kind {
                    case .string, .number, .integer: awards.append(try string(item, field: path, file: file))
                    case .map(let entries): awards.append(try award(entries, path: path, line: item.line, file: file))
                    default:
                        throw mismatch(item, field: path, file: file, expected: "an award tag like TPSA/2568 or a map with program, cycle, category and status")
                    }
                }
                return awards
            default:
                throw mismatch(value, field: key, file: file, expected: "a list of awards")
            }
        default:
            return try string(value, field: key, file: file)
        }
    }

    private static func award(_ entries: [(key: String, value: MetaValue)], path: String, line: Int?, file: String) throws(SidecarError) -> [String: Any] {
        var map: [String: Any] = [:]
        for (key, value) in entries {
            let field = "\(path).\(key)"
            guard awardKeys.contains(key) else {
                throw SidecarError(
                    file: file, field: field, value: value.text, line: value.line,
                    message: "unknown award key; allowed keys are \(awardKeys.sorted().joined(separator: ", "))")
            }
            if case .null = value.kind { continue }
            if key == "cycle", case .integer(let number) = value.kind {
                map[key] = number
                continue
            }
            let text = try string(value, field: field, file: file).trimmingCharacters(in: .whitespacesAndNewlines)
            if key == "status" {
                guard awardStatuses.contains(text.lowercased()) else {
                    throw SidecarError(
                        file: file, field: field, value: text, line: value.line,
                        message: "expected one of \(awardStatuses.sorted().joined(separator: ", ")), got \(quotedForMessage(text))")
                }
                map[key] = text.lowercased()
            } else {
                map[key] = text
            }
        }
        guard map["program"] != nil else {
            throw SidecarError(file: file, field: "\(path).program", line: line, message: "missing")
        }
        return map
    }

    private static func string(_ value: MetaValue, field: String, file: String) throws(SidecarError) -> String {
        switch value.kind {
        case .string(let text), .number(let text): return text
        case .integer(let number): return String(number)
        default: throw mismatch(value, field: field, file: file, expected: "a string")
        }
    }

    private static func stringList(_ value: MetaValue, field: String, file: String, separators: [Character]) throws(SidecarError) -> [String] {
        let items: [String]
        switch value.kind {
        case .list(let elements):
            var strings: [String] = []
            for (index, element) in elements.enumerated() {
                if case .null = element.kind { continue }
                strings.append(try string(element, field: "\(field)[\(index)]", file: file))
            }
            items = strings
        case .string(let text):
            items = separators.isEmpty ? [text] : text.split(whereSeparator: { separators.contains($0) }).map(String.init)
        default:
            throw mismatch(value, field: field, file: file, expected: "a list of strings")
        }
        return items.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    private static func mismatch(_ value: MetaValue, field: String, file: String, expected: String) -> SidecarError {
        SidecarError(file: file, field: field, value: value.text, line: value.line, message: "expected \(expected), got \(value.kindName)")
    }
}

// MARK: - Parsed metadata values

/// A YAML or JSON value with the line it started on (YAML only), before validation.
struct MetaValue {
    enum Kind {
        case null
        /// A boolean and how it was written ("yes", "true").
        case bool(Bool, written: String)
        /// An integer (YAML `int`, a whole JSON number).
        case integer(Int)
        /// Any other number, as written.
        case number(String)
        case string(String)
        case list([MetaValue])
        case map([(key: String, value: MetaValue)])
    }

    var kind: Kind
    var line: Int?

    init(_ kind: Kind, line: Int?) {
        self.kind = kind
        self.line = line
    }

    init(json object: Any) {
        line = nil
        switch object {
        case is NSNull: kind = .null
        case let text as String: kind = .string(text)
        case let number as NSNumber:
            if isBoolean(number) {
                kind = .bool(number.boolValue, written: number.boolValue ? "true" : "false")
            } else if let whole = Int(exactly: number.doubleValue), !number.stringValue.contains(".") {
                kind = .integer(whole)
            } else {
                kind = .number(number.stringValue)
            }
        case let array as [Any]: kind = .list(array.map { MetaValue(json: $0) })
        case let dictionary as [String: Any]:
            kind = .map(dictionary.keys.sorted().map { (key: $0, value: MetaValue(json: dictionary[$0]!)) })
        default: kind = .string("\(object)")
        }
    }

    /// "a string", "a list", ... for messages.
    var kindName: String {
        switch kind {
        case .null: return "nothing"
        case .bool(let value, let written): return "the boolean \(value) (quote \(written) to make it text)"
        case .integer(let value): return "the number \(value)"
        case .number(let value): return "the number \(value)"
        case .string(let value): return "the string \(quotedForMessage(value))"
        case .list: return "a list"
        case .map: return "a mapping"
        }
    }

    /// The value as written, for messages (scalars only).
    var text: String? {
        switch kind {
        case .null: return nil
        case .bool(_, let written): return written
        case .integer(let value): return String(value)
        case .number(let value), .string(let value): return value
        case .list(let items): return "[" + items.compactMap(\.text).joined(separator: ", ") + "]"
        case .map: return nil
        }
    }
}

/// Whether a JSON number is really a boolean: JSONSerialization gives both as NSNumber, and
/// only booleans have the `char` type code.
private func isBoolean(_ number: NSNumber) -> Bool {
    String(cString: number.objCType) == "c"
}

// MARK: - YAML

/// YAML through Yams, shared by sidecars and Markdown front matter.
enum YAMLSupport {
    struct Failure: Error {
        var line: Int?
        var message: String
    }

    /// Parses one YAML document into a `MetaValue` tree. Scalars keep their text as written;
    /// plain scalars that YAML reads as null, booleans and numbers are typed as such.
    /// Anchors and aliases are refused: metadata never needs them, and aliases can multiply a
    /// small file into a huge tree ("billion laughs").
    static func parse(_ text: String) throws(Failure) -> MetaValue {
        if let line = aliasLine(text) {
            throw Failure(line: line, message: "YAML anchors and aliases (&name, *name) are not supported")
        }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw describe(error, in: text)
        } catch {
            throw Failure(line: nil, message: "\(error)")
        }
        guard let node else { return MetaValue(.null, line: nil) }
        var budget = 100_000
        return try convert(node, budget: &budget)
    }

    private static func convert(_ node: Node, budget: inout Int) throws(Failure) -> MetaValue {
        budget -= 1
        guard budget > 0 else { throw Failure(line: node.mark?.line, message: "too many values") }
        let line = node.mark?.line
        switch node {
        case .scalar(let scalar):
            guard scalar.style == .plain || scalar.style == .any else { return MetaValue(.string(scalar.string), line: line) }
            switch node.tag.rawValue {
            case Tag.Name.null.rawValue: return MetaValue(.null, line: line)
            case Tag.Name.bool.rawValue: return MetaValue(node.bool.map { .bool($0, written: scalar.string) } ?? .string(scalar.string), line: line)
            case Tag.Name.int.rawValue: return MetaValue(node.int.map { .integer($0) } ?? .number(scalar.string), line: line)
            case Tag.Name.float.rawValue: return MetaValue(.number(scalar.string), line: line)
            default: return MetaValue(.string(scalar.string), line: line)
            }
        case .sequence(let sequence):
            var items: [MetaValue] = []
            for child in sequence { items.append(try convert(child, budget: &budget)) }
            return MetaValue(.list(items), line: line)
        case .mapping(let mapping):
            var pairs: [(key: String, value: MetaValue)] = []
            for (key, value) in mapping {
                guard case .scalar(let keyScalar) = key else {
                    throw Failure(line: key.mark?.line, message: "a key must be a plain name, not a list or mapping")
                }
                pairs.append((keyScalar.string, try convert(value, budget: &budget)))
            }
            return MetaValue(.map(pairs), line: line)
        case .alias(let alias):
            throw Failure(line: alias.mark?.line, message: "YAML aliases are not supported")
        }
    }

    /// The line of an alias (`*name`) in a text that also defines an anchor (`&name`), if any:
    /// a cheap check before parsing, so alias bombs never reach the parser. Quoted scalars and
    /// comments are skipped; an `&` or `*` counts where a YAML token can start.
    static func aliasLine(_ text: String) -> Int? {
        var anchor = false
        var aliasAt: Int?
        var line = 1
        var quote: Character?
        var inComment = false
        var previous: Character = "\n"
        let characters = Array(text)
        for (index, character) in characters.enumerated() {
            defer { previous = character }
            if character == "\n" || character == "\r\n" {
                line += 1
                inComment = false
                continue
            }
            if inComment { continue }
            if let open = quote {
                if character == open && !(open == "\"" && previous == "\\") { quote = nil }
                continue
            }
            let startsToken = previous == "\n" || previous == "\r\n" || previous == " " || previous == "\t" || previous == "["
                || previous == "{" || previous == ","
            guard startsToken else { continue }
            switch character {
            case "#": inComment = true
            case "\"", "'": quote = character
            case "&", "*":
                guard index + 1 < characters.count else { continue }
                let next = characters[index + 1]
                guard next.isLetter || next.isNumber || next == "_" || next == "-" else { continue }
                if character == "&" { anchor = true } else if aliasAt == nil { aliasAt = line }
            default: continue
            }
        }
        return anchor ? aliasAt : nil
    }

    /// Yams' error as a line and a short message.
    static func describe(_ error: YamlError, in text: String) -> Failure {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = context.map { "\($0.text), \(problem)" } ?? problem
            return Failure(line: mark.line, message: detail)
        case .reader(let problem, let offset, _, _):
            let line = offset.map { offset in text.prefix(offset).reduce(1) { $1 == "\n" ? $0 + 1 : $0 } }
            return Failure(line: line, message: problem)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return Failure(line: context.mark.line, message: "duplicate key \(duplicates.joined(separator: ", "))")
        default:
            return Failure(line: nil, message: "\(error)")
        }
    }

    /// The 1-based line of the first invalid UTF-8 sequence.
    static func lineOfFirstInvalidUTF8(_ bytes: ArraySlice<UInt8>) -> Int {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var line = 1
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): if scalar == "\n" { line += 1 }
            case .error, .emptyInput: return line
            }
        }
    }

    /// "... around line 3, column 7 ..." → 3.
    static func lineNumber(inMessage message: String) -> Int? {
        guard let range = message.range(of: "line ") else { return nil }
        return Int(message[range.upperBound...].prefix { $0.isNumber })
    }
}
