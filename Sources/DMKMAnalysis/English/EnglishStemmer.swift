/// Porter2 (Snowball English) stemmer for index terms.
///
/// Implements Martin Porter's revised English stemming algorithm ("Porter2", the Snowball
/// `english` stemmer) as published in its description: exceptional forms, the `y` → `Y`
/// prelude, regions R1/R2, steps 0, 1a, 1b, 1c, 2, 3, 4, 5 and the `Y` → `y` postlude.
///
/// It runs on every English token of every document, so it works on the word's ASCII bytes
/// in place instead of on `Character`s. Input is expected to be lower-cased already; a word
/// containing anything other than `a`–`z` and the apostrophe (non-ASCII, digits, upper case,
/// punctuation) is returned unchanged, because the algorithm's rules are only defined for
/// English letters (and an upper-case `Y` would be confused with the algorithm's own marker).
public struct EnglishStemmer: Sendable {
    public init() {}

    /// `word` is already lower-cased; returns the stem. Words of 2 letters or fewer are returned unchanged.
    public func stem(_ word: String) -> String {
        let utf8 = word.utf8
        guard utf8.count > 2, utf8.allSatisfy(Porter2Word.isStemmable) else { return word }
        if let stem = Self.exceptionalForm(of: word, length: utf8.count) { return stem }

        var w = Porter2Word(Array(utf8))
        w.step0()
        w.step1a()
        // A handful of words would be damaged by the later steps ("inning" -> "in").
        if !w.isInvariantAfterStep1a {
            w.step1b()
            w.step1c()
            w.step2()
            w.step3()
            w.step4()
            w.step5()
        }
        return w.finish()
    }

    /// Words the rules would get wrong, looked up before any rule runs. All are 6 bytes or
    /// shorter, so most words skip the comparisons entirely.
    private static func exceptionalForm(of word: String, length: Int) -> String? {
        guard length <= 6 else { return nil }
        switch word {
        case "skis": return "ski"
        case "skies": return "sky"
        case "dying": return "die"
        case "lying": return "lie"
        case "tying": return "tie"
        case "idly": return "idl"
        case "gently": return "gentl"
        case "ugly": return "ugli"
        case "early": return "earli"
        case "only": return "onli"
        case "singly": return "singl"
        // These look inflected ("news" -> "new", "atlas" -> "atla") but are not.
        case "sky", "news", "howe", "atlas", "cosmos", "bias", "andes": return word
        default: return nil
        }
    }
}

// MARK: - Working word

/// One word on its way through the algorithm: its bytes plus the fixed region starts.
///
/// R1 and R2 are computed once, after the prelude, and stay at the same byte offsets while
/// suffixes are replaced; a suffix "is in R1" when it starts at or after `r1`.
private struct Porter2Word {
    private(set) var bytes: [UInt8]
    /// Offset where R1 starts; equal to the prelude word's length when R1 is empty.
    private let r1: Int
    /// Offset where R2 starts, likewise.
    private let r2: Int

    init(_ input: [UInt8]) {
        var b = input
        // Prelude: a leading apostrophe is quotation, not part of the word.
        if b.first == .apostrophe { b.removeFirst() }
        // A `y` acting as a consonant (word-initial, or after a vowel) becomes `Y`, which every
        // rule below treats as a non-vowel. Left to right, so in "ayy" only the first y changes.
        if b.first == .y { b[0] = .upperY }
        var i = 1
        while i < b.count {
            if b[i] == .y && Self.isVowel(b[i - 1]) { b[i] = .upperY }
            i += 1
        }
        bytes = b

        // For these prefixes the usual rule puts R1 too early: without this, "generate" would
        // become "gener" and "communism" "commun", merging unrelated words.
        if let prefix = Tables.r1Prefixes.first(where: { b.starts(with: $0) }) {
            r1 = prefix.count
        } else {
            r1 = Self.regionStart(in: b, from: 0)
        }
        r2 = Self.regionStart(in: b, from: r1)
    }

    /// The stem, with the consonant `Y` markers turned back into `y`.
    func finish() -> String {
        var b = bytes
        for i in b.indices where b[i] == .upperY { b[i] = .y }
        return String(decoding: b, as: UTF8.self)
    }

    // MARK: Steps

    /// Step 0: strip a possessive ending, the longest of `'s'`, `'s`, `'`.
    mutating func step0() {
        for suffix in Tables.apostropheSuffixes where hasSuffix(suffix) {
            bytes.removeLast(suffix.count)
            return
        }
    }

    /// Step 1a: plural and third-person `s` endings.
    mutating func step1a() {
        if hasSuffix(Tables.sses) {
            bytes.removeLast(2)  // "sses" -> "ss"
        } else if hasSuffix(Tables.ied) || hasSuffix(Tables.ies) {
            // "cries" -> "cri", but "ties" -> "tie": a one-letter stem keeps its e.
            let start = bytes.count - 3
            replaceSuffix(from: start, with: start > 1 ? Tables.i : Tables.ie)
        } else if hasSuffix(Tables.us) || hasSuffix(Tables.ss) {
            return  // "bus", "caress": the s is not an ending.
        } else if bytes.last == .s, bytes.count >= 2,
            containsVowel(before: bytes.count - 2)
        {
            // Only when a vowel comes before the letter preceding the s, so "gas" and "this"
            // keep theirs while "gaps" and "kiwis" lose it.
            bytes.removeLast()
        }
    }

    /// Words that step 1a can produce but that the remaining steps would mangle.
    var isInvariantAfterStep1a: Bool {
        (6...7).contains(bytes.count) && Tables.invariantAfterStep1a.contains(bytes)
    }

    /// Step 1b: past tense and participle endings, then repair of what the removal exposed.
    mutating func step1b() {
        // "eed"/"eedly" are checked first because they also end in "ed"/"edly"; when one of
        // them matches, it alone decides ("feed" keeps its "ed").
        if let start = suffixStart(Tables.eedly) ?? suffixStart(Tables.eed) {
            if start >= r1 { replaceSuffix(from: start, with: Tables.ee) }
            return
        }
        guard
            let start = suffixStart(Tables.ingly) ?? suffixStart(Tables.edly)
                ?? suffixStart(Tables.ing) ?? suffixStart(Tables.ed),
            containsVowel(before: start)  // "bed", "sing" are not inflected forms
        else { return }
        bytes.removeLast(bytes.count - start)

        if hasSuffix(Tables.at) || hasSuffix(Tables.bl) || hasSuffix(Tables.iz) {
            bytes.append(.e)  // "luxuriat" -> "luxuriate"
        } else if endsWithUndoubleableDouble {
            bytes.removeLast()  // "hopp" -> "hop"
        } else if isShortWord {
            bytes.append(.e)  // "hop" -> "hope"
        }
    }

    /// Step 1c: a final `y` after a consonant (not the first letter) becomes `i`, so that
    /// "cry" and "cries" meet at "cri" while "by" and "say" stay as they are.
    mutating func step1c() {
        let n = bytes.count
        guard n >= 3, bytes[n - 1] == .y || bytes[n - 1] == .upperY, !Self.isVowel(bytes[n - 2])
        else { return }
        bytes[n - 1] = .i
    }

    /// Step 2: derivational suffixes in R1 that map onto shorter ones.
    mutating func step2() { applyLongestRule(Tables.step2, region: r1) }

    /// Step 3: further derivational suffixes in R1.
    mutating func step3() { applyLongestRule(Tables.step3, region: r1) }

    /// Step 4: suffixes in R2 that are deleted outright.
    mutating func step4() { applyLongestRule(Tables.step4, region: r2) }

    /// Step 5: a final `e` or the second `l` of `ll`.
    mutating func step5() {
        let start = bytes.count - 1
        guard start >= 0 else { return }
        switch bytes[start] {
        case .e:
            // In R1 only, an e after a short syllable is kept: "hope" stays, "agree" -> "agre".
            if start >= r2 || (start >= r1 && !endsWithShortSyllable(at: start)) {
                bytes.removeLast()
            }
        case .l:
            if start >= r2 && start >= 1 && bytes[start - 1] == .l { bytes.removeLast() }
        default:
            break
        }
    }

    // MARK: Rule tables

    /// Finds the longest suffix of `rules` that ends the word and, if it starts inside
    /// `region` and its condition holds, replaces it. A longest match that fails its test
    /// ends the step: shorter suffixes are never tried in its place.
    private mutating func applyLongestRule(_ rules: [SuffixRule], region: Int) {
        // Tables are sorted longest first, and two different suffixes of equal length cannot
        // both end the word, so the first hit is the longest match.
        guard let rule = rules.first(where: { hasSuffix($0.suffix) }) else { return }
        let start = bytes.count - rule.suffix.count
        guard start >= region, holds(rule.condition, before: start) else { return }
        replaceSuffix(from: start, with: rule.replacement)
    }

    private func holds(_ condition: SuffixRule.Condition, before start: Int) -> Bool {
        let previous = start > 0 ? bytes[start - 1] : nil
        switch condition {
        case .always: return true
        case .inR2: return start >= r2
        case .afterL: return previous == .l
        case .afterSOrT: return previous == .s || previous == .t
        case .afterValidLiEnding: return previous.map(Self.isValidLiEnding) ?? false
        }
    }

    // MARK: Byte helpers

    private func hasSuffix(_ suffix: [UInt8]) -> Bool {
        let n = bytes.count, m = suffix.count
        guard m <= n else { return false }
        // Compare from the end: most candidates fail on the last byte.
        var k = 1
        while k <= m {
            if bytes[n - k] != suffix[m - k] { return false }
            k += 1
        }
        return true
    }

    private func suffixStart(_ suffix: [UInt8]) -> Int? {
        hasSuffix(suffix) ? bytes.count - suffix.count : nil
    }

    private mutating func replaceSuffix(from start: Int, with replacement: [UInt8]) {
        bytes.removeLast(bytes.count - start)
        bytes.append(contentsOf: replacement)
    }

    private func containsVowel(before end: Int) -> Bool {
        bytes[..<end].contains(where: Self.isVowel)
    }

    /// Ends in one of the doubles that step 1b undoes (bb dd ff gg mm nn pp rr tt); other
    /// doubles such as "ll", "ss" and "zz" are normal spellings of the stem ("fall", "fizz").
    private var endsWithUndoubleableDouble: Bool {
        let n = bytes.count
        guard n >= 2, bytes[n - 1] == bytes[n - 2] else { return false }
        switch bytes[n - 1] {
        case .b, .d, .f, .g, .m, .n, .p, .r, .t: return true
        default: return false
        }
    }

    /// A short word has an empty R1 and ends in a short syllable ("hop", "bed").
    private var isShortWord: Bool {
        r1 >= bytes.count && endsWithShortSyllable(at: bytes.count)
    }

    /// Whether `bytes[..<end]` ends in a short syllable: non-vowel, vowel, non-vowel other
    /// than w, x or Y ("hop"); or, at the very start of the word, vowel then non-vowel ("ow").
    private func endsWithShortSyllable(at end: Int) -> Bool {
        if end >= 3 {
            let last = bytes[end - 1]
            return !Self.isVowel(last) && last != .w && last != .x && last != .upperY
                && Self.isVowel(bytes[end - 2]) && !Self.isVowel(bytes[end - 3])
        }
        return end == 2 && Self.isVowel(bytes[0]) && !Self.isVowel(bytes[1])
    }

    // MARK: Character classes

    /// The only bytes the stemmer accepts; anything else means "leave the word alone".
    static func isStemmable(_ c: UInt8) -> Bool {
        (c >= .a && c <= .z) || c == .apostrophe
    }

    /// The algorithm's vowels. The consonant marker `Y` is deliberately not one.
    static func isVowel(_ c: UInt8) -> Bool {
        switch c {
        case .a, .e, .i, .o, .u, .y: return true
        default: return false
        }
    }

    /// Letters before which a final "li" is an adverb ending ("knightli", not "dulli").
    static func isValidLiEnding(_ c: UInt8) -> Bool {
        switch c {
        case .c, .d, .e, .g, .h, .k, .m, .n, .r, .t: return true
        default: return false
        }
    }

    /// First offset of the region after the first non-vowel that follows a vowel, searching
    /// from `start`; `bytes.count` if there is no such non-vowel. R1 is this from 0, R2 from R1.
    private static func regionStart(in bytes: [UInt8], from start: Int) -> Int {
        var i = start
        while i < bytes.count && !isVowel(bytes[i]) { i += 1 }
        while i < bytes.count && isVowel(bytes[i]) { i += 1 }
        return min(i + 1, bytes.count)
    }
}

// MARK: - Tables

/// A suffix, what replaces it, and the extra condition it needs beyond its region.
private struct SuffixRule: Sendable {
    enum Condition: Sendable {
        case always
        /// The suffix must also lie in R2 (step 3 "ative").
        case inR2
        /// Preceded by `l` (step 2 "ogi": "geologi" -> "geolog").
        case afterL
        /// Preceded by `s` or `t` (step 4 "ion": "adoption" -> "adopt", "opinion" kept).
        case afterSOrT
        /// Preceded by one of c d e g h k m n r t (step 2 "li").
        case afterValidLiEnding
    }

    let suffix: [UInt8]
    let replacement: [UInt8]
    let condition: Condition

    init(_ suffix: String, _ replacement: String, _ condition: Condition = .always) {
        self.suffix = Array(suffix.utf8)
        self.replacement = Array(replacement.utf8)
        self.condition = condition
    }
}

/// Immutable byte tables, built once.
private enum Tables {
    static let r1Prefixes: [[UInt8]] = ["gener", "commun", "arsen"].map { Array($0.utf8) }

    /// Longest first, so the first match is the one step 0 removes.
    static let apostropheSuffixes: [[UInt8]] = ["'s'", "'s", "'"].map { Array($0.utf8) }

    static let invariantAfterStep1a: [[UInt8]] = [
        "inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed",
    ].map { Array($0.utf8) }

    static let sses = Array("sses".utf8)
    static let ied = Array("ied".utf8)
    static let ies = Array("ies".utf8)
    static let us = Array("us".utf8)
    static let ss = Array("ss".utf8)
    static let i = Array("i".utf8)
    static let ie = Array("ie".utf8)
    static let eed = Array("eed".utf8)
    static let eedly = Array("eedly".utf8)
    static let ee = Array("ee".utf8)
    static let ed = Array("ed".utf8)
    static let edly = Array("edly".utf8)
    static let ing = Array("ing".utf8)
    static let ingly = Array("ingly".utf8)
    static let at = Array("at".utf8)
    static let bl = Array("bl".utf8)
    static let iz = Array("iz".utf8)

    static let step2 = longestFirst([
        SuffixRule("tional", "tion"),
        SuffixRule("enci", "ence"),
        SuffixRule("anci", "ance"),
        SuffixRule("abli", "able"),
        SuffixRule("entli", "ent"),
        SuffixRule("izer", "ize"),
        SuffixRule("ization", "ize"),
        SuffixRule("ational", "ate"),
        SuffixRule("ation", "ate"),
        SuffixRule("ator", "ate"),
        SuffixRule("alism", "al"),
        SuffixRule("aliti", "al"),
        SuffixRule("alli", "al"),
        SuffixRule("fulness", "ful"),
        SuffixRule("ousli", "ous"),
        SuffixRule("ousness", "ous"),
        SuffixRule("iveness", "ive"),
        SuffixRule("iviti", "ive"),
        SuffixRule("biliti", "ble"),
        SuffixRule("bli", "ble"),
        SuffixRule("ogi", "og", .afterL),
        SuffixRule("fulli", "ful"),
        SuffixRule("lessli", "less"),
        SuffixRule("li", "", .afterValidLiEnding),
    ])

    static let step3 = longestFirst([
        SuffixRule("tional", "tion"),
        SuffixRule("ational", "ate"),
        SuffixRule("alize", "al"),
        SuffixRule("icate", "ic"),
        SuffixRule("iciti", "ic"),
        SuffixRule("ical", "ic"),
        SuffixRule("ful", ""),
        SuffixRule("ness", ""),
        SuffixRule("ative", "", .inR2),
    ])

    static let step4 = longestFirst(
        [
            "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent",
            "ism", "ate", "iti", "ous", "ive", "ize",
        ].map { SuffixRule($0, "") } + [SuffixRule("ion", "", .afterSOrT)])

    private static func longestFirst(_ rules: [SuffixRule]) -> [SuffixRule] {
        rules.sorted { $0.suffix.count > $1.suffix.count }
    }
}

// MARK: - Byte constants

extension UInt8 {
    fileprivate static let apostrophe = UInt8(ascii: "'")
    fileprivate static let upperY = UInt8(ascii: "Y")
    fileprivate static let a = UInt8(ascii: "a")
    fileprivate static let b = UInt8(ascii: "b")
    fileprivate static let c = UInt8(ascii: "c")
    fileprivate static let d = UInt8(ascii: "d")
    fileprivate static let e = UInt8(ascii: "e")
    fileprivate static let f = UInt8(ascii: "f")
    fileprivate static let g = UInt8(ascii: "g")
    fileprivate static let h = UInt8(ascii: "h")
    fileprivate static let i = UInt8(ascii: "i")
    fileprivate static let k = UInt8(ascii: "k")
    fileprivate static let l = UInt8(ascii: "l")
    fileprivate static let m = UInt8(ascii: "m")
    fileprivate static let n = UInt8(ascii: "n")
    fileprivate static let o = UInt8(ascii: "o")
    fileprivate static let p = UInt8(ascii: "p")
    fileprivate static let r = UInt8(ascii: "r")
    fileprivate static let s = UInt8(ascii: "s")
    fileprivate static let t = UInt8(ascii: "t")
    fileprivate static let u = UInt8(ascii: "u")
    fileprivate static let w = UInt8(ascii: "w")
    fileprivate static let x = UInt8(ascii: "x")
    fileprivate static let y = UInt8(ascii: "y")
    fileprivate static let z = UInt8(ascii: "z")
}
