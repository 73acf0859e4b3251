import Foundation

/// Standard ad-hoc retrieval metrics (TREC definitions) over judged queries.
public struct RetrievalEvaluation: Sendable {
    /// qid → query text, in file order.
    public var queries: [(id: String, text: String)]
    /// qid → docid → relevance grade (> 0 relevant).
    public var judgments: [String: [String: Int]]

    public struct Metrics: Sendable, Equatable {
        public var queries = 0
        public var mrr10 = 0.0
        public var ndcg10 = 0.0
        public var recall10 = 0.0
        public var recall100 = 0.0
    }

    public struct FormatError: Error, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var message: String
        public var description: String { "\(file):\(line): \(message)" }
    }

    /// Reads `qid<TAB>query` lines and TREC qrels (`qid 0 docid grade`).
    public init(queriesFile: String, qrelsFile: String) throws {
        queries = []
        for (number, line) in try String(contentsOfFile: queriesFile, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .init(charactersIn: "\r"))
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let tab = trimmed.firstIndex(of: "\t") else {
                throw FormatError(file: queriesFile, line: number + 1, message: "expected qid<TAB>query")
            }
            queries.append((String(trimmed[..<tab]), String(trimmed[trimmed.index(after: tab)...])))
        }
        judgments = [:]
        for (number, line) in try String(contentsOfFile: qrelsFile, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            if fields.isEmpty { continue }
            guard fields.count == 4, let grade = Int(fields[3]) else {
                throw FormatError(file: qrelsFile, line: number + 1, message: "expected TREC qrels: qid 0 docid grade")
            }
            judgments[String(fields[0]), default: [:]][String(fields[2])] = grade
        }
    }

    public init(queries: [(id: String, text: String)], judgments: [String: [String: Int]]) {
        self.queries = queries
        self.judgments = judgments
    }

    /// Metrics of a run (qid → ranked docids), averaged over the judged queries that have at
    /// least one relevant document (a query missing from the run scores 0).
    public func evaluate(run: [String: [String]]) -> Metrics {
        var metrics = Metrics()
        for (qid, _) in queries {
            guard let judged = judgments[qid], judged.values.contains(where: { $0 > 0 }) else { continue }
            let ranking = run[qid] ?? []
            metrics.queries += 1
            if let first = ranking.prefix(10).firstIndex(where: { (judged[$0] ?? 0) > 0 }) {
                metrics.mrr10 += 1 / Double(first + 1)
            }
            metrics.ndcg10 += Self.ndcg(ranking: ranking, judged: judged, depth: 10)
            let relevant = judged.filter { $0.value > 0 }.count
            metrics.recall10 += Double(ranking.prefix(10).filter { (judged[$0] ?? 0) > 0 }.count) / Double(relevant)
            metrics.recall100 += Double(ranking.prefix(100).filter { (judged[$0] ?? 0) > 0 }.count) / Double(relevant)
        }
        guard metrics.queries > 0 else { return metrics }
        let count = Double(metrics.queries)
        metrics.mrr10 /= count
        metrics.ndcg10 /= count
        metrics.recall10 /= count
        metrics.recall100 /= count
        return metrics
    }

    /// nDCG with linear gains (the grade) and log2(rank + 1) discounts, as trec_eval computes it.
    static func ndcg(ranking: [String], judged: [String: Int], depth: Int) -> Double {
        var dcg = 0.0
        for (rank, doc) in ranking.prefix(depth).enumerated() {
            let gain = Double(max(judged[doc] ?? 0, 0))
            dcg += gain / log2(Double(rank + 2))
        }
        let ideal = judged.values.filter { $0 > 0 }.sorted(by: >).prefix(depth)
        var idcg = 0.0
        for (rank, grade) in ideal.enumerated() { idcg += Double(grade) / log2(Double(rank + 2)) }
        return idcg > 0 ? dcg / idcg : 0
    }
}
