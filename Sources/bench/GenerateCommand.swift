import DMKMAnalysis
import Foundation

/// Why `generateCorpus` could not write its output.
struct CorpusOutputError: Error, CustomStringConvertible {
    let path: String
    let reason: String
    var description: String { "cannot write \(path): \(reason)" }
}

/// Writes `documents` synthetic JSONL documents (see CorpusGenerator) to `output`, or to stdout
/// when `output` is nil, and prints a one-line summary to stderr.
///
/// Thai vocabulary: libthai's dictionary (read through the system library at run time) plus
/// DMKM's domain dictionary; English vocabulary: `CorpusGenerator.defaultEnglishWords()`.
/// The same seed on the same word lists gives byte-identical output.
func generateCorpus(documents: Int, seed: UInt64, output: String?) throws {
    let clock = ContinuousClock()
    let start = clock.now

    var thaiWords: [String] = []
    let codes = try SystemDictionaries.libthaiWords()
    thaiWords.reserveCapacity(codes.count + 1_000)
    for word in codes {
        var scalars = String.UnicodeScalarView()
        for code in word {
            if let scalar = Unicode.Scalar(0x0E00 + UInt32(code)) { scalars.append(scalar) }
        }
        if !scalars.isEmpty { thaiWords.append(String(scalars)) }
    }
    thaiWords += try AnalysisResources.domainWords()

    var generator = CorpusGenerator(
        seed: seed, thaiWords: thaiWords, englishWords: CorpusGenerator.defaultEnglishWords())

    let handle: FileHandle
    if let output {
        guard FileManager.default.createFile(atPath: output, contents: nil) else {
            throw CorpusOutputError(path: output, reason: "cannot create the file")
        }
        guard let opened = FileHandle(forWritingAtPath: output) else {
            throw CorpusOutputError(path: output, reason: "cannot open the file for writing")
        }
        handle = opened
    } else {
        handle = FileHandle.standardOutput
    }

    let flushSize = 1 << 20
    var buffer: [UInt8] = []
    buffer.reserveCapacity(flushSize + 256 * 1024)
    var written = 0
    for _ in 0..<max(0, documents) {
        generator.appendNextDocument(to: &buffer)
        buffer.append(0x0A)
        if buffer.count >= flushSize {
            try handle.write(contentsOf: buffer)
            written += buffer.count
            buffer.removeAll(keepingCapacity: true)
        }
    }
    if !buffer.isEmpty {
        try handle.write(contentsOf: buffer)
        written += buffer.count
    }
    if output != nil { try handle.close() }

    let elapsed = clock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let megabytes = Double(written) / 1e6
    let summary = String(
        format: "generated %d documents, %.1f MB in %.2f s (%.1f MB/s)", documents, megabytes, seconds,
        seconds > 0 ? megabytes / seconds : 0)
        + ", seed \(seed), \(generator.thaiVocabularyCount) Thai + \(generator.englishVocabularyCount) English words"
        + " -> \(output ?? "stdout")\n"
    FileHandle.standardError.write(Data(summary.utf8))
}
