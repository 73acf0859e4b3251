import DMKMIndex
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Crash safety of dmkm ingest")
struct CrashSafetyTests {
    static func temporaryDirectory(_ name: String) -> URL { CLI.temporaryDirectory("crash-\(name)") }

    /// JSONL file `index` with `count` small mixed Thai/English documents, ids unique per file.
    static func writeBatch(_ index: Int, count: Int, to directory: URL) throws -> URL {
        var lines = ""
        for number in 0..<count {
            let id = "f\(index)-\(number)"
            lines += #"{"id":"\#(id)","title":"รายงานการเคลือบหลุมร่องฟัน \#(id)","text":"ผลการศึกษาฟลูออไรด์วานิชในเด็กนักเรียน sealant report \#(number) "#
                + String(repeating: "การตรวจสุขภาพช่องปาก dental caries ", count: 1 + number % 5) + #"","year":\#(2560 + number % 7),"type":"research"}"# + "\n"
        }
        let url = directory.appendingPathComponent("batch-\(index).jsonl")
        try lines.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    static func liveIDs(_ directory: IndexDirectory) throws -> Set<String> {
        let reader = try IndexReader.open(directory)
        var ids = Set<String>()
        for segment in reader.segments {
            for doc in 0..<segment.documentCount where segment.isLive(Int32(doc)) {
                ids.insert(try segment.document(Int32(doc)).id)
            }
        }
        return ids
    }

    @Test("SIGKILL at random moments, 25 times: the index opens at its last commit, verifies, loses nothing committed")
    func killIngestRepeatedly() throws {
        let work = Self.temporaryDirectory("work")
        let indexURL = work.appendingPathComponent("index")
        let directory = IndexDirectory(indexURL)
        var committed = Set<String>()
        var kills = 0
        var random = SystemRandomNumberGenerator()
        var batches: [URL] = []
        for round in 0..<25 {
            let batch = try Self.writeBatch(round, count: 300, to: work)
            batches.append(batch)
            let process = Process()
            process.executableURL = CLI.binary
            process.arguments = ["ingest", batch.path, "--index", indexURL.path, "--commit-every", "40", "--quiet"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32.random(in: 30_000...600_000, using: &random))
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                kills += 1
            }
            process.waitUntilExit()

            guard (try? directory.listFiles())?.contains(where: { $0.hasPrefix("segments_") }) == true else { continue }
            let verify = try CLI.run(["verify", "--index", indexURL.path])
            #expect(verify.status == 0, "round \(round): verify failed: \(verify.stderr)")
            let live = try Self.liveIDs(directory)
            #expect(live.isSuperset(of: committed), "round \(round): \(committed.subtracting(live).count) committed documents lost")
            // Every document present belongs to a batch that was being ingested, whole or in part.
            #expect(live.allSatisfy { $0.hasPrefix("f") })
            committed = live
        }
        #expect(kills >= 20, "only \(kills) kills happened; the machine may be too fast for the timing")
        // A final uninterrupted run completes everything, re-adding what the kills interrupted.
        let final = try CLI.run(["ingest"] + batches.map(\.path) + ["--index", indexURL.path, "--quiet"])
        #expect(final.status == 0, "\(final.stderr)")
        #expect(try Self.liveIDs(directory).count == 25 * 300)
        #expect(try CLI.run(["verify", "--index", indexURL.path]).status == 0)
        try? FileManager.default.removeItem(at: work)
    }
}
