/// Splits a run of Thai letters into words.
///
/// How (chosen by measurement, see BENCHMARKS.md): every position where Thai orthography allows a
/// boundary (Thai Character Cluster rules) is classified by a linear model — averaged perceptrons
/// over character n-grams, character classes and dictionary evidence from libthai, ICU and a
/// learned word list. Words from the domain and user dictionaries are then kept whole.
public struct ThaiSegmenter: Sendable {
    public let dictionary: ThaiDictionaryTrie
    public let model: SegmentationModel

    public init(dictionary: ThaiDictionaryTrie, model: SegmentationModel) {
        self.dictionary = dictionary
        self.model = model
    }

    /// Reusable buffers, so segmenting many runs allocates nothing after warm-up.
    public struct Workspace {
        /// Per-run byte arrays, laid out by `Layout`.
        var bytes: [UInt8] = []
        /// Dynamic-programming cost and back-pointer arrays for maximal matching.
        var integers: [Int32] = []
        /// Dictionary matches of the run, ordered by start then end.
        var matches: [Match] = []
        /// `wordEnds[i]` has bit `k` set when a dictionary word of `k + 1` codes starts at `i`
        /// (words of up to 64 codes).
        var wordEnds: [UInt64] = []
        /// The model's boundary score at each position, and scratch arrays for re-segmenting
        /// stretches of unknown words.
        var scores: [Float] = []
        var repair = RepairBuffers()
        /// Boundaries the model chose inside a domain or user word that was kept whole: the
        /// word's parts, which the index also makes searchable.
        public internal(set) var suppressedBoundaries: [Int] = []

        public init() {}
    }

    /// A dictionary word found in a run: codes `start..<end`, from `sources` (DictionarySource bits).
    struct Match {
        var start: Int32
        var end: Int32
        var sources: UInt8
    }

    /// Offsets of the per-run arrays inside `Workspace.bytes`; `stride` = run length + 1.
    struct Layout {
        let count: Int
        let stride: Int
        var padded: Int { 0 }  // count + 8 codes, 4 zeros each side
        /// Where code 0 of the run sits in the padded array.
        static let firstCode = 4
        var canBreak: Int { count + 8 }
        var longestStart: Int { canBreak + stride }
        var longestEnd: Int { longestStart + BoundaryFeatures.sourceCount * stride }
        var longestCover: Int { longestEnd + BoundaryFeatures.sourceCount * stride }
        var maximalMatch: Int { longestCover + BoundaryFeatures.sourceCount * stride }
        var isBoundary: Int { maximalMatch + BoundaryFeatures.sourceCount * stride }
        var total: Int { isBoundary + stride }

        init(count: Int) {
            self.count = count
            self.stride = count + 1
        }
    }

    /// Word boundaries inside `codes` (positions 1..<count, ascending); `codes` are Thai scalars
    /// minus U+0E00, as produced for a Thai run.
    public func boundaries(in codes: UnsafeBufferPointer<UInt8>, workspace: inout Workspace) -> [Int] {
        let count = codes.count
        guard count > 1 else { return [] }
        Self.analyzeRun(codes, dictionary: dictionary, workspace: &workspace, hidden: NoHiddenWords())
        let layout = Layout(count: count)
        var result: [Int] = []
        result.reserveCapacity(count / 3)
        let matches = workspace.matches
        let wordEnds = workspace.wordEnds
        var suppressed: [Int] = []
        // Scratch arrays leave the workspace while in use (no overlapping access), then return.
        var scores = workspace.scores
        var repair = workspace.repair
        workspace.scores = []
        workspace.repair = RepairBuffers()
        scores.removeAll(keepingCapacity: true)
        scores.append(contentsOf: repeatElement(0, count: count + 1))
        defer {
            workspace.scores = scores
            workspace.repair = repair
        }
        model.directWeights.withUnsafeBufferPointer { direct in
            model.hashedWeights.keys.withUnsafeBufferPointer { keys in
                model.hashedWeights.values.withUnsafeBufferPointer { values in
                    workspace.bytes.withUnsafeMutableBufferPointer { bytes in
                        scores.withUnsafeMutableBufferPointer { scores in
                            wordEnds.withUnsafeBufferPointer { wordEnds in
                                let context = Self.runContext(bytes, layout: layout)
                                let words = RunWords(ends: wordEnds)
                                var sink = ScoringSink(direct: direct, table: model.hashedWeights, keys: keys, values: values)
                                var tokenStart = 0
                                var sawUnknownWord = false
                                for position in 1..<count where bytes[layout.canBreak + position] != 0 {
                                    sink.sum = 0
                                    BoundaryFeatures.extract(at: position, context: context, into: &sink)
                                    scores[position] = sink.sum
                                    if sink.sum > 0 {
                                        bytes[layout.isBoundary + position] = 1
                                        if !sawUnknownWord && !words.isWord(from: tokenStart, to: position) { sawUnknownWord = true }
                                        tokenStart = position
                                    }
                                }
                                if sawUnknownWord || !words.isWord(from: tokenStart, to: count) {
                                    repairUnknownWords(
                                        count: count, bytes: bytes, layout: layout, scores: UnsafeBufferPointer(scores), words: words,
                                        buffers: &repair)
                                }
                            }
                        }
                        keepForcedWordsWhole(matches: matches, bytes: bytes, layout: layout, suppressed: &suppressed)
                        for position in 1..<count where bytes[layout.isBoundary + position] != 0 { result.append(position) }
                    }
                }
            }
        }
        workspace.suppressedBoundaries = suppressed
        return result
    }

    /// Convenience for one-off calls and tests.
    public func segment(_ word: String) -> [String] {
        let scalars = Array(word.unicodeScalars)
        guard scalars.allSatisfy({ ThaiScript.isWordCharacter($0.value) }) else { return [word] }
        let codes = scalars.map { UInt8($0.value - ThaiScript.blockStart) }
        var workspace = Workspace()
        let cuts = codes.withUnsafeBufferPointer { boundaries(in: $0, workspace: &workspace) }
        var pieces: [String] = []
        var start = 0
        for cut in cuts + [scalars.count] {
            var piece = String.UnicodeScalarView()
            piece.append(contentsOf: scalars[start..<cut])
            pieces.append(String(piece))
            start = cut
        }
        return pieces
    }

    private struct ScoringSink: BoundaryFeatureSink {
        let direct: UnsafeBufferPointer<Float>
        let table: HashedWeightTable
        let keys: UnsafeBufferPointer<UInt64>
        let values: UnsafeBufferPointer<Float>
        var sum: Float = 0

        @inline(__always)
        mutating func direct(_ slot: Int) { sum += direct[slot] }

        @inline(__always)
        mutating func hashed(_ key: UInt64) { sum += table.weight(for: key, keys: keys, values: values) }
    }

    static func runContext(_ bytes: UnsafeMutableBufferPointer<UInt8>, layout: Layout) -> BoundaryFeatures.RunContext {
        let base = UnsafeBufferPointer(bytes)
        func slice(_ start: Int, _ length: Int) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(rebasing: base[start..<(start + length)])
        }
        let perSource = BoundaryFeatures.sourceCount * layout.stride
        return BoundaryFeatures.RunContext(
            padded: slice(layout.padded, layout.count + 8),
            longestStart: slice(layout.longestStart, perSource),
            longestEnd: slice(layout.longestEnd, perSource),
            longestCover: slice(layout.longestCover, perSource),
            maximalMatchBoundary: slice(layout.maximalMatch, perSource),
            stride: layout.stride)
    }

    /// Dictionary evidence for a run: longest words per source starting/ending/spanning at each
    /// position, each source's fewest-words segmentation, and where boundaries may fall at all.
    /// `hidden` (training only) treats some words as unknown at one place each; segmenting uses
    /// `NoHiddenWords`, which compiles away.
    static func analyzeRun<Hidden: MatchFilter>(
        _ codes: UnsafeBufferPointer<UInt8>, dictionary: ThaiDictionaryTrie, workspace: inout Workspace, hidden: Hidden
    ) {
        let count = codes.count
        let layout = Layout(count: count)
        let stride = layout.stride
        let sourceCount = BoundaryFeatures.sourceCount
        workspace.bytes.removeAll(keepingCapacity: true)
        workspace.bytes.append(contentsOf: repeatElement(0, count: layout.total))
        workspace.matches.removeAll(keepingCapacity: true)
        workspace.wordEnds.removeAll(keepingCapacity: true)
        workspace.wordEnds.append(contentsOf: repeatElement(0, count: count + 1))
        let sourceBits = BoundaryFeatures.featureSourceBits

        workspace.bytes.withUnsafeMutableBufferPointer { bytes in
            for index in 0..<count {
                bytes[layout.padded + 4 + index] = codes[index]
                bytes[layout.canBreak + index] = ThaiScript.canBreak(before: index, in: codes) ? 1 : 0
            }
            bytes[layout.canBreak + count] = 1
            workspace.wordEnds.withUnsafeMutableBufferPointer { wordEnds in
                dictionary.withNodes { nodes in
                    for start in 0..<count {
                        var ends: UInt64 = 0
                        var node = ThaiDictionaryTrie.root
                        var end = start
                        while end < count {
                            node = nodes.child(of: node, code: codes[end])
                            if node == ThaiDictionaryTrie.none { break }
                            end += 1
                            var sources = nodes.sources(at: node)
                            if sources != 0 { sources = hidden.filter(sources, start: start, end: end) }
                            if sources == 0 { continue }
                            workspace.matches.append(Match(start: Int32(truncatingIfNeeded: start), end: Int32(truncatingIfNeeded: end), sources: sources))
                            if end - start <= 64 { ends |= 1 << UInt64(end - start - 1) }
                            let length = UInt8(clamping: end - start)
                            for source in 0..<sourceCount {
                                let bit = sourceBits[source]
                                guard sources & bit != 0 else { continue }
                                let offset = source * stride
                                // Matches come shortest first, so the last write is the longest.
                                bytes[layout.longestStart + offset + start] = length
                                let endIndex = layout.longestEnd + offset + end
                                if bytes[endIndex] < length { bytes[endIndex] = length }
                            }
                        }
                        wordEnds[start] = ends
                    }
                }
            }
            // The longest word spanning a position: only the longest word at each start matters.
            for source in 0..<sourceCount {
                let offset = source * stride
                for start in 0..<count {
                    let length = Int(bytes[layout.longestStart + offset + start])
                    guard length > 1 else { continue }
                    let coverLength = UInt8(min(length, 6))
                    let cover = layout.longestCover + offset
                    for inside in (start + 1)..<(start + length) where bytes[cover + inside] < coverLength {
                        bytes[cover + inside] = coverLength
                    }
                }
            }
        }
        workspace.integers.removeAll(keepingCapacity: true)
        workspace.integers.append(contentsOf: repeatElement(0, count: 2 * sourceCount * stride))
        workspace.bytes.withUnsafeMutableBufferPointer { bytes in
            workspace.integers.withUnsafeMutableBufferPointer { integers in
                workspace.matches.withUnsafeBufferPointer { matches in
                    markMaximalMatching(
                        count: count, canBreak: bytes.baseAddress! + layout.canBreak, matches: matches,
                        marks: bytes.baseAddress! + layout.maximalMatch,
                        cost: integers.baseAddress!, back: integers.baseAddress! + sourceCount * stride)
                }
            }
        }
    }

    /// Fewest-words segmentation with each source's words (an unknown cluster costs ten words),
    /// all sources in one pass; their boundaries become features. `cost`, `back` and `marks` hold
    /// one array of `count + 1` per source.
    @inline(__always)
    private static func markMaximalMatching(
        count: Int, canBreak: UnsafeMutablePointer<UInt8>,
        matches: UnsafeBufferPointer<Match>, marks: UnsafeMutablePointer<UInt8>, cost: UnsafeMutablePointer<Int32>, back: UnsafeMutablePointer<Int32>
    ) {
        let wordCost: Int32 = 10
        let unknownCost: Int32 = 100
        let stride = count + 1
        let sourceCount = BoundaryFeatures.sourceCount
        let bits = BoundaryFeatures.featureSourceBits
        for index in 0..<(sourceCount * stride) {
            cost[index] = Int32.max
            back[index] = -1
        }
        for source in 0..<sourceCount { cost[source * stride] = 0 }
        var match = 0
        let matchCount = matches.count
        for start in 0..<count {
            while match < matchCount && Int(matches[match].start) < start { match += 1 }
            guard canBreak[start] != 0 else { continue }
            var clusterEnd = start + 1
            while clusterEnd < count && canBreak[clusterEnd] == 0 { clusterEnd += 1 }
            for source in 0..<sourceCount {
                let costs = cost + source * stride
                let backs = back + source * stride
                let here = costs[start]
                guard here != Int32.max else { continue }
                let bit = bits[source]
                var candidate = match
                while candidate < matchCount && Int(matches[candidate].start) == start {
                    let end = Int(matches[candidate].end)
                    if matches[candidate].sources & bit != 0, canBreak[end] != 0, here + wordCost < costs[end] {
                        costs[end] = here + wordCost
                        backs[end] = Int32(truncatingIfNeeded: start)
                    }
                    candidate += 1
                }
                if here + unknownCost < costs[clusterEnd] {
                    costs[clusterEnd] = here + unknownCost
                    backs[clusterEnd] = Int32(truncatingIfNeeded: start)
                }
            }
        }
        // Walk each path back from the end, marking every boundary with the kinds of the pieces
        // on its two sides (a piece is unknown when it cost `unknownCost`).
        for source in 0..<sourceCount {
            let costs = cost + source * stride
            let backs = back + source * stride
            var position = Int(backs[count])
            guard position > 0 else { continue }
            var rightUnknown = costs[count] - costs[position] == unknownCost
            while position > 0 {
                let previous = Int(backs[position])
                let leftUnknown = costs[position] - costs[previous] == unknownCost
                let mark: UInt8
                switch (leftUnknown, rightUnknown) {
                case (false, false): mark = MaximalMatchMark.betweenWords
                case (true, true): mark = MaximalMatchMark.insideUnknown
                default: mark = MaximalMatchMark.unknownEdge
                }
                marks[source * stride + position] = mark
                position = previous
                rightUnknown = leftUnknown
            }
        }
    }

    /// Cost of a token no dictionary knows, against the model's boundary scores (tuned on the
    /// loanword development set; see BENCHMARKS.md).
    static let unknownWordCost: Float = 8
    /// Reward for a dictionary word of at least `longWordLength` codes on the path: a long word
    /// is rarely found by accident, so it is cut out of an unknown stretch even where the model
    /// leans the other way (`ไอแซค|นิวตัน`, not `ไอแซ|คนิวตัน`). Tuned on the loanword
    /// development set with the three gold sets held at or above their earlier F1.
    static let longWordBonus: Float = 9
    static let longWordLength = 6
    /// Extra cost of a token that is one bare consonant: gold data almost never has one (ณ, the
    /// exception, is a dictionary word).
    static let loneConsonantCost: Float = 16
    /// Longest unknown token the repair considers, in codes.
    static let longestUnknownWord = 40

    /// Dynamic-programming arrays for `resegment`.
    struct RepairBuffers {
        var best: [Float] = []
        var back: [Int32] = []
    }

    /// Which dictionary words start where in a run (see `Workspace.wordEnds`).
    struct RunWords {
        let ends: UnsafeBufferPointer<UInt64>

        /// Whether codes `start..<end` are a dictionary word (of any source).
        @inline(__always)
        func isWord(from start: Int, to end: Int) -> Bool {
            let length = end - start
            return length <= 64 && (ends[start] >> UInt64(length - 1)) & 1 != 0
        }
    }

    /// Stretches of unknown words, segmented again. The model decides each position on its own,
    /// and next to a word no dictionary knows it can glue that word to a known neighbour
    /// (`ทาวาร์นิช`) or cut it where one of its syllables happens to be a word. Each maximal
    /// stretch of tokens that are not dictionary words, with one token either side, gets the path
    /// with the best total: the model's scores of the boundaries it takes, minus
    /// `unknownWordCost` for every token that is not a dictionary word, plus `longWordBonus` for
    /// every dictionary word of `longWordLength` codes or more. So a known word beside an
    /// unknown one is cut off unless the model is fairly sure it belongs to it, and the pieces of
    /// an unknown word are joined unless the model is fairly sure they are apart. Runs made of
    /// dictionary words never enter this step.
    private func repairUnknownWords(
        count: Int, bytes: UnsafeMutableBufferPointer<UInt8>, layout: Layout, scores: UnsafeBufferPointer<Float>,
        words: RunWords, buffers: inout RepairBuffers
    ) {
        let isBoundary = layout.isBoundary
        // The token after `start`: its end.
        func end(after start: Int) -> Int {
            var position = start + 1
            while position < count && bytes[isBoundary + position] == 0 { position += 1 }
            return position
        }
        var previousStart = 0  // where the token before `start` starts (0 for the first token)
        var start = 0
        while start < count {
            let stop = end(after: start)
            if words.isWord(from: start, to: stop) {
                previousStart = start
                start = stop
                continue
            }
            // Unknown tokens from `start` on, and the known token after them (if any).
            var lastEnd = stop
            while lastEnd < count {
                let next = end(after: lastEnd)
                let known = words.isWord(from: lastEnd, to: next)
                lastEnd = next
                if known { break }
            }
            let regionStart = previousStart
            resegment(
                from: regionStart, to: lastEnd, bytes: bytes, layout: layout, scores: scores, words: words,
                buffers: &buffers)
            // The region's last token, as now cut, is the left neighbour of what follows.
            previousStart = lastEnd - 1
            while previousStart > regionStart && bytes[isBoundary + previousStart] == 0 { previousStart -= 1 }
            start = lastEnd
        }
    }

    /// Best path through `regionStart..<regionEnd` (both ends stay boundaries), written into
    /// the boundary marks.
    private func resegment(
        from regionStart: Int, to regionEnd: Int, bytes: UnsafeMutableBufferPointer<UInt8>, layout: Layout,
        scores: UnsafeBufferPointer<Float>, words: RunWords, buffers: inout RepairBuffers
    ) {
        let canBreak = layout.canBreak
        let isBoundary = layout.isBoundary
        let length = regionEnd - regionStart
        buffers.best.removeAll(keepingCapacity: true)
        buffers.best.append(contentsOf: repeatElement(-Float.infinity, count: length + 1))
        buffers.back.removeAll(keepingCapacity: true)
        buffers.back.append(contentsOf: repeatElement(-1, count: length + 1))
        buffers.best.withUnsafeMutableBufferPointer { best in
            buffers.back.withUnsafeMutableBufferPointer { back in
                best[0] = 0
                for start in regionStart..<regionEnd {
                    let here = best[start - regionStart]
                    guard here > -Float.infinity else { continue }
                    let base = start == regionStart ? here : here + scores[start]
                    // Dictionary words starting here cost nothing; long ones earn `longWordBonus`.
                    var ends = words.ends[start]
                    while ends != 0 {
                        let end = start + ends.trailingZeroBitCount + 1
                        ends &= ends - 1
                        guard end <= regionEnd else { break }
                        let bonus = end - start >= Self.longWordLength ? Self.longWordBonus : 0
                        guard bytes[canBreak + end] != 0, base + bonus > best[end - regionStart] else { continue }
                        best[end - regionStart] = base + bonus
                        back[end - regionStart] = Int32(truncatingIfNeeded: start)
                    }
                    // Any other token ending at a cluster boundary costs `unknownWordCost`.
                    var cost = Self.unknownWordCost
                    let code = bytes[Layout.firstCode + start]
                    if bytes[canBreak + start + 1] != 0 && code >= 0x01 && code <= 0x2E { cost += Self.loneConsonantCost }
                    var end = start + 1
                    while end <= regionEnd && end - start <= Self.longestUnknownWord {
                        if bytes[canBreak + end] != 0 {
                            let candidate = base - cost
                            if candidate > best[end - regionStart] && !words.isWord(from: start, to: end) {
                                best[end - regionStart] = candidate
                                back[end - regionStart] = Int32(truncatingIfNeeded: start)
                            }
                            cost = Self.unknownWordCost
                        }
                        end += 1
                    }
                }
                guard back[length] >= 0 else { return }
                for position in (regionStart + 1)..<regionEnd { bytes[isBoundary + position] = 0 }
                var position = Int(back[length])
                while position > regionStart {
                    bytes[isBoundary + position] = 1
                    position = Int(back[position - regionStart])
                }
            }
        }
    }

    /// Domain and user words are never split: the leftmost-longest such word wins, its inner
    /// boundaries are removed and its edges become boundaries.
    private func keepForcedWordsWhole(matches: [Match], bytes: UnsafeMutableBufferPointer<UInt8>, layout: Layout, suppressed: inout [Int]) {
        let forced = DictionarySource.forced.rawValue
        let canBreak = layout.canBreak
        let isBoundary = layout.isBoundary
        var covered = 0
        var index = 0
        let matchCount = matches.count
        while index < matchCount {
            let start = Int(matches[index].start)
            var longest = -1
            while index < matchCount && Int(matches[index].start) == start {
                let end = Int(matches[index].end)
                if matches[index].sources & forced != 0, bytes[canBreak + end] != 0 { longest = end }
                index += 1
            }
            guard longest > 0, start >= covered, bytes[canBreak + start] != 0 else { continue }
            for inside in (start + 1)..<longest where bytes[isBoundary + inside] != 0 {
                bytes[isBoundary + inside] = 0
                suppressed.append(inside)
            }
            bytes[isBoundary + start] = 1
            bytes[isBoundary + longest] = 1
            covered = longest
        }
    }
}
