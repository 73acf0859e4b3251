import DMKMCore
import DMKMAnalysis
import DMKMIndex
import DMKMSearch
import Foundation

/// Query latency by query kind on an existing index, single-threaded, after a warm-up.
/// Queries are drawn deterministically from the indexed documents' own titles.
func queryBenchmark(indexPath: String, sourcePath: String, perKind: Int, seconds: Double) throws {
    let analyzer = try Analyzer.standard()
    let reader = try IndexReader.open(IndexDirectory(path: indexPath))
    let searcher = Searcher(reader: reader, analyzer: analyzer)
    let titles = try sampleTitles(from: sourcePath, count: perKind * 4)
    var random = SplitMix64(seed: 7)
    func words(of title: String) -> [String] {
        analyzer.tokens(in: title).filter { $0.kind.isIndexable && !$0.isStopWord && $0.surface.count >= 2 }.map(\.surface)
    }
    var kinds: [(String, [String])] = [("term", []), ("2 terms", []), ("3 terms", []), ("2 terms AND", []), ("phrase", []), ("prefix", []), ("filtered", [])]
    for title in titles {
        let parts = words(of: title)
        guard parts.count >= 3 else { continue }
        let start = random.next(parts.count - 2)
        if kinds[0].1.count < perKind { kinds[0].1.append(parts[start]) }
        if kinds[1].1.count < perKind { kinds[1].1.append("\(parts[start]) \(parts[random.next(parts.count)])") }
        if kinds[2].1.count < perKind { kinds[2].1.append(parts.shuffled(using: &random).prefix(3).joined(separator: " ")) }
        if kinds[3].1.count < perKind { kinds[3].1.append("+\(parts[start]) +\(parts[start + 1])") }
        if kinds[4].1.count < perKind { kinds[4].1.append("\"\(parts[start]) \(parts[start + 1])\"") }
        let candidate = parts[start]
        if kinds[5].1.count < perKind, candidate.count >= 4 { kinds[5].1.append(String(candidate.prefix(3)) + "*") }
        if kinds[6].1.count < perKind { kinds[6].1.append("\(parts[start]) year:2560..2566 type:research") }
    }
    print("Index: \(indexPath), \(reader.documentCount) documents in \(reader.segments.count) segment(s)")
    print("")
    print("| query kind | queries | p50 ms | p95 ms | p99 ms | queries/s | p50 ms with stored docs + snippets |")
    print("|---|---|---|---|---|---|---|")
    for (kind, queries) in kinds where !queries.isEmpty {
        func run(snippets: Bool) throws -> [Double] {
            var latencies: [Double] = []
            for query in queries {
                var request = SearchRequest(query: query, top: 10)
                request.snippets = snippets
                request.loadDocuments = snippets
                let start = ContinuousClock.now
                _ = try searcher.search(request)
                let elapsed = ContinuousClock.now - start
                latencies.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
            }
            return latencies.sorted()
        }
        _ = try run(snippets: false)  // warm-up: page in postings, fill caches
        var latencies = try run(snippets: false)
        // Repeat until the sample is long enough to be stable.
        let clock = ContinuousClock.now
        while (ContinuousClock.now - clock) < .seconds(seconds) { latencies += try run(snippets: false) }
        latencies.sort()
        let full = try run(snippets: true)
        func percentile(_ values: [Double], _ p: Double) -> Double { values[min(values.count - 1, Int(Double(values.count) * p))] }
        let total = latencies.reduce(0, +)
        print(String(format: "| %@ | %d | %.2f | %.2f | %.2f | %.0f | %.2f |", kind, queries.count, percentile(latencies, 0.5),
                     percentile(latencies, 0.95), percentile(latencies, 0.99), Double(latencies.count) / (total / 1000), percentile(full, 0.5)))
    }
}

/// Titles of documents spread over a JSONL file.
private func sampleTitles(from path: String, count: Int) throws -> [String] {
    guard let handle = FileHandle(forReadingAtPath: path) else { throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path]) }
    defer { try? handle.close() }
    var titles: [String] = []
    var buffer = Data()
    while titles.count < count, let chunk = try handle.read(upToCount: 1 << 22), !chunk.isEmpty {
        buffer.append(chunk)
        while let newline = buffer.firstIndex(of: 0x0A) {
            let line = buffer[buffer.startIndex..<newline]
            buffer.removeSubrange(buffer.startIndex...newline)
            if let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any], let title = object["title"] as? String {
                titles.append(title)
            }
            if titles.count >= count { break }
        }
    }
    return titles
}

