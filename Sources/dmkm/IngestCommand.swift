import ArgumentParser
import DMKMAnalysis
import DMKMIndex
import DMKMIngest
import Foundation

/// Writes the ingest report as JSON.
func writeReport(_ report: FileIngestor.Report, to path: String) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    try encoder.encode(report).write(to: URL(fileURLWithPath: path), options: .atomic)
}

private func progress(_ result: JSONLIngestor.Result) -> Int { result.progress.documents }

/// The extractor side of `dmkm ingest`: reads requests on stdin, extracts, answers on stdout.
/// Run by the ingest pipeline in child processes, so a crash or hang costs one file.
struct ExtractWorker: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract-worker", abstract: "Internal: extract files for dmkm ingest (one JSON request per line).",
        shouldDisplay: false)

    func run() throws { ExtractionWorkerPool.serve() }
}

struct Ingest: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Index submitted files and JSONL records.",
        discussion: """
            PATH may be a file or a directory (walked recursively). Formats are recognized by
            content: HTML, XML (JATS, TEI, Dublin Core, other), DOCX, ODT, PPTX (slides and
            notes), XLSX (sheets and cells), PDF (pages without a text layer are recognised
            with Tesseract OCR in Thai and English, unless --no-ocr), plain text and CSV,
            Markdown (YAML front matter) and JSONL (one record per line: {"id", "title", "text",
            "lang", ...} with the document model's keys). Legacy .doc, .ppt, .xls and .rtf files
            are converted with LibreOffice (soffice) when it is installed. Text and HTML without
            a usable charset declaration are read as UTF-8, else TIS-620/Windows-874 when the
            bytes look Thai, else UTF-8 with U+FFFD for bad bytes; the report's notes say which. A sidecar NAME.meta.yaml (or .json)
            beside a file sets or overrides its metadata: id, title_th, title_en, abstract_th,
            abstract_en, authors, year (BE or CE), type, unit, keywords, access, public_from,
            awards. Hidden files and the patterns of a .dmkmignore file in a walked directory are
            skipped. Unchanged files are skipped on re-ingest; changed ones are replaced.

            Every file that fails is reported with the reason (also as JSON with --report); the
            others are still indexed and committed, and the exit status is 1.
            """)

    @OptionGroup var index: IndexOptions

    @Argument(help: "Files and directories.")
    var paths: [String]

    @Flag(help: "Remove indexed documents whose files under the given directories are gone.")
    var prune = false

    @Flag(help: "Re-index files even when they have not changed.")
    var force = false

    @Option(help: "Write a JSON report of indexed, unchanged, pruned and failed files.")
    var report: String?

    @Option(help: "Extractor processes (default: one per core).")
    var workers = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .customLong("timeout"), help: "Seconds one file may take to extract (OCR of a scan takes a few seconds a page: raise it for long scans).")
    var timeoutSeconds = 60.0

    @Flag(name: .customLong("no-ocr"), help: "Do not OCR PDF pages that have no text layer (scans).")
    var noOCR = false

    @Option(name: .customLong("ocr-page-timeout"), help: "Seconds OCR may spend on one page.")
    var ocrPageTimeout = 20.0

    @Option(name: .customLong("ram-budget-mb"), help: "Memory the ingest may use (documents are buffered in memory up to it, then written as a segment).")
    var ramBudgetMegabytes = 256

    @Option(name: .customLong("commit-every"), help: "Commit after this many documents.")
    var commitEvery = 20_000

    @Flag(help: "Print no progress or summary.")
    var quiet = false

    func validate() throws {
        guard ramBudgetMegabytes >= 16 else { throw ValidationError("--ram-budget-mb must be at least 16") }
        guard commitEvery >= 1 else { throw ValidationError("--commit-every must be at least 1") }
        guard workers >= 1 else { throw ValidationError("--workers must be at least 1") }
        guard timeoutSeconds > 0 else { throw ValidationError("--timeout must be positive") }
        guard ocrPageTimeout > 0 else { throw ValidationError("--ocr-page-timeout must be positive") }
    }

    func run() throws {
        try runReportingErrors {
            let analyzer = try Analyzer.standard()
            var options = IndexWriter.Options()
            // The budget covers the whole process: the analyzer's dictionaries and the batches
            // being analyzed take about 96 MB; the segment buffer and what the open segments
            // hold share the rest (the writer subtracts the latter).
            options.ramBudgetBytes = max(16, ramBudgetMegabytes - 96) * 1024 * 1024
            // Check the inputs before the writer creates anything, so a typo leaves no index behind.
            for path in paths where !FileManager.default.fileExists(atPath: path) {
                throw ReportedFailure(message: "no such file or directory: \(path)")
            }
            let writer = try IndexWriter(directory: index.directory, analyzer: analyzer, options: options)
            let showProgress = !quiet && isTerminal(2)
            var lastShown = Date.distantPast
            let onProgress: (IngestProgress) -> Void = { progress in
                guard showProgress, Date().timeIntervalSince(lastShown) > 0.25 else { return }
                lastShown = Date()
                printError("\u{1B}[2K\r" + progress.line, terminator: "")
            }
            let onFailure: (IngestFailure) -> Void = { failure in
                if showProgress { printError("\u{1B}[2K\r", terminator: "") }
                printError("dmkm ingest: \(failure.description)")
            }
            // Bulk mode only for regular files: a folder named `x.jsonl` is walked like any folder.
            let bulk = paths.allSatisfy { path in
                var isDirectory: ObjCBool = false
                let isFile = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
                return isFile && (path.lowercased().hasSuffix(".jsonl") || path.lowercased().hasSuffix(".ndjson"))
            }
            var failures: [IngestFailure]
            if bulk && !prune && !force {
                // Bulk JSONL: streamed, parallel, batched commits.
                var ingestor = JSONLIngestor()
                ingestor.commitEvery = commitEvery
                ingestor.onProgress = onProgress
                ingestor.onFailure = onFailure
                let result = try ingestor.ingest(files: paths, into: writer)
                failures = result.failures
                if showProgress { printError("\u{1B}[2K\r", terminator: "") }
                if !quiet {
                    let progress = result.progress
                    printError(String(
                        format: "indexed %@ documents from %d file(s), %.1f MB in %.1f s (%.1f MB/s, %.0f docs/s); %@ failed; index %@ now holds %@ documents in %d segment(s), generation %d",
                        IngestProgress.grouped(progress.documents), paths.count, Double(progress.bytesRead) / 1e6, progress.elapsedSeconds,
                        progress.megabytesPerSecond, progress.documentsPerSecond, IngestProgress.grouped(failures.count), index.path,
                        IngestProgress.grouped(writer.manifest.liveDocumentCount), writer.segmentCount, writer.manifest.generation))
                }
                if let report { try writeReport(FileIngestor.Report(files: paths.count, indexed: progress(result), failed: failures), to: report) }
            } else {
                var ingestor = FileIngestor()
                ingestor.workerExecutable = Bundle.main.executableURL
                ingestor.workers = workers
                ingestor.limits.timeoutSeconds = timeoutSeconds
                ingestor.limits.ocr = !noOCR
                ingestor.limits.ocrPageTimeoutSeconds = ocrPageTimeout
                ingestor.prune = prune
                ingestor.force = force
                ingestor.commitEvery = commitEvery
                ingestor.onProgress = onProgress
                ingestor.onFailure = onFailure
                let result = try ingestor.ingest(paths: paths, into: writer)
                failures = result.failed
                if showProgress { printError("\u{1B}[2K\r", terminator: "") }
                if !quiet {
                    printError(String(
                        format: "%d file(s): %d indexed, %d unchanged, %d failed, %d pruned in %.1f s; index %@ now holds %@ documents in %d segment(s), generation %d",
                        result.files, result.indexed, result.unchanged, result.failed.count, result.pruned.count, result.seconds, index.path,
                        IngestProgress.grouped(writer.manifest.liveDocumentCount), writer.segmentCount, writer.manifest.generation))
                    if !result.notes.isEmpty {
                        printError("notes:")
                        for note in result.notes { printError("  \(note.description)") }
                    }
                    if !failures.isEmpty {
                        printError("failed files:")
                        for failure in failures { printError("  \(failure.description)") }
                    }
                }
                if let report { try writeReport(result, to: report) }
            }
            if !failures.isEmpty { throw ExitCode.failure }
        }
    }
}
