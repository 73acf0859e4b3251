import ArgumentParser
import DMKMAnalysis
import DMKMIndex
import DMKMSearch
import Foundation

struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show what the index holds.")

    @OptionGroup var index: IndexOptions

    func run() throws {
        try runReportingErrors {
            let reader = try IndexReader.open(index.directory)
            var bytes = 0
            for file in reader.fileNames { bytes += index.directory.fileSize(file) }
            print("index:       \(index.directory.path)")
            print("generation:  \(reader.generation) (committed \(reader.manifest.committedAt))")
            print("documents:   \(reader.documentCount) live, \(reader.maxDoc - reader.documentCount) deleted")
            print("segments:    \(reader.segments.count)")
            print(String(format: "size:        %.2f MB", Double(bytes) / 1e6))
            for segment in reader.segments {
                print("  \(segment.name): \(segment.documentCount) docs (\(segment.deletedCount) deleted), \(segment.info.termCount) terms, \(segment.info.origin)")
            }
            for field in IndexedField.scoredFields {
                let statistics = reader.fieldStatistics[Int(field.rawValue)]
                print(String(format: "field %-9@ %d documents, average length %.1f", field.name, statistics.documentCount, reader.averageLength(field)))
            }
        }
    }
}

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check every file's checksum and the index structure.",
        discussion: "Exit status 0 when the index is healthy, 1 when a problem was found.")

    @OptionGroup var index: IndexOptions

    func run() throws {
        let report = IndexVerifier(directory: index.directory).verify()
        if report.isHealthy {
            print("ok: generation \(report.generation), \(report.segments) segment(s), \(report.liveDocuments) live documents (\(report.documents - report.liveDocuments) deleted), \(report.terms) terms, \(report.postings) postings, \(String(format: "%.2f", Double(report.bytes) / 1e6)) MB checked")
        } else {
            for problem in report.problems { printError("dmkm verify: \(problem)") }
            throw ExitCode.failure
        }
    }
}

struct Delete: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Delete documents by id.")

    @OptionGroup var index: IndexOptions

    @Argument(help: "Document ids.")
    var ids: [String]

    func run() throws {
        try runReportingErrors {
            let writer = try IndexWriter(directory: index.directory, analyzer: try Analyzer.standard(), create: false)
            var missing: [String] = []
            for id in ids where !(try writer.delete(id: id)) { missing.append(id) }
            try writer.commit()
            print("deleted \(ids.count - missing.count) document(s); index holds \(writer.manifest.liveDocumentCount)")
            if !missing.isEmpty {
                printError("dmkm delete: not found: \(missing.joined(separator: ", "))")
                throw ExitCode.failure
            }
        }
    }
}

struct Optimize: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Merge the index into few segments and drop deleted documents.")

    @OptionGroup var index: IndexOptions

    @Option(name: .customLong("max-segments"), help: "Segments to keep at most.")
    var maximumSegments = 1

    func run() throws {
        try runReportingErrors {
            let writer = try IndexWriter(directory: index.directory, analyzer: try Analyzer.standard(), create: false)
            let started = Date()
            try writer.optimize(maximumSegments: maximumSegments)
            print(String(format: "optimized to %d segment(s), %d documents, in %.1f s", writer.segmentCount, writer.manifest.liveDocumentCount, Date().timeIntervalSince(started)))
        }
    }
}

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate ranking on judged queries: MRR@10, nDCG@10, Recall@10, Recall@100.")

    @OptionGroup var index: IndexOptions

    @Option(help: "Queries: qid<TAB>query lines.")
    var queries: String

    @Option(help: "Judgments: TREC qrels (qid 0 docid grade).")
    var qrels: String

    @Option(help: "Results per query to rank (at least 100 for Recall@100).")
    var top = 100

    @Option(name: .customLong("run"), help: "Also write the TREC run to this file.")
    var runFile: String?

    @Option(help: "Ranking overrides for tuning, e.g. k1=1.1,title.weight=4,body.b=0.6,phrase=0.3,stop=0.3.")
    var ranking: String?

    func run() throws {
        try runReportingErrors {
            let evaluation = try RetrievalEvaluation(queriesFile: queries, qrelsFile: qrels)
            var parameters = RankingParameters.standard
            if let ranking { try parameters.apply(ranking) }
            let searcher = Searcher(reader: try IndexReader.open(index.directory), analyzer: try Analyzer.standard(), parameters: parameters)
            var ranking: [String: [String]] = [:]
            var runLines = ""
            var failed = 0
            for (qid, text) in evaluation.queries {
                var request = SearchRequest(query: text, top: max(top, 10))
                request.snippets = false
                request.loadDocuments = false
                request.lenient = true
                do {
                    let response = try searcher.search(request)
                    ranking[qid] = response.hits.map(\.id)
                    for (rank, hit) in response.hits.enumerated() {
                        runLines += "\(qid) Q0 \(hit.id) \(rank + 1) \(String(format: "%.6f", hit.score)) dmkm\n"
                    }
                } catch {
                    printError("dmkm eval: query \(qid): \(error)")
                    failed += 1
                }
            }
            if let runFile { try runLines.write(toFile: runFile, atomically: true, encoding: .utf8) }
            let metrics = evaluation.evaluate(run: ranking)
            print("queries     \(metrics.queries)")
            print(String(format: "MRR@10      %.4f", metrics.mrr10))
            print(String(format: "nDCG@10     %.4f", metrics.ndcg10))
            print(String(format: "Recall@10   %.4f", metrics.recall10))
            print(String(format: "Recall@100  %.4f", metrics.recall100))
            if failed > 0 { throw ExitCode.failure }
        }
    }
}
