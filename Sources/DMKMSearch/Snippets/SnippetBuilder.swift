import Foundation
#if canImport(Glibc)
import Glibc
#endif
import DMKMAnalysis
import DMKMIndex

/// A short passage of a document around the query's matches. Pieces are whole tokens of the
/// original text (and the text between them), so a snippet never cuts a Thai word or a
/// grapheme cluster.
public struct Snippet: Sendable, Codable, Equatable {
    public struct Piece: Sendable, Codable, Equatable {
        public var text: String
        public var highlighted: Bool
    }

    /// Which field the passage comes from.
    public var field: String
    public var pieces: [Piece]
    /// Whether text was left out before / after the passage.
    public internal(set) var truncatedStart: Bool
    public var truncatedEnd: Bool

    /// The passage with highlights wrapped in `open`/`close` and "…" where text was cut.
    public func rendered(open: String = "[", close: String = "]", escape: (String) -> String = { $0 }) -> String {
        var text = truncatedStart ? "…" : ""
        for piece in pieces {
            text += piece.highlighted ? open + escape(piece.text) + close : escape(piece.text)
        }
        if truncatedEnd { text += "…" }
        return text
    }

    public var plainText: String { pieces.map(\.text).joined() }
}

/// Picks the densest window of query matches in a document and cuts it at token boundaries.
struct SnippetBuilder {
    let analyzer: Analyzer
    /// Tokens in a snippet window.
    var windowTokens = 40
    /// Body text analyzed for snippets (very long bodies: the passage comes from the start).
    var maximumAnalyzedBytes = 64 * 1024

    func snippet(for document: IndexDocument, terms: Set<String>, prefixes: Set<String>) -> Snippet? {
        let candidates: [(String, String)] = [
            ("abstract", document.abstracts.map(\.text).joined(separator: "\n")),
            ("body", document.body),
            ("title", document.titles.map(\.text).joined(separator: " / ")),
        ]
        var best: (score: Int, snippet: Snippet)?
        for (field, fullText) in candidates where !fullText.isEmpty {
            let text = Self.region(of: fullText, around: terms.union(prefixes), maximumBytes: maximumAnalyzedBytes)
            guard case (let score, var snippet)? = window(in: text.text, field: field, terms: terms, prefixes: prefixes) else { continue }
            snippet.truncatedStart = snippet.truncatedStart || text.cutStart
            snippet.truncatedEnd = snippet.truncatedEnd || text.cutEnd
            if best == nil || score > best!.score { best = (score, snippet) }
            if score >= terms.count + prefixes.count && score > 0 { break }
        }
        if let best { return best.snippet }
        // No match in stored text (e.g. matched an author): show the start of the abstract or body.
        for (field, text) in candidates.prefix(2) where !text.isEmpty {
            return window(in: Self.prefix(of: text, maximumBytes: maximumAnalyzedBytes), field: field, terms: [], prefixes: [], allowEmpty: true)?.1
        }
        return nil
    }

    /// Bytes analyzed around the likeliest passage of a long text.
    static let regionBytes = 1600

    /// The part of `text` worth analyzing: all of a short text; for a long one, the stretch where
    /// the query's terms occur most densely (found by a byte search, before any analysis). Terms
    /// are index terms (lower-case, English stemmed), which are prefixes of what was written.
    static func region(of text: String, around terms: Set<String>, maximumBytes: Int) -> (text: String, cutStart: Bool, cutEnd: Bool) {
        let utf8 = text.utf8
        guard utf8.count > regionBytes, !terms.isEmpty else {
            let prefix = prefix(of: text, maximumBytes: maximumBytes)
            return (prefix, false, prefix.utf8.count < utf8.count)
        }
        let bytes = Array(utf8)
        let lowered = bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
        var hits: [(offset: Int, term: Int)] = []
        lowered.withUnsafeBytes { haystack in
            for (index, term) in terms.sorted().enumerated() {
                let needle = Array(term.utf8)
                guard !needle.isEmpty else { continue }
                var start = 0
                needle.withUnsafeBytes { needle in
                    while start < haystack.count, hits.count < 4096, let offset = Self.find(needle, in: haystack, from: start) {
                        hits.append((offset, index))
                        start = offset + needle.count
                    }
                }
            }
        }
        guard !hits.isEmpty else {
            let prefix = prefix(of: text, maximumBytes: regionBytes)
            return (prefix, false, true)
        }
        hits.sort { $0.offset < $1.offset }
        // The window of `regionBytes` holding the most distinct terms (then the most hits).
        var bestStart = hits[0].offset
        var bestScore = (0, 0)
        var left = 0
        var counts: [Int: Int] = [:]
        for right in hits.indices {
            counts[hits[right].term, default: 0] += 1
            while hits[right].offset - hits[left].offset > regionBytes / 2 {
                counts[hits[left].term]! -= 1
                if counts[hits[left].term] == 0 { counts.removeValue(forKey: hits[left].term) }
                left += 1
            }
            let score = (counts.count, right - left + 1)
            if score > bestScore { bestScore = score; bestStart = hits[left].offset }
        }
        var start = max(0, bestStart - regionBytes / 4)
        var end = min(bytes.count, start + regionBytes)
        // Move the cuts to whitespace where possible, and never inside a UTF-8 sequence.
        if start > 0, let space = bytes[start..<min(bytes.count, start + 200)].firstIndex(where: { $0 == 0x20 || $0 == 0x0A }) { start = space + 1 }
        while start < bytes.count && bytes[start] & 0xC0 == 0x80 { start += 1 }
        if end < bytes.count, let space = bytes[max(start, end - 200)..<end].lastIndex(where: { $0 == 0x20 || $0 == 0x0A }) { end = space }
        while end < bytes.count && end > start && bytes[end] & 0xC0 == 0x80 { end -= 1 }
        return (String(decoding: bytes[start..<end], as: UTF8.self), start > 0, end < bytes.count)
    }

    /// First occurrence of `needle` in `haystack` at or after `start` (memchr for the first byte,
    /// then a compare).
    static func find(_ needle: UnsafeRawBufferPointer, in haystack: UnsafeRawBufferPointer, from start: Int) -> Int? {
        guard let base = haystack.baseAddress, let pattern = needle.baseAddress, needle.count > 0 else { return nil }
        var position = start
        let last = haystack.count - needle.count
        let first = Int32(needle[0])
        while position <= last {
            guard let hit = memchr(base + position, first, last - position + 1) else { return nil }
            let offset = base.distance(to: UnsafeRawPointer(hit))
            if memcmp(base + offset, pattern, needle.count) == 0 { return offset }
            position = offset + 1
        }
        return nil
    }

    /// The longest whole-Character prefix of `text` within `maximumBytes` of UTF-8.
    static func prefix(of text: String, maximumBytes: Int) -> String {
        guard text.utf8.count > maximumBytes else { return text }
        var end = text.startIndex
        var used = 0
        for index in text.indices {
            let size = text[index].utf8.count
            if used + size > maximumBytes { break }
            used += size
            end = text.index(after: index)
        }
        return String(text[..<end])
    }

    private func matches(_ token: Token, terms: Set<String>, prefixes: Set<String>) -> Bool {
        guard token.kind.isIndexable else { return false }
        if terms.contains(token.term) || token.subterms.contains(where: terms.contains) { return true }
        return prefixes.contains { token.term.hasPrefix($0) || token.surface.lowercased().hasPrefix($0) }
    }

    private func window(in text: String, field: String, terms: Set<String>, prefixes: Set<String>, allowEmpty: Bool = false) -> (Int, Snippet)? {
        let tokens = analyzer.tokens(in: text)
        guard !tokens.isEmpty else { return nil }
        let matched = tokens.map { matches($0, terms: terms, prefixes: prefixes) }
        // Score a window by the distinct matched terms it holds, then by match count.
        var bestStart = 0
        var bestScore = -1
        var bestCount = 0
        var start = 0
        var counts: [String: Int] = [:]
        var matchCount = 0
        for end in tokens.indices {
            if matched[end] { counts[tokens[end].term, default: 0] += 1; matchCount += 1 }
            if end - start + 1 > windowTokens {
                if matched[start] {
                    counts[tokens[start].term]! -= 1
                    if counts[tokens[start].term] == 0 { counts.removeValue(forKey: tokens[start].term) }
                    matchCount -= 1
                }
                start += 1
            }
            if counts.count > bestScore || (counts.count == bestScore && matchCount > bestCount) {
                bestScore = counts.count
                bestCount = matchCount
                bestStart = start
            }
        }
        guard bestScore > 0 || allowEmpty else { return nil }
        // Start a few tokens before the first match so the passage reads naturally.
        var first = bestStart
        if let firstMatch = (bestStart..<min(tokens.count, bestStart + windowTokens)).first(where: { matched[$0] }) {
            first = max(0, firstMatch - 6)
        }
        let last = min(tokens.count, first + windowTokens) - 1
        let bytes = Array(text.utf8)
        var pieces: [Snippet.Piece] = []
        var cursor = tokens[first].utf8Range.lowerBound
        func appendPlain(_ range: Range<Int>) {
            guard !range.isEmpty else { return }
            let piece = String(decoding: bytes[range], as: UTF8.self)
            if let lastPiece = pieces.last, !lastPiece.highlighted {
                pieces[pieces.count - 1].text += piece
            } else {
                pieces.append(Snippet.Piece(text: piece, highlighted: false))
            }
        }
        for index in first...last {
            let range = tokens[index].utf8Range
            if matched[index] {
                appendPlain(cursor..<range.lowerBound)
                pieces.append(Snippet.Piece(text: String(decoding: bytes[range], as: UTF8.self), highlighted: true))
                cursor = range.upperBound
            }
        }
        appendPlain(cursor..<tokens[last].utf8Range.upperBound)
        // Line breaks read badly in a one-line passage.
        pieces = pieces.map { Snippet.Piece(text: $0.text.replacingOccurrences(of: "\n", with: " "), highlighted: $0.highlighted) }
        let snippet = Snippet(field: field, pieces: pieces, truncatedStart: first > 0, truncatedEnd: last < tokens.count - 1)
        return (max(bestScore, 0), snippet)
    }
}

