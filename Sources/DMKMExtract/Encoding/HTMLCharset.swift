/// The character set of an HTML page, and the page re-encoded as UTF-8 for the parser.
///
/// Policy:
/// - The page's own declaration (`<meta charset>`, `http-equiv` Content-Type, or the XML
///   declaration's `encoding`, within the first 8 KiB) wins when it is right: bytes that are
///   valid UTF-8 are UTF-8 whatever the label says (Thai sites often label UTF-8 pages
///   "windows-874" or "tis-620"); otherwise the declared charset is used when ICU knows it and
///   every byte decodes in it.
/// - A page whose declaration is missing, unknown, or wrong is decoded like plain text
///   (`TextEncoding`: UTF-8, Thai TIS-620 / Windows-874 by its bytes, else UTF-8 with U+FFFD).
/// - The parser is given UTF-8 behind a byte-order mark, with every declaration naming another
///   charset disabled in place (so libxml2 does not switch decoders half-way).
enum HTMLCharset {
    static let window = 8192

    static func prepare(_ data: [UInt8]) -> (bytes: [UInt8], decoded: TextEncoding.Decoded) {
        let decoded = decode(data)
        return ([0xEF, 0xBB, 0xBF] + withoutDeclarations(Array(decoded.text.utf8)), decoded)
    }

    static func decode(_ data: [UInt8]) -> TextEncoding.Decoded {
        let plain = TextEncoding.decode(data[...])
        // Valid UTF-8 (or UTF-16 with a BOM): the bytes say so, whatever the label. An ASCII page
        // decodes the same in any declared ASCII-compatible charset.
        if plain.repairs == 0 && (plain.encoding == "utf-8" || plain.encoding.hasPrefix("utf-16")) { return plain }
        if let label = declaredCharset(data), !isUTF8(label),
            let declared = TextEncoding.decode(data[...], charset: label), declared.repairs == 0
        {
            return declared
        }
        return plain
    }

    static func isUTF8(_ label: String) -> Bool { label == "utf-8" || label == "utf8" }

    /// The first charset label declared near the start, lower-cased.
    static func declaredCharset(_ data: [UInt8]) -> String? {
        var found: String?
        scanDeclarations(data) { label, _ in
            if found == nil { found = label }
        }
        return found
    }

    /// Renames every declaration of a charset other than UTF-8 ("charset" → "xharset",
    /// "encoding" → "xncoding"), so it is no longer one.
    static func withoutDeclarations(_ data: [UInt8]) -> [UInt8] {
        var bytes = data
        scanDeclarations(data) { label, keywordStart in
            if !isUTF8(label) { bytes[keywordStart] = UInt8(ascii: "x") }
        }
        return bytes
    }

    /// Calls `visit` with each label after "charset" (anywhere in the window) or after
    /// "encoding" (inside a leading `<?xml … ?>`), and where its keyword starts.
    private static func scanDeclarations(_ data: [UInt8], _ visit: (String, Int) -> Void) {
        let end = min(data.count, window)
        var xmlDeclarationEnd = 0
        var start = data.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while start < end, [0x20, 0x09, 0x0A, 0x0D].contains(data[start]) { start += 1 }
        if matches(data, at: start, Array("<?xml".utf8)), let close = data[start..<end].firstIndex(of: UInt8(ascii: ">")) {
            xmlDeclarationEnd = close
        }
        for keyword in [Array("charset".utf8), Array("encoding".utf8)] {
            let limit = keyword.count == 7 ? end : xmlDeclarationEnd
            var index = 0
            while index + keyword.count < limit {
                guard matches(data, at: index, keyword) else {
                    index += 1
                    continue
                }
                var cursor = index + keyword.count
                while cursor < end, [0x20, 0x09, 0x0A, 0x0D, 0x3D, 0x22, 0x27].contains(data[cursor]) { cursor += 1 }
                var label: [UInt8] = []
                while cursor < end, label.count < 40, isLabelByte(data[cursor]) {
                    label.append(data[cursor] >= 0x41 && data[cursor] <= 0x5A ? data[cursor] | 0x20 : data[cursor])
                    cursor += 1
                }
                if !label.isEmpty { visit(String(decoding: label, as: UTF8.self), index) }
                index = cursor
            }
        }
    }

    /// `keyword` (lower-case ASCII) at `index`, ignoring case.
    private static func matches(_ data: [UInt8], at index: Int, _ keyword: [UInt8]) -> Bool {
        guard index >= 0, index + keyword.count <= data.count else { return false }
        return zip(data[index..<(index + keyword.count)], keyword).allSatisfy { $0 | 0x20 == $1 || $0 == $1 }
    }

    /// ASCII letters, digits, "-" and "_": the characters of a charset label.
    static func isLabelByte(_ byte: UInt8) -> Bool {
        let lower = byte | 0x20
        return byte == 0x2D || byte == 0x5F || (0x61...0x7A).contains(lower) || (0x30...0x39).contains(byte)
    }
}
