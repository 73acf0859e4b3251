import DMKMIndex
import Foundation
import Testing

/// The sub-word level (issue 13): a Thai word is found wherever its characters are, whatever the
/// segmenter cut, and documents holding it as a word still rank first.
@Suite("sub-word level: Thai words inside longer tokens")
struct SubwordSearchTests {
    /// The bundled corpus, indexed once for the suite.
    static let corpusIndex: String = {
        let work = CLI.temporaryDirectory("subword-corpus")
        let index = work.appendingPathComponent("index").path
        let result = try? CLI.run(["ingest", CLI.packageRoot.appendingPathComponent("corpus").path, "--index", index, "--quiet"])
        precondition(result?.status == 0, "cannot index corpus/: \(result?.stderr ?? "no result")")
        return index
    }()

    struct Response: Decodable {
        struct Hit: Decodable { var id: String }
        var hits: [Hit]
        var suggestion: String?
    }

    static func search(_ query: String, index: String = corpusIndex, extra: [String] = []) throws -> Response {
        let result = try CLI.run(["search", query, "--index", index, "--format", "json", "--top", "200", "--public-only"] + extra)
        #expect(result.status == 0, "\(result.stderr)")
        return try JSONDecoder().decode(Response.self, from: result.stdout)
    }

    /// Ids of the documents an anonymous reader may see whose text (any searched field) contains `text`.
    static func publicDocuments(containing text: String, index: String = corpusIndex) throws -> Set<String> {
        let today = Day(daysSinceEpoch: Int32(Date().timeIntervalSince1970 / 86_400))
        var ids = Set<String>()
        try IndexReader.open(IndexDirectory(path: index)).forEachDocument { document in
            guard document.access == .public, document.publicFrom.map({ $0 <= today }) ?? true else { return }
            let fields = document.titles.map(\.text) + document.abstracts.map(\.text) + [document.body] + document.keywords + document.authors
            if fields.contains(where: { $0.contains(text) }) { ids.insert(document.id) }
        }
        return ids
    }

    @Test("ฟลูออไรด์ finds every public document containing it, glued or not, word matches first")
    func fluorideEverywhere() throws {
        let containing = try Self.publicDocuments(containing: "ฟลูออไรด์")
        // The three the issue names: "ทาฟลูออไรด์วานิช" was cut ทาฟลูออไรด์|วานิช before the unknown-word repair.
        #expect(containing.isSuperset(of: ["cop-dental-nurses-region8-2566", "sugar-free-cdc-2565", "mobile-dental-school-tpsa-2568"]))
        let hits = try Self.search("ฟลูออไรด์").hits.map(\.id)
        #expect(containing.isSubset(of: Set(hits)), "missing: \(containing.subtracting(hits).sorted())")
        // Since the segmenter cuts ทา|ฟลูออไรด์|วานิช the word level finds these three too; whatever
        // the words find, the sub-word level keeps it, and documents found only by sub-words
        // come after every word match.
        let words = try Self.search("ฟลูออไรด์", extra: ["--ranking", "subword=0"]).hits.map(\.id)
        #expect(Set(words).isSubset(of: Set(hits)))
        #expect(Set(hits.prefix(words.count)) == Set(words), "word matches must rank first: \(hits)")
    }

    @Test("a quoted Thai phrase matches whatever the cuts were")
    func phraseAcrossCuts() throws {
        let containing = try Self.publicDocuments(containing: "ทาฟลูออไรด์วานิช")
        #expect(containing.count >= 3)
        let hits = Set(try Self.search("\"ทาฟลูออไรด์วานิช\"").hits.map(\.id))
        #expect(containing.isSubset(of: hits), "missing: \(containing.subtracting(hits).sorted())")
        // Still a phrase: the clusters must be in this order, in one run of Thai letters.
        #expect(try Self.search("\"วานิชทาฟลูออไรด์\"").hits.isEmpty)
    }

    @Test("unknown words glued to their neighbours are found by themselves")
    func gluedUnknownWords() throws {
        let work = CLI.temporaryDirectory("subword-glued")
        defer { try? FileManager.default.removeItem(at: work) }
        let records = [
            ("chx", "การใช้คลอร์เฮกซิดีนวาร์นิชในผู้สูงอายุ", "คลอร์เฮกซิดีนวาร์นิชใช้กับผู้สูงอายุที่มีรากฟันผุ"),
            ("mutans", "เชื้อก่อโรคฟันผุในคราบจุลินทรีย์", "เชื้อสเตรปโตค็อกคัสมิวแทนส์พบในคราบจุลินทรีย์ของเด็กที่มีฟันผุ"),
            ("newton", "ประวัตินักวิทยาศาสตร์", "เซอร์ไอแซคนิวตันเป็นนักฟิสิกส์ชาวอังกฤษ"),
            ("other", "การแปรงฟันในโรงเรียน", "เด็กนักเรียนแปรงฟันหลังอาหารกลางวันทุกวัน"),
        ]
        let jsonl = try records.map { id, title, text in
            String(decoding: try JSONSerialization.data(withJSONObject: ["id": id, "title": title, "text": text, "access": "public"]), as: UTF8.self)
        }.joined(separator: "\n")
        let file = work.appendingPathComponent("glued.jsonl")
        try jsonl.write(to: file, atomically: true, encoding: .utf8)
        let index = work.appendingPathComponent("index").path
        let ingest = try CLI.run(["ingest", file.path, "--index", index, "--quiet"])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        #expect(try Self.search("วาร์นิช", index: index).hits.map(\.id) == ["chx"])
        #expect(try Self.search("มิวแทนส์", index: index).hits.map(\.id) == ["mutans"])
        #expect(try Self.search("นิวตัน", index: index).hits.map(\.id) == ["newton"])
        #expect(try Self.search("สเตรปโตค็อกคัส", index: index).hits.map(\.id) == ["mutans"])
        // Clusters in sequence, not characters anywhere: ตัน alone is not นิวตัน.
        #expect(try Self.search("ไอแซค นิวตัน", index: index).hits.first?.id == "newton")
        #expect(try Self.search("วิตัน", index: index).hits.isEmpty)
    }
}

@Suite("misspelt Latin words: close spellings and a suggestion")
struct MisspellingSearchTests {
    @Test("flouride varnish finds the fluoride-varnish studies and suggests fluoride varnish")
    func flourideVarnish() throws {
        let response = try SubwordSearchTests.search("flouride varnish")
        #expect(response.suggestion == "fluoride varnish")
        let top = response.hits.prefix(5).map(\.id)
        #expect(top.contains("fluoride-varnish-2565"), "\(top)")
        #expect(top.contains("fluoride-varnish-kindergarten-trial-2019"), "\(top)")
        // Alone, the misspelt word still finds documents.
        let alone = try SubwordSearchTests.search("flouride")
        #expect(!alone.hits.isEmpty)
        #expect(alone.suggestion == "fluoride")
        // A correctly spelt query gets no suggestion.
        #expect(try SubwordSearchTests.search("fluoride varnish").suggestion == nil)
    }
}
