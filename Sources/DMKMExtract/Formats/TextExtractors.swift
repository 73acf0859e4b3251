import DMKMAnalysis
import DMKMIndex
import Foundation

/// Plain text (also CSV and other text-like files). The character set is chosen by
/// `TextEncoding`: UTF-16 with a byte-order mark, valid UTF-8, Thai TIS-620 / Windows-874, else
/// UTF-8 with invalid sequences replaced by U+FFFD; `metadata["encoding"]` says which, and
/// `metadata["encoding_repairs"]` counts replacements (`utf8_repairs` too for UTF-8).
/// Line ends (CRLF, CR) are normalized and control characters dropped.
///
/// Paragraphs are blocks separated by blank lines (a form feed also separates). The title is
/// the first non-empty line when it is short (under 200 characters) and a blank line follows it.
/// A file with no text at all is `.empty`.
public struct PlainTextExtractor: DocumentExtractor {
    public static let maximumTitleCharacters = 200

    public init() {}

    public func extract(_ data: [UInt8], fileName: String, limits: ExtractionLimits) throws(ExtractionError) -> ExtractedDocument {
        let decoded = try TextDecoding.decode(data, limits: limits)
        let lines = TextDecoding.lines(decoded.text)
        guard let first = lines.firstIndex(where: { !$0.isEmpty }) else {
            throw ExtractionError(.empty, "the file has no text")
        }
        var document = ExtractedDocument()
        document.metadata["format"] = DocumentFormat.text.rawValue
        TextEncoding.record(decoded, in: &document)
        document.body = TextDecoding.paragraphs(lines).joined(separator: "\n\n")
        if lines[first].count < Self.maximumTitleCharacters, first + 1 < lines.count, lines[first + 1].isEmpty {
            document.titles = [LocalizedText(language: nil, text: lines[first])]
        }
        return document
    }
}

/// Markdown: YAML front matter and the text without its markup.
///
/// Front matter is a YAML mapping between a `---` line at the very start and the next `---` (or
/// `...`) line. A malformed one is `.malformed`, naming the line in the file. Its keys go into
/// `declaredFields` under the document model's names (title, title_th, title_en, authors, year,
/// keywords, type, unit, lang, access, public_from, abstract, …): scalars as written, lists
/// joined with "; " (", " for keywords and languages). A few common alternatives are mapped:
/// `author` → authors, `tags`/`keyword` → keywords, `language` → lang, `description`/`summary` →
/// abstract, and `date` gives `year` when there is none. Award lists become tags (`TPSA/2568`);
/// one award fits a declared field, more than one is kept in `metadata["awards"]` only. Titles,
/// authors, year, keywords, abstract and languages are also set on the document itself.
///
/// The body keeps the words and drops the syntax: heading markers, emphasis, inline code
/// backticks, link and image syntax (their text and alt text stay), HTML comments and tags, list
/// markers, block quote markers, table pipes (cells joined by " | ", delimiter rows dropped) and
/// code fences (the code stays, as text). The title is the front matter's, else the first
/// level-1 heading.
public struct MarkdownExtractor: DocumentExtractor {
    /// Largest front matter read.
    public static let maximumFrontMatterBytes = 1 << 20

    public init() {}

    public func extract(_ data: [UInt8], fileName: String, limits: ExtractionLimits) throws(ExtractionError) -> ExtractedDocument {
        let decoded = try TextDecoding.decode(data, limits: limits)
        let lines = TextDecoding.lines(decoded.text, keepIndentation: true)
        var document = ExtractedDocument()
        document.metadata["format"] = DocumentFormat.markdown.rawValue
        TextEncoding.record(decoded, in: &document)

        var bodyStart = 0
        var hasFrontMatter = false
        if let opening = lines.first, opening.trimmingCharacters(in: .whitespaces) == "---" {
            guard let closing = lines.indices.dropFirst().first(where: { ["---", "..."].contains(lines[$0].trimmingCharacters(in: .whitespaces)) }) else {
                throw ExtractionError(.malformed, "front matter opened on line 1 is never closed by a '---' line")
            }
            let yaml = lines[1..<closing].joined(separator: "\n")
            guard yaml.utf8.count <= Self.maximumFrontMatterBytes else {
                throw ExtractionError(.limitExceeded, "front matter is larger than \(Self.maximumFrontMatterBytes) bytes")
            }
            let root: MetaValue
            do {
                root = try YAMLSupport.parse(yaml)
            } catch {
                let line = error.line.map { " at line \($0 + 1)" } ?? ""
                throw ExtractionError(.malformed, "front matter is not valid YAML\(line): \(error.message)")
            }
            try FrontMatter.apply(root, to: &document)
            hasFrontMatter = true
            bodyStart = closing + 1
        }

        let text = MarkdownText(lines[bodyStart...])
        document.body = text.paragraphs.joined(separator: "\n\n")
        if document.titles.isEmpty, let heading = text.firstHeading {
            document.titles = [LocalizedText(language: nil, text: heading)]
        }
        if document.body.isEmpty && !hasFrontMatter {
            throw ExtractionError(.empty, "the file has no text")
        }
        return document
    }
}

// MARK: - Decoding and lines

enum TextDecoding {
    /// Text from bytes, the character set chosen by `TextEncoding` (within the file size limit).
    static func decode(_ data: [UInt8], limits: ExtractionLimits) throws(ExtractionError) -> TextEncoding.Decoded {
        guard !data.isEmpty else { throw ExtractionError(.empty, "the file is empty") }
        guard data.count <= limits.maximumFileBytes else {
            throw ExtractionError(.tooLarge, "\(data.count) bytes, the limit is \(limits.maximumFileBytes)")
        }
        return TextEncoding.decode(data[...])
    }

    /// Lines with any line end (LF, CRLF, CR; a form feed ends a paragraph), control characters
    /// other than tab removed and trailing white space trimmed; leading white space too unless
    /// `keepIndentation`. Blank lines become "".
    static func lines(_ text: String, keepIndentation: Bool = false) -> [String] {
        var result: [String] = []
        var current = String.UnicodeScalarView()
        func finish() {
            var line = String(current)
            line = keepIndentation
                ? String(line.reversed().drop { $0.isWhitespace }.reversed())
                : line.trimmingCharacters(in: .whitespaces)
            if line.allSatisfy(\.isWhitespace) { line = "" }
            result.append(line)
            current = String.UnicodeScalarView()
        }
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n":
                if previousWasCR {
                    previousWasCR = false
                    continue
                }
                finish()
            case "\r":
                finish()
                previousWasCR = true
                continue
            case "\u{0C}":
                finish()
                result.append("")
            case "\t": current.append(scalar)
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) { break }
                current.append(scalar)
            }
            previousWasCR = false
        }
        if !current.isEmpty { finish() }
        return result
    }

    /// Blocks of non-blank lines, each joined with line breaks.
    static func paragraphs(_ lines: [String]) -> [String] {
        var paragraphs: [String] = []
        var block: [String] = []
        for line in lines {
            if line.isEmpty {
                if !block.isEmpty { paragraphs.append(block.joined(separator: "\n")) }
                block = []
            } else {
                block.append(line)
            }
        }
        if !block.isEmpty { paragraphs.append(block.joined(separator: "\n")) }
        return paragraphs
    }
}

// MARK: - Front matter

enum FrontMatter {
    /// Alternative key → the document model's key.
    static let aliases = [
        "author": "authors", "tags": "keywords", "tag": "keywords", "keyword": "keywords", "language": "lang",
        "languages": "lang", "description": "abstract", "summary": "abstract", "award": "awards",
    ]

    static func apply(_ root: MetaValue, to document: inout ExtractedDocument) throws(ExtractionError) {
        let pairs: [(key: String, value: MetaValue)]
        switch root.kind {
        case .null: return
        case .map(let entries): pairs = entries
        default:
            let line = root.line.map { " (line \($0 + 1))" } ?? ""
            throw ExtractionError(.malformed, "front matter must be a mapping of keys to values, got \(root.kindName)\(line)")
        }
        var fields: [String: String] = [:]
        var lists: [String: [String]] = [:]
        var explicit = Set<String>()
        var date: String?
        for (rawKey, value) in pairs {
            let key = rawKey.trimmingCharacters(in: .whitespaces).lowercased()
            let canonical = aliases[key] ?? key
            if key == "date" {
                date = value.text
            }
            // A key given under its own name wins over an alternative spelling.
            if canonical != key, explicit.contains(canonical) { continue }
            if canonical == key { explicit.insert(key) }
            if canonical == "awards" {
                let tags = awardTags(value)
                if !tags.isEmpty { lists[canonical] = tags }
                continue
            }
            switch value.kind {
            case .null, .map:
                continue
            case .list(let items):
                let strings = items.compactMap { item -> String? in
                    if case .list = item.kind { return nil }
                    return item.text.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
                }
                lists[canonical] = strings
                fields[canonical] = strings.joined(separator: separator(for: canonical))
            default:
                if let text = value.text {
                    fields[canonical] = text
                    lists[canonical] = nil
                }
            }
        }
        if fields["year"] == nil, let date, let year = OfficeXML.writtenYear(date) {
            fields["year"] = String(year)
        }
        if let awards = lists["awards"] {
            if awards.count == 1 { fields["awards"] = awards[0] } else { document.metadata["awards"] = awards.joined(separator: "; ") }
        }
        document.declaredFields = fields

        // The same facts on the document itself.
        func trimmed(_ key: String) -> String? {
            fields[key].map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        for (key, language) in [("title", nil), ("title_th", "th"), ("title_en", "en")] as [(String, String?)] {
            if let text = trimmed(key) { document.titles.append(LocalizedText(language: language, text: text)) }
        }
        for (key, language) in [("abstract", nil), ("abstract_th", "th"), ("abstract_en", "en")] as [(String, String?)] {
            if let text = trimmed(key) { document.abstracts.append(LocalizedText(language: language, text: text)) }
        }
        document.authors = items(lists["authors"], fields["authors"], separators: [";", "\n"])
        document.keywords = items(lists["keywords"], fields["keywords"], separators: [",", ";", "\n"])
        document.year = trimmed("year").flatMap(OfficeXML.writtenYear)
        var languages: [String] = []
        for item in items(lists["lang"], fields["lang"], separators: [",", ";", " ", "+"]) {
            switch item.lowercased() {
            case "mixed", "th-en": languages += ["th", "en"]
            case let code: if let primary = OfficeXML.languageCode(code) { languages.append(primary) }
            }
        }
        document.languages = OfficeXML.unique(languages)
    }

    static func separator(for key: String) -> String {
        switch key {
        case "keywords", "lang": return ", "
        default: return "; "
        }
    }

    private static func items(_ list: [String]?, _ text: String?, separators: [Character]) -> [String] {
        let raw = list ?? text.map { $0.split(whereSeparator: { separators.contains($0) }).map(String.init) } ?? []
        return raw.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    /// Award tags from a tag, a list of tags, or maps with program and cycle.
    static func awardTags(_ value: MetaValue) -> [String] {
        let items: [MetaValue]
        switch value.kind {
        case .list(let list): items = list
        case .null: return []
        default: items = [value]
        }
        return items.compactMap { item -> String? in
            switch item.kind {
            case .map(let entries):
                guard let program = entries.first(where: { $0.key == "program" })?.value.text else { return nil }
                let cycle = entries.first(where: { $0.key == "cycle" })?.value.text
                return program.uppercased() + (cycle.map { "/" + $0 } ?? "")
            case .list: return nil
            default: return item.text
            }
        }
    }
}

// MARK: - Markdown body

/// The words of a Markdown body, without its syntax, as paragraphs.
struct MarkdownText {
    private(set) var paragraphs: [String] = []
    /// The first level-1 heading (`# Title`, or a line underlined with `===`).
    private(set) var firstHeading: String?

    private var block: [String] = []

    init(_ lines: ArraySlice<String>) {
        var fence: (character: Character, length: Int)?
        var inComment = false
        var inTable = false
        let lines = Array(lines)
        for (index, original) in lines.enumerated() {
            if let open = fence {
                let trimmed = original.trimmingCharacters(in: .whitespaces)
                let run = trimmed.prefix { $0 == open.character }.count
                if run >= open.length && trimmed.dropFirst(run).allSatisfy(\.isWhitespace) {
                    fence = nil
                    endBlock()
                } else {
                    block.append(original)  // code stays as written
                }
                continue
            }
            var content = Self.removingComments(original, inComment: &inComment).trimmingCharacters(in: .whitespaces)
            if content.isEmpty {
                // A blank line ends the paragraph; a line that held only a comment does not.
                if original.isEmpty {
                    endBlock()
                    inTable = false
                }
                continue
            }

            // Code fences.
            if let first = content.first, first == "`" || first == "~" {
                let run = content.prefix { $0 == first }.count
                if run >= 3 && !(first == "`" && content.dropFirst(run).contains("`")) {
                    endBlock()
                    fence = (first, run)
                    continue
                }
            }

            // Tables: a row with pipes followed by a delimiter row, and the rows after it.
            if content.contains("|") {
                let next = index + 1 < lines.count ? lines[index + 1].trimmingCharacters(in: .whitespaces) : ""
                if !inTable && Self.isDelimiterRow(next) {
                    endBlock()
                    inTable = true
                }
                if inTable {
                    if !Self.isDelimiterRow(content) {
                        block.append(Self.cells(content).map { Self.inline($0) }.joined(separator: " | "))
                    }
                    continue
                }
            } else if inTable {
                inTable = false
                endBlock()
            }

            // Setext heading underlines and thematic breaks.
            if content.allSatisfy({ $0 == "=" }) && !block.isEmpty && !inTable {
                if firstHeading == nil { firstHeading = block.joined(separator: " ") }
                endBlock()
                continue
            }
            if Self.isThematicBreak(content) || (content.allSatisfy({ $0 == "-" }) && !block.isEmpty) {
                endBlock()
                continue
            }

            // Link reference definitions carry no words.
            if content.hasPrefix("["), let close = content.range(of: "]:"), !content[..<close.lowerBound].contains("]"),
                let target = content[close.upperBound...].split(separator: " ").first,
                target.hasPrefix("<") || target.hasPrefix("#") || target.contains("/") || target.contains(":")
            {
                continue
            }

            // Block quotes, then list markers, then headings (any may be nested in a quote).
            while content.hasPrefix(">") {
                content = String(content.dropFirst()).trimmingCharacters(in: .whitespaces)
            }
            content = Self.removingListMarker(content)
            if let heading = Self.heading(content) {
                endBlock()
                let text = Self.inline(heading.text)
                if heading.level == 1, firstHeading == nil, !text.isEmpty { firstHeading = text }
                if !text.isEmpty { paragraphs.append(text) }
                continue
            }
            let text = Self.inline(content)
            if !text.isEmpty { block.append(text) }
        }
        endBlock()
    }

    private mutating func endBlock() {
        let lines = block.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if !lines.isEmpty { paragraphs.append(lines.joined(separator: "\n")) }
        block = []
    }

    // MARK: block syntax

    static func heading(_ line: String) -> (level: Int, text: String)? {
        let level = line.prefix { $0 == "#" }.count
        guard (1...6).contains(level) else { return nil }
        let rest = line.dropFirst(level)
        guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { return nil }
        var text = rest.trimmingCharacters(in: .whitespaces)
        // A closing run of #s (preceded by a space) is not part of the heading.
        let closing = text.reversed().prefix { $0 == "#" }.count
        if closing > 0 {
            let before = text.dropLast(closing)
            if before.isEmpty || before.last == " " { text = before.trimmingCharacters(in: .whitespaces) }
        }
        return (level, text)
    }

    static func removingListMarker(_ line: String) -> String {
        var rest = Substring(line)
        if let first = rest.first, first == "-" || first == "*" || first == "+", rest.dropFirst().first == " " || rest.count == 1 {
            rest = rest.dropFirst().drop { $0 == " " || $0 == "\t" }
        } else {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            if (1...9).contains(digits.count) {
                let after = rest.dropFirst(digits.count)
                if let marker = after.first, marker == "." || marker == ")", after.dropFirst().first == " " {
                    rest = after.dropFirst().drop { $0 == " " || $0 == "\t" }
                }
            }
        }
        // Task list boxes.
        for box in ["[ ] ", "[x] ", "[X] "] where rest.hasPrefix(box) {
            rest = rest.dropFirst(box.count)
        }
        return String(rest)
    }

    static func isThematicBreak(_ line: String) -> Bool {
        let marks = line.filter { !$0.isWhitespace }
        guard marks.count >= 3, let first = marks.first, first == "-" || first == "*" || first == "_" else { return false }
        return marks.allSatisfy { $0 == first }
    }

    /// `| --- | :---: |`: pipes, dashes, colons and spaces only, with at least one pipe and dash.
    static func isDelimiterRow(_ line: String) -> Bool {
        guard line.contains("|"), line.contains("-") else { return false }
        return line.allSatisfy { $0 == "|" || $0 == "-" || $0 == ":" || $0 == " " || $0 == "\t" }
    }

    /// The cells of a table row (outer pipes dropped, `\|` kept as a pipe).
    static func cells(_ row: String) -> [String] {
        var cells: [String] = []
        var current = ""
        var escaped = false
        for character in row {
            if escaped {
                current.append(character == "|" ? "|" : "\\")
                if character != "|" { current.append(character) }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "|" {
                cells.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        if escaped { current.append("\\") }
        cells.append(current)
        if row.trimmingCharacters(in: .whitespaces).hasPrefix("|"), cells.first?.trimmingCharacters(in: .whitespaces).isEmpty == true {
            cells.removeFirst()
        }
        if row.trimmingCharacters(in: .whitespaces).hasSuffix("|"), !row.hasSuffix("\\|"), cells.last?.trimmingCharacters(in: .whitespaces).isEmpty == true {
            cells.removeLast()
        }
        return cells.map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// The line without HTML comments, which may span lines.
    static func removingComments(_ line: String, inComment: inout Bool) -> String {
        var result = ""
        var rest = Substring(line)
        while !rest.isEmpty {
            if inComment {
                guard let end = rest.range(of: "-->") else { return result }
                rest = rest[end.upperBound...]
                inComment = false
            } else {
                guard let start = rest.range(of: "<!--") else {
                    result += rest
                    break
                }
                result += rest[..<start.lowerBound]
                rest = rest[start.upperBound...]
                inComment = true
            }
        }
        return result
    }

    // MARK: inline syntax

    /// Markdown punctuation a backslash can escape; escaped characters are parked in the Private
    /// Use Area while markup is removed, then put back.
    private static let escapable = Set("\\`*_{}[]()#+-.!|<>~\"'")
    private static let parking: UInt32 = 0xF0000

    private static func pattern(_ text: String) -> NSRegularExpression {
        // The patterns are constants; a failure here is a programming error caught by the tests.
        try! NSRegularExpression(pattern: text, options: [])
    }

    private static let rules: [(NSRegularExpression, String)] = [
        (pattern(#"!\[([^\]]*)\]\([^)]*\)"#), "$1"),  // images → alt text
        (pattern(#"\[([^\]]*)\]\([^)]*\)"#), "$1"),  // links → text
        (pattern(#"\[([^\]]+)\]\[[^\]]*\]"#), "$1"),  // reference links → text
        (pattern(#"<((?:https?|ftp|mailto):[^>\s]+)>"#), "$1"),  // autolinks → address
        (pattern(#"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>"#), ""),  // inline HTML tags
        (pattern(#"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"#), "$2"),  // strong
        (pattern(#"~~(?=\S)(.+?)(?<=\S)~~"#), "$1"),  // strikethrough
        (pattern(#"\*(?=[^\s*])([^*]+?)(?<=[^\s*])\*"#), "$1"),  // emphasis with *
        (pattern(#"(?<![\p{L}\p{M}\p{N}_])_(?=[^\s_])([^_]+?)(?<=[^\s_])_(?![\p{L}\p{M}\p{N}_])"#), "$1"),  // emphasis with _
    ]

    /// Inline markup removed: code spans keep their content verbatim, everything else loses
    /// emphasis, link and image syntax, autolink brackets and HTML tags.
    static func inline(_ text: String) -> String {
        var result = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "`") {
            let run = rest[open...].prefix { $0 == "`" }.count
            let afterOpen = rest.index(open, offsetBy: run)
            // The closing run has exactly as many backticks.
            var search = afterOpen
            var closing: Range<Substring.Index>?
            while let candidate = rest[search...].firstIndex(of: "`") {
                let length = rest[candidate...].prefix { $0 == "`" }.count
                let end = rest.index(candidate, offsetBy: length)
                if length == run {
                    closing = candidate..<end
                    break
                }
                search = end
            }
            guard let closing else { break }
            result += markupRemoved(rest[..<open])
            var code = rest[afterOpen..<closing.lowerBound]
            if code.count >= 2, code.first == " ", code.last == " " { code = code.dropFirst().dropLast() }
            result += code
            rest = rest[closing.upperBound...]
        }
        result += markupRemoved(rest)
        return result.trimmingCharacters(in: .whitespaces)
    }

    private static func markupRemoved(_ text: Substring) -> String {
        guard !text.isEmpty else { return "" }
        // Park escaped punctuation.
        var parked = String.UnicodeScalarView()
        var escaped = false
        for scalar in text.unicodeScalars {
            if escaped {
                if scalar.isASCII, escapable.contains(Character(scalar)) {
                    parked.append(Unicode.Scalar(parking + scalar.value)!)
                } else {
                    parked.append("\\")
                    parked.append(scalar)
                }
                escaped = false
            } else if scalar == "\\" {
                escaped = true
            } else {
                parked.append(scalar)
            }
        }
        if escaped { parked.append("\\") }
        var string = String(parked)
        guard string.contains(where: { "*_~[]<!".contains($0) }) else { return unpark(string) }
        for (rule, template) in rules {
            let range = NSRange(string.startIndex..., in: string)
            string = rule.stringByReplacingMatches(in: string, options: [], range: range, withTemplate: template)
        }
        return unpark(string)
    }

    private static func unpark(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value >= parking && $0.value < parking + 0x80 }) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.value >= parking && scalar.value < parking + 0x80 {
                scalars.append(Unicode.Scalar(scalar.value - parking)!)
            } else {
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }
}
