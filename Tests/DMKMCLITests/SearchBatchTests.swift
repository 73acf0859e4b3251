import Foundation
import Testing

/// `dmkm search --batch` as evaluation scripts use it, and the empty query.
@Suite("search --batch and empty queries")
struct SearchBatchTests {
    static func smallIndex(_ name: String) throws -> (root: URL, index: String) {
        let root = CLI.temporaryDirectory(name)
        let records = [
            #"{"id":"fv","title":"Fluoride varnish in preschool children","access":"public","year":2565}"#,
            #"{"id":"sl","title":"Sealant retention after two years","access":"public","year":2566}"#,
        ].joined(separator: "\n") + "\n"
        let file = root.appendingPathComponent("records.jsonl")
        try Data(records.utf8).write(to: file)
        let index = root.appendingPathComponent("idx").path
        let ingest = try CLI.run(["ingest", file.path, "--index", index, "--quiet"])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        return (root, index)
    }

    @Test("a line whose query does not parse is searched as words, and stderr names its qid and column")
    func syntaxErrorIsReported() throws {
        let (root, index) = try Self.smallIndex("batch-syntax")
        defer { try? FileManager.default.removeItem(at: root) }
        let input = Data("q1\tfluoride\nq2\tsealant (retention\nq3\tvarnish\n".utf8)
        let text = try CLI.run(["search", "--batch", "--index", index], input: input)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stderr.contains("query q2:") && text.stderr.contains("column") && text.stderr.contains("searched as plain words"), "\(text.stderr)")
        #expect(!text.stderr.contains("query q1:") && !text.stderr.contains("query q3:"))
        // Every text block says which question it answers, in input order.
        let headers = text.output.split(separator: "\n").filter { $0.hasPrefix("qid ") }
        #expect(headers == ["qid q1: fluoride", "qid q2: sealant (retention", "qid q3: varnish"], "\(text.output)")
        // The lenient reading still finds the words.
        let trec = try CLI.run(["search", "--batch", "--format", "trec", "--index", index], input: input)
        let lines = trec.output.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("q2 Q0 sl 1 ") }, "\(trec.output)")
        #expect(lines.contains { $0.hasPrefix("q1 Q0 fv 1 ") })
    }

    @Test("an empty query is refused, as the API refuses an empty q")
    func emptyQuery() throws {
        let (root, index) = try Self.smallIndex("empty-query")
        defer { try? FileManager.default.removeItem(at: root) }
        for query in ["", "   "] {
            let result = try CLI.run(["search", query, "--index", index])
            #expect(result.status != 0)
            #expect(result.stderr.contains("the query is empty"), "\(result.stderr)")
            #expect(!result.output.contains("fv"))
        }
    }
}
