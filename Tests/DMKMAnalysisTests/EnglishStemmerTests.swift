import Testing

@testable import DMKMAnalysis

/// One word and the stem Porter2 gives it. Every expected stem below was derived by hand
/// from the published Porter2 rules (regions noted where they decide the outcome).
struct StemCase: Sendable, CustomTestStringConvertible {
    let word: String
    let stem: String

    init(_ word: String, _ stem: String) {
        self.word = word
        self.stem = stem
    }

    var testDescription: String { "\(word) -> \(stem)" }
}

@Suite("EnglishStemmer (Porter2)")
struct EnglishStemmerTests {
    let stemmer = EnglishStemmer()

    /// The consign-/consist-/knight- family from the algorithm's sample vocabulary.
    static let vocabularyCases: [StemCase] = [
        StemCase("consign", "consign"),
        StemCase("consigned", "consign"),
        StemCase("consigning", "consign"),
        StemCase("consignment", "consign"),
        StemCase("consist", "consist"),
        StemCase("consisted", "consist"),
        StemCase("consistency", "consist"),
        StemCase("consistent", "consist"),
        StemCase("consistently", "consist"),
        StemCase("consisting", "consist"),
        StemCase("consists", "consist"),
        StemCase("consolation", "consol"),
        StemCase("console", "consol"),
        StemCase("consoling", "consol"),
        StemCase("constance", "constanc"),
        StemCase("constable", "constabl"),
        StemCase("conspicuous", "conspicu"),
        StemCase("knightly", "knight"),
        StemCase("knitting", "knit"),
        StemCase("knaves", "knave"),  // e in R1 but after the short syllable "nav": kept
        StemCase("knocker", "knocker"),  // "er" not in R2
        StemCase("kneeled", "kneel"),
    ]

    @Test(arguments: vocabularyCases)
    func sampleVocabulary(_ c: StemCase) { #expect(stemmer.stem(c.word) == c.stem) }

    /// Exceptional forms, looked up before any rule runs.
    static let exceptionalFormsCases: [StemCase] = [
        StemCase("skis", "ski"), StemCase("skies", "sky"),
        StemCase("dying", "die"), StemCase("lying", "lie"), StemCase("tying", "tie"),
        StemCase("idly", "idl"), StemCase("gently", "gentl"), StemCase("ugly", "ugli"),
        StemCase("early", "earli"), StemCase("only", "onli"), StemCase("singly", "singl"),
        StemCase("sky", "sky"), StemCase("news", "news"), StemCase("howe", "howe"),
        StemCase("atlas", "atlas"), StemCase("cosmos", "cosmos"), StemCase("bias", "bias"),
        StemCase("andes", "andes"),
    ]

    @Test(arguments: exceptionalFormsCases)
    func exceptionalForm(_ c: StemCase) { #expect(stemmer.stem(c.word) == c.stem) }

    /// Words left alone once step 1a has run, including plurals that reach them via 1a.
    static let invariantAfterStep1aCases: [StemCase] = [
        StemCase("inning", "inning"), StemCase("innings", "inning"),
        StemCase("outing", "outing"), StemCase("outings", "outing"),
        StemCase("canning", "canning"), StemCase("herring", "herring"),
        StemCase("earrings", "earring"), StemCase("proceed", "proceed"),
        StemCase("exceed", "exceed"), StemCase("succeeds", "succeed"),
    ]

    @Test(arguments: invariantAfterStep1aCases)
    func invariantAfterStep1a(_ c: StemCase) { #expect(stemmer.stem(c.word) == c.stem) }

    /// gener-, commun-, arsen- start R1 right after the prefix; with the usual R1, "general"
    /// would become "gener", "communism" "commun" and "arsenal" "arsen".
    static let r1PrefixesCases: [StemCase] = [
        StemCase("generate", "generat"),
        StemCase("generates", "generat"),
        StemCase("generation", "generat"),
        StemCase("general", "general"),
        StemCase("generously", "generous"),
        StemCase("communism", "communism"),
        StemCase("community", "communiti"),
        StemCase("communities", "communiti"),
        StemCase("communication", "communic"),
        StemCase("arsenal", "arsenal"),
    ]

    @Test(arguments: r1PrefixesCases)
    func specialR1Prefix(_ c: StemCase) { #expect(stemmer.stem(c.word) == c.stem) }

    /// Initial apostrophe and step 0 possessives.
    static let apostrophesCases: [StemCase] = [
        StemCase("dog's", "dog"),
        StemCase("dogs'", "dog"),
        StemCase("boy's", "boy"),
        StemCase("children's", "children"),
        StemCase("'tis", "tis"),
        StemCase("'hello", "hello"),
        StemCase("o'clock", "o'clock"),
    ]

    @Test(arguments: apostrophesCases)
    func apostrophe(_ c: StemCase) { #expect(stemmer.stem(c.word) == c.stem) }

    /// Step 1a: sses, ied/ies, s, and the us/ss non-endings.
    static let step1aCases: [StemCase] = [
        StemCase("caresses", "caress"),
        StemCase("caress", "caress"),
        StemCase("ponies", "poni"),
        StemCase("ties", "tie"),
        StemCase("tied", "tie"),
        StemCase("cries", "cri"),
        StemCase("gas", "gas"),
        StemCase("this", "this"),
        StemCase("was", "was"),
        StemCase("its", "it"),
        StemCase("gaps", "gap"),
        StemCase("cats", "cat"),
        StemCase("kiwis", "kiwi"),
        StemCase("bus", "bus"),
        StemCase("cactus", "cactus"),
    ]

    @Test(arguments: step1aCases)
    func step1a(_ c: StemCase) { #expect(stemmer.stem(c.word) == c.stem) }

    /// Step 1b: eed/eedly in R1; ed/edly/ing/ingly with at-bl-iz, undoubling and short words.
    static let step1bCases: [StemCase] = [
        StemCase("agreed", "agre"),
        StemCase("feed", "feed"),  // "eed" matches but is not in R1, so "ed" is not tried
        StemCase("bleed", "bleed"),
        StemCase("bed", "bed"),  // no vowel before "ed"
        StemCase("sing", "sing"),
        StemCase("singing", "sing"),
        StemCase("hoped", "hope"),
        StemCase("hoping", "hope"),
        StemCase("filing", "file"),
        StemCase("owed", "owe"),  // short word by the word-initial vowel + non-vowel rule
        StemCase("hopping", "hop"),
        StemCase("tanned", "tan"),
        StemCase("knitted", "knit"),
        StemCase("falling", "fall"),  // "ll" is not undoubled
        StemCase("fizzed", "fizz"),  // nor is "zz"
        StemCase("sized", "size"),
        StemCase("disabled", "disabl"),
        StemCase("luxuriated", "luxuri"),
        StemCase("controlled", "control"),
    ]

    @Test(arguments: step1bCases)
    func step1b(_ c: StemCase) { #expect(stemmer.stem(c.word) == c.stem) }

    /// y handling: initial y and y after a vowel are consonants; step 1c turns y after a
    /// consonant into i unless that consonant is the first letter.
    static let yHandlingCases: [StemCase] = [
        StemCase("youth", "youth"),
        StemCase("yes", "yes"),
        StemCase("boy", "boy"),
        StemCase("boys", "boy"),
        StemCase("say", "say"),
        StemCase("sayings", "say"),
        StemCase("enjoying", "enjoy"),
        StemCase("toying", "toy"),
        StemCase("cry", "cri"),
        StemCase("crying", "cri"),
        StemCase("flying", "fli"),
        StemCase("happy", "happi"),
    ]

    @Test(arguments: yHandlingCases)
    func yHandling(_ c: StemCase) { #expect(stemmer.stem(c.word) == c.stem) }

    /// Step 2 suffixes (some continue through steps 3-5).
    static let step2Cases: [StemCase] = [
        StemCase("relational", "relat"),
        StemCase("conditional", "condit"),
        StemCase("hesitancy", "hesit"),
        StemCase("reasonably", "reason"),
        StemCase("differently", "differ"),
        StemCase("fertilizer", "fertil"),
        StemCase("civilization", "civil"),
        StemCase("information", "inform"),
        StemCase("operator", "oper"),
        StemCase("feudalism", "feudal"),
        StemCase("formality", "formal"),
        StemCase("radically", "radic"),
        StemCase("hopefulness", "hope"),
        StemCase("callousness", "callous"),
        StemCase("effectiveness", "effect"),
        StemCase("sensitivity", "sensit"),
        StemCase("visibility", "visibl"),
        StemCase("possibly", "possibl"),
        StemCase("geology", "geolog"),
        StemCase("hopefully", "hope"),
        StemCase("carelessly", "careless"),
        StemCase("quickly", "quick"),
        StemCase("dully", "dulli"),  // "li" after l is not an adverb ending
    ]

    @Test(arguments: step2Cases)
    func step2(_ c: StemCase) { #expect(stemmer.stem(c.word) == c.stem) }

    /// Step 3 suffixes, including "ative" which also needs R2.
    static let step3Cases: [StemCase] = [
        StemCase("normalize", "normal"),
        StemCase("duplicate", "duplic"),
        StemCase("electricity", "electr"),
        StemCase("electrical", "electr"),
        StemCase("cheerful", "cheer"),
        StemCase("kindness", "kind"),
        StemCase("happiness", "happi"),
        StemCase("demonstrative", "demonstr"),
        StemCase("talkative", "talkat"),  // "ative" in R1 only; step 4 then takes "ive"
    ]

    @Test(arguments: step3Cases)
    func step3(_ c: StemCase) { #expect(stemmer.stem(c.word) == c.stem) }

    /// Step 4 suffixes in R2, and "ion" only after s or t.
    static let step4Cases: [StemCase] = [
        StemCase("revival", "reviv"),
        StemCase("allowance", "allow"),
        StemCase("inference", "infer"),
        StemCase("adjuster", "adjust"),
        StemCase("allergic", "allerg"),
        StemCase("adjustable", "adjust"),
        StemCase("defensible", "defens"),
        StemCase("irritant", "irrit"),
        StemCase("replacement", "replac"),
        StemCase("adjustment", "adjust"),
        StemCase("dependent", "depend"),
        StemCase("criticism", "critic"),
        StemCase("activate", "activ"),
        StemCase("acidity", "acid"),
        StemCase("dangerous", "danger"),
        StemCase("adoption", "adopt"),
        StemCase("expansion", "expans"),
        StemCase("opinion", "opinion"),
    ]

    @Test(arguments: step4Cases)
    func step4(_ c: StemCase) { #expect(stemmer.stem(c.word) == c.stem) }

    /// Step 5: final e (R2, or R1 unless after a short syllable) and ll in R2.
    static let step5Cases: [StemCase] = [
        StemCase("agree", "agre"),
        StemCase("hope", "hope"),
        StemCase("recall", "recal"),
        StemCase("fall", "fall"),
    ]

    @Test(arguments: step5Cases)
    func step5(_ c: StemCase) { #expect(stemmer.stem(c.word) == c.stem) }

    @Test(arguments: ["", "a", "at", "is", "by", "ox", "'s"])
    func shortWordsUnchanged(_ word: String) { #expect(stemmer.stem(word) == word) }

    @Test(arguments: ["café", "naïve", "résumés", "straße", "日本語", "ελληνικά", "running\u{0301}"])
    func nonASCIIUnchanged(_ word: String) { #expect(stemmer.stem(word) == word) }

    /// Digits, punctuation and (unexpected) upper case make the word ineligible.
    @Test(arguments: ["mp3s", "covid19", "e-mails", "u.s.", "Running", "cATS"])
    func nonLettersUnchanged(_ word: String) { #expect(stemmer.stem(word) == word) }

    /// Degenerate apostrophe-heavy inputs must not trap on an index.
    @Test(arguments: ["'''", "'s'", "''s", "'ss", "s's", "'y'", "'yy", "yyy", "eee", "'ed"])
    func oddInputsDoNotTrap(_ word: String) {
        let stem = stemmer.stem(word)
        #expect(stem.utf8.count <= word.utf8.count + 1)
    }

    @Test func usableFromConcurrentTasks() async {
        let stemmer = self.stemmer
        let stems = await withTaskGroup(of: String.self) { group in
            for word in ["running", "runs", "runner"] {
                group.addTask { stemmer.stem(word) }
            }
            return await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(stems == ["run", "runner"])
    }
}
