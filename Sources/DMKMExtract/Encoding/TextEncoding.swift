import CICU
import DMKMAnalysis

/// Text bytes to a `String`, choosing the character set: what submitted plain text, Markdown,
/// CSV-like text and HTML without a usable declaration go through.
///
/// Policy, in order:
/// 1. A UTF-16 byte-order mark: UTF-16 of that byte order.
/// 2. Valid UTF-8 (a UTF-8 BOM is skipped): UTF-8.
/// 3. Bytes that look like Thai in the national single-byte charset: TIS-620, reported as
///    `windows-874` when a byte only Windows-874 defines occurs (0x80–0xA0: €, …, curly quotes,
///    dashes, no-break space). "Look like Thai": well-formed UTF-8 sequences explain less than
///    three quarters of the bytes above 0x7F, at least 95% of them are in the Thai range of TIS-620 (0xA1–0xDA, 0xDF–0xFB, or the
///    Windows extras), and most of them stand next to another such byte (Thai words are runs of
///    letters; Latin-1 accents stand alone between ASCII letters).
/// 4. Otherwise UTF-8 with every invalid sequence replaced by U+FFFD (counted).
///
/// Decoding a legacy charset uses ICU's converters; bytes the charset leaves unassigned become
/// U+FFFD and are counted like invalid UTF-8.
public enum TextEncoding {
    public struct Decoded: Sendable, Equatable {
        public var text: String
        /// "utf-8", "utf-16le", "utf-16be", "tis-620", "windows-874", or the declared charset.
        public var encoding: String
        /// Bytes (or sequences) that could not be decoded and became U+FFFD.
        public var repairs: Int
    }

    public static func decode(_ data: ArraySlice<UInt8>) -> Decoded {
        if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) {
            let bigEndian = data.first == 0xFE
            let (text, repairs) = decodeUTF16(data.dropFirst(2), bigEndian: bigEndian)
            return Decoded(text: text, encoding: bigEndian ? "utf-16be" : "utf-16le", repairs: repairs)
        }
        let body = data.starts(with: [0xEF, 0xBB, 0xBF]) ? data.dropFirst(3) : data
        if let valid = String(validating: body, as: UTF8.self) { return Decoded(text: valid, encoding: "utf-8", repairs: 0) }
        if let thai = thaiCharset(body), let decoded = decode(body, charset: thai) { return decoded }
        let repaired = UTF8Repair.decode(body)
        return Decoded(text: repaired.text, encoding: "utf-8", repairs: repaired.replacements)
    }

    /// "tis-620" or "windows-874" when the bytes look like Thai in that charset (see the policy).
    public static func thaiCharset(_ bytes: ArraySlice<UInt8>) -> String? {
        var high = 0
        var thai = 0
        var windowsOnly = false
        var adjacent = 0
        var previousHigh = false
        var index = bytes.startIndex
        for byte in bytes {
            defer { index += 1 }
            guard byte >= 0x80 else {
                previousHigh = false
                continue
            }
            high += 1
            if isThaiByte(byte) { thai += 1 }
            if byte <= 0xA0 { windowsOnly = true }
            let nextHigh = index + 1 < bytes.endIndex && bytes[index + 1] >= 0x80
            if previousHigh || nextHigh { adjacent += 1 }
            previousHigh = true
        }
        guard high > 0, thai * 100 >= high * 95, adjacent * 2 >= high else { return nil }
        // Damaged UTF-8 keeps most of its sequences whole (90% and more); TIS-620 Thai forms
        // valid-looking UTF-8 pairs only by chance (a vowel or mark byte before a consonant
        // byte: a third to a half of its bytes).
        guard utf8ExplainedBytes(bytes) * 4 < high * 3 else { return nil }
        return windowsOnly ? "windows-874" : "tis-620"
    }

    /// A byte Windows-874 maps to a Thai character or to one of its punctuation extras.
    static func isThaiByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x80, 0x85, 0x91...0x97, 0xA0: return true  // Windows-874 extras
        case 0xA1...0xDA, 0xDF...0xFB: return true  // TIS-620 Thai
        default: return false
        }
    }

    /// How many bytes above 0x7F are parts of well-formed UTF-8 sequences.
    static func utf8ExplainedBytes(_ bytes: ArraySlice<UInt8>) -> Int {
        var explained = 0
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let lead = bytes[index]
            let length: Int
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: length = 1
            }
            if length > 1, index + length <= bytes.endIndex,
                String(validating: bytes[index..<(index + length)], as: UTF8.self) != nil
            {
                explained += length
                index += length
            } else {
                index += 1
            }
        }
        return explained
    }

    /// Decodes with ICU's converter for `charset`; nil when ICU has none of that name.
    /// Unassigned bytes (ICU's substitution characters and private-use fallbacks) become U+FFFD.
    public static func decode(_ bytes: ArraySlice<UInt8>, charset: String) -> Decoded? {
        var capacity = max(16, bytes.count + 16)
        var units: [UInt16] = []
        while true {
            units = [UInt16](repeating: 0, count: capacity)
            let needed = bytes.withUnsafeBufferPointer { input in
                units.withUnsafeMutableBufferPointer { output in
                    dmkm_icu_decode(charset, input.baseAddress, Int32(clamping: input.count), output.baseAddress, Int32(clamping: output.count))
                }
            }
            guard needed >= 0 else { return nil }
            if Int(needed) <= capacity {
                units.removeSubrange(Int(needed)...)
                break
            }
            capacity = Int(needed)
        }
        var scalars = String.UnicodeScalarView()
        var repairs = 0
        for scalar in String(decoding: units, as: UTF16.self).unicodeScalars {
            if scalar.value == 0x1A || scalar.value == 0xFFFD || (0xE000...0xF8FF).contains(scalar.value) {
                scalars.append("\u{FFFD}")
                repairs += 1
            } else {
                scalars.append(scalar)
            }
        }
        return Decoded(text: String(scalars), encoding: charset.lowercased(), repairs: repairs)
    }

    static func decodeUTF16(_ bytes: ArraySlice<UInt8>, bigEndian: Bool) -> (text: String, repairs: Int) {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = bytes.startIndex
        while index + 1 < bytes.endIndex {
            let (high, low) = bigEndian ? (bytes[index], bytes[index + 1]) : (bytes[index + 1], bytes[index])
            units.append(UInt16(high) << 8 | UInt16(low))
            index += 2
        }
        var repairs = 0
        var scalars = String.UnicodeScalarView()
        var iterator = units.makeIterator()
        var decoder = UTF16()
        decoding: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): scalars.append(scalar)
            case .error:
                scalars.append("\u{FFFD}")
                repairs += 1
            case .emptyInput: break decoding
            }
        }
        if bytes.count % 2 == 1 {
            scalars.append("\u{FFFD}")  // a dangling half code unit
            repairs += 1
        }
        return (String(scalars), repairs)
    }

    /// Records the decoding on the document: `encoding` always, `encoding_repairs` when some
    /// bytes became U+FFFD (also as `utf8_repairs` for UTF-8, the older key).
    static func record(_ decoded: Decoded, in document: inout ExtractedDocument) {
        document.metadata["encoding"] = decoded.encoding
        if decoded.repairs > 0 {
            document.metadata["encoding_repairs"] = String(decoded.repairs)
            if decoded.encoding == "utf-8" { document.metadata["utf8_repairs"] = String(decoded.repairs) }
        }
    }
}
