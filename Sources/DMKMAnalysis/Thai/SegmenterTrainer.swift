import DMKMCore
/// Trains the Thai segmentation model from gold-segmented text (one sentence a line, words
/// separated by `|`), e.g. UD Thai-TUD's training split.
///
/// Before training, the gold words are put into DMKM's segmentation convention, because the
/// public gold sets disagree with each other and with themselves on compounds:
/// - adjacent gold words whose concatenation is one libthai dictionary word are joined
///   (the dictionary's words are lexical units: ลูก|ค้า → ลูกค้า, รถ|ยนต์ → รถยนต์);
/// - ความ + the following word is one word (abstract nouns: ความ|รู้ → ความรู้), so a search for
///   ความรู้ does not match every ความ.
/// The learned word list is built with cross-fitting (each fold's features use words learned
/// from the other folds), so the model cannot learn to trust a list that contains the answer.
public struct SegmenterTrainer: Sendable {
    public struct Options: Sendable {
        public var epochs = 8
        public var folds = 5
        public var joinDictionaryCompounds = true
        public var joinAbstractNouns = true
        public var seed: UInt64 = 20_261_126
        /// Models trained with different visiting orders and averaged into one.
        public var ensembleSize = 5
        /// Unknown-word practice. TUD's words are nearly all in the dictionaries, so on its own
        /// the model learns that a position where no dictionary word ends is inside a word; next
        /// to a loanword or a foreign name that is wrong. So each run is seen a second time with
        /// some of its words (of at least `hiddenWordMinimumLength` codes) hidden: this share
        /// from every dictionary (a word nobody knows) …
        public var hiddenWordRate = 0.2
        /// … and this share from the learned word list only (a word libthai or ICU know but the
        /// training text does not, as with most names).
        public var learnedOnlyHiddenWordRate = 0.3
        public var hiddenWordMinimumLength = 4
        /// The second reading trains only the boundaries at the edges of hidden words, with
        /// this weight (inside them, joining known pieces of a hidden word would teach the model
        /// to ignore the dictionaries).
        public var practiceWeight = 0.5
        public init() {}
    }

    public var options: Options
    let libthaiWords: [[UInt8]]
    let icuWords: [[UInt8]]

    public init(options: Options = Options(), libthaiWords: [[UInt8]], icuWords: [[UInt8]]) {
        self.options = options
        self.libthaiWords = libthaiWords
        self.icuWords = icuWords
    }

    /// One Thai run of a gold sentence and its gold boundaries.
    struct LabeledRun {
        var codes: [UInt8]
        var isBoundary: [Bool]  // index = position in the run
    }

    public func train(goldLines: [[String]], source: String, log: (String) -> Void = { _ in }) -> SegmentationModel {
        let libthaiSet = Set(libthaiWords)
        let lines = goldLines.map { canonicalize($0, libthai: libthaiSet) }
        let folds = max(1, options.folds)
        let runsByLine = lines.map(Self.labeledRuns)

        // Features of every candidate boundary, as indices into one weight vector: direct slots
        // first, then hashed keys in order of first appearance.
        var sink = CollectingSink(features: [], hashedIndex: [:], hashedKeys: [])
        var featureStart: [Int32] = [0]
        var labels: [Bool] = []
        var practice: [Bool] = []
        var instanceStartOfRun: [Int32] = []
        for fold in 0..<folds {
            let vocabulary = Self.vocabulary(lines.enumerated().filter { folds == 1 || $0.offset % folds != fold }.map(\.element))
            let trie = makeTrie(learned: vocabulary)
            var workspace = ThaiSegmenter.Workspace()
            var hiding = SplitMix64(seed: options.seed ^ 0x4849_4445 &+ UInt64(fold))
            for (lineIndex, runs) in runsByLine.enumerated() where lineIndex % folds == fold {
                for run in runs {
                    // The run as it is, then (if any word was drawn) again with words hidden.
                    let drawn = hiddenWords(of: run, using: &hiding)
                    for hidden in drawn.isEmpty ? [drawn] : [HiddenWords(), drawn] {
                        instanceStartOfRun.append(Int32(labels.count))
                        run.codes.withUnsafeBufferPointer { codes in
                            ThaiSegmenter.analyzeRun(codes, dictionary: trie, workspace: &workspace, hidden: hidden)
                            let layout = ThaiSegmenter.Layout(count: codes.count)
                            workspace.bytes.withUnsafeMutableBufferPointer { bytes in
                                let context = ThaiSegmenter.runContext(bytes, layout: layout)
                                for position in 1..<codes.count where bytes[layout.canBreak + position] != 0 {
                                    if !hidden.isEmpty && !hidden.hasEdge(at: position) { continue }
                                    BoundaryFeatures.extract(at: position, context: context, into: &sink)
                                    featureStart.append(Int32(sink.features.count))
                                    labels.append(run.isBoundary[position])
                                    practice.append(!hidden.isEmpty)
                                }
                            }
                        }
                    }
                }
            }
        }
        instanceStartOfRun.append(Int32(labels.count))
        let features = sink.features
        let hashedKeys = sink.hashedKeys
        let practiceWeight = options.practiceWeight
        log("training on \(lines.count) sentences, \(labels.count) candidate boundaries, \(BoundaryFeatures.directSlotCount + hashedKeys.count) feature slots")

        // Averaged perceptrons, one per seed, averaged again: the visiting order alone moves F1 by
        // ±0.002, and averaging several orders removes most of that noise.
        let dimension = BoundaryFeatures.directSlotCount + hashedKeys.count
        var averaged = [Float](repeating: 0, count: dimension)
        let members = max(1, options.ensembleSize)
        for member in 0..<members {
            var weights = [Double](repeating: 0, count: dimension)
            var updateSums = [Double](repeating: 0, count: dimension)
            var step: Double = 1
            var runOrder = Array(0..<(instanceStartOfRun.count - 1))
            var random = SplitMix64(seed: options.seed &+ UInt64(member))
            for epoch in 1...max(1, options.epochs) {
                runOrder.shuffle(using: &random)
                var mistakes = 0
                for run in runOrder {
                    for instance in Int(instanceStartOfRun[run])..<Int(instanceStartOfRun[run + 1]) {
                        let range = Int(featureStart[instance])..<Int(featureStart[instance + 1])
                        var score: Double = 0
                        for index in range { score += weights[Int(features[index])] }
                        let label: Double = (labels[instance] ? 1 : -1) * (practice[instance] ? practiceWeight : 1)
                        if score * label <= 0 {
                            mistakes += 1
                            for index in range {
                                let feature = Int(features[index])
                                weights[feature] += label
                                updateSums[feature] += label * step
                            }
                        }
                        step += 1
                    }
                }
                if epoch == options.epochs { log("model \(member + 1)/\(members): \(mistakes) mistakes on \(labels.count) boundaries in the last epoch") }
            }
            for index in 0..<dimension {
                averaged[index] += Float((weights[index] - updateSums[index] / step) / Double(members))
            }
        }
        let direct = Array(averaged[0..<BoundaryFeatures.directSlotCount])
        var hashed: [(key: UInt64, weight: Float)] = []
        for (index, key) in hashedKeys.enumerated() {
            let weight = averaged[BoundaryFeatures.directSlotCount + index]
            if weight != 0 { hashed.append((key, weight)) }
        }
        let learned = Self.vocabulary(lines).map { codes -> String in
            var scalars = String.UnicodeScalarView()
            for code in codes { scalars.append(Unicode.Scalar(ThaiScript.blockStart + UInt32(code))!) }
            return String(scalars)
        }.sorted()
        let metadata = """
            DMKM Thai segmentation model (averaged perceptron over boundary features).
            trained on: \(source) (\(lines.count) sentences, \(labels.count) candidate boundaries)
            settings: epochs=\(options.epochs) ensemble=\(options.ensembleSize) folds=\(options.folds) joinDictionaryCompounds=\(options.joinDictionaryCompounds) joinAbstractNouns=\(options.joinAbstractNouns) seed=\(options.seed)
            unknown-word practice: hidden=\(options.hiddenWordRate) learnedOnly=\(options.learnedOnlyHiddenWordRate) minimumLength=\(options.hiddenWordMinimumLength) weight=\(options.practiceWeight)
            dictionaries: libthai \(libthaiWords.count) words, ICU \(icuWords.count) words (ICU \(SystemDictionaries.icuVersion))
            The weights and learned word list are derived from UD Thai-TUD (CC BY-SA 4.0,
            https://github.com/UniversalDependencies/UD_Thai-TUD); this file is shared under CC BY-SA 4.0.
            """
        return SegmentationModel(directWeights: direct, hashed: hashed, learnedWords: learned, metadata: metadata)
    }

    /// Gold words of `run` drawn to be hidden (one draw per word, so the stream of draws does
    /// not depend on the rates).
    func hiddenWords(of run: LabeledRun, using random: inout SplitMix64) -> HiddenWords {
        var hidden = HiddenWords()
        guard options.hiddenWordRate + options.learnedOnlyHiddenWordRate > 0 else { return hidden }
        var start = 0
        for end in 1...run.codes.count where end == run.codes.count || run.isBoundary[end] {
            let draw = Double(random.next() >> 11) / Double(1 << 53)
            if end - start >= options.hiddenWordMinimumLength {
                if draw < options.hiddenWordRate {
                    hidden.everywhere.insert(HiddenWords.key(start, end))
                } else if draw < options.hiddenWordRate + options.learnedOnlyHiddenWordRate {
                    hidden.fromLearned.insert(HiddenWords.key(start, end))
                }
            }
            start = end
        }
        return hidden
    }

    private func makeTrie(learned: [[UInt8]]) -> ThaiDictionaryTrie {
        var words: [(codes: [UInt8], source: DictionarySource)] = []
        words.reserveCapacity(libthaiWords.count + icuWords.count + learned.count)
        for word in libthaiWords { words.append((word, .libthai)) }
        for word in icuWords { words.append((word, .icu)) }
        for word in learned { words.append((word, .learned)) }
        return ThaiDictionaryTrie(words: words)
    }

    /// Puts gold words into DMKM's convention (see the type's documentation).
    func canonicalize(_ tokens: [String], libthai: Set<[UInt8]>) -> [String] {
        let codes = tokens.map { ThaiDictionaryTrie.codes(of: $0) }
        var merged: [String] = []
        var index = 0
        while index < tokens.count {
            var joined = false
            if options.joinDictionaryCompounds {
                for width in stride(from: 3, through: 2, by: -1) where index + width <= tokens.count {
                    let parts = codes[index..<(index + width)]
                    guard parts.allSatisfy({ $0 != nil }) else { continue }
                    if libthai.contains(parts.flatMap { $0! }) {
                        merged.append(tokens[index..<(index + width)].joined())
                        index += width
                        joined = true
                        break
                    }
                }
            }
            if !joined {
                merged.append(tokens[index])
                index += 1
            }
        }
        guard options.joinAbstractNouns else { return merged }
        var result: [String] = []
        index = 0
        while index < merged.count {
            if merged[index] == "ความ", index + 1 < merged.count, ThaiDictionaryTrie.codes(of: merged[index + 1]) != nil {
                result.append(merged[index] + merged[index + 1])
                index += 2
            } else {
                result.append(merged[index])
                index += 1
            }
        }
        return result
    }

    /// The Thai runs of a gold sentence (same run rule as the tokenizer) with gold boundaries.
    static func labeledRuns(_ tokens: [String]) -> [LabeledRun] {
        var scalars: [UInt32] = []
        var boundaries = Set<Int>()
        for token in tokens {
            boundaries.insert(scalars.count)
            scalars.append(contentsOf: token.unicodeScalars.map(\.value))
        }
        var runs: [LabeledRun] = []
        var index = 0
        while index < scalars.count {
            guard ThaiScript.isWordCharacter(scalars[index]) else { index += 1; continue }
            let start = index
            while index < scalars.count && ThaiScript.isWordCharacter(scalars[index]) { index += 1 }
            guard index - start > 1 else { continue }
            let codes = scalars[start..<index].map { UInt8($0 - ThaiScript.blockStart) }
            let labels = (0..<(index - start)).map { boundaries.contains(start + $0) }
            runs.append(LabeledRun(codes: codes, isBoundary: labels))
        }
        return runs
    }

    /// Distinct all-Thai words of the given lines.
    static func vocabulary(_ lines: [[String]]) -> [[UInt8]] {
        var seen = Set<[UInt8]>()
        for line in lines {
            for token in line {
                if let codes = ThaiDictionaryTrie.codes(of: token) { seen.insert(codes) }
            }
        }
        return seen.sorted { $0.lexicographicallyPrecedes($1) }
    }

    private struct CollectingSink: BoundaryFeatureSink {
        var features: [Int32]
        var hashedIndex: [UInt64: Int32]
        var hashedKeys: [UInt64]

        mutating func direct(_ slot: Int) { features.append(Int32(slot)) }

        mutating func hashed(_ key: UInt64) {
            if let index = hashedIndex[key] {
                features.append(index)
                return
            }
            let index = Int32(BoundaryFeatures.directSlotCount + hashedKeys.count)
            hashedIndex[key] = index
            hashedKeys.append(key)
            features.append(index)
        }
    }
}


/// Decides which sources a dictionary match keeps while a run is analysed (training hides some
/// words; segmenting keeps every match).
protocol MatchFilter {
    func filter(_ sources: UInt8, start: Int, end: Int) -> UInt8
}

struct NoHiddenWords: MatchFilter {
    @inline(__always)
    func filter(_ sources: UInt8, start: Int, end: Int) -> UInt8 { sources }
}

/// Words of one training run to treat as unknown, as spans of the run (`start << 32 | end`):
/// matches with exactly that span are dropped from every source, or from the learned list only.
struct HiddenWords: MatchFilter {
    var everywhere: Set<Int> = []
    var fromLearned: Set<Int> = []

    var isEmpty: Bool { everywhere.isEmpty && fromLearned.isEmpty }

    static func key(_ start: Int, _ end: Int) -> Int { start << 32 | end }

    /// Sources left for a dictionary match `start..<end` that had `sources`.
    func filter(_ sources: UInt8, start: Int, end: Int) -> UInt8 {
        if isEmpty { return sources }
        let key = Self.key(start, end)
        if everywhere.contains(key) { return 0 }
        if fromLearned.contains(key) { return sources & ~DictionarySource.learned.rawValue }
        return sources
    }

    /// Whether `position` is the start or end of a hidden word.
    func hasEdge(at position: Int) -> Bool {
        func touches(_ key: Int) -> Bool { key >> 32 == position || key & 0xFFFF_FFFF == position }
        return everywhere.contains(where: touches) || fromLearned.contains(where: touches)
    }
}
