import DMKMIndex
import Foundation
import Testing

@Suite("dmkm ingest on files")
struct IngestCommandTests {
    static var packageRoot: URL { CLI.packageRoot }

    static func temporaryDirectory(_ name: String) -> URL { CLI.temporaryDirectory("ingest-\(name)") }

    struct Report: Decodable {
        struct Failure: Decodable { var source: String; var reason: String }
        var files: Int
        var indexed: Int
        var unchanged: Int
        var pruned: [String]
        var failed: [Failure]
    }

    static func report(_ url: URL) throws -> Report {
        try JSONDecoder().decode(Report.self, from: Data(contentsOf: url))
    }

    @Test("the sample corpus indexes with zero failures, its judged queries rank well, and re-ingest changes nothing")
    func sampleCorpus() throws {
        let work = Self.temporaryDirectory("corpus")
        let index = work.appendingPathComponent("index").path
        let corpus = Self.packageRoot.appendingPathComponent("corpus").path
        let reportURL = work.appendingPathComponent("report.json")
        let first = try CLI.run(["ingest", corpus, "--index", index, "--report", reportURL.path])
        #expect(first.status == 0, "\(first.stderr)")
        let report = try Self.report(reportURL)
        #expect(report.failed.isEmpty)
        #expect(report.indexed == 58)
        let reader = try IndexReader.open(IndexDirectory(path: index))
        #expect(reader.documentCount == 58)
        // Every supported format is in the index.
        var formats = Set<String>()
        try reader.forEachDocument { if let format = $0.extra["format"] { formats.insert(format) } }
        #expect(formats.isSuperset(of: ["html", "jats", "tei", "dublin-core", "docx", "odt", "pdf", "text", "markdown", "pptx", "xlsx", "doc"]))

        let eval = try CLI.run(["eval", "--index", index, "--queries", corpus + "/queries.tsv", "--qrels", corpus + "/qrels.tsv"])
        #expect(eval.status == 0)
        let metrics = Dictionary(uniqueKeysWithValues: eval.output.split(separator: "\n").compactMap { line -> (String, Double)? in
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count == 2, let value = Double(parts[1]) else { return nil }
            return (String(parts[0]), value)
        })
        #expect((metrics["MRR@10"] ?? 0) >= 0.95, "\(eval.output)")
        #expect((metrics["nDCG@10"] ?? 0) >= 0.85, "\(eval.output)")

        let generation = reader.generation
        let second = try CLI.run(["ingest", corpus, "--index", index, "--report", reportURL.path])
        #expect(second.status == 0)
        #expect(try Self.report(reportURL).unchanged == 58)
        #expect(try Self.report(reportURL).indexed == 0)
        #expect(try IndexReader.open(IndexDirectory(path: index)).generation == generation)
        try? FileManager.default.removeItem(at: work)
    }

    @Test("a changed file replaces its document; --prune removes documents whose files are gone")
    func changesAndPrune() throws {
        let work = Self.temporaryDirectory("changes")
        let source = work.appendingPathComponent("docs")
        try FileManager.default.createDirectory(at: source, withIntermediateDirectories: true)
        try "รายงานการเคลือบหลุมร่องฟัน\n\nเนื้อหาเดิม originalword".write(to: source.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
        try "Second report\n\nabout fluoride varnish".write(to: source.appendingPathComponent("b.txt"), atomically: true, encoding: .utf8)
        try "id: report-b\nyear: 2565\ntype: report\n".write(to: source.appendingPathComponent("b.txt.meta.yaml"), atomically: true, encoding: .utf8)
        let index = work.appendingPathComponent("index").path
        #expect(try CLI.run(["ingest", source.path, "--index", index]).status == 0)
        var reader = try IndexReader.open(IndexDirectory(path: index))
        #expect(reader.documentCount == 2)
        #expect(try reader.document(id: "report-b")?.year == 2022)

        try "รายงานการเคลือบหลุมร่องฟัน\n\nเนื้อหาใหม่ changedword".write(to: source.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(at: source.appendingPathComponent("b.txt"))
        try FileManager.default.removeItem(at: source.appendingPathComponent("b.txt.meta.yaml"))
        let reportURL = work.appendingPathComponent("report.json")
        #expect(try CLI.run(["ingest", source.path, "--index", index, "--prune", "--report", reportURL.path]).status == 0)
        let report = try Self.report(reportURL)
        #expect(report.indexed == 1)
        #expect(report.pruned == ["report-b"])
        reader = try IndexReader.open(IndexDirectory(path: index))
        #expect(reader.documentCount == 1)
        let search = try CLI.run(["search", "changedword", "--index", index, "--format", "trec"])
        #expect(search.output.split(separator: "\n").count == 1)
        #expect(try CLI.run(["search", "originalword", "--index", index, "--format", "trec"]).output.isEmpty)
        try? FileManager.default.removeItem(at: work)
    }

    @Test("bad and hostile files are reported one by one; good files are still committed; exit status 1")
    func failuresAreReported() throws {
        let work = Self.temporaryDirectory("failures")
        let source = work.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: source, withIntermediateDirectories: true)
        try "A good report\n\nfluoride sealant goodword".write(to: source.appendingPathComponent("good.txt"), atomically: true, encoding: .utf8)
        let pdf = try Data(contentsOf: Self.packageRoot.appendingPathComponent("corpus/pdf").appendingPathComponent(
            try FileManager.default.contentsOfDirectory(atPath: Self.packageRoot.appendingPathComponent("corpus/pdf").path).first { $0.hasSuffix(".pdf") }!))
        try pdf.prefix(pdf.count / 2).write(to: source.appendingPathComponent("truncated.pdf"))
        try Data().write(to: source.appendingPathComponent("empty.txt"))
        try Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919) }).write(to: source.appendingPathComponent("binary.bin"))
        try "Bad metadata".write(to: source.appendingPathComponent("badmeta.txt"), atomically: true, encoding: .utf8)
        try "year: ปีหน้า\n".write(to: source.appendingPathComponent("badmeta.txt.meta.yaml"), atomically: true, encoding: .utf8)
        try #"<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><x><title>XXE</title><p>&xxe; safe text</p></x>"#
            .write(to: source.appendingPathComponent("xxe.xml"), atomically: true, encoding: .utf8)
        try "crash me".write(to: source.appendingPathComponent("crash.txt"), atomically: true, encoding: .utf8)
        try "hang me".write(to: source.appendingPathComponent("hang.txt"), atomically: true, encoding: .utf8)
        let index = work.appendingPathComponent("index").path
        let reportURL = work.appendingPathComponent("report.json")
        let result = try CLI.run(["ingest", source.path, "--index", index, "--report", reportURL.path, "--timeout", "3"],
                                 environment: ["DMKM_EXTRACT_FAULTS": "crash=crash.txt,hang=hang.txt"])
        #expect(result.status == 1)
        let report = try Self.report(reportURL)
        let reasons = Dictionary(uniqueKeysWithValues: report.failed.map { (URL(fileURLWithPath: $0.source).lastPathComponent, $0.reason) })
        #expect(reasons["truncated.pdf"]?.hasPrefix("malformed") == true, "\(reasons)")
        #expect(reasons["empty.txt"]?.hasPrefix("empty") == true, "\(reasons)")
        #expect(reasons["binary.bin"]?.hasPrefix("unsupported") == true, "\(reasons)")
        #expect(reasons["badmeta.txt"]?.contains("year") == true, "\(reasons)")
        #expect(reasons["crash.txt"]?.hasPrefix("crashed") == true, "\(reasons)")
        #expect(reasons["hang.txt"]?.hasPrefix("timeout") == true, "\(reasons)")
        #expect(result.stderr.contains("truncated.pdf"))
        #expect(report.indexed == 2)  // good.txt, and xxe.xml with the entity left unexpanded
        let reader = try IndexReader.open(IndexDirectory(path: index))
        #expect(reader.documentCount == 2)
        var bodies: [String] = []
        try reader.forEachDocument { bodies.append($0.body) }
        #expect(!bodies.joined().contains("root:"))
        try? FileManager.default.removeItem(at: work)
    }
}
