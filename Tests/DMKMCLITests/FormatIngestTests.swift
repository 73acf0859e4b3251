import DMKMIndex
import Foundation
import Testing

/// `dmkm ingest` on the files of a real archive (Tests/Fixtures/formats, made by
/// scripts/make-format-fixtures): each is found by a Thai phrase it contains.
@Suite("dmkm ingest: legacy encodings, scans, slides, spreadsheets, old Word files")
struct FormatIngestTests {
    static let fixtures = CLI.packageRoot.appendingPathComponent("Tests/Fixtures/formats")

    struct Report: Decodable {
        struct Note: Decodable { var source: String; var note: String }
        struct Failure: Decodable { var source: String; var reason: String }
        var indexed: Int
        var failed: [Failure]
        var notes: [Note]
    }

    static func ids(_ query: String, index: String) throws -> [String] {
        let result = try CLI.run(["search", query, "--index", index, "--format", "trec", "--top", "10"])
        #expect(result.status == 0, "\(result.stderr)")
        return result.output.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: " ")
            return parts.count >= 3 ? String(parts[2]) : nil
        }
    }

    @Test("each fixture is indexed and found by a Thai phrase it contains; the report says how it was read")
    func everyFormatIsFound() throws {
        let work = CLI.temporaryDirectory("formats")
        defer { try? FileManager.default.removeItem(at: work) }
        let index = work.appendingPathComponent("index").path
        let reportURL = work.appendingPathComponent("report.json")
        let result = try CLI.run(["ingest", Self.fixtures.path, "--index", index, "--report", reportURL.path])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try JSONDecoder().decode(Report.self, from: Data(contentsOf: reportURL))
        #expect(report.failed.isEmpty, "\(report.failed)")
        #expect(report.indexed == 7)
        let notes = Dictionary(grouping: report.notes, by: { URL(fileURLWithPath: $0.source).lastPathComponent }).mapValues { $0.map(\.note) }
        #expect(notes["tis620.txt"] == ["decoded as tis-620"])
        #expect(notes["windows874.html"] == ["decoded as windows-874"])
        #expect(notes["invalid-bytes.txt"] == ["3 undecodable byte sequence(s) in utf-8 replaced with U+FFFD"])
        #expect(notes["scanned-report.pdf"]?.first?.hasPrefix("OCR (tha+eng) on page(s) 1-2, mean confidence") == true, "\(notes)")
        #expect(notes["legacy-word.doc"] == ["converted with LibreOffice"])

        let phrases = [
            ("tis620", "\"ชมรมผู้ปกครองรักษ์ฟัน\""),
            ("windows874", "\"ตลาดนัดสุขภาพช่องปาก\""),
            ("invalid-bytes", "\"นักเรียนแปรงฟันหลังอาหารกลางวันทุกวัน\""),
            ("scanned-report", "\"สำรวจสภาวะช่องปากของนักเรียน\""),
            ("slides", "\"นัดหมายผ่านไลน์ของผู้ปกครอง\""),
            ("survey", "\"อำเภอเมืองน่าน\""),
            ("legacy-word", "\"กล่องแช่ฟันเทียมมีตะแกรงยก\""),
        ]
        for (name, phrase) in phrases {
            let found = try Self.ids(phrase, index: index)
            // A file without a declared id gets the slug of its name (never its path).
            #expect(found == [name], "\(phrase) found \(found), expected \(name)")
        }
        let reader = try IndexReader.open(IndexDirectory(path: index))
        var formats = Set<String>()
        try reader.forEachDocument { if let format = $0.extra["format"] { formats.insert(format) } }
        #expect(formats == ["text", "html", "pdf", "pptx", "xlsx", "doc"])
    }

    @Test("--no-ocr indexes a scan by its metadata only; without soffice a .doc fails naming the package")
    func ocrOffAndOfficeMissing() throws {
        let work = CLI.temporaryDirectory("no-ocr")
        defer { try? FileManager.default.removeItem(at: work) }
        let source = work.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: source, withIntermediateDirectories: true)
        for name in ["scanned-report.pdf", "legacy-word.doc"] {
            try FileManager.default.copyItem(at: Self.fixtures.appendingPathComponent(name), to: source.appendingPathComponent(name))
        }
        let index = work.appendingPathComponent("index").path
        let result = try CLI.run(["ingest", source.path, "--index", index, "--no-ocr"], environment: ["DMKM_SOFFICE": ""])
        #expect(result.status == 1)
        #expect(result.stderr.contains("legacy-word.doc: unsupported: legacy Word (.doc) files are converted with LibreOffice, which is not installed: install the Debian package libreoffice-writer-nogui"), "\(result.stderr)")
        #expect(result.stderr.contains("scanned-report.pdf: no text layer (a scan?) and OCR is off"), "\(result.stderr)")
        #expect(try Self.ids("\"สำรวจสภาวะช่องปากของนักเรียน\"", index: index).isEmpty)
        #expect(try Self.ids("scanned-report", index: index).count == 1)
    }
}
