/// Facts about Thai script that segmentation and normalization rely on.
/// Thai occupies U+0E00–U+0E7F, so a Thai scalar is stored as its low 7 bits ("code").
public enum ThaiScript {
    public static let blockStart: UInt32 = 0x0E00

    /// Letters and marks that make up Thai words (not digits, ๆ, ฯ, ฿ or ๏ ๚ ๛).
    @inline(__always)
    public static func isWordCharacter(_ scalar: UInt32) -> Bool {
        scalar >= 0x0E01 && scalar <= 0x0E4E && scalar != 0x0E2F && scalar != 0x0E3F && scalar != 0x0E46
    }

    @inline(__always)
    public static func isDigit(_ scalar: UInt32) -> Bool { scalar >= 0x0E50 && scalar <= 0x0E59 }

    /// Marks written above or below the base consonant: a word can never start with one.
    @inline(__always)
    public static func isCombiningMark(_ scalar: UInt32) -> Bool {
        scalar == 0x0E31 || (scalar >= 0x0E34 && scalar <= 0x0E3A) || (scalar >= 0x0E47 && scalar <= 0x0E4E)
    }

    /// Order in which stacked marks are stored: vowel above/below, then tone mark, then the rest.
    /// Unicode gives most of these combining class 0, so NFC alone does not fix a misordered pair.
    @inline(__always)
    static func markRank(_ scalar: UInt32) -> Int {
        switch scalar {
        case 0x0E31, 0x0E34...0x0E3A, 0x0E47: return 1  // ั ิ ี ึ ื ุ ู ฺ ็
        case 0x0E48...0x0E4B: return 2  // ่ ้ ๊ ๋
        default: return 3  // ์ ํ ๎
        }
    }

    /// Character classes used by segmentation features (a 3-bit code; 0 is padding).
    static let classOfCode: [UInt8] = (0..<128).map { code -> UInt8 in
        switch code {
        case 0x01...0x2E: return 1  // consonants
        case 0x40...0x44: return 2  // leading vowels เ แ โ ใ ไ
        case 0x30, 0x32, 0x33, 0x45: return 3  // following vowels ะ า ำ ๅ
        case 0x31, 0x34...0x39, 0x47: return 4  // vowels above/below
        case 0x48...0x4B: return 5  // tone marks
        case 0x3A, 0x4C...0x4E: return 6  // thanthakhat, nikhahit, yamakkan, phinthu
        case 0: return 0
        default: return 7
        }
    }

    /// Whether a word boundary may fall before `codes[index]` (Thai Character Cluster rules):
    /// never before a combining mark or a following vowel (ะ า ำ ๅ), never after a leading vowel
    /// (เ แ โ ใ ไ), never right after mai han-akat (ั always takes a final consonant), and never
    /// before a silenced consonant (one carrying thanthakhat ์, possibly over a vowel: สิทธิ์).
    @inline(__always)
    static func canBreak(before index: Int, in codes: UnsafeBufferPointer<UInt8>) -> Bool {
        if index <= 0 || index >= codes.count { return true }
        let code = codes[index]
        if code == 0x31 || (code >= 0x34 && code <= 0x3A) || (code >= 0x47 && code <= 0x4E) { return false }
        if code == 0x30 || code == 0x32 || code == 0x33 || code == 0x45 { return false }
        let previous = codes[index - 1]
        if previous >= 0x40 && previous <= 0x44 { return false }
        if previous == 0x31 || (index >= 2 && codes[index - 2] == 0x31 && previous >= 0x48 && previous <= 0x4B) { return false }
        if code >= 0x01 && code <= 0x2E && index + 1 < codes.count {
            let next = codes[index + 1]
            if next == 0x4C { return false }
            if index + 2 < codes.count && (next == 0x34 || next == 0x38) && codes[index + 2] == 0x4C { return false }
        }
        return true
    }
}
