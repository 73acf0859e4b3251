import Foundation

/// Turns mixed Thai/English text into tokens: the one analysis used for indexing, queries and
/// snippets, so all three agree on what a word is.
///
/// Pipeline: prepare (repairs that must precede segmentation) → split script runs → segment Thai
/// runs → join Thai abbreviations → normalize each token into its index term.
public struct Analyzer: Sendable {
    public let segmenter: ThaiSegmenter
    public let stopWords: Set<String>
    let normalizer = TermNormalizer()

    public init(segmenter: ThaiSegmenter, stopWords: Set<String>) {
        self.segmenter = segmenter
        self.stopWords = stopWords
    }

    /// Builds the standard analyzer: system dictionaries (libthai, ICU), the bundled model and
    /// domain dictionary, plus an optional user dictionary (one word a line).
    public static func standard(userDictionary: URL? = nil) throws -> Analyzer {
        let model = try AnalysisResources.segmentationModel()
        var words: [(codes: [UInt8], source: DictionarySource)] = []
        for codes in try SystemDictionaries.libthaiWords() { words.append((codes, .libthai)) }
        for codes in try SystemDictionaries.icuWords() { words.append((codes, .icu)) }
        for word in model.learnedWords { if let codes = ThaiDictionaryTrie.codes(of: word) { words.append((codes, .learned)) } }
        for word in try AnalysisResources.domainWords() { if let codes = ThaiDictionaryTrie.codes(of: word) { words.append((codes, .domain)) } }
        if let userDictionary {
            for word in try AnalysisResources.wordList(at: userDictionary) {
                if let codes = ThaiDictionaryTrie.codes(of: word) { words.append((codes, .user)) }
            }
        }
        let segmenter = ThaiSegmenter(dictionary: ThaiDictionaryTrie(words: words), model: model)
        return Analyzer(segmenter: segmenter, stopWords: try AnalysisResources.stopWords())
    }

    /// A token before its strings are built: kind plus ranges in prepared and original text.
    public struct Span: Sendable, Equatable {
        public var kind: TokenKind
        /// Range in the prepared scalars.
        var scalarStart: Int
        var scalarEnd: Int
        public var utf8Range: Range<Int>
        /// Inner cuts (prepared-scalar positions) between the parts of a word kept whole.
        var partCuts: [Int] = []
    }

    /// Reusable buffers for analyzing many texts on one thread.
    public struct Workspace {
        var thai = ThaiSegmenter.Workspace()
        var pieces: [ScriptPiece] = []
        var codes: [UInt8] = []
        var clusterBounds: [Int] = []
        public init() {}
    }

    /// All tokens of `text`, with surfaces, terms and offsets.
    public func tokens(in text: String) -> [Token] {
        var workspace = Workspace()
        return tokens(in: text, workspace: &workspace)
    }

    public func tokens(in text: String, workspace: inout Workspace) -> [Token] {
        let prepared = PreparedText(text)
        let spans = spans(of: prepared, workspace: &workspace)
        var utf8 = text.utf8
        var tokens: [Token] = []
        tokens.reserveCapacity(spans.count)
        let build: (UnsafeBufferPointer<UInt8>) -> Void = { bytes in
            for span in spans {
                let surface = String(decoding: UnsafeBufferPointer(rebasing: bytes[span.utf8Range]), as: UTF8.self)
                let (term, stopForm) = normalizer.term(kind: span.kind, scalars: prepared.scalars[span.scalarStart..<span.scalarEnd])
                var token = Token(surface: surface, term: term, kind: span.kind, utf8Range: span.utf8Range,
                                  isStopWord: span.kind.isIndexable && stopWords.contains(stopForm))
                if span.kind == .thai { token.subterms = subterms(of: span, term: term, prepared: prepared) }
                tokens.append(token)
            }
        }
        if utf8.withContiguousStorageIfAvailable(build) == nil {
            utf8 = String(text).utf8  // a bridged string: make it native, then read its bytes
            let bytes = Array(utf8)
            bytes.withUnsafeBufferPointer(build)
        }
        return tokens
    }

    /// Index terms of `text` in order, for indexing: no surface strings, no stop-word lookups.
    /// `body` receives each indexable token's term and its searchable parts.
    public func forEachTerm(in text: String, workspace: inout Workspace, _ body: (String, [String]) -> Void) {
        let prepared = PreparedText(text)
        for span in spans(of: prepared, workspace: &workspace) where span.kind.isIndexable {
            let (term, _) = normalizer.term(kind: span.kind, scalars: prepared.scalars[span.scalarStart..<span.scalarEnd])
            body(term, span.kind == .thai ? subterms(of: span, term: term, prepared: prepared) : [])
        }
    }

    /// The surface words of `text` in order (what `dmkm tokenize` prints).
    public func surfaces(of text: String, workspace: inout Workspace) -> [Substring] {
        let prepared = PreparedText(text)
        let spans = spans(of: prepared, workspace: &workspace)
        let utf8 = text.utf8
        return spans.map { span in
            let start = utf8.index(utf8.startIndex, offsetBy: span.utf8Range.lowerBound)
            let end = utf8.index(start, offsetBy: span.utf8Range.count)
            return text[start..<end]
        }
    }

    /// Index terms of `text` (indexable tokens only), in order.
    public func terms(in text: String) -> [String] {
        tokens(in: text).filter { $0.kind.isIndexable }.map(\.term)
    }

    func spans(of prepared: PreparedText, workspace: inout Workspace) -> [Span] {
        workspace.pieces.removeAll(keepingCapacity: true)
        prepared.scalars.withUnsafeBufferPointer { ScriptSplitter.split($0, into: &workspace.pieces) }
        var spans: [Span] = []
        spans.reserveCapacity(workspace.pieces.count * 2)
        func append(_ kind: TokenKind, _ start: Int, _ end: Int) {
            spans.append(Span(kind: kind, scalarStart: start, scalarEnd: end,
                              utf8Range: prepared.start(of: start)..<prepared.end(of: end - 1)))
        }
        for piece in workspace.pieces {
            switch piece.kind {
            case .thaiRun:
                var chunkStart = piece.start
                while chunkStart < piece.end {
                    let chunkEnd = Self.thaiChunkEnd(prepared.scalars, from: chunkStart, runEnd: piece.end)
                    workspace.codes.removeAll(keepingCapacity: true)
                    for index in chunkStart..<chunkEnd {
                        workspace.codes.append(UInt8(truncatingIfNeeded: prepared.scalars[index] - ThaiScript.blockStart))
                    }
                    let cuts = workspace.codes.withUnsafeBufferPointer { segmenter.boundaries(in: $0, workspace: &workspace.thai) }
                    let firstSpan = spans.count
                    var start = chunkStart
                    for cut in cuts {
                        append(.thai, start, chunkStart + cut)
                        start = chunkStart + cut
                    }
                    append(.thai, start, chunkEnd)
                    if !workspace.thai.suppressedBoundaries.isEmpty {
                        Self.attachPartCuts(workspace.thai.suppressedBoundaries.map { chunkStart + $0 }, to: &spans, from: firstSpan)
                    }
                    chunkStart = chunkEnd
                }
            case .latin: append(.latin, piece.start, piece.end)
            case .number: append(.number, piece.start, piece.end)
            case .punctuation: append(.punctuation, piece.start, piece.end)
            case .symbol: append(.symbol, piece.start, piece.end)
            }
        }
        return Self.joinThaiAbbreviations(spans, prepared: prepared)
    }

    /// Records each inner cut on the span that contains it.
    static func attachPartCuts(_ cuts: [Int], to spans: inout [Span], from first: Int) {
        var index = first
        for cut in cuts.sorted() {
            while index < spans.count && spans[index].scalarEnd <= cut { index += 1 }
            guard index < spans.count, spans[index].scalarStart < cut else { continue }
            spans[index].partCuts.append(cut)
        }
    }

    /// Searchable parts of a Thai word kept whole: the pieces between the model's own cuts in a
    /// domain or user word (การจัดการความรู้ → การจัดการ, ความรู้ …), and the noun of a ความ-word
    /// (ความรู้ → รู้).
    func subterms(of span: Span, term: String, prepared: PreparedText) -> [String] {
        var parts: [String] = []
        if !span.partCuts.isEmpty {
            var start = span.scalarStart
            for cut in span.partCuts + [span.scalarEnd] where cut > start {
                parts.append(TermNormalizer.string(prepared.scalars[start..<cut]))
                start = cut
            }
        }
        let noun = "ความ"
        if term.hasPrefix(noun), term.unicodeScalars.count > noun.unicodeScalars.count + 1 {
            parts.append(String(term.unicodeScalars.dropFirst(noun.unicodeScalars.count)))
        }
        var seen: Set<String> = [term]
        return parts.filter { $0.unicodeScalars.count > 1 && seen.insert($0).inserted }
    }

    /// Longest Thai text segmented at once. Runs without spaces can be megabytes long (a PDF
    /// extraction, a hostile file); cutting them keeps segmentation memory bounded, and a cut
    /// costs at most one boundary decision every few thousand characters.
    static let maximumThaiChunk = 4096

    /// End of the chunk starting at `start`: the run end, or a position before which Thai
    /// orthography allows a boundary, as close to the size limit as possible.
    static func thaiChunkEnd(_ scalars: [UInt32], from start: Int, runEnd: Int) -> Int {
        guard runEnd - start > maximumThaiChunk else { return runEnd }
        var cut = start + maximumThaiChunk
        while cut > start + maximumThaiChunk / 2 {
            let value = scalars[cut]
            let previous = scalars[cut - 1]
            let startsCluster = !ThaiScript.isCombiningMark(value) && value != 0x0E30 && value != 0x0E32 && value != 0x0E33
                && value != 0x0E45 && !(previous >= 0x0E40 && previous <= 0x0E44)
            if startsCluster { return cut }
            cut -= 1
        }
        return start + maximumThaiChunk
    }

    /// "พ.ศ.", "ดร.", "จ.": one to three Thai consonants directly followed by a dot, possibly
    /// repeated, are one abbreviation token.
    static func joinThaiAbbreviations(_ spans: [Span], prepared: PreparedText) -> [Span] {
        func isAbbreviationPart(_ span: Span) -> Bool {
            guard span.kind == .thai, span.scalarEnd - span.scalarStart <= 3 else { return false }
            return prepared.scalars[span.scalarStart..<span.scalarEnd].allSatisfy { $0 >= 0x0E01 && $0 <= 0x0E2E }
        }
        func isDot(_ index: Int, after previous: Span) -> Bool {
            index < spans.count && spans[index].kind == .punctuation && spans[index].scalarStart == previous.scalarEnd
                && spans[index].scalarEnd - spans[index].scalarStart == 1 && prepared.scalars[spans[index].scalarStart] == 0x2E
        }
        var result: [Span] = []
        result.reserveCapacity(spans.count)
        var index = 0
        while index < spans.count {
            let span = spans[index]
            guard isAbbreviationPart(span), isDot(index + 1, after: span) else {
                result.append(span)
                index += 1
                continue
            }
            var joined = Span(kind: .abbreviation, scalarStart: span.scalarStart, scalarEnd: spans[index + 1].scalarEnd,
                              utf8Range: span.utf8Range.lowerBound..<spans[index + 1].utf8Range.upperBound)
            index += 2
            while index + 1 < spans.count, spans[index].scalarStart == joined.scalarEnd, isAbbreviationPart(spans[index]),
                isDot(index + 1, after: spans[index])
            {
                joined.scalarEnd = spans[index + 1].scalarEnd
                joined.utf8Range = joined.utf8Range.lowerBound..<spans[index + 1].utf8Range.upperBound
                index += 2
            }
            result.append(joined)
        }
        return result
    }
}
