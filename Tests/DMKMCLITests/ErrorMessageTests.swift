import Foundation
import Testing

/// Careless-user cases: each gets one clear line on stderr, exit status 1, and leaves nothing behind.
@Suite("CLI errors leave nothing behind")
struct ErrorMessageTests {
    @Test("delete and optimize on a missing index say so and create nothing")
    func missingIndex() throws {
        let root = CLI.temporaryDirectory("missing-index")
        defer { try? FileManager.default.removeItem(at: root) }
        let index = root.appendingPathComponent("nope").path
        for arguments in [["delete", "x", "--index", index], ["optimize", "--index", index]] {
            let result = try CLI.run(arguments)
            #expect(result.status == 1, "\(arguments)")
            #expect(result.stderr.contains("no index in"), "\(arguments): \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: index), "\(arguments) created \(index)")
        }
        let file = root.appendingPathComponent("afile")
        try Data("x".utf8).write(to: file)
        let search = try CLI.run(["search", "fluoride", "--index", file.path])
        #expect(search.status == 1 && search.stderr.contains("is not a directory"), "\(search.stderr)")
    }

    @Test("ingest of a missing path fails before the index is created; a folder named x.jsonl is walked")
    func ingestInputs() throws {
        let root = CLI.temporaryDirectory("ingest-inputs")
        defer { try? FileManager.default.removeItem(at: root) }
        let index = root.appendingPathComponent("idx").path
        let missing = try CLI.run(["ingest", root.appendingPathComponent("missing.txt").path, "--index", index])
        #expect(missing.status == 1 && missing.stderr.contains("no such file or directory"), "\(missing.stderr)")
        #expect(!missing.stderr.contains("Usage:"))
        #expect(!FileManager.default.fileExists(atPath: index))
        let folder = root.appendingPathComponent("d.jsonl")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("a note with folderjsonlword".utf8).write(to: folder.appendingPathComponent("a.txt"))
        #expect(try CLI.run(["ingest", folder.path, "--index", index, "--quiet"]).status == 0)
        #expect(try CLI.run(["search", "folderjsonlword", "--index", index]).output.contains("1 result"))
    }

    @Test("an unwritable output names the path and the reason, not a Foundation error domain")
    func unwritableOutputs() throws {
        let root = CLI.temporaryDirectory("unwritable")
        defer { try? FileManager.default.removeItem(at: root) }
        let index = root.appendingPathComponent("idx").path
        let file = root.appendingPathComponent("afile")
        try Data("x".utf8).write(to: file)
        let source = root.appendingPathComponent("n.txt")
        try Data("note".utf8).write(to: source)
        let report = try CLI.run(["ingest", source.path, "--index", index, "--quiet", "--report", file.appendingPathComponent("r.json").path])
        #expect(report.status == 1)
        #expect(report.stderr.contains("is a file, not a folder") && !report.stderr.contains("NSCocoaErrorDomain"), "\(report.stderr)")
        let export = try CLI.run(["award", "export", "--program", "TPSA", "--index", index, "--out", root.appendingPathComponent("nodir/x.csv").path])
        #expect(export.status == 1)
        #expect(export.stderr.contains("does not exist") && !export.stderr.contains("NSCocoaErrorDomain"), "\(export.stderr)")
    }
}
