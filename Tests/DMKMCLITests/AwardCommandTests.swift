import DMKMIndex
import Foundation
import Testing

@Suite("dmkm award: tagging round-trips through the CLI, search and exports")
struct AwardCommandTests {
    /// Ids of the search hits for `query` (JSON output).
    static func hits(_ query: String, index: String, extra: [String] = []) throws -> [String] {
        let result = try CLI.run(["search", query, "--index", index, "--format", "json", "--top", "50"] + extra)
        #expect(result.status == 0, "\(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any]
        return ((object?["hits"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }.sorted()
    }

    @Test("add → status → search award:/award-status: → export → remove, without re-ingesting")
    func roundTrip() throws {
        let work = CLI.temporaryDirectory("award")
        defer { try? FileManager.default.removeItem(at: work) }
        let index = work.appendingPathComponent("index").path
        let corpus = CLI.packageRoot.appendingPathComponent("corpus/jsonl").path
        let ingest = try CLI.run(["ingest", corpus, "--index", index])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let generation = try IndexReader.open(IndexDirectory(path: index)).generation

        // Tags declared in the records' metadata are in the store with their category and status.
        let seeded = try CLI.run(["award", "list", "--index", index])
        #expect(seeded.output.contains("mobile-dental-school-tpsa-2568\tTPSA/2568\tcandidate\tบริการภาครัฐ"), "\(seeded.output)")
        #expect(seeded.output.contains("unpsa-2025-home-oral-care\tUNPSA/2025\tdrafting"), "\(seeded.output)")
        // A header, and each row carries the document's title and the tag's notes.
        #expect(seeded.output.hasPrefix("id\taward\tstatus\tcategory\tupdated\ttitle\tnotes\n"), "\(seeded.output)")
        let mobileRow = seeded.output.split(separator: "\n").first { $0.hasPrefix("mobile-dental-school-tpsa-2568\t") }
        #expect(mobileRow?.split(separator: "\t", omittingEmptySubsequences: false).count == 7, "\(mobileRow ?? "")")
        #expect(mobileRow.map { !$0.contains("(not in the index") } == true)
        let bare = try CLI.run(["award", "list", "--index", index, "--no-header"])
        #expect(!bare.output.isEmpty && !bare.output.hasPrefix("id\t"), "\(bare.output)")

        let add = try CLI.run(["award", "add", "smart-brush-timer-2567", "--program", "TPSA", "--cycle", "2568",
                               "--category", "การบริหารราชการแบบมีส่วนร่วม", "--notes", "ทีมประสานงาน"])
        #expect(add.status != 0, "without --index the default index/ is not this one")
        let added = try CLI.run(["award", "add", "smart-brush-timer-2567", "--index", index, "--program", "tpsa", "--cycle", "2568",
                                 "--category", "การบริหารราชการแบบมีส่วนร่วม", "--notes", "ทีมประสานงาน"])
        #expect(added.status == 0, "\(added.stderr)")
        let unknown = try CLI.run(["award", "add", "no-such-document", "--index", index, "--program", "TPSA", "--cycle", "2568"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("no-such-document"))
        let badCycle = try CLI.run(["award", "add", "smart-brush-timer-2567", "--index", index, "--program", "TPSA", "--cycle", "2025"])
        #expect(badCycle.status != 0)
        #expect(badCycle.stderr.contains("2025"), "\(badCycle.stderr)")

        #expect(try CLI.run(["award", "status", "smart-brush-timer-2567", "--index", index, "--program", "TPSA", "--cycle", "2568", "submitted"]).status == 0)
        let refused = try CLI.run(["award", "status", "smart-brush-timer-2567", "--index", index, "--program", "TPSA", "--cycle", "2568", "candidate"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("submitted") && refused.stderr.contains("candidate"), "\(refused.stderr)")

        #expect(try Self.hits("award:TPSA/2568", index: index) == ["mobile-dental-school-tpsa-2568", "smart-brush-timer-2567"])
        #expect(try Self.hits("award:tpsa", index: index) == ["mobile-dental-school-tpsa-2568", "smart-brush-timer-2567"])
        #expect(try Self.hits("award:UNPSA", index: index) == ["unpsa-2025-home-oral-care"])
        #expect(try Self.hits("award-status:submitted", index: index) == ["smart-brush-timer-2567"])
        #expect(try Self.hits("award:TPSA/2567", index: index).isEmpty)

        let csv = try CLI.run(["award", "export", "--index", index, "--program", "TPSA", "--cycle", "2568", "--format", "csv"])
        #expect(csv.status == 0)
        let lines = csv.output.split(separator: "\r\n")
        #expect(lines.count == 3, "\(csv.output)")
        #expect(lines.first?.hasPrefix("\u{FEFF}id,program,cycle,category,status") == true)
        #expect(csv.output.contains("หน่วยทันตกรรมเคลื่อนที่ครบวงจรในโรงเรียนพื้นที่ห่างไกล"))
        #expect(csv.output.contains("ธวัชชัย ปานทอง; สายสุนีย์ เรืองศรี"))
        let json = try CLI.run(["award", "export", "--index", index, "--program", "TPSA", "--cycle", "2568", "--format", "json", "--status", "submitted"])
        let rows = try JSONSerialization.jsonObject(with: json.stdout) as? [[String: Any]]
        #expect(rows?.count == 1)
        #expect(rows?.first?["id"] as? String == "smart-brush-timer-2567")
        #expect(rows?.first?["status"] as? String == "submitted")
        #expect(rows?.first?["category"] as? String == "การบริหารราชการแบบมีส่วนร่วม")
        #expect(rows?.first?["year_be"] as? Int == 2567)

        // An internal entry on the shortlist stays out of a --public-only export.
        #expect(try CLI.run(["award", "add", "km-award-review-internal-2567", "--index", index, "--program", "TPSA", "--cycle", "2568"]).status == 0)
        let everything = try CLI.run(["award", "export", "--index", index, "--program", "TPSA", "--format", "csv"])
        #expect(everything.output.contains("km-award-review-internal-2567"))
        let shared = try CLI.run(["award", "export", "--index", index, "--program", "TPSA", "--format", "csv", "--public-only"])
        #expect(!shared.output.contains("km-award-review-internal-2567"))
        #expect(!shared.output.contains("INTERNALONLY"))
        #expect(try Self.hits("award:TPSA", index: index, extra: ["--public-only"]) == ["mobile-dental-school-tpsa-2568", "smart-brush-timer-2567"])

        #expect(try CLI.run(["award", "remove", "smart-brush-timer-2567", "--index", index, "--program", "TPSA", "--cycle", "2568"]).status == 0)
        #expect(try Self.hits("award-status:submitted", index: index).isEmpty)

        // Tagging never re-ingests: the index generation is unchanged, and re-ingesting the same
        // files keeps the coordinators' changes over the metadata's declared status.
        #expect(try IndexReader.open(IndexDirectory(path: index)).generation == generation)
        #expect(try CLI.run(["award", "status", "unpsa-2025-home-oral-care", "--index", index, "--program", "UNPSA", "--cycle", "2025", "submitted"]).status == 0)
        #expect(try CLI.run(["ingest", corpus, "--index", index, "--force"]).status == 0)
        #expect(try Self.hits("award-status:submitted", index: index) == ["unpsa-2025-home-oral-care"])

        // A tagged document that is deleted stays on the list, which says it is gone.
        #expect(try CLI.run(["delete", "unpsa-2025-home-oral-care", "--index", index]).status == 0)
        let afterDelete = try CLI.run(["award", "list", "--index", index, "--program", "UNPSA"])
        #expect(afterDelete.output.contains("unpsa-2025-home-oral-care\tUNPSA/2025\tsubmitted"), "\(afterDelete.output)")
        #expect(afterDelete.output.contains("(not in the index"), "\(afterDelete.output)")
    }
}
