import DMKMCore
// A deterministic generator of synthetic mixed Thai/English documents (JSON Lines) for benchmarks.
//
// Everything here was written for DMKM: the English vocabulary, the Thai function words, the
// name parts and the bureau group names are our own; the caller supplies the bulk Thai vocabulary.
//
// Determinism: output depends only on the seed and on the two word lists (their contents and
// order). The generator uses its own PRNG (SplitMix64 seeding xoshiro256**), integer arithmetic,
// and floating-point only through +, *, / and sqrt (all correctly rounded in IEEE 754), so the
// bytes are identical across runs, machines and operating systems. No libm (pow, exp, log) is used.
//
// Documents:
//   id, title, abstract, text, lang, authors, keywords, year, type, unit, access,
//   and sometimes public_from and awards, always in that key order.
// - About 50% Thai-dominant ("th"), 30% English-dominant ("en"), 20% evenly mixed ("th,en").
// - Body length 200...5,000 words, skewed log-normal-like (median about 780; ~83% in 300...1,500).
//   A "word" is one vocabulary word, one number or one acronym; `lastBodyWordCount` reports it.
// - Sentences are 5...25 words. Thai sentences are runs of phrases of 3...8 words written without
//   spaces (as Thai is written), phrases separated by one space, no final period; English
//   sentences end with ".". Paragraphs are separated by "\n\n".
// - Content words follow a Zipf(-Mandelbrot) distribution, weight 1 / (rank + 10)^1.0625, over each
//   vocabulary, with the rank order shuffled by the seed; Thai and English function words are
//   interleaved from small built-in lists (pure Zipf, natural order), so "the"/"การ" lead overall.
// - Inside Thai sentences: English terms, acronyms, numbers (52.3%, 1,204, 2565, ๒๕๖๕) and
//   parentheses, usually space-separated and occasionally glued to the Thai text.

struct CorpusGenerator {
    // MARK: public interface

    /// Number of body ("text") words in the document most recently produced.
    private(set) var lastBodyWordCount = 0

    init(seed: UInt64, thaiWords: [String], englishWords: [String]) {
        var seeder = SplitMix64(seed: seed)
        let thaiShuffleSeed = seeder.next()
        let englishShuffleSeed = seeder.next()
        rng = Xoshiro256StarStar(seeder: &seeder)

        var thaiList = CorpusGenerator.cleanWords(thaiWords)
        if thaiList.isEmpty { thaiList = CorpusGenerator.cleanWords(CorpusGenerator.thaiFunctionWords) }
        var englishList = CorpusGenerator.cleanWords(englishWords)
        if englishList.isEmpty { englishList = CorpusGenerator.defaultEnglishWords() }

        var shuffler = Xoshiro256StarStar(splitMixSeed: thaiShuffleSeed)
        shuffler.shuffle(&thaiList)
        shuffler = Xoshiro256StarStar(splitMixSeed: englishShuffleSeed)
        shuffler.shuffle(&englishList)

        thai = ZipfVocabulary(words: thaiList, offset: CorpusGenerator.contentOffset)
        english = ZipfVocabulary(words: englishList, offset: CorpusGenerator.contentOffset)
        // Function words keep their natural (hand-written) frequency order.
        thaiGlue = ZipfVocabulary(words: CorpusGenerator.cleanWords(CorpusGenerator.thaiFunctionWords))
        englishGlue = ZipfVocabulary(words: CorpusGenerator.cleanWords(CorpusGenerator.englishFunctionWords))
        acronyms = ZipfVocabulary(words: CorpusGenerator.acronymList)
    }

    /// Distinct words in the vocabularies actually used (after trimming and de-duplication).
    var thaiVocabularyCount: Int { thai.count }
    var englishVocabularyCount: Int { english.count }

    /// One document as a JSON object on one line (no trailing newline).
    mutating func nextDocument() -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16_384)
        appendNextDocument(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends one document (UTF-8 JSON, no trailing newline) to `bytes`; the fast path for bulk output.
    mutating func appendNextDocument(to bytes: inout [UInt8]) {
        swap(&bytes, &out)
        defer { swap(&bytes, &out) }
        writeDocument()
    }

    // MARK: state

    private var rng: Xoshiro256StarStar
    private let thai: ZipfVocabulary
    private let english: ZipfVocabulary
    private let thaiGlue: ZipfVocabulary
    private let englishGlue: ZipfVocabulary
    private let acronyms: ZipfVocabulary
    private var ordinal = 0
    /// The buffer being written (swapped in from the caller's array for the duration of a document).
    private var out: [UInt8] = []

    private enum Language { case thai, english, mixed }

    /// Zipf-Mandelbrot shift for the content vocabularies: the most frequent content word takes
    /// about 2% (English) or 1.5% (Thai) of content draws instead of 10-15% with pure Zipf.
    private static let contentOffset = 10.0

    // MARK: document

    private mutating func writeDocument() {
        ordinal += 1
        let roll = uniform()
        let language: Language = roll < 0.5 ? .thai : (roll < 0.8 ? .english : .mixed)
        let thaiSentenceShare: Double
        switch language {
        case .thai: thaiSentenceShare = 0.92
        case .english: thaiSentenceShare = 0.08
        case .mixed: thaiSentenceShare = 0.5
        }

        raw("{\"id\":\"gen-")
        let digits = decimalDigits(ordinal)
        if digits.count < 7 { for _ in digits.count..<7 { out.append(0x30) } }
        out.append(contentsOf: digits)

        raw("\",\"title\":\"")
        writeTitle(units: 4 + below(11), thaiShare: thaiSentenceShare)

        raw("\",\"abstract\":\"")
        var abstractLeft = 40 + below(111)
        var first = true
        while abstractLeft > 0 {
            if !first { out.append(0x20) }
            let n = sentenceLength(remaining: abstractLeft)
            writeSentence(units: n, thai: uniform() < thaiSentenceShare, language: language)
            abstractLeft -= n
            first = false
        }

        raw("\",\"text\":\"")
        let bodyWords = bodyLength()
        lastBodyWordCount = bodyWords
        var left = bodyWords
        var firstParagraph = true
        while left > 0 {
            if !firstParagraph { raw("\\n\\n") }
            var sentences = 2 + below(6)
            var firstSentence = true
            while sentences > 0 && left > 0 {
                if !firstSentence { out.append(0x20) }
                let n = sentenceLength(remaining: left)
                writeSentence(units: n, thai: uniform() < thaiSentenceShare, language: language)
                left -= n
                sentences -= 1
                firstSentence = false
            }
            firstParagraph = false
        }

        raw("\",\"lang\":\"")
        switch language {
        case .thai: raw("th")
        case .english: raw("en")
        case .mixed: raw("th,en")
        }

        raw("\",\"authors\":[")
        let authorCount = 1 + below(3) + (uniform() < 0.3 ? below(3) : 0)  // 1...5, mostly 1...3
        for index in 0..<authorCount {
            if index > 0 { out.append(0x2C) }
            out.append(0x22)
            let thaiName: Bool
            switch language {
            case .thai: thaiName = uniform() < 0.85
            case .english: thaiName = uniform() < 0.25
            case .mixed: thaiName = uniform() < 0.55
            }
            if thaiName { writeThaiName() } else { writeEnglishName() }
            out.append(0x22)
        }

        raw("],\"keywords\":[")
        writeKeywords(count: 2 + below(5), language: language)

        raw("],\"year\":")
        let yearRoll = uniform()
        let ce = 2005 + below(21)
        if yearRoll < 0.40 {
            number(ce)
        } else if yearRoll < 0.60 {
            out.append(0x22); number(ce); out.append(0x22)
        } else if yearRoll < 0.85 {
            number(ce + 543)
        } else {
            out.append(0x22); number(ce + 543); out.append(0x22)
        }

        raw(",\"type\":\"")
        let typeRoll = uniform()
        if typeRoll < 0.38 { raw("research") }
        else if typeRoll < 0.64 { raw("paper") }
        else if typeRoll < 0.74 { raw("innovation") }
        else if typeRoll < 0.83 { raw("academic-work") }
        else if typeRoll < 0.93 { raw("report") }
        else { raw("other") }

        raw("\",\"unit\":\"")
        text(CorpusGenerator.bureauUnits[below(CorpusGenerator.bureauUnits.count)])

        raw("\",\"access\":\"")
        raw(uniform() < 0.85 ? "public" : "internal")
        out.append(0x22)

        if uniform() < 0.12 {
            raw(",\"public_from\":\"")
            number(max(ce, 2018) + below(4))
            out.append(0x2D); twoDigits(1 + below(12))
            out.append(0x2D); twoDigits(1 + below(28))
            out.append(0x22)
        }

        if uniform() < 0.05 {
            raw(",\"awards\":[\"")
            let awardYear = min(ce + below(3), 2025)
            let awardRoll = uniform()
            if awardRoll < 0.6 {
                raw("TPSA/"); number(awardYear + 543)
            } else if awardRoll < 0.85 {
                raw("UNPSA/"); number(awardYear)
            } else {
                raw("TPSA/"); number(awardYear + 543)
                raw("\",\"UNPSA/"); number(min(awardYear + 1, 2025))
            }
            raw("\"]")
        }
        out.append(0x7D)
    }

    // MARK: lengths

    /// Body length in words: 200 * 25^t with t = x^1.25, x the mean of three uniforms.
    /// The range is exactly 200...5,000; median about 780; about 83% fall in 300...1,500.
    private mutating func bodyLength() -> Int {
        let x = (uniform() + uniform() + uniform()) / 3
        let t = x * (x.squareRoot().squareRoot())  // x^1.25
        let log2of25 = 4.643856189774724
        let value = 200 * CorpusGenerator.exp2(t * log2of25)
        return min(5_000, max(200, Int(value)))
    }

    /// Sentence length 5...25 (triangular, mode 15), never leaving a remainder below 5.
    private mutating func sentenceLength(remaining: Int) -> Int {
        if remaining <= 25 { return remaining }  // callers never leave 1...4
        let n = 5 + below(11) + below(11)
        return remaining - n < 5 ? remaining - 5 : n
    }

    /// 2^x for 0 <= x < 64 from +, * only (Taylor series of e^(f ln 2) for the fraction).
    private static func exp2(_ x: Double) -> Double {
        let whole = Int(x)
        let y = (x - Double(whole)) * 0.6931471805599453
        var term = 1.0
        var sum = 1.0
        for k in 1...16 {
            term = term * y / Double(k)
            sum = sum + term
        }
        return sum * Double(UInt64(1) << UInt64(whole))
    }

    // MARK: sentences

    private mutating func writeSentence(units: Int, thai isThai: Bool, language: Language) {
        if isThai {
            writeThaiSentence(units: units, insertRate: language == .thai ? 0.3 : 0.4)
        } else {
            writeEnglishSentence(units: units, thaiTermRate: language == .english ? 0.025 : 0.06)
        }
    }

    private mutating func writeTitle(units: Int, thaiShare: Double) {
        if uniform() < thaiShare {
            writeThaiSentence(units: units, insertRate: 0.35)
        } else {
            let start = out.count
            writeEnglishSentence(units: units, thaiTermRate: 0.03, period: false)
            // Title case for a third of English titles.
            if uniform() < 0.33 { titleCase(from: start) }
        }
    }

    /// Thai phrases of 3...8 words written without spaces, separated by single spaces, with
    /// English terms, acronyms, numbers and parentheses between some phrases. No final period.
    private mutating func writeThaiSentence(units: Int, insertRate: Double) {
        var left = units
        var first = true
        while left > 0 {
            if !first && uniform() < insertRate {
                // Usually separated by spaces; sometimes glued to the Thai text, as people type.
                if uniform() < 0.92 { out.append(0x20) }
                left -= writeThaiInsert(maxUnits: left)
                if left == 0 { break }
                if uniform() < 0.92 { out.append(0x20) }
            } else if !first {
                out.append(0x20)
            }
            var phrase = min(left, 3 + below(6))
            if left - phrase > 0 && left - phrase < 3 { phrase = left }  // no tiny trailing phrase
            var previousGlue = false
            for _ in 0..<phrase {
                previousGlue = uniform() < (previousGlue ? 0.1 : 0.35)
                if previousGlue { append(thaiGlue, rank: thaiGlue.sample(&rng)) }
                else { append(thai, rank: thai.sample(&rng)) }
            }
            left -= phrase
            first = false
        }
    }

    /// Something non-Thai inside a Thai sentence; returns the words used (1...maxUnits).
    private mutating func writeThaiInsert(maxUnits: Int) -> Int {
        let roll = uniform()
        if roll < 0.42 {  // English term, lower case: "fluoride varnish"
            let n = min(maxUnits, 1 + below(2) + (uniform() < 0.2 ? 1 : 0))
            for index in 0..<n {
                if index > 0 { out.append(0x20) }
                append(english, rank: english.sample(&rng))
            }
            return n
        }
        if roll < 0.57 {
            append(acronyms, rank: acronyms.sample(&rng))
            return 1
        }
        if roll < 0.80 { return writeThaiNumber(maxUnits: maxUnits) }
        // Parentheses.
        out.append(0x28)
        let kind = uniform()
        var used = 1
        if kind < 0.45 || maxUnits < 2 {  // English gloss "(oral health)" or "(WHO)"
            if uniform() < 0.3 || maxUnits < 2 {
                append(acronyms, rank: acronyms.sample(&rng))
            } else {
                used = min(maxUnits, 1 + below(2))
                for index in 0..<used {
                    if index > 0 { out.append(0x20) }
                    append(english, rank: english.sample(&rng))
                }
            }
        } else if kind < 0.7 {  // "(ร้อยละ 45.2)"
            raw("ร้อยละ ")
            percentValue()
            used = 2
        } else if kind < 0.9 || maxUnits < 3 {  // "(n = 1,204)"
            raw("n = ")
            count()
            used = 2
        } else {  // "(p < 0.05)"
            raw("p < ")
            text(CorpusGenerator.pValues[below(CorpusGenerator.pValues.count)])
            used = 3
        }
        out.append(0x29)
        return used
    }

    /// Ages, percentages, years (CE, BE, sometimes in Thai digits) and counts in a Thai sentence.
    private mutating func writeThaiNumber(maxUnits: Int) -> Int {
        let roll = uniform()
        if maxUnits >= 2 {
            if roll < 0.2 { age(); raw(" ปี"); return 2 }
            if roll < 0.35 { raw("ร้อยละ "); percentValue(); return 2 }
            if roll < 0.5 { count(); raw(uniform() < 0.5 ? " คน" : " ราย"); return 2 }
            if roll < 0.62 { raw("พ.ศ. "); beYear(); return 2 }
        }
        if roll < 0.8 { percentValue(); out.append(0x25); return 1 }
        if roll < 0.9 { beYear(); return 1 }
        number(2005 + below(21))
        return 1
    }

    /// English words separated by spaces, first letter capitalised, commas, numbers, acronyms,
    /// parentheses, occasional quotes and Thai terms; ends with "." unless `period` is false.
    private mutating func writeEnglishSentence(units: Int, thaiTermRate: Double, period: Bool = true) {
        var left = units
        var first = true
        var previousGlue = false
        while left > 0 {
            if !first { out.append(0x20) }
            let start = out.count
            let roll = uniform()
            var used = 1
            var glue = false
            if roll < 0.04 {
                used = writeEnglishNumber(maxUnits: left)
            } else if roll < 0.075 {
                append(acronyms, rank: acronyms.sample(&rng))
            } else if roll < 0.075 + thaiTermRate {
                used = min(left, 1 + below(2))  // a Thai term, written without spaces
                for _ in 0..<used { append(thai, rank: thai.sample(&rng)) }
            } else if roll < 0.095 + thaiTermRate && left >= 2 && !first {
                used = writeEnglishParenthetical(maxUnits: left)
            } else if roll < 0.1 + thaiTermRate && left >= 2 {
                raw("\\\"")  // a quoted term, to exercise JSON escaping
                used = 1 + below(2)
                for index in 0..<used {
                    if index > 0 { out.append(0x20) }
                    append(english, rank: english.sample(&rng))
                }
                raw("\\\"")
            } else if roll < (previousGlue ? 0.2 : 0.5) {
                append(englishGlue, rank: englishGlue.sample(&rng))
                glue = true
            } else {
                append(english, rank: english.sample(&rng))
            }
            if first { capitalize(at: start) }
            left -= used
            first = false
            previousGlue = glue
            if left > 2 && uniform() < 0.05 { out.append(0x2C) }
        }
        if period { out.append(0x2E) }
    }

    private mutating func writeEnglishNumber(maxUnits: Int) -> Int {
        let roll = uniform()
        if maxUnits >= 2 {
            if roll < 0.18 { raw("aged "); age(); return 2 }
            if roll < 0.36 { count(); out.append(0x20); text(CorpusGenerator.countNouns[below(CorpusGenerator.countNouns.count)]); return 2 }
            if roll < 0.48 { raw("in "); number(2005 + below(21)); return 2 }
        }
        if roll < 0.8 { percentValue(); out.append(0x25); return 1 }
        if roll < 0.9 { number(2005 + below(21)); return 1 }
        count()
        return 1
    }

    private mutating func writeEnglishParenthetical(maxUnits: Int) -> Int {
        out.append(0x28)
        let roll = uniform()
        var used: Int
        if roll < 0.3 {
            append(acronyms, rank: acronyms.sample(&rng)); used = 1
        } else if roll < 0.55 {
            raw("n = "); count(); used = 2
        } else if roll < 0.7 && maxUnits >= 3 {
            raw("95% CI "); decimal(100 + below(150), places: 2); raw("–"); decimal(250 + below(300), places: 2); used = 3
        } else if roll < 0.8 && maxUnits >= 3 {
            raw("p < "); text(CorpusGenerator.pValues[below(CorpusGenerator.pValues.count)]); used = 3
        } else {
            // A Thai gloss: "(ทันตสุขภาพ)"
            used = min(maxUnits, 1 + below(2))
            for _ in 0..<used { append(thai, rank: thai.sample(&rng)) }
        }
        out.append(0x29)
        return used
    }

    // MARK: metadata pieces

    private mutating func writeThaiName() {
        let roll = uniform()
        if roll < 0.12 { raw("ทพ.") } else if roll < 0.2 { raw("ทพญ.") } else if roll < 0.26 { raw("ดร.") }
        text(CorpusGenerator.thaiGivenStarts[below(CorpusGenerator.thaiGivenStarts.count)])
        text(CorpusGenerator.thaiGivenEnds[below(CorpusGenerator.thaiGivenEnds.count)])
        out.append(0x20)
        text(CorpusGenerator.thaiSurnameParts[below(CorpusGenerator.thaiSurnameParts.count)])
        text(CorpusGenerator.thaiSurnameParts[below(CorpusGenerator.thaiSurnameParts.count)])
        if uniform() < 0.3 { text(CorpusGenerator.thaiSurnameEnds[below(CorpusGenerator.thaiSurnameEnds.count)]) }
    }

    private mutating func writeEnglishName() {
        out.append(0x41 + UInt8(below(26)))
        raw(". ")
        if uniform() < 0.15 {
            out.append(0x41 + UInt8(below(26)))
            raw(". ")
        }
        if uniform() < 0.5 {
            text(CorpusGenerator.englishSurnames[below(CorpusGenerator.englishSurnames.count)])
        } else {
            text(CorpusGenerator.romanizedSurnames[below(CorpusGenerator.romanizedSurnames.count)])
        }
    }

    /// Distinct keywords drawn from the vocabularies, skipping the 10 most frequent ranks.
    private mutating func writeKeywords(count: Int, language: Language) {
        var chosen: [(thai: Bool, rank: Int)] = []
        var attempts = 0
        while chosen.count < count && attempts < 200 {
            attempts += 1
            let useThai: Bool
            switch language {
            case .thai: useThai = uniform() < 0.7
            case .english: useThai = uniform() < 0.2
            case .mixed: useThai = uniform() < 0.5
            }
            let vocabulary = useThai ? thai : english
            let rank = vocabulary.sample(&rng)
            if rank < 10 && vocabulary.count > 50 { continue }
            if chosen.contains(where: { $0.thai == useThai && $0.rank == rank }) { continue }
            chosen.append((useThai, rank))
        }
        for (index, keyword) in chosen.enumerated() {
            if index > 0 { out.append(0x2C) }
            out.append(0x22)
            append(keyword.thai ? thai : english, rank: keyword.rank)
            out.append(0x22)
        }
    }

    // MARK: numbers

    private mutating func age() {
        if uniform() < 0.5 {
            number(CorpusGenerator.surveyAges[below(CorpusGenerator.surveyAges.count)])
        } else {
            number(1 + below(89))
        }
    }

    private mutating func percentValue() {
        decimal(below(1000), places: 1)
    }

    /// A count from 10 to 99,999 with thousands separators ("1,204").
    private mutating func count() {
        let digits = 2 + below(4)
        var low = 1
        for _ in 1..<digits { low *= 10 }
        let value = low + below(low * 9)
        let text = decimalDigits(value)
        for (index, digit) in text.enumerated() {
            if index > 0 && (text.count - index) % 3 == 0 { out.append(0x2C) }
            out.append(digit)
        }
    }

    /// A Buddhist Era year 2548...2568, written in Thai digits one time in five ("๒๕๖๕").
    private mutating func beYear() {
        let year = 2548 + below(21)
        if uniform() < 0.2 {
            for digit in decimalDigits(year) {
                out.append(0xE0); out.append(0xB9); out.append(0x90 + (digit - 0x30))
            }
        } else {
            number(year)
        }
    }

    private mutating func number(_ value: Int) {
        out.append(contentsOf: decimalDigits(value))
    }

    private mutating func twoDigits(_ value: Int) {
        out.append(0x30 + UInt8(value / 10))
        out.append(0x30 + UInt8(value % 10))
    }

    /// `value` / 10^places, e.g. decimal(523, places: 1) -> "52.3".
    private mutating func decimal(_ value: Int, places: Int) {
        var scale = 1
        for _ in 0..<places { scale *= 10 }
        number(value / scale)
        out.append(0x2E)
        var fraction = decimalDigits(value % scale)
        while fraction.count < places { fraction.insert(0x30, at: 0) }
        out.append(contentsOf: fraction)
    }

    private func decimalDigits(_ value: Int) -> [UInt8] {
        if value == 0 { return [0x30] }
        var digits: [UInt8] = []
        var rest = value
        while rest > 0 {
            digits.append(0x30 + UInt8(rest % 10))
            rest /= 10
        }
        return digits.reversed()
    }

    // MARK: byte output

    private mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    private mutating func text(_ text: String) {
        out.append(contentsOf: text.utf8)
    }

    private mutating func append(_ vocabulary: ZipfVocabulary, rank: Int) {
        let start = Int(vocabulary.starts[rank])
        let end = Int(vocabulary.starts[rank + 1])
        vocabulary.bytes.withUnsafeBufferPointer { all in
            out.append(contentsOf: UnsafeBufferPointer(rebasing: all[start..<end]))
        }
    }

    private mutating func capitalize(at index: Int) {
        if index < out.count, out[index] >= 0x61, out[index] <= 0x7A { out[index] -= 0x20 }
    }

    /// Capitalises ASCII words of four letters or more after `start` (short function words stay lower case).
    private mutating func titleCase(from start: Int) {
        var index = start
        while index < out.count {
            let wordStart = index
            while index < out.count && out[index] != 0x20 { index += 1 }
            if index - wordStart >= 4 { capitalize(at: wordStart) }
            index += 1
        }
    }

    // MARK: randomness

    private mutating func uniform() -> Double {
        Double(rng.next() >> 11) * 0x1p-53
    }

    /// Uniform integer in 0..<bound (bound > 0), by multiply-shift on 32 bits (bias < 2^-20 for our bounds).
    private mutating func below(_ bound: Int) -> Int {
        Int(((rng.next() >> 32) &* UInt64(bound)) >> 32)
    }

    private static func cleanWords(_ words: [String]) -> [String] {
        var seen = Set<String>()
        var result: [String] = []
        result.reserveCapacity(words.count)
        for word in words {
            let trimmed = String(word.unicodeScalars.filter { !$0.properties.isWhitespace })
            if trimmed.isEmpty || trimmed.unicodeScalars.count != word.unicodeScalars.count { continue }
            if seen.insert(trimmed).inserted { result.append(trimmed) }
        }
        return result
    }
}

// MARK: - PRNG


/// xoshiro256** (Blackman and Vigna).
struct Xoshiro256StarStar {
    private var s0, s1, s2, s3: UInt64

    init(splitMixSeed seed: UInt64) {
        var seeder = SplitMix64(seed: seed)
        self.init(seeder: &seeder)
    }

    init(seeder: inout SplitMix64) {
        s0 = seeder.next(); s1 = seeder.next(); s2 = seeder.next(); s3 = seeder.next()
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }
    }

    mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// Fisher-Yates with a deterministic bounded draw.
    mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for index in stride(from: items.count - 1, to: 0, by: -1) {
            let other = Int(UInt64(index + 1).multipliedFullWidth(by: next()).high)
            items.swapAt(index, other)
        }
    }
}

// MARK: - Zipf vocabulary

/// Words in rank order, stored as JSON-escaped UTF-8 bytes, sampled by Walker's alias method
/// with weights 1 / (r + offset)^1.0625 (x^(1/16) computed by four square roots, so the table is
/// bit-identical everywhere).
struct ZipfVocabulary {
    let bytes: [UInt8]
    let starts: [Int32]
    let count: Int
    private let threshold: [UInt64]
    private let alias: [Int32]

    /// `offset` is the Zipf-Mandelbrot shift q in 1 / (r + q)^1.0625: 0 for pure Zipf, about 10 to
    /// flatten the head of a content-word vocabulary (function words are drawn separately).
    init(words: [String], offset: Double = 0) {
        precondition(!words.isEmpty, "a vocabulary needs at least one word")
        var bytes: [UInt8] = []
        var starts: [Int32] = [0]
        for word in words {
            for byte in word.utf8 {
                switch byte {
                case 0x22: bytes.append(0x5C); bytes.append(0x22)
                case 0x5C: bytes.append(0x5C); bytes.append(0x5C)
                case 0x00..<0x20:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: Array("\\u00".utf8))
                    bytes.append(hex[Int(byte >> 4)]); bytes.append(hex[Int(byte & 15)])
                default: bytes.append(byte)
                }
            }
            starts.append(Int32(bytes.count))
        }
        self.bytes = bytes
        self.starts = starts
        count = words.count

        // Vose's alias method.
        let n = words.count
        var weights = [Double](repeating: 0, count: n)
        var total = 0.0
        for index in 0..<n {
            let r = Double(index + 1) + offset
            weights[index] = 1 / (r * r.squareRoot().squareRoot().squareRoot().squareRoot())
            total += weights[index]
        }
        var scaled = weights.map { $0 * Double(n) / total }
        var threshold = [UInt64](repeating: 1 << 32, count: n)
        var alias = [Int32](repeating: 0, count: n)
        for index in 0..<n { alias[index] = Int32(index) }
        var small: [Int] = []
        var large: [Int] = []
        for index in stride(from: n - 1, through: 0, by: -1) {
            if scaled[index] < 1 { small.append(index) } else { large.append(index) }
        }
        while let less = small.popLast() {
            guard let more = large.popLast() else { break }
            threshold[less] = UInt64(scaled[less] * 4_294_967_296.0)
            alias[less] = Int32(more)
            scaled[more] = (scaled[more] + scaled[less]) - 1
            if scaled[more] < 1 { small.append(more) } else { large.append(more) }
        }
        self.threshold = threshold
        self.alias = alias
    }

    /// A rank (0 = most frequent).
    func sample(_ rng: inout Xoshiro256StarStar) -> Int {
        let bits = rng.next()
        let column = Int(((bits >> 32) &* UInt64(count)) >> 32)
        return (bits & 0xFFFF_FFFF) < threshold[column] ? column : Int(alias[column])
    }
}

// MARK: - Built-in word lists (written for DMKM)

extension CorpusGenerator {
    /// Common Thai function and connective words, most frequent first.
    static let thaiFunctionWords: [String] = """
        การ ที่ และ ของ ใน ให้ มี เป็น ได้ ความ ไม่ จาก กับ ว่า โดย เพื่อ ซึ่ง หรือ จะ ต่อ แต่ ด้วย นี้
        อย่าง ทั้ง ผู้ ตาม ยัง ถึง เมื่อ อยู่ ทาง ต้อง เรื่อง ระหว่าง สำหรับ แล้ว คือ มาก ไป มา
        นั้น เช่น ก็ ขึ้น ลง ทุก บาง หลาย แห่ง ดังนั้น อีก เพราะ จึง ทำ ใช้ เกี่ยวกับ ภายใน พบ
        รวม ตั้งแต่ จนถึง ประมาณ ร่วมกับ รวมทั้ง นอกจากนี้ ส่วน ด้าน แบบ ละ กว่า น้อย สูง ต่ำ
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)

    /// English function words, most frequent first.
    static let englishFunctionWords: [String] = """
        the of and to in a for is was with on that by as were are this from at be or an which
        their these than between among not also all more has have had it its but after during
        both each other such into most per over only within who can may should will been using
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)

    static let acronymList = [
        "WHO", "DMFT", "COVID-19", "KM", "TPSA", "dmft", "OHRQoL", "NHSO", "MOPH", "UHC", "PHC", "SDGs",
        "UNPSA", "CPI", "DMFS", "OHI-S", "SDF", "NCDs", "RCT", "GIS", "KPI", "PDCA", "PMQA", "SWOT",
        "HDC", "FDI", "CDC", "UNICEF", "ASEAN", "ART", "GIC", "HPV", "BMI", "ICD-10", "HA", "ICT",
        "QoL", "SD", "OR", "CI", "AI", "PCU", "SAT", "LINE", "Excel",
    ]

    static let pValues = ["0.05", "0.01", "0.001", "0.005", "0.0001"]

    static let surveyAges = [3, 5, 6, 12, 15, 18, 35, 44, 60, 65, 74, 80]

    static let countNouns = [
        "participants", "children", "students", "schools", "patients", "respondents", "households",
        "dentists", "villages", "elderly", "teeth", "districts", "volunteers", "mothers",
    ]

    /// Organisational groups of a bureau of dental public health (illustrative names).
    static let bureauUnits = [
        "กลุ่มพัฒนาระบบทันตสาธารณสุข",
        "กลุ่มส่งเสริมทันตสุขภาพเด็กและเยาวชน",
        "กลุ่มส่งเสริมทันตสุขภาพวัยทำงานและผู้สูงอายุ",
        "กลุ่มเฝ้าระวังและวิจัยทันตสาธารณสุข",
        "กลุ่มพัฒนานโยบายและยุทธศาสตร์",
        "กลุ่มพัฒนาองค์กรและการจัดการความรู้",
        "กลุ่มสื่อสารและเทคโนโลยีสารสนเทศ",
        "กลุ่มบริหารทั่วไป",
    ]

    static let thaiGivenStarts = [
        "สม", "วิ", "ประ", "สุ", "อร", "กิต", "นิ", "พร", "ศิริ", "ธนา", "จันท", "รัตน", "ชัย", "บุญ",
        "มาลี", "อุ", "กมล", "ปิย", "ณัฐ", "พัช", "วร", "ศุภ", "อภิ", "ธีร", "นภ", "ภัท", "เกศ", "ทิพ",
    ]

    static let thaiGivenEnds = [
        "ชาย", "ศรี", "ไล", "พร", "ทิพย์", "ชัย", "วรรณ", "ภา", "รัตน์", "นันท์", "ดา", "พล", "ศักดิ์",
        "กานต์", "วดี", "นุช", "ธิดา", "พงศ์", "เดช", "มณี", "ลักษณ์", "สิทธิ์", "ณี", "ยา",
    ]

    static let thaiSurnameParts = [
        "ใจ", "ดี", "สุข", "ทอง", "แก้ว", "วงศ์", "ศรี", "สวัสดิ์", "บุญ", "มี", "เจริญ", "พงษ์", "รักษ์",
        "ไทย", "ประเสริฐ", "ทรัพย์", "สมบูรณ์", "จันทร์", "เพชร", "รุ่ง", "เรือง", "ชัย", "มั่น", "คง",
        "ยืน", "งาม", "สิทธิ", "ธรรม", "นาค", "อินทร์",
    ]

    static let thaiSurnameEnds = ["กุล", "วงศ์", "พันธ์", "สกุล", "วัฒน์", "ชัย", "ศิลป์"]

    static let englishSurnames = [
        "Smith", "Brown", "Taylor", "Wilson", "Clarke", "Walker", "Wright", "Hughes", "Green", "Hall",
        "Wood", "Harris", "Martin", "Jackson", "Thompson", "White", "Lee", "Chen", "Wang", "Tanaka",
        "Nguyen", "Kumar", "Singh", "Garcia", "Lopez", "Miller", "Davis", "Evans", "Baker", "Young",
    ]

    static let romanizedSurnames = [
        "Srisuk", "Chaiyaporn", "Wongsawat", "Boonmee", "Thongdee", "Saetang", "Kaewkla", "Jaidee",
        "Rattanakul", "Suwannarat", "Phromphan", "Sukjai", "Intharat", "Petchara", "Charoensuk",
        "Somboon", "Rungruang", "Khamkaew", "Sirisombat", "Ngamwong",
    ]

    /// About 1,500 distinct English words: function words, dentistry, public health, research,
    /// administration and knowledge management, general academic vocabulary and a few place names.
    static func defaultEnglishWords() -> [String] {
        var seen = Set<String>()
        var words: [String] = []
        for piece in englishWordText.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            let word = String(piece)
            if seen.insert(word).inserted { words.append(word) }
        }
        return words
    }

    private static let englishWordText = """
        the of and to in a an is are was were be been being has have had do does did it its this that
        these those their they them we our us he she his her him who whom whose which what how why when
        where while than then there here all any each both either neither more most less least many much
        some such no nor not only own same so very can could may might must shall should will would into
        onto upon about above below after before between among during through throughout under over
        within without against toward towards across along around behind beyond despite except including
        regarding per via since until unless although though because whereas whether if however therefore
        thus hence moreover furthermore meanwhile otherwise nevertheless yet still already often always
        never sometimes usually rather quite almost nearly even just further again once twice first
        second third last next other another several few one two three four five six seven eight nine
        ten hundred thousand million half for on with as by at from or but also up down out off

        tooth teeth dental dentist dentists dentistry oral mouth gum gums gingiva gingival gingivitis
        periodontal periodontitis periodontics caries cavity cavities decay enamel dentin pulp root roots
        canal crown crowns bridge denture dentures implant implants orthodontic orthodontics braces molar
        molars premolar incisor incisors canine fluoride fluoridation fluorosis varnish sealant sealants
        plaque calculus tartar toothbrush toothbrushing toothpaste floss flossing mouthwash saliva
        salivary xerostomia halitosis extraction extractions filling fillings restoration restorations
        restorative amalgam composite resin glass ionomer prosthetic prosthodontics endodontic hygienist
        hygienists hygiene scaling polishing prophylaxis occlusion occlusal malocclusion bite jaw mandible
        maxilla palate tongue lip lips cleft edentulous edentulism abscess ulcer ulcers lesion lesions
        leukoplakia cancer carcinoma biopsy radiograph radiographs radiography panoramic bitewing
        anesthesia anesthetic analgesic antibiotic antibiotics chlorhexidine xylitol sugar sugars sucrose
        snack snacks beverage beverages soda candy diet dietary erosion sensitivity toothache pain
        bleeding swelling chewing mastication swallowing eruption permanent deciduous baby bottle
        breastfeeding infant infants toddler toddlers preschool kindergarten schoolchildren pupils
        adolescents teenagers adults elderly older aged ageing aging dentate dentition surface surfaces
        pit fissure fissures smooth proximal buccal lingual labial cervical apical coronal trauma fracture
        injury injuries mouthguard tobacco smoking smokeless betel areca alcohol screening examination
        examinations checkup recall referral referrals clinic clinics chair instrument instruments
        sterilization autoclave gloves mask masks aerosol aerosols suction handpiece drill laser curing
        impression technician technicians laboratory caregiver dentofacial orofacial craniofacial
        gingivae plaques cariogenic remineralization demineralization silver diamine probing pocket
        pockets attachment loss mobility missing decayed filled sound arch arches wisdom impacted
        removable fixed partial complete veneer veneers whitening bleaching cosmetic aesthetic
        esthetic

        health public community communities population populations prevention preventive promotion
        promote promoting disease diseases chronic acute risk risks factor factors determinant
        determinants social economic socioeconomic income poverty inequality inequalities equity access
        accessibility coverage universal insurance scheme schemes benefit benefits package service
        services provider providers primary secondary tertiary care hospital hospitals district districts
        provincial province provinces regional region regions national local village villages
        subdistrict household households family families parent parents caregivers mother mothers
        pregnant pregnancy maternal child children youth student students worker workers migrant
        migrants rural urban remote area areas border volunteer volunteers surveillance monitoring
        outbreak epidemic pandemic vaccine vaccination immunization obesity diabetes hypertension
        cardiovascular stroke kidney respiratory tuberculosis dengue influenza virus viral bacterial
        bacteria microbial infection infections infectious transmission exposure mortality morbidity
        incidence prevalence burden disability quality life wellbeing lifestyle behavior behaviour
        behaviors habits physical activity exercise sleep stress mental depression anxiety literacy
        awareness knowledge attitude attitudes practice practices belief beliefs perception perceptions
        education educational campaign campaigns intervention interventions program programme programs
        project projects initiative initiatives strategy strategies policy policies plan plans planning
        guideline guidelines standard standards regulation regulations law legislation tax taxation
        sugary water drinking sanitation environment environmental pollution climate emergency disaster
        safety security food nutrition malnutrition stunting wasting underweight overweight breakfast
        lunch canteen vendor vendors market marketing advertising label labeling consumption intake
        frequency wellness welfare medicine medical physician physicians nurse nurses nursing pharmacist
        pharmacy patient patients doctor doctors therapy therapeutic diagnosis diagnostic symptom
        symptoms treatment treatments rehabilitation palliative disabled dependent bedridden
        homebound visit visits outreach mobile fluoridated tap community-based school-based
        midwife midwives epidemiology epidemiological demographic demographics census birth births
        death deaths lifespan expectancy elder elders retirement pension caregiving

        research study studies survey surveys trial trials randomized randomised controlled control
        controls cohort cohorts case cases series cross sectional longitudinal prospective retrospective
        qualitative quantitative mixed method methods methodology design designs sample samples sampling
        size participant participants respondent respondents subject subjects recruitment inclusion
        exclusion criteria consent ethics ethical approval protocol protocols questionnaire
        questionnaires interview interviews focus group groups observation observations observational
        experimental pilot baseline follow outcome outcomes endpoint measure measures measurement
        measurements validity reliability reliable valid index indices score scores scale scales variable
        variables independent confounding bias adjusted unadjusted analysis analyses analytic
        statistical statistics descriptive inferential regression logistic linear model models modelling
        modeling multivariate multivariable univariate bivariate correlation correlations association
        associations associated significant significance difference differences mean median mode range
        deviation variance proportion proportions percentage percent ratio ratios odds hazard relative
        absolute confidence interval intervals probability estimate estimates estimation test tests
        testing hypothesis hypotheses evidence systematic review reviews meta synthesis literature
        publication publications journal journals article articles abstract introduction background
        objective objectives aim aims purpose results result finding findings discussion conclusion
        conclusions recommendation recommendations limitation limitations strength strengths
        implication implications future data dataset datasets database databases record records registry
        collection collected analysed analyzed reported report reports reporting evaluate evaluation
        evaluations evaluated assessing assessment assessments compared comparison comparisons comparing
        effect effects effective effectiveness efficacy efficiency impact impacts cost costs
        utility feasibility acceptability satisfaction adherence compliance uptake utilization
        utilisation trend trends pattern patterns distribution predictor predictors increase increased
        increasing decrease decreased decreasing reduction reduced improvement improvements improved
        higher lower greater smaller versus respectively approximately overall total number numbers
        rate rates level levels chi square coefficient coefficients sensitivity specificity accuracy
        precision recall threshold cutoff calibration agreement kappa pretest posttest experiment
        experiments replication validation validated instrument tool tools
        theory theories theoretical empirical framework frameworks conceptual evidence-based
        researcher researchers investigator investigators author authors reviewer reviewers editor
        citation citations reference references appendix figure figures table tables chapter
        section sections paragraph summary summaries thesis dissertation manuscript manuscripts
        preliminary secondary stratified cluster clusters weighted unweighted
        multistage convenience purposive snowball saturation thematic coding codes transcript
        transcripts triangulation

        administration administrative management manager managers executive executives director
        directors bureau bureaus department departments ministry ministries office offices division
        divisions unit units team teams staff personnel officer officers official officials government
        governmental agency agencies organization organisation organizations organizational
        institution institutions institutional network networks partner partners partnership
        partnerships stakeholder stakeholders collaboration cooperation coordination committee
        committees board boards meeting meetings workshop workshops seminar seminars conference
        conferences training trainings course courses curriculum competency competencies skill skills
        capacity capability capabilities development developing developed human resource resources
        budget budgets budgeting funding fund funds finance financial expenditure expenditures
        procurement contract contracts audit audits indicator indicators performance target targets
        goal goals mission vision value values culture leadership governance accountability
        transparency integrity innovation innovations innovative award awards excellence improvement
        continuous learning lesson lessons sharing repository archive archives document documents
        documentation manual manuals handbook toolkit information system systems digital technology
        technologies online platform platforms website portal application applications software search
        retrieval user users feedback communication communications media dissemination relations
        annual fiscal year years quarter quarterly monthly weekly daily schedule timeline deadline
        process processes procedure procedures workflow operation operations implementation implement
        implemented supervision support supporting supported delivery integration integrated
        decentralization decentralized authority authorities minister permanent secretary deputy
        chief head heads secretariat registry registration certificate certification accreditation
        accredited license licensing inspection compliance mandate mandates
        ordinance decree act acts cabinet parliament memorandum
        agreement agreements circular letter letters request requests approval approvals signature
        signed tacit explicit
        storytelling mentoring coaching benchmarking handover succession retention
        orientation appraisal appraisals incentive incentives reward rewards recognition
        career careers position positions grade grades salary salaries allowance allowances
        overtime leave holiday holidays attendance productivity

        provide provides provided providing include includes included use uses used using show shows
        showed shown find finds found identify identified identifying describe describes described
        develop develops conduct conducted conducting perform performed considering consider considered
        require requires required need needs needed help helps helped receive received receiving
        obtain obtained determine determined examine examined explore explored exploring investigate
        investigated apply applied applying achieve achieved ensure ensured ensuring establish
        established maintain maintained maintaining enhance enhanced enhancing strengthen strengthened
        strengthening encourage encouraged encouraging participate participated participating engage
        engaged engagement respond response responses affect affected affecting influence influenced
        relate related relating indicate indicated indicates suggest suggested suggests demonstrate
        demonstrated confirm confirmed reveal revealed highlight highlighted focus focused focusing
        address addressed reduce reduces reducing prevent prevented preventing detect detected detecting
        treat treated treating manage managed managing controlled measured measuring select selected
        divide divided train trained educate educated inform informed collect collecting analyse
        analyze analysing analyzing compare compares design designed designing create created creating
        produce produced producing publish published publishing present presented presenting propose
        proposed proposing recommend recommended recommending adopt adopted adapting adapt adapted
        expand expanded expanding extend extended integrate coordinate coordinated plan planned
        organize organized organise organised allocate allocated distribute distributed deliver
        delivered serve served visit visited review reviewed reviewing update updated updating share
        shared learn learned learnt teach taught practise practiced promote promoted
        assess assessed rank ranked screen screened refer referred brush
        brushed brushing chew drink drinks eat eating smoke quit quitting

        important significant common rare high low large small good poor better worse best worst new
        old young main major minor key specific general various different similar particular
        appropriate available necessary possible potential essential critical current recent previous
        early late long short regular routine basic advanced simple complex positive negative active
        passive moderate severe mild healthy unhealthy free private clinical social cultural natural
        practical technical scientific professional sufficient insufficient adequate
        inadequate limited broad narrow strong weak direct indirect additional alternative annualized
        average typical standardized comprehensive consistent inconsistent accurate
        inaccurate feasible sustainable unsustainable affordable expensive cheap costly safe unsafe
        vulnerable disadvantaged underserved marginalized eligible ineligible optional mandatory
        voluntary formal informal internal external domestic international global
        traditional modern conventional novel large-scale small-scale full partial
        prior subsequent initial final ongoing completed pending successful unsuccessful urgent
        frequent infrequent rapid slow stable unstable visible invisible open closed
        equal unequal fair unfair clear unclear useful useless relevant irrelevant responsible

        time times day days week weeks month months age ages people person persons man men woman
        women male female males females boy boys girl girls sex gender home homes house houses work
        place places country countries world city cities part parts way ways problem problems issue
        issues condition conditions situation situations status change changes role roles approach
        approaches concept concepts principle principles element elements component components aspect
        aspects type types form forms kind kinds category categories item items event events
        experience experiences opportunity opportunities challenge challenges barrier barriers
        solution solutions success failure example examples reason reasons period periods
        phase phases stage stages step steps term terms point points side sides end beginning
        middle top bottom front back line lines list lists name names word words language languages
        text texts message messages story stories question questions answer answers idea ideas
        opinion opinions view views interest interests priority priorities choice choices
        decision decisions action actions task tasks duty duties responsibility responsibilities
        right rights cost-effectiveness money price prices payment payments
        material materials equipment supply supplies stock space room rooms building
        buildings facility facilities center centre centres centers station stations road roads
        transport travel distance distances neighborhood neighbourhood temple temples
        farm farmers factory factories company companies business businesses industry
        industries sector sectors association associations foundation foundations
        club clubs society societies charity

        Thailand Thai Bangkok Asia Asian Chiang Mai Khon Kaen Songkhla Phuket Udon Thani Nakhon
        Ratchasima Pathum Nonthaburi Lampang Surat Ubon Phitsanulok Hat Yai Isan northeast northeastern
        north northern south southern central east eastern west western Bureau Department Ministry
        """
}
