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
        abstract: "Evaluate ranking on judged queries: MRR@10, nDCG@10, Recall@10, Recall@100.",
        discussion: """
            With --words and --corpus instead of --queries and --qrels, measures containment
            recall: for each word (one a line), the documents of the JSONL corpus whose text
            contains it, and the share of them that searching the word returns.
            """)

    @OptionGroup var index: IndexOptions

    @Option(help: "Queries: qid<TAB>query lines.")
    var queries: String?

    @Option(help: "Judgments: TREC qrels (qid 0 docid grade).")
    var qrels: String?

    @Option(help: "Containment recall: words to search, one a line.")
    var words: String?

    @Option(help: "Containment recall: the JSONL corpus the index was built from (id, title, text, ...).")
    var corpus: String?

    @Flag(help: "Containment recall: list every word with its recall and missed documents.")
    var perWord = false

    @Option(help: "Results per query to rank (at least 100 for Recall@100).")
    var top = 100

    @Option(name: .customLong("run"), help: "Also write the TREC run to this file.")
    var runFile: String?

    @Option(help: "Ranking overrides for tuning, e.g. k1=1.1,title.weight=4,body.b=0.6,phrase=0.3,stop=0.3.")
    var ranking: String?

    func validate() throws {
        let judged = queries != nil || qrels != nil
        let containment = words != nil || corpus != nil
        guard judged != containment else { throw ValidationError("give --queries and --qrels, or --words and --corpus") }
        if judged && (queries == nil || qrels == nil) { throw ValidationError("--queries and --qrels go together") }
        if containment && (words == nil || corpus == nil) { throw ValidationError("--words and --corpus go together") }
    }

    func run() throws {
        try runReportingErrors {
            var parameters = RankingParameters.standard
            if let ranking { try parameters.apply(ranking) }
            let searcher = Searcher(reader: try IndexReader.open(index.directory), analyzer: try Analyzer.standard(), parameters: parameters)
            if let words, let corpus {
                try containment(words: words, corpus: corpus, searcher: searcher)
                return
            }
            guard let queries, let qrels else { return }
            let evaluation = try RetrievalEvaluation(queriesFile: queries, qrelsFile: qrels)
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

    private func containment(words file: String, corpus: String, searcher: Searcher) throws {
        let measurement = try ContainmentRecall(corpusFile: corpus)
        let words = try ContainmentRecall.words(file: file)
        let report = try measurement.measure(words: words, searcher: searcher)
        if perWord {
            for result in report.words.sorted(by: { Double($0.found) / Double($0.containing) < Double($1.found) / Double($1.containing) }) {
                let missed = result.missed.prefix(5).joined(separator: " ") + (result.missed.count > 5 ? " …" : "")
                print("\(result.word)\t\(result.found)/\(result.containing)\treturned \(result.returned)\t\(missed)")
            }
        }
        let containing = report.words.reduce(0) { $0 + $1.containing }
        print("words       \(words.count) (\(report.words.count) found in the corpus, \(report.absent.count) in no document)")
        print("documents   \(measurement.documents.count)")
        print("containing  \(containing) (word, document) pairs")
        print(String(format: "recall      %.4f (micro: found / containing pairs)", report.micro))
        print(String(format: "recall/word %.4f (macro: mean over words)", report.macro))
        print(String(format: "precision   %.4f (returned documents that contain the word)", report.precision))
        print(String(format: "latency     p50 %.3f ms, p95 %.3f ms, p99 %.3f ms (every match returned)", report.latency(percentile: 0.5),
                     report.latency(percentile: 0.95), report.latency(percentile: 0.99)))
    }
}
