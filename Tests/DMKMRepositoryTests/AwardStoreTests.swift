import DMKMIndex
import DMKMRepository
import Foundation
import Testing

@Suite("Award tags: store, workflow and durability")
struct AwardStoreTests {
    static func freshStore() -> AwardStore {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dmkm-awards-\(UUID().uuidString)")
        return AwardStore(directory: IndexDirectory(url))
    }

    @Test("tags round-trip through a reopened store, many per document, filtered by program, cycle and status")
    func roundTrip() throws {
        let store = Self.freshStore()
        defer { try? FileManager.default.removeItem(at: store.directory.url) }
        try store.add(id: "a", program: .tpsa, cycle: 2568, category: "บริการภาครัฐ", notes: "ส่งภายในมีนาคม")
        try store.add(id: "a", program: .unpsa, cycle: 2025, status: .drafting)
        try store.add(id: "b", program: .tpsa, cycle: 2567, category: "PMQA", status: .submitted)

        let reopened = AwardStore(directory: store.directory)
        let tags = try reopened.tags(of: "a")
        #expect(tags.map(\.key) == ["TPSA/2568", "UNPSA/2025"])
        #expect(tags[0].category == "บริการภาครัฐ")
        #expect(tags[0].notes == "ส่งภายในมีนาคม")
        #expect(tags[0].status == .candidate)
        // Listed by programme, cycle, then id.
        #expect(try reopened.list(program: .tpsa).map(\.id) == ["b", "a"])
        #expect(try reopened.list(program: .tpsa, cycle: 2567).map(\.id) == ["b"])
        #expect(try reopened.list(status: .drafting).map(\.tag.key) == ["UNPSA/2025"])
        #expect(try reopened.snapshot().documents(withTag: "tpsa") == ["a", "b"])
        #expect(try reopened.snapshot().documents(withTag: "TPSA/2568") == ["a"])
        #expect(try reopened.snapshot().documents(withStatus: "submitted") == ["b"])
    }

    @Test("cycles are checked per programme: TPSA in Buddhist Era, UNPSA in Common Era")
    func cycles() throws {
        let store = Self.freshStore()
        defer { try? FileManager.default.removeItem(at: store.directory.url) }
        #expect(throws: AwardError.badCycle(program: .tpsa, cycle: 2025)) { try store.add(id: "a", program: .tpsa, cycle: 2025) }
        #expect(throws: AwardError.badCycle(program: .unpsa, cycle: 2568)) { try store.add(id: "a", program: .unpsa, cycle: 2568) }
        try store.add(id: "a", program: .tpsa, cycle: 2568)
        #expect(throws: AwardError.duplicate(id: "a", key: "TPSA/2568")) { try store.add(id: "a", program: .tpsa, cycle: 2568) }
    }

    @Test("every status transition is allowed or refused exactly as the workflow says")
    func workflow() throws {
        let store = Self.freshStore()
        defer { try? FileManager.default.removeItem(at: store.directory.url) }
        let allowed: [AwardStatus: Set<AwardStatus>] = [
            .candidate: [.drafting, .submitted, .withdrawn],
            .drafting: [.submitted, .candidate, .withdrawn],
            .submitted: [.shortlisted, .awarded, .notAwarded, .withdrawn],
            .shortlisted: [.awarded, .notAwarded, .withdrawn],
            .awarded: [], .notAwarded: [],
            .withdrawn: [.candidate],
        ]
        var cycle = 2541
        for from in AwardStatus.allCases {
            for to in AwardStatus.allCases {
                cycle += 1
                try store.add(id: "doc", program: .tpsa, cycle: cycle, status: from)
                let before = try store.tags(of: "doc").first { $0.cycle == cycle }!
                // Setting the same status again is allowed: it updates notes and the change time.
                if from == to || allowed[from]!.contains(to) {
                    try store.setStatus(id: "doc", program: .tpsa, cycle: cycle, status: to, now: Date(timeIntervalSince1970: 2_000_000_000))
                    let after = try store.tags(of: "doc").first { $0.cycle == cycle }!
                    #expect(after.status == to)
                    #expect(after.updatedAt == AwardStore.timestamp(Date(timeIntervalSince1970: 2_000_000_000)))
                } else {
                    #expect(throws: AwardError.invalidTransition(id: "doc", key: "TPSA/\(cycle)", from: from, to: to), "\(from) → \(to)") {
                        try store.setStatus(id: "doc", program: .tpsa, cycle: cycle, status: to)
                    }
                    #expect(try store.tags(of: "doc").first { $0.cycle == cycle } == before)
                }
            }
        }
    }

    @Test("remove deletes one tag; unknown tags are reported")
    func remove() throws {
        let store = Self.freshStore()
        defer { try? FileManager.default.removeItem(at: store.directory.url) }
        try store.add(id: "a", program: .tpsa, cycle: 2568)
        try store.add(id: "a", program: .unpsa, cycle: 2025)
        try store.remove(id: "a", program: .tpsa, cycle: 2568)
        #expect(try store.tags(of: "a").map(\.key) == ["UNPSA/2025"])
        #expect(throws: AwardError.notFound(id: "a", key: "TPSA/2568")) { try store.remove(id: "a", program: .tpsa, cycle: 2568) }
        #expect(throws: AwardError.notFound(id: "z", key: "TPSA/2568")) {
            try store.setStatus(id: "z", program: .tpsa, cycle: 2568, status: .drafting)
        }
    }

    @Test("tags declared at ingest seed the store but never override a coordinator's change")
    func seeding() throws {
        let store = Self.freshStore()
        defer { try? FileManager.default.removeItem(at: store.directory.url) }
        let declared = AwardTag.declared([["program": "tpsa", "cycle": "2568", "category": "PMQA", "status": "drafting"], "UNPSA/2025", "bogus", "TPSA/x"])
        #expect(declared.map(\.key) == ["TPSA/2568", "UNPSA/2025"])
        #expect(declared[0].status == .drafting)
        try store.seed(["a": declared])
        try store.setStatus(id: "a", program: .tpsa, cycle: 2568, status: .submitted)
        try store.seed(["a": declared])
        #expect(try store.tags(of: "a").map(\.status) == [.submitted, .candidate])
    }

    @Test("concurrent writers from many threads lose no tag")
    func concurrentWriters() async throws {
        let store = Self.freshStore()
        defer { try? FileManager.default.removeItem(at: store.directory.url) }
        let directory = store.directory
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    // Separate store objects, as separate processes would have.
                    let own = AwardStore(directory: directory)
                    for number in 0..<10 { try own.add(id: "w\(worker)-\(number)", program: .tpsa, cycle: 2568) }
                }
            }
            try await group.waitForAll()
        }
        #expect(try store.all().count == 80)
    }

    @Test("a damaged tags file is reported by path and is not overwritten")
    func damagedFile() throws {
        let store = Self.freshStore()
        defer { try? FileManager.default.removeItem(at: store.directory.url) }
        try store.add(id: "a", program: .tpsa, cycle: 2568)
        let path = store.directory.filePath("awards.json")
        try Data("{\"version\":1,\"documents\":{\"a\":[".utf8).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: AwardError.self, "a damaged file must stop writes") { try store.add(id: "b", program: .tpsa, cycle: 2568) }
        #expect(error?.description.contains(path) == true)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "{\"version\":1,\"documents\":{\"a\":[")
    }
}
