import ArgumentParser
import DMKMAnalysis
import DMKMIndex
import DMKMSearch
import DMKMRepository
import DMKMServer
import Foundation

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, trec
}

struct Search: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Ranked search (BM25F) with DMKM's query language.",
        discussion: """
            Query language: words (Thai and English; Thai is segmented like the documents),
            "quoted phrases", +must and -must-not, AND / OR / NOT with parentheses, field:term
            (title:, abstract:, keyword:, author:, body:), prefix* (Latin and Thai), and filters
            year:2560..2566 (Buddhist or Common Era), type:, lang:, unit:, award:, award-status:, access:.

            With --batch, reads qid<TAB>query lines on stdin, loads the index once and writes one
            result block per query (TREC run lines "qid Q0 docid rank score dmkm" with --format trec).
            """)

    @OptionGroup var index: IndexOptions

    @Argument(help: "The query (omit with --batch).")
    var query: String?

    @Option(help: "Number of results.")
    var top = 10

    @Option(help: "Output format: text, json or trec.")
    var format: OutputFormat = .text

    @Flag(help: "Print the score breakdown of each hit (per term and field).")
    var explain = false

    @Flag(help: "Read qid<TAB>query lines on stdin.")
    var batch = false

    @Flag(help: "Show only public, non-embargoed entries (what anonymous readers see).")
    var publicOnly = false

    @Flag(help: "Include facet counts (json and text formats).")
    var facets = false

    @Option(help: "Query id for --format trec without --batch.")
    var qid = "q1"

    @Option(help: "Ranking overrides, as for dmkm eval (e.g. subword=0 turns the sub-word level off).")
    var ranking: String?

    func validate() throws {
        guard top >= 1 && top <= 10_000 else { throw ValidationError("--top must be between 1 and 10000") }
        if batch && query != nil { throw ValidationError("give either a query or --batch, not both") }
        if !batch && query == nil { throw ValidationError("missing query (or use --batch)") }
        // As the API: an empty query is a mistake, not a request for everything.
        if let query, query.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError("the query is empty; give words to search for (see `dmkm search --help` for the syntax)")
        }
    }

    func run() throws {
        try runReportingErrors {
            let analyzer = try Analyzer.standard()
            let reader = try IndexReader.open(index.directory)
            var parameters = RankingParameters.standard
            if let ranking { try parameters.apply(ranking) }
            let searcher = Searcher(reader: reader, analyzer: analyzer, parameters: parameters, awards: AwardStore(directory: index.directory))
            var output = OutputBuffer()
            defer { output.flush() }
            if batch {
                var lines = LineReader()
                var failures = 0
                while let raw = lines.nextLine() {
                    let line = UTF8Repair.decode(raw).text
                    guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
                    guard let tab = line.firstIndex(of: "\t") else {
                        printError("dmkm search: skipped a line without a tab (expected qid<TAB>query): \(line.prefix(60))")
                        failures += 1
                        continue
                    }
                    let id = String(line[..<tab])
                    let query = String(line[line.index(after: tab)...])
                    do {
                        let response = try searcher.search(request(query))
                        if let syntax = response.syntaxFallback {
                            printError("dmkm search: query \(id): \(syntax); searched as plain words")
                        }
                        write(response, qid: id, query: query, to: &output)
                    } catch {
                        printError("dmkm search: query \(id): \(error)")
                        failures += 1
                    }
                }
                if failures > 0 { throw ExitCode.failure }
            } else if let query {
                let response = try searcher.search(request(query))
                write(response, qid: qid, query: query, to: &output)
            }
        }
    }

    private func request(_ query: String) -> SearchRequest {
        var request = SearchRequest(query: query, top: top)
        request.explain = explain
        request.snippets = format != .trec
        request.loadDocuments = format != .trec
        request.facets = facets
        if publicOnly { request.visibility = .publicOnly(asOf: Day.today()) }
        // Batch runs are question sets: a stray quote is text, not syntax.
        request.lenient = batch
        return request
    }

    private func write(_ response: SearchResponse, qid: String, query: String, to output: inout OutputBuffer) {
        switch format {
        case .trec:
            for (rank, hit) in response.hits.enumerated() {
                output.write("\(qid) Q0 \(hit.id) \(rank + 1) \(String(format: "%.6f", hit.score)) dmkm\n")
            }
        case .json:
            output.write(SearchJSON.encode(response, query: query) + "\n")
        case .text:
            // In a batch, each block says which question it answers.
            if batch { output.write("qid \(qid): \(query)\n") }
            writeText(response, to: &output)
        }
    }

    private func writeText(_ response: SearchResponse, to output: inout OutputBuffer) {
        let bold = isTerminal(1)
        let total = response.totalIsExact ? "\(response.total)" : "at least \(response.total)"
        output.write("\(total) result\(response.total == 1 ? "" : "s") (\(String(format: "%.1f", response.elapsedMilliseconds)) ms)\n")
        if let suggestion = response.suggestion { output.write("did you mean: \(suggestion)\n") }
        for (rank, hit) in response.hits.enumerated() {
            guard let document = hit.document else { continue }
            var meta: [String] = []
            if let year = document.year { meta.append("\(year + 543)/\(year)") }
            meta.append(document.type.rawValue)
            if let unit = document.unit { meta.append(unit) }
            if document.access == .internal { meta.append("internal") }
            output.write("\n\(rank + 1). \(document.displayTitle)  [\(hit.id)]  score \(String(format: "%.3f", hit.score))\n")
            output.write("   \(meta.joined(separator: " · "))\n")
            if !document.authors.isEmpty { output.write("   \(document.authors.joined(separator: "; "))\n") }
            if let snippet = hit.snippet {
                output.write("   " + snippet.rendered(open: bold ? "\u{1B}[1m" : "«", close: bold ? "\u{1B}[0m" : "»") + "\n")
            }
            if let explanation = hit.explanation { output.write(explanation.rendered(indent: 2) + "\n") }
        }
        if !response.facets.isEmpty {
            output.write("\nfacets:\n")
            for (name, values) in response.facets.sorted(by: { $0.key < $1.key }) {
                output.write("  \(name): " + values.prefix(10).map { "\($0.value) (\($0.count))" }.joined(separator: ", ") + "\n")
            }
        }
    }
}

