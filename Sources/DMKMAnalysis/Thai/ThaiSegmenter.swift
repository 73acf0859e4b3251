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
        var suppressed: [Int] = []
        model.directWeights.withUnsafeBufferPointer { direct in
            model.hashedWeights.keys.withUnsafeBufferPointer { keys in
                model.hashedWeights.values.withUnsafeBufferPointer { values in
                    workspace.bytes.withUnsafeMutableBufferPointer { bytes in
                        let context = Self.runContext(bytes, layout: layout)
                        var sink = ScoringSink(direct: direct, table: model.hashedWeights, keys: keys, values: values)
                        for position in 1..<count where bytes[layout.canBreak + position] != 0 {
                            sink.sum = 0
                            BoundaryFeatures.extract(at: position, context: context, into: &sink)
                            if sink.sum > 0 { bytes[layout.isBoundary + position] = 1 }
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
        let sourceBits = BoundaryFeatures.featureSourceBits

        workspace.bytes.withUnsafeMutableBufferPointer { bytes in
            for index in 0..<count {
                bytes[layout.padded + 4 + index] = codes[index]
                bytes[layout.canBreak + index] = ThaiScript.canBreak(before: index, in: codes) ? 1 : 0
            }
            bytes[layout.canBreak + count] = 1
            dictionary.withNodes { nodes in
                for start in 0..<count {
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
