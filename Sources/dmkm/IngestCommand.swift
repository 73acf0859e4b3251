import ArgumentParser
import DMKMAnalysis
import DMKMIndex
import DMKMIngest
import Foundation

struct Ingest: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Index documents: JSONL files (one record per line).",
        discussion: """
            Each JSONL line is one document: {"id", "title", "text", "lang", ...metadata} with the
            document model's keys (abstract, authors, keywords, year in BE or CE, type, unit, access,
            public_from, awards). A document with an existing id replaces it. Bad lines are reported
            with their line numbers and skipped; everything else is indexed and committed. Exit
            status 1 when any line failed.
            """)

    @OptionGroup var index: IndexOptions

    @Argument(help: "JSONL files.")
    var paths: [String]

    @Option(name: .customLong("ram-budget-mb"), help: "Memory for buffered documents before a segment is written.")
    var ramBudgetMegabytes = 256

    @Option(name: .customLong("commit-every"), help: "Commit after this many documents.")
    var commitEvery = 20_000

    @Flag(help: "Print no progress or summary.")
    var quiet = false

    func validate() throws {
        guard ramBudgetMegabytes >= 16 else { throw ValidationError("--ram-budget-mb must be at least 16") }
        guard commitEvery >= 1 else { throw ValidationError("--commit-every must be at least 1") }
    }

    func run() throws {
        try runReportingErrors {
            let analyzer = try Analyzer.standard()
            var options = IndexWriter.Options()
            options.ramBudgetBytes = ramBudgetMegabytes * 1024 * 1024
            let writer = try IndexWriter(directory: index.directory, analyzer: analyzer, options: options)
            var ingestor = JSONLIngestor()
            ingestor.commitEvery = commitEvery
            let showProgress = !quiet && isTerminal(2)
            var lastShown = Date.distantPast
            ingestor.onProgress = { progress in
                guard showProgress, Date().timeIntervalSince(lastShown) > 0.25 else { return }
                lastShown = Date()
                printError("\u{1B}[2K\r" + progress.line, terminator: "")
            }
            ingestor.onFailure = { failure in
                if showProgress { printError("\u{1B}[2K\r", terminator: "") }
                printError("dmkm ingest: \(failure.description)")
            }
            for path in paths where !FileManager.default.fileExists(atPath: path) {
                throw ValidationError("no such file: \(path)")
            }
            let result = try ingestor.ingest(files: paths, into: writer)
            if showProgress { printError("\u{1B}[2K\r", terminator: "") }
            if !quiet {
                let progress = result.progress
                printError(String(
                    format: "indexed %@ documents from %d file(s), %.1f MB in %.1f s (%.1f MB/s, %.0f docs/s); %@ failed; index %@ now holds %@ documents in %d segment(s), generation %d",
                    IngestProgress.grouped(progress.documents), paths.count, Double(progress.bytesRead) / 1e6, progress.elapsedSeconds,
                    progress.megabytesPerSecond, progress.documentsPerSecond, IngestProgress.grouped(result.failures.count), index.path,
                    IngestProgress.grouped(writer.manifest.liveDocumentCount), writer.segmentCount, writer.manifest.generation))
            }
            if !result.failures.isEmpty { throw ExitCode.failure }
        }
    }
}
