import DMKMAnalysis
import DMKMIndex
import DMKMSearch
import Foundation

/// `bench latency`: in-process query latency over a given query file, so DMKM is timed the way
/// the peers of `bench/compare` are timed in Python (no process start-up, single thread, top 10,
/// ids and scores only, query parsing and Thai segmentation included).
///
/// The query file holds `kind<TAB>query` lines; kinds are reported separately and overall.
func latencyBenchmark(indexPath: String, queryFile: String, warmupPasses: Int, repeatPasses: Int, json: Bool, ranking: String? = nil) throws {
    let queries = try readKindedQueries(from: queryFile)
    guard !queries.isEmpty else { throw BenchError("no kind<TAB>query lines in \(queryFile)") }
    let reader = try IndexReader.open(IndexDirectory(path: indexPath))
    var parameters = RankingParameters.standard
    if let ranking { try parameters.apply(ranking) }
    let searcher = Searcher(reader: reader, analyzer: try Analyzer.standard(), parameters: parameters)

    // Warm-up: page in postings and fill caches, as the peers get too.
    for _ in 0..<warmupPasses {
        for query in queries { _ = try? searcher.search(latencyRequest(query.text)) }
    }
    var latenciesByKind: [String: [Double]] = [:]
    var hitsByKind: [String: Int] = [:]
    var failures = 0
    for _ in 0..<max(repeatPasses, 1) {
        for query in queries {
            let (milliseconds, hits) = timeSearch(searcher, query.text)
            latenciesByKind[query.kind, default: []].append(milliseconds)
            if let hits { hitsByKind[query.kind, default: 0] += hits } else { failures += 1 }
        }
    }

    var kindOrder: [String] = []
    for query in queries where !kindOrder.contains(query.kind) { kindOrder.append(query.kind) }
    let rows = kindOrder.map { LatencySummary(kind: $0, latencies: latenciesByKind[$0] ?? [], hits: hitsByKind[$0] ?? 0) }
        + [LatencySummary(kind: "all", latencies: kindOrder.flatMap { latenciesByKind[$0] ?? [] }, hits: hitsByKind.values.reduce(0, +))]
    if json {
        printLatencyJSON(rows, documents: reader.documentCount, segments: reader.segments.count, failures: failures)
    } else {
        printLatencyTable(rows, indexPath: indexPath, documents: reader.documentCount, segments: reader.segments.count, failures: failures)
    }
}

private struct KindedQuery {
    var kind: String
    var text: String
}

private func readKindedQueries(from path: String) throws -> [KindedQuery] {
    try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").compactMap { line in
        guard let tab = line.firstIndex(of: "\t") else { return nil }
        return KindedQuery(kind: String(line[..<tab]), text: String(line[line.index(after: tab)...]))
    }
}

private func latencyRequest(_ query: String) -> SearchRequest {
    var request = SearchRequest(query: query, top: 10)
    request.snippets = false
    request.loadDocuments = false
    // Like `dmkm search --batch`: a stray quote in a question is text, not an error.
    request.lenient = true
    return request
}

/// Time of one search in milliseconds and its number of hits (nil when it failed). Hits are ids
/// and scores, which is what the peers return too.
private func timeSearch(_ searcher: Searcher, _ query: String) -> (Double, Int?) {
    let start = ContinuousClock.now
    let response = try? searcher.search(latencyRequest(query))
    let elapsed = ContinuousClock.now - start
    return (Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15, response?.hits.count)
}

private struct LatencySummary {
    var kind: String
    var count: Int
    var p50 = 0.0, p95 = 0.0, p99 = 0.0, mean = 0.0
    /// Queries per second of pure search time, one thread.
    var queriesPerSecond = 0.0
    /// Average number of hits returned (at most 10): shows a query kind that finds nothing.
    var meanHits = 0.0

    init(kind: String, latencies: [Double], hits: Int) {
        self.kind = kind
        count = latencies.count
        guard !latencies.isEmpty else { return }
        meanHits = Double(hits) / Double(latencies.count)
        let sorted = latencies.sorted()
        func percentile(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
        p50 = percentile(0.5)
        p95 = percentile(0.95)
        p99 = percentile(0.99)
        let total = sorted.reduce(0, +)
        mean = total / Double(sorted.count)
        queriesPerSecond = total > 0 ? Double(sorted.count) / (total / 1000) : 0
    }
}

private func printLatencyTable(_ rows: [LatencySummary], indexPath: String, documents: Int, segments: Int, failures: Int) {
    print("Index: \(indexPath), \(documents) documents in \(segments) segment(s)\(failures > 0 ? ", \(failures) failed searches" : "")")
    print("")
    print("| query kind | timed searches | p50 ms | p95 ms | p99 ms | mean ms | queries/s | mean hits |")
    print("|---|---|---|---|---|---|---|---|")
    for row in rows {
        print(String(format: "| %@ | %d | %.3f | %.3f | %.3f | %.3f | %.0f | %.1f |", row.kind, row.count, row.p50, row.p95, row.p99, row.mean, row.queriesPerSecond, row.meanHits))
    }
}

private func printLatencyJSON(_ rows: [LatencySummary], documents: Int, segments: Int, failures: Int) {
    let kinds: [[String: Any]] = rows.map {
        ["kind": $0.kind, "count": $0.count, "p50_ms": $0.p50, "p95_ms": $0.p95, "p99_ms": $0.p99, "mean_ms": $0.mean, "qps": $0.queriesPerSecond, "mean_hits": $0.meanHits]
    }
    let object: [String: Any] = ["documents": documents, "segments": segments, "failures": failures, "kinds": kinds]
    if let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) {
        print(String(decoding: data, as: UTF8.self))
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
