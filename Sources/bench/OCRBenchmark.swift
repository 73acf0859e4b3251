import DMKMAnalysis
import DMKMExtract
import Foundation

/// OCR accuracy and speed on the scanned PDFs whose source text is committed: the test fixture
/// (Tests/Fixtures/formats, scripts/make-format-fixtures) and the corpus scan
/// (corpus/scan, scripts/make-corpus-office). For each rendering resolution: the character error
/// rate against the source (white space left out), Tesseract's mean confidence, and the time
/// per page (rendering and recognition, Tesseract's start-up included; best of `repeats`).
func ocrBenchmark(repeats: Int) throws {
    let scans = [
        ("Tests/Fixtures/formats/scanned-report.pdf", "Tests/Fixtures/formats/src/scanned-report.txt"),
        ("corpus/scan/school-dental-survey-lampang-2557.pdf", "corpus/tools/office-src/school-dental-survey-lampang-2557.scan.txt"),
    ]
    print("| scan | pages | render dpi | CER | edits / chars | mean confidence | s / page |")
    print("|---|---|---|---|---|---|---|")
    for (pdf, source) in scans {
        let data = Array(try Data(contentsOf: URL(fileURLWithPath: pdf)))
        let reference = try String(contentsOfFile: source, encoding: .utf8).replacingOccurrences(of: "%%PAGE%%", with: "")
        for resolution in [200, 300, 400] {
            var limits = ExtractionLimits()
            limits.ocrResolution = resolution
            limits.timeoutSeconds = 600
            var best = Double.infinity
            var document = ExtractedDocument()
            for _ in 0..<max(1, repeats) {
                let started = Date()
                document = try PDFExtractor().extract(data, fileName: pdf, limits: limits)
                best = min(best, Date().timeIntervalSince(started))
            }
            let pages = Int(document.metadata["pages"] ?? "1") ?? 1
            let cer = CharacterErrorRate.of(document.body, reference: reference)
            print(String(
                format: "| `%@` | %d | %d | %.2f%% | %d / %d | %@ | %.2f |", (pdf as NSString).lastPathComponent, pages, resolution,
                cer.rate * 100, cer.edits, cer.characters, document.metadata["ocr_confidence"] ?? "–", best / Double(pages)))
        }
    }
}
