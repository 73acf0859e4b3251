/// A stretch of prepared text that is all one kind of writing. Thai runs are handed to the
/// segmenter; the other pieces are final tokens.
struct ScriptPiece: Equatable {
    enum Kind: Equatable {
        case thaiRun, latin, number, punctuation, symbol
    }
    var kind: Kind
    /// Scalar range in the prepared text.
    var start: Int
    var end: Int
}

/// Splits prepared text into script runs: Thai, Latin-like words, numbers, punctuation and
/// symbols are separate pieces even when no space stands between them ("จากCatholic",
/// "ผุ123ครั้ง"). Whitespace separates pieces and is dropped.
enum ScriptSplitter {
    enum CharacterClass: UInt8 {
        case space, thai, letter, digit, mark, ideograph, punctuation, symbol
    }

    static let asciiClasses: [CharacterClass] = (0..<128).map { value -> CharacterClass in
        switch value {
        case 0x09...0x0D, 0x20: return .space
        case 0x30...0x39: return .digit
        case 0x41...0x5A, 0x61...0x7A: return .letter
        case 0x24, 0x2B, 0x3C...0x3E, 0x5E, 0x60, 0x7C, 0x7E: return .symbol
        case 0x00...0x1F, 0x7F: return .space
        default: return .punctuation
        }
    }

    @inline(__always)
    static func characterClass(_ value: UInt32) -> CharacterClass {
        if value < 0x80 { return asciiClasses[Int(value)] }
        if value >= 0x0E00 && value <= 0x0E7F {
            if ThaiScript.isWordCharacter(value) { return .thai }
            if ThaiScript.isDigit(value) { return .digit }
            return value == 0x0E3F ? .symbol : .punctuation  // ฿ is a currency sign; ๆ ฯ ๏ ๚ ๛
        }
        guard let scalar = Unicode.Scalar(value) else { return .symbol }
        let properties = scalar.properties
        if properties.isWhitespace { return .space }
        switch properties.generalCategory {
        case .decimalNumber: return .digit
        case .nonspacingMark, .spacingMark, .enclosingMark: return .mark
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
            .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return .punctuation
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .letterNumber:
            if properties.isIdeographic || (value >= 0x3040 && value <= 0x30FF) { return .ideograph }
            return .letter
        default:
            return .symbol
        }
    }

    /// Characters that join the alphanumerics on both sides into one token.
    @inline(__always)
    static func isInnerConnector(_ value: UInt32, previous: UInt32, next: UInt32) -> Bool {
        switch value {
        case 0x2D, 0x2E, 0x5F, 0x27, 0x2019: return true  // - . _ ' ’
        case 0x2C, 0x3A: // , : only inside numbers ("1,000", "13:00")
            return characterClass(previous) == .digit && characterClass(next) == .digit
        default: return false
        }
    }

    /// Scalars that belong to the symbol before them: variation selectors, emoji skin tones,
    /// combining marks, keycaps, tag characters.
    @inline(__always)
    static func extendsSymbol(_ value: UInt32) -> Bool {
        switch value {
        case 0xFE00...0xFE0F, 0x1F3FB...0x1F3FF, 0x20E3, 0xE0020...0xE007F, 0xE0100...0xE01EF: return true
        default:
            if value >= 0x0E00 && value <= 0x0E7F { return false }
            return characterClass(value) == .mark
        }
    }

    static func split(_ scalars: UnsafeBufferPointer<UInt32>, into pieces: inout [ScriptPiece]) {
        let count = scalars.count
        var index = 0
        while index < count {
            let value = scalars[index]
            let start = index
            switch characterClass(value) {
            case .space:
                index += 1
            case .thai:
                index += 1
                while index < count && ThaiScript.isWordCharacter(scalars[index]) { index += 1 }
                pieces.append(ScriptPiece(kind: .thaiRun, start: start, end: index))
            case .letter, .digit:
                var hasLetter = false
                scan: while index < count {
                    switch characterClass(scalars[index]) {
                    case .letter: hasLetter = true; index += 1
                    case .digit, .mark: index += 1
                    default:
                        if index + 1 < count, index > start,
                            isInnerConnector(scalars[index], previous: scalars[index - 1], next: scalars[index + 1])
                        {
                            let nextClass = characterClass(scalars[index + 1])
                            if nextClass == .letter || nextClass == .digit {
                                index += 1
                                continue scan
                            }
                        }
                        break scan
                    }
                }
                pieces.append(ScriptPiece(kind: hasLetter ? .latin : .number, start: start, end: index))
            case .ideograph:
                index += 1
                pieces.append(ScriptPiece(kind: .latin, start: start, end: index))
            case .punctuation, .symbol, .mark:
                let isSymbol = characterClass(value) != .punctuation
                index += 1
                if value == 0x0E2F, index + 1 < count, scalars[index] == 0x0E25, scalars[index + 1] == 0x0E2F {
                    index += 2  // ฯลฯ ("et cetera") is one word
                } else if value < 0x80 {
                    while index < count && scalars[index] == value { index += 1 }  // "...", "!!"
                } else if value >= 0x1F1E6 && value <= 0x1F1FF, index < count,
                    scalars[index] >= 0x1F1E6 && scalars[index] <= 0x1F1FF
                {
                    index += 1  // a flag is a pair of regional indicators
                }
                while index < count && extendsSymbol(scalars[index]) { index += 1 }
                pieces.append(ScriptPiece(kind: isSymbol ? .symbol : .punctuation, start: start, end: index))
            }
        }
    }
}
