import DMKMIndex
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Containment recall (issue 13): for each word of a list, the documents whose raw text contains
/// it, and the share of those that a search for the word returns (at any rank). A character
/// index scores 1 by construction; a word index loses every document where the segmenter cut
/// the word differently from the query.
public struct ContainmentRecall: Sendable {
    /// The searchable text of each document of the corpus (by id).
    public var documents: [(id: String, text: [UInt8])]

    public struct WordResult: Sendable {
        public var word: String
        /// Documents containing the word.
        public var containing: Int
        /// Of those, documents the search returned.
        public var found: Int
        /// Documents the search returned in all (containing the word or not).
        public var returned: Int
        public var missed: [String]
        public var milliseconds: Double
    }

    public struct Report: Sendable {
        public var words: [WordResult]
        /// Words of the list no document contains (left out of the averages).
        public var absent: [String]
        /// Found over containing, summed over words.
        public var micro: Double {
            let containing = words.reduce(0) { $0 + $1.containing }
            return containing == 0 ? 1 : Double(words.reduce(0) { $0 + $1.found }) / Double(containing)
        }
        /// Mean of the words' recalls.
        public var macro: Double {
            words.isEmpty ? 1 : words.reduce(0.0) { $0 + Double($1.found) / Double($1.containing) } / Double(words.count)
        }
        /// Share of returned documents that contain the word, summed over words.
        public var precision: Double {
            let returned = words.reduce(0) { $0 + $1.returned }
            return returned == 0 ? 1 : Double(words.reduce(0) { $0 + $1.found }) / Double(returned)
        }
        public func latency(percentile: Double) -> Double {
            let sorted = words.map(\.milliseconds).sorted()
            guard !sorted.isEmpty else { return 0 }
            return sorted[min(sorted.count - 1, Int((Double(sorted.count) * percentile).rounded(.up)) - 1)]
        }
    }

    public init(documents: [(id: String, text: String)]) {
        self.documents = documents.map { ($0.id, Array($0.text.utf8)) }
    }

    /// Reads JSONL records: `id` and the searched text fields (`title`, `abstract`, `text` or
    /// `body`, `keywords`, `authors`; strings or lists of strings).
    public init(corpusFile: String) throws {
        var documents: [(id: String, text: String)] = []
        let data = try String(contentsOfFile: corpusFile, encoding: .utf8)
        for (number, line) in data.split(separator: "\n").enumerated() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], let id = object["id"] as? String else {
                throw RetrievalEvaluation.FormatError(file: corpusFile, line: number + 1, message: "expected a JSON object with an id")
            }
            var parts: [String] = []
            for key in ["title", "abstract", "text", "body", "keywords", "authors"] {
                if let text = object[key] as? String { parts.append(text) }
                if let list = object[key] as? [String] { parts.append(contentsOf: list) }
                if let list = object[key] as? [[String: Any]] { parts.append(contentsOf: list.compactMap { $0["text"] as? String }) }
            }
            documents.append((id, parts.joined(separator: "\n")))
        }
        self.init(documents: documents)
    }

    /// One word a line; blank lines and `#` comments skipped; duplicates dropped.
    public static func words(file: String) throws -> [String] {
        var seen = Set<String>()
        return try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").compactMap { line -> String? in
            let word = line.trimmingCharacters(in: .whitespaces)
            guard !word.isEmpty, !word.hasPrefix("#"), seen.insert(word).inserted else { return nil }
            return word
        }
    }

    /// Ids of the documents whose text contains `word` (bytes of its UTF-8).
    public func containing(_ word: String) -> Set<String> {
        let needle = Array(word.utf8)
        var ids = Set<String>()
        needle.withUnsafeBytes { needle in
            for document in documents {
                let found = document.text.withUnsafeBytes { Self.contains($0, needle) }
                if found { ids.insert(document.id) }
            }
        }
        return ids
    }

    /// Whether `needle` occurs in `haystack` (first byte by memchr, the rest by memcmp).
    static func contains(_ haystack: UnsafeRawBufferPointer, _ needle: UnsafeRawBufferPointer) -> Bool {
        guard !needle.isEmpty else { return true }
        guard haystack.count >= needle.count, let base = haystack.baseAddress, let wanted = needle.baseAddress else { return false }
        let first = Int32(needle[0])
        var offset = 0
        let last = haystack.count - needle.count
        while offset <= last {
            guard let hit = memchr(base + offset, first, last - offset + 1) else { return false }
            let at = base.distance(to: UnsafeRawPointer(hit))
            if memcmp(base + at, wanted, needle.count) == 0 { return true }
            offset = at + 1
        }
        return false
    }

    /// Searches each word (as plain text, every match returned) and compares with containment.
    public func measure(words: [String], searcher: Searcher, visibility: Visibility = .everything) throws(SearchError) -> Report {
        var report = Report(words: [], absent: [])
        let everything = max(1, searcher.reader.documentCount)
        for word in words {
            let expected = containing(word)
            guard !expected.isEmpty else {
                report.absent.append(word)
                continue
            }
            var request = SearchRequest(query: word, top: everything)
            request.snippets = false
            request.loadDocuments = false
            request.lenient = true
            request.visibility = visibility
            let response = try searcher.search(request)
            let returned = Set(response.hits.map(\.id))
            report.words.append(WordResult(
                word: word, containing: expected.count, found: expected.intersection(returned).count, returned: returned.count,
                missed: expected.subtracting(returned).sorted(), milliseconds: response.elapsedMilliseconds))
        }
        return report
    }
}
