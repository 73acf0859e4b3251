import DMKMIndex
import Foundation
import Testing

@testable import DMKMExtract

/// The package root, from this file's path (Tests/DMKMExtractTests/...).
private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
private let corpus = packageRoot.appendingPathComponent("corpus")

/// Every sidecar under corpus/ (tools/ excluded).
private func corpusSidecars() throws -> [URL] {
    var found: [URL] = []
    for folder in try FileManager.default.contentsOfDirectory(atPath: corpus.path).sorted() where folder != "tools" {
        let directory = corpus.appendingPathComponent(folder)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { continue }
        for name in names.sorted() where Sidecar.suffixes.contains(where: { name.hasSuffix($0) }) {
            found.append(directory.appendingPathComponent(name))
        }
    }
    return found
}

/// A scratch directory for one test, removed afterwards.
private final class Scratch {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("dmkm-sidecar-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    @discardableResult
    func write(_ name: String, _ content: String) throws -> URL {
        let url = directory.appendingPathComponent(name)
        try Data(content.utf8).write(to: url)
        return url
    }
}

private func sidecarError(_ url: URL) -> SidecarError? {
    do {
        _ = try Sidecar.read(url)
        return nil
    } catch {
        return error
    }
}

@Suite("sidecar metadata")
struct SidecarTests {
    @Test("every sidecar in the corpus reads, and makes a valid document record")
    func corpusSidecarsRead() throws {
        let sidecars = try corpusSidecars()
        #expect(sidecars.count == 49)  // 58 documents, 9 of them JSONL records
        var ids = Set<String>()
        for url in sidecars {
            let fields = try Sidecar.read(url)
            let id = try #require(fields["id"] as? String, "\(url.lastPathComponent)")
            #expect(ids.insert(id).inserted, "duplicate id \(id)")
            let document = try DocumentRecord.document(from: fields)
            #expect(document.id == id)
            // The sidecar sits beside its document and is found from it.
            let documentURL = URL(fileURLWithPath: String(url.path.dropLast(".meta.yaml".count)))
            #expect(FileManager.default.fileExists(atPath: documentURL.path), "\(url.lastPathComponent)")
            #expect(Sidecar.url(for: documentURL)?.path == url.path)
        }
    }

    @Test("values come back like a JSONL record; award maps are kept whole")
    func awardsAndTypes() throws {
        let fields = try Sidecar.read(corpus.appendingPathComponent("docx/tpsa-2568-elderly-service-draft.docx.meta.yaml"))
        #expect(fields["id"] as? String == "tpsa-2568-elderly-service-draft")
        #expect(fields["year"] as? Int == 2568)
        #expect(fields["authors"] as? [String] == ["มณีรัตน์ สุขประเสริฐ", "ศักดิ์ชัย วงศ์ทอง"])
        #expect(fields["keywords"] as? [String] == ["รางวัลเลิศรัฐ", "ผู้สูงอายุ", "บริการทันตกรรม"])
        #expect(fields["access"] as? String == "internal")
        let awards = try #require(fields["awards"] as? [Any])
        let award = try #require(awards.first as? [String: Any])
        #expect(award["program"] as? String == "TPSA")
        #expect(award["cycle"] as? Int == 2568)
        #expect(award["category"] as? String == "บริการภาครัฐ")
        #expect(award["status"] as? String == "drafting")

        let document = try DocumentRecord.document(from: fields)
        #expect(document.year == 2025)
        #expect(document.type == .academicWork)
        #expect(document.access == .internal)
        #expect(document.awards == ["TPSA/2568"])
    }

    @Test("an unquoted YAML date reads as YYYY-MM-DD")
    func dates() throws {
        let fields = try Sidecar.read(corpus.appendingPathComponent("html/fluoride-varnish-2565.html.meta.yaml"))
        #expect(fields["public_from"] as? String == "2022-10-01")
        #expect(try DocumentRecord.document(from: fields).publicFrom == Day("2022-10-01"))

        let scratch = try Scratch()
        let quoted = try scratch.write("a.txt.meta.yaml", "id: a\npublic_from: \"2030-01-01\"\n")
        #expect(try Sidecar.read(quoted)["public_from"] as? String == "2030-01-01")
        let timestamp = try scratch.write("b.txt.meta.yaml", "id: b\npublic_from: 2024-03-31T00:00:00Z\n")
        #expect(try Sidecar.read(timestamp)["public_from"] as? String == "2024-03-31")
    }

    @Test("the sidecar beside a file: YAML first, then .yml, then JSON")
    func locating() throws {
        let scratch = try Scratch()
        let file = try scratch.write("report.pdf", "%PDF-")
        #expect(Sidecar.url(for: file) == nil)
        try scratch.write("report.pdf.meta.json", #"{"id": "report"}"#)
        #expect(Sidecar.url(for: file)?.lastPathComponent == "report.pdf.meta.json")
        try scratch.write("report.pdf.meta.yml", "id: report\n")
        #expect(Sidecar.url(for: file)?.lastPathComponent == "report.pdf.meta.yml")
        try scratch.write("report.pdf.meta.yaml", "id: report\n")
        #expect(Sidecar.url(for: file)?.lastPathComponent == "report.pdf.meta.yaml")
    }

    @Test("a .meta.json sidecar works like a YAML one")
    func json() throws {
        let scratch = try Scratch()
        let url = try scratch.write("paper.docx.meta.json", """
            {"id": "paper-2565", "title_th": "ชื่อเรื่อง", "year": 2565, "type": "paper", "access": "public",
             "authors": ["ก ข", "Jane Doe"], "keywords": "a, b", "public_from": null,
             "awards": [{"program": "UNPSA", "cycle": 2024, "category": "Fostering innovation", "status": "shortlisted"}, "TPSA/2568"]}
            """)
        let fields = try Sidecar.read(url)
        #expect(fields["year"] as? Int == 2565)
        #expect(fields["keywords"] as? [String] == ["a", "b"])
        #expect(fields["public_from"] == nil)
        let awards = try #require(fields["awards"] as? [Any])
        #expect((awards[0] as? [String: Any])?["status"] as? String == "shortlisted")
        #expect(awards[1] as? String == "TPSA/2568")
        let document = try DocumentRecord.document(from: fields)
        #expect(document.year == 2022)
        #expect(document.awards == ["UNPSA/2024", "TPSA/2568"])

        let bad = try scratch.write("bad.docx.meta.json", #"{"id": "x", "year": "next year"}"#)
        let error = try #require(sidecarError(bad))
        #expect(error.field == "year")
        #expect(error.description.contains("bad.docx.meta.json"))
        #expect(error.description.contains("next year"))

        let broken = try scratch.write("broken.docx.meta.json", "{\"id\": \"x\",\n\"year\": }")
        #expect(sidecarError(broken)?.message.hasPrefix("not valid JSON") == true)
        let boolean = try scratch.write("bool.docx.meta.json", #"{"id": "x", "title": true}"#)
        #expect(sidecarError(boolean)?.field == "title")
    }

    @Test("each bad value names the file, the field, the value and the line", arguments: [
        ("titel: A typo\n", "titel", "A typo", "unknown key", 2),
        ("year: twenty twenty\n", "year", "twenty twenty", "expected a year", 2),
        ("year: 1066\n", "year", "1066", "expected a year", 2),
        ("type: thesis\n", "type", "thesis", "expected one of", 2),
        ("access: secret\n", "access", "secret", "expected public or internal", 2),
        ("public_from: 2024-13-45\n", "public_from", "2024-13-45", "expected a date", 2),
        ("public_from: next week\n", "public_from", "next week", "expected a date", 2),
        ("lang: th/en!\n", "lang", "th/en!", "expected language codes", 2),
        ("title: [one, two]\n", "title", "[one, two]", "expected a string, got a list", 2),
        ("authors: {name: x}\n", "authors", "", "expected a list of strings, got a mapping", 2),
        ("unit: yes\n", "unit", "yes", "expected a string, got the boolean", 2),
        // Inside lists and award maps, the line is the offending item's.
        ("keywords:\n  - fine\n  - [nested]\n", "keywords[1]", "[nested]", "expected a string", 4),
        ("awards:\n  - program: TPSA\n    cycle: 2568\n    status: won\n", "awards[0].status", "won", "expected one of", 5),
        ("awards:\n  - program: TPSA\n    prize: gold\n", "awards[0].prize", "gold", "unknown award key", 4),
        ("awards:\n  - cycle: 2568\n", "awards[0].program", "", "missing", 3),
        ("awards:\n  - TPSA/1800\n", "awards[0]", "TPSA/1800", "award cycle year", 3),
    ])
    func badValues(yaml: String, field: String, value: String, message: String, line: Int) throws {
        let scratch = try Scratch()
        let url = try scratch.write("document.html.meta.yaml", "id: some-document\n" + yaml)
        let error = try #require(sidecarError(url), "\(yaml) was accepted")
        #expect(error.file == url.path)
        #expect(error.field == field)
        #expect(error.line == line, "\(error)")
        #expect(error.message.contains(message), "\(error)")
        #expect(error.description.hasPrefix(url.path + ":\(line): field '\(field)': "), "\(error)")
        if !value.isEmpty { #expect(error.description.contains(value), "\(error)") }
    }

    @Test("malformed YAML names the line")
    func malformedYAML() throws {
        let scratch = try Scratch()
        let unclosed = try scratch.write("a.md.meta.yaml", "id: a\ntitle_en: fine\nkeywords: [one, two\nyear: 2565\n")
        let error = try #require(sidecarError(unclosed))
        #expect(error.field == nil)
        #expect(error.line != nil)
        #expect(error.message.hasPrefix("not valid YAML"))
        #expect(error.description.contains("a.md.meta.yaml:\(error.line!):"))

        let badIndent = try scratch.write("b.md.meta.yaml", "id: b\ntitle: x\n  year: 2565\n")
        #expect(sidecarError(badIndent)?.line == 3)

        let duplicate = try scratch.write("c.md.meta.yaml", "id: c\nyear: 2565\nyear: 2566\n")
        #expect(sidecarError(duplicate)?.message.contains("duplicate key") == true)

        let notMapping = try scratch.write("d.md.meta.yaml", "- id\n- year\n")
        #expect(sidecarError(notMapping)?.message.contains("expected a mapping") == true)

        let bomb = try scratch.write("e.md.meta.yaml", "id: e\na: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n")
        #expect(sidecarError(bomb)?.message.contains("aliases") == true)
        #expect(sidecarError(bomb)?.line == 3)
        // Ampersands and asterisks in quoted text or comments are not anchors and aliases.
        let prose = try scratch.write("g.md.meta.yaml", "id: g\ntitle: \"Fish &chips, *special* offer\"\nunit: 'R &D *lab*'  # &x *y\n")
        #expect(try Sidecar.read(prose)["title"] as? String == "Fish &chips, *special* offer")

        let invalid = scratch.directory.appendingPathComponent("f.md.meta.yaml")
        try Data(Array("id: f\ntitle: ok\nunit: ".utf8) + [0xFF, 0x0A]).write(to: invalid)
        let encoding = try #require(sidecarError(invalid))
        #expect(encoding.message == "not valid UTF-8")
        #expect(encoding.line == 3)
    }

    @Test("id may be left out (the pipeline derives one); an empty file is no metadata")
    func optionalIdentifier() throws {
        let scratch = try Scratch()
        let noID = try scratch.write("x.txt.meta.yaml", "year: 2565\ntype: report\n")
        let fields = try Sidecar.read(noID)
        #expect(fields["id"] == nil)
        #expect(fields["year"] as? Int == 2565)
        let empty = try scratch.write("y.txt.meta.yaml", "")
        #expect(try Sidecar.read(empty).isEmpty)
        let nothing = try scratch.write("z.txt.meta.yaml", "id: z\ntitle:\nkeywords: []\n")
        let sparse = try Sidecar.read(nothing)
        #expect(sparse["title"] == nil)
        #expect(sparse["keywords"] as? [String] == [])
    }
}
