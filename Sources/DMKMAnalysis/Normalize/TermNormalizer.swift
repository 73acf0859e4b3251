import Foundation

/// Turns a token's prepared text into its index term. Rules, each tested:
/// Latin: Unicode NFC, case folding, ’ → ', dotted acronyms lose their dots (U.S.A → usa), plain
/// words are stemmed (Porter2) unless they are short all-capital acronyms (AIDS stays aids);
/// numbers: Thai and other decimal digits folded to 0–9, thousands separators dropped;
/// Thai abbreviations: dots dropped (พ.ศ. → พศ); Thai words: kept exactly as repaired — vowels and
/// tone marks are never removed (วิทยุ stays วิทยุ).
struct TermNormalizer: Sendable {
    let stemmer = EnglishStemmer()

    /// Returns the term and the form a stop-word list is checked against (the unstemmed,
    /// lower-cased word).
    func term(kind: TokenKind, scalars: ArraySlice<UInt32>) -> (term: String, stopForm: String) {
        switch kind {
        case .thai:
            let word = Self.string(scalars)
            return (word, word)
        case .abbreviation:
            let word = Self.string(scalars.filter { $0 != 0x2E })
            return (word, word)
        case .number:
            var view = String.UnicodeScalarView()
            for value in scalars where value != 0x2C {
                view.append(Unicode.Scalar(Self.foldDigit(value)) ?? "\u{FFFD}")
            }
            let number = String(view)
            return (number, number)
        case .latin:
            return latinTerm(scalars)
        case .punctuation, .symbol:
            return ("", "")
        }
    }

    private func latinTerm(_ scalars: ArraySlice<UInt32>) -> (term: String, stopForm: String) {
        if let ascii = asciiLatinTerm(scalars) { return ascii }
        var word = Self.string(scalars.map { $0 == 0x2019 ? 0x27 : Self.foldDigit($0) })
        word = word.precomposedStringWithCanonicalMapping
        let isAllCapitals = word.unicodeScalars.allSatisfy { !$0.properties.isLowercase }
            && word.unicodeScalars.contains { $0.properties.isUppercase }
        word = word.lowercased()
        return finishLatin(word, isAllCapitals: isAllCapitals)
    }

    /// The common case (ASCII letters, digits, ' and ’) without Unicode tables.
    private func asciiLatinTerm(_ scalars: ArraySlice<UInt32>) -> (term: String, stopForm: String)? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.count)
        var hasUpper = false
        var hasLower = false
        for value in scalars {
            switch value {
            case 0x41...0x5A:
                hasUpper = true
                bytes.append(UInt8(value) + 0x20)
            case 0x61...0x7A:
                hasLower = true
                bytes.append(UInt8(value))
            case 0x2019: bytes.append(0x27)
            case 0..<0x80: bytes.append(UInt8(value))
            default: return nil
            }
        }
        return finishLatin(String(decoding: bytes, as: UTF8.self), isAllCapitals: hasUpper && !hasLower)
    }

    private func finishLatin(_ word: String, isAllCapitals: Bool) -> (term: String, stopForm: String) {
        if Self.isDottedAcronym(word) {
            let acronym = word.replacingOccurrences(of: ".", with: "")
            return (acronym, acronym)
        }
        let isPlainWord = word.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x27 }
        if isPlainWord && !(isAllCapitals && word.utf8.count <= 5) {
            return (stemmer.stem(word), word)
        }
        return (word, word)
    }

    /// "u.s.a", "e.g": single letters separated by dots.
    static func isDottedAcronym(_ word: String) -> Bool {
        guard word.utf8.contains(0x2E) else { return false }
        let parts = word.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count >= 2 && parts.allSatisfy { $0.count == 1 && $0.unicodeScalars.first!.properties.isAlphabetic }
    }

    @inline(__always)
    static func foldDigit(_ value: UInt32) -> UInt32 {
        if ThaiScript.isDigit(value) { return value - 0x0E50 + 0x30 }
        if value >= 0x80, let scalar = Unicode.Scalar(value), scalar.properties.generalCategory == .decimalNumber,
            let digit = scalar.properties.numericValue
        {
            return 0x30 + UInt32(digit)
        }
        return value
    }

    static func string<S: Sequence>(_ values: S) -> String where S.Element == UInt32 {
        var view = String.UnicodeScalarView()
        for value in values { view.append(Unicode.Scalar(value) ?? "\u{FFFD}") }
        return String(view)
    }
}
