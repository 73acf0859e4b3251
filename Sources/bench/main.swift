import DMKMAnalysis
import Foundation

// Benchmarks for DMKM. Run in release mode:
//   swift run -c release bench segmenter [--shared ../shared] [--gold FILE ...] [--only-extra] [--show-errors]
//   swift run -c release bench generate --docs N [--seed S] [--out FILE]
//   swift run -c release bench queries --index DIR --out SOURCE.jsonl [--queries N]
//   swift run -c release bench latency --index DIR --query-file FILE [--warmup N] [--repeat N] [--json] [--ranking OVERRIDES]
//   swift run -c release bench ocr [--repeat N]
// Prints markdown tables for BENCHMARKS.md.

struct Arguments {
    var command = "segmenter"
    var sharedDirectory = "../shared"
    var minimumSeconds = 1.0
    var documents = 10_000
    var seed: UInt64 = 1
    var output: String?
    var index: String?
    var queries = 200
    var queryFile: String?
    var warmup = 1
    var repeats = 3
    var json = false
    var ranking: String?
    /// More gold files for `segmenter` (paths as given), measured after the shared sets.
    var extraGold: [String] = []
    /// `segmenter`: measure only the `--gold` files (no shared sets, no long-line run).
    var onlyExtra = false
    /// `segmenter`: print DMKM's segmentation of every `--gold` line it gets wrong.
    var showErrors = false

    init(_ arguments: [String]) {
        var rest = arguments.dropFirst()
        if let first = rest.first, !first.hasPrefix("-") {
            command = first
            rest = rest.dropFirst()
        }
        while let flag = rest.popFirst() {
            switch flag {
            case "--shared": sharedDirectory = rest.popFirst() ?? sharedDirectory
            case "--seconds": minimumSeconds = Double(rest.popFirst() ?? "") ?? minimumSeconds
            case "--docs": documents = Int(rest.popFirst() ?? "") ?? documents
            case "--seed": seed = UInt64(rest.popFirst() ?? "") ?? seed
            case "--out": output = rest.popFirst()
            case "--index": index = rest.popFirst()
            case "--queries": queries = Int(rest.popFirst() ?? "") ?? queries
            case "--query-file": queryFile = rest.popFirst()
            case "--warmup": warmup = Int(rest.popFirst() ?? "") ?? warmup
            case "--repeat": repeats = Int(rest.popFirst() ?? "") ?? repeats
            case "--json": json = true
            case "--ranking": ranking = rest.popFirst()
            case "--gold": if let file = rest.popFirst() { extraGold.append(file) }
            case "--only-extra": onlyExtra = true
            case "--show-errors": showErrors = true
            default:
                FileHandle.standardError.write(Data("unknown option \(flag)\n".utf8))
                exit(2)
            }
        }
    }
}

/// Best-of-three rate: runs `body` repeatedly for at least `seconds`, three times.
func measureRate(units: Int, seconds: Double, _ body: () -> Void) -> Double {
    body()  // warm-up
    var best = 0.0
    for _ in 0..<3 {
        let clock = ContinuousClock()
        var iterations = 0
        let start = clock.now
        var elapsed = 0.0
        repeat {
            body()
            iterations += 1
            let duration = clock.now - start
            elapsed = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        } while elapsed < seconds
        best = max(best, Double(units * iterations) / elapsed)
    }
    return best
}

func segmenterBenchmark(_ arguments: Arguments) throws {
    let analyzer = try Analyzer.standard()
    guard let icu = ICUWordBreaker(), let libthai = LibThaiBreaker() else {
        throw NSError(domain: "bench", code: 1, userInfo: [NSLocalizedDescriptionKey: "ICU or libthai segmenter unavailable"])
    }
    let shared = ["wisesight-1000-samples-tokenised.label", "th_pud-ud-test.gold.txt", "th_tud-ud-dev.gold.txt"]
        .map { arguments.sharedDirectory + "/thai-seg/" + $0 }
    let paths = (arguments.onlyExtra ? [] : shared) + arguments.extraGold
    print("| gold set | segmenter | precision | recall | F1 | chars/s (1 core) |")
    print("|---|---|---|---|---|---|")
    for path in paths {
        let file = URL(fileURLWithPath: path).lastPathComponent
        let gold = SegmentationScore.goldLines(fromFileContents: try String(contentsOfFile: path, encoding: .utf8))
        let texts = gold.map { $0.joined() }
        let characters = texts.reduce(0) { $0 + $1.unicodeScalars.count }
        var workspace = Analyzer.Workspace()
        let candidates: [(String, (String) -> [String])] = [
            ("DMKM", { analyzer.surfaces(of: $0, workspace: &workspace).map(String.init) }),
            ("ICU \(SystemDictionaries.icuVersion) word break", icu.words),
            ("libthai th_brk", libthai.words),
        ]
        for (name, segment) in candidates {
            let score = try SegmentationScore.evaluate(goldLines: gold, segment: segment)
            let rate = measureRate(units: characters, seconds: arguments.minimumSeconds) {
                var words = 0
                for text in texts { words &+= segment(text).count }
                precondition(words > 0)
            }
            print(String(format: "| %@ | %@ | %.4f | %.4f | **%.4f** | %.2f M |", file, name, score.precision, score.recall, score.f1, rate / 1e6))
        }
    }
    if arguments.showErrors {
        var workspace = Analyzer.Workspace()
        for path in arguments.extraGold {
            for gold in SegmentationScore.goldLines(fromFileContents: try String(contentsOfFile: path, encoding: .utf8)) {
                let predicted = analyzer.surfaces(of: gold.joined(), workspace: &workspace).map(String.init)
                let expected = gold.filter { !$0.allSatisfy(\.isWhitespace) }
                if predicted != expected { print("gold: \(expected.joined(separator: "|"))\n  got: \(predicted.joined(separator: "|"))") }
            }
        }
    }
    if arguments.onlyExtra { return }

    // Scaling: one 10 MB line of Thai and English, segmented without allocating per-token strings.
    let sample = try String(contentsOfFile: arguments.sharedDirectory + "/thai-seg/th_pud-ud-test.gold.txt", encoding: .utf8)
        .replacingOccurrences(of: "|", with: "").replacingOccurrences(of: "\n", with: " ")
    var line = ""
    while line.utf8.count < 10_000_000 { line += sample }
    let lineCharacters = line.unicodeScalars.count
    var workspace = Analyzer.Workspace()
    let rate = measureRate(units: lineCharacters, seconds: arguments.minimumSeconds) {
        precondition(!analyzer.surfaces(of: line, workspace: &workspace).isEmpty)
    }
    print("")
    print(String(format: "One line of %.1f MB (%d characters): DMKM %.2f M chars/s", Double(line.utf8.count) / 1e6, lineCharacters, rate / 1e6))
}

let arguments = Arguments(CommandLine.arguments)
do {
    switch arguments.command {
    case "segmenter": try segmenterBenchmark(arguments)
    case "generate": try generateCorpus(documents: arguments.documents, seed: arguments.seed, output: arguments.output)
    case "queries":
        guard let index = arguments.index, let source = arguments.output else {
            FileHandle.standardError.write(Data("usage: bench queries --index DIR --out SOURCE.jsonl [--queries N] [--seconds S]\n".utf8))
            exit(2)
        }
        try queryBenchmark(indexPath: index, sourcePath: source, perKind: arguments.queries, seconds: arguments.minimumSeconds)
    case "latency":
        guard let index = arguments.index, let queryFile = arguments.queryFile else {
            FileHandle.standardError.write(Data("usage: bench latency --index DIR --query-file FILE [--warmup N] [--repeat N] [--json] [--ranking OVERRIDES]\n".utf8))
            exit(2)
        }
        try latencyBenchmark(indexPath: index, queryFile: queryFile, warmupPasses: arguments.warmup, repeatPasses: arguments.repeats, json: arguments.json, ranking: arguments.ranking)
    case "ocr": try ocrBenchmark(repeats: arguments.repeats)
    default:
        FileHandle.standardError.write(Data("unknown benchmark \(arguments.command); try: segmenter, generate, queries, latency, ocr\n".utf8))
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("bench: \(error)\n".utf8))
    exit(1)
}
