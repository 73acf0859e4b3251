/// The sub-word level under the words: every run of Thai letters is cut into Thai Character
/// Clusters (the units Thai orthography never splits: a consonant with its vowels, tone and
/// silent marks, a leading vowel with its consonant), and every two consecutive clusters form
/// one gram, indexed at consecutive positions whatever the segmenter decided. A query word of k
/// clusters then matches wherever its clusters occur in sequence inside one run — inside a
/// longer word, across two words, or under a different cut — as a phrase of grams.
///
/// Both sides use the same rules (`ThaiScript.canBreak`) on the same repaired text, so a word's
/// clusters alone are its clusters in any text where it stands on cluster boundaries.
public enum ThaiSubwords {
    /// Clusters per gram. Two, so that every word of two or more clusters (ลีก, ทีม, ฟีฟ่า) has a
    /// sub-word match; longer words look for every other gram (see `queryGrams`).
    public static let gramClusters = 2

    /// Positions left free after the last gram of a run (the next run's grams start after them).
    /// A query's grams are at most `gramClusters` positions apart, so a phrase of grams can never
    /// step from one run into the next.
    public static let runGap = gramClusters

    /// Cluster boundaries of `scalars` (repaired Thai letters): `bounds[0] == 0`, the last is
    /// `scalars.count`, cluster `i` is `bounds[i]..<bounds[i + 1]`.
    public static func clusterBounds(_ scalars: UnsafeBufferPointer<UInt32>, codes: inout [UInt8], into bounds: inout [Int]) {
        bounds.removeAll(keepingCapacity: true)
        codes.removeAll(keepingCapacity: true)
        guard !scalars.isEmpty else { return }
        for value in scalars { codes.append(UInt8(truncatingIfNeeded: value &- ThaiScript.blockStart)) }
        bounds.append(0)
        codes.withUnsafeBufferPointer { codes in
            for index in 1..<codes.count where ThaiScript.canBreak(before: index, in: codes) { bounds.append(index) }
        }
        bounds.append(scalars.count)
    }

    /// The clusters of a Thai word or run (text already repaired, e.g. an index term).
    public static func clusters(of text: String) -> [String] {
        let scalars = text.unicodeScalars.map(\.value)
        guard scalars.allSatisfy(ThaiScript.isWordCharacter) else { return [] }
        var codes: [UInt8] = []
        var bounds: [Int] = []
        scalars.withUnsafeBufferPointer { clusterBounds($0, codes: &codes, into: &bounds) }
        guard bounds.count >= 2 else { return [] }
        return (0..<(bounds.count - 1)).map { TermNormalizer.string(scalars[bounds[$0]..<bounds[$0 + 1]]) }
    }

    /// The grams a query for `clusters` looks for, with their offsets from the first: every
    /// `gramClusters`-th gram and the last one, which together cover every cluster (consecutive
    /// overlapping grams would add cursors without adding precision). Empty below `gramClusters`.
    public static func queryGrams(_ clusters: [String]) -> [(gram: String, offset: UInt32)] {
        guard clusters.count >= gramClusters else { return [] }
        var starts = Array(stride(from: 0, through: clusters.count - gramClusters, by: gramClusters))
        if starts.last != clusters.count - gramClusters { starts.append(clusters.count - gramClusters) }
        return starts.map { start in (clusters[start..<(start + gramClusters)].joined(), UInt32(start)) }
    }

    /// A Thai consonant (ก–ฮ).
    @inline(__always)
    public static func isConsonant(_ scalar: UInt32) -> Bool { scalar >= 0x0E01 && scalar <= 0x0E2E }

    /// Number of grams a run of `clusterCount` clusters is indexed as.
    @inline(__always)
    public static func gramCount(clusters clusterCount: Int) -> Int { max(0, clusterCount - gramClusters + 1) }
}

extension Analyzer {
    /// Index terms of `text` in order, as `forEachTerm`, and each run of Thai letters with its
    /// cluster boundaries (the sub-word level), from one preparation of the text.
    public func forEachTerm(in text: String, workspace: inout Workspace, _ body: (String, [String]) -> Void,
                            thaiRun: (UnsafeBufferPointer<UInt32>, [Int]) -> Void) {
        let prepared = PreparedText(text)
        for span in spans(of: prepared, workspace: &workspace) where span.kind.isIndexable {
            let (term, _) = normalizer.term(kind: span.kind, scalars: prepared.scalars[span.scalarStart..<span.scalarEnd])
            body(term, span.kind == .thai ? subterms(of: span, term: term, prepared: prepared) : [])
        }
        prepared.scalars.withUnsafeBufferPointer { scalars in
            for piece in workspace.pieces where piece.kind == .thaiRun {
                let run = UnsafeBufferPointer(rebasing: scalars[piece.start..<piece.end])
                ThaiSubwords.clusterBounds(run, codes: &workspace.codes, into: &workspace.clusterBounds)
                thaiRun(run, workspace.clusterBounds)
            }
        }
    }

    /// The runs of Thai letters of `text` after repair (what the sub-word level indexes), in order.
    public func thaiRuns(in text: String) -> [String] {
        let prepared = PreparedText(text)
        var runs: [String] = []
        var start = -1
        for (index, value) in prepared.scalars.enumerated() {
            if ThaiScript.isWordCharacter(value) {
                if start < 0 { start = index }
            } else if start >= 0 {
                runs.append(TermNormalizer.string(prepared.scalars[start..<index]))
                start = -1
            }
        }
        if start >= 0 { runs.append(TermNormalizer.string(prepared.scalars[start...])) }
        return runs
    }
}
