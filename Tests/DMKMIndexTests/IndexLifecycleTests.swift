import DMKMAnalysis
import Foundation
import Testing

@testable import DMKMIndex

@Suite("Writer, segments, merges, deletes")
struct IndexLifecycleTests {
    static func documents(_ range: Range<Int>, prefix: String = "d") -> [IndexDocument] {
        range.map { index in
            IndexFixtures.document(
                "\(prefix)\(index)", title: "รายงาน \(index % 7 == 0 ? "ฟลูออไรด์" : "ทันตกรรม") report \(index)",
                body: "word\(index % 11) การตรวจฟัน common text \(index)", year: 2000 + index % 20)
        }
    }

    static func liveIDs(_ directory: IndexDirectory) throws -> Set<String> {
        let reader = try IndexReader.open(directory)
        var ids = Set<String>()
        for segment in reader.segments {
            for doc in 0..<segment.documentCount where segment.isLive(Int32(doc)) {
                ids.insert(segment.docValues.id(of: doc))
            }
        }
        return ids
    }

    @Test("a tiny RAM budget makes many segments; the merge policy bounds them; nothing is lost")
    func manySegmentsAndMerges() throws {
        let directory = IndexFixtures.temporaryDirectory()
        var options = IndexWriter.Options()
        options.ramBudgetBytes = 1 << 20  // flush every few dozen documents
        options.maximumSegments = 4
        options.mergeFactor = 3
        let writer = try IndexWriter(directory: directory, analyzer: IndexFixtures.analyzer, options: options)
        for (index, document) in Self.documents(0..<600).enumerated() {
            try writer.add(document)
            if index % 150 == 149 { try writer.commit() }
        }
        try writer.commit()
        let reader = try IndexReader.open(directory)
        #expect(reader.segments.count <= 4)
        #expect(reader.segments.contains { $0.info.origin == "merge" })
        #expect(reader.documentCount == 600)
        #expect(try IndexFixtures.ids(reader, field: .title, term: "ฟลูออไรด์").count == 86)
        #expect(try reader.document(id: "d599")?.titles.first?.text == "รายงาน ทันตกรรม report 599")
        #expect(IndexVerifier(directory: directory).verify().isHealthy)
    }

    @Test("the merge policy merges similar small segments together, so a bulk ingest writes each document about once")
    func tieredMerges() throws {
        let directory = IndexFixtures.temporaryDirectory()
        var options = IndexWriter.Options()
        options.maximumSegments = 10
        options.mergeFactor = 10
        let writer = try IndexWriter(directory: directory, analyzer: IndexFixtures.analyzer, options: options)
        let documents = Self.documents(0..<400)
        func commitBatches(_ range: Range<Int>) throws {
            for batch in range {
                for document in documents[(batch * 20)..<(batch * 20 + 20)] { try writer.add(document) }
                try writer.commit()
            }
        }
        try commitBatches(0..<10)
        #expect(writer.segmentCount == 10)
        // The 11th batch: all eleven are alike, so ten merge into one (not two into one).
        try commitBatches(10..<11)
        var reader = try IndexReader.open(directory)
        #expect(reader.segments.map(\.documentCount).sorted() == [20, 200])
        // Nine more: at eleven segments again the ten small ones merge; the 200 is not rewritten.
        try commitBatches(11..<19)
        #expect(writer.segmentCount == 10)
        let before = try #require(try IndexReader.open(directory).segments.first { $0.documentCount == 200 }).name
        try commitBatches(19..<20)
        reader = try IndexReader.open(directory)
        #expect(reader.segments.map(\.documentCount).sorted() == [200, 200])
        #expect(reader.segments.contains { $0.name == before })
        #expect(reader.documentCount == 400)
        #expect(IndexVerifier(directory: directory).verify().isHealthy)
    }

    @Test("open segments count against the RAM budget: the buffer gets what they leave, and they hold no per-document memory")
    func openSegmentsShareTheBudget() throws {
        let directory = IndexFixtures.temporaryDirectory()
        var options = IndexWriter.Options()
        options.ramBudgetBytes = 8 << 20
        options.maximumSegments = 50
        let writer = try IndexWriter(directory: directory, analyzer: IndexFixtures.analyzer, options: options)
        #expect(writer.segmentsResidentBytes == 0)
        #expect(writer.bufferAllowanceBytes == options.ramBudgetBytes)
        var residentAfterCommit: [Int] = []
        for (index, document) in Self.documents(0..<400).enumerated() {
            try writer.add(document)
            #expect(writer.bufferedBytes < writer.bufferAllowanceBytes)
            if index % 100 == 99 {
                try writer.commit()
                residentAfterCommit.append(writer.segmentsResidentBytes)
            }
        }
        #expect(writer.segmentCount == 4)
        // Each segment adds a fixed amount (checksum caches), whatever its size.
        let perSegment = residentAfterCommit[0]
        #expect(perSegment > 0 && perSegment < 1 << 20)
        #expect(residentAfterCommit == [1, 2, 3, 4].map { $0 * perSegment })
        #expect(writer.bufferAllowanceBytes == options.ramBudgetBytes - 4 * perSegment)
        // A 10× larger segment holds (nearly) the same: doc values and the term index stay in the files.
        let large = IndexFixtures.temporaryDirectory()
        let largeWriter = try IndexWriter(directory: large, analyzer: IndexFixtures.analyzer, options: options)
        for document in Self.documents(0..<1000) { try largeWriter.add(document) }
        try largeWriter.commit()
        #expect(largeWriter.segmentCount == 1)
        #expect(largeWriter.segmentsResidentBytes < perSegment + 4096)
    }

    @Test("update replaces by id, delete removes, both survive reopening and merging")
    func deleteAndUpdate() throws {
        let directory = IndexFixtures.temporaryDirectory()
        do {
            let writer = try IndexWriter(directory: directory, analyzer: IndexFixtures.analyzer)
            for document in Self.documents(0..<50) { try writer.add(document) }
            try writer.commit()
            var changed = Self.documents(10..<11)[0]
            changed.titles = [LocalizedText(language: "en", text: "Updated sealant study")]
            try writer.add(changed)  // update of a committed document
            #expect(try writer.delete(id: "d20"))
            #expect(try !writer.delete(id: "missing"))
            try writer.add(IndexFixtures.document("new", title: "temporary", body: "x"))
            #expect(try writer.delete(id: "new"))  // delete inside the uncommitted buffer
            try writer.commit()
        }
        var reader = try IndexReader.open(directory)
        #expect(reader.documentCount == 49)
        #expect(try reader.document(id: "d20") == nil)
        #expect(try reader.document(id: "new") == nil)
        #expect(try reader.document(id: "d10")?.titles.first?.text == "Updated sealant study")
        #expect(try IndexFixtures.ids(reader, field: .title, term: "sealant") == ["d10"])
        #expect(try IndexFixtures.ids(reader, field: .id, term: "d10") == ["d10"])
        do {
            let writer = try IndexWriter(directory: directory, analyzer: IndexFixtures.analyzer)
            try writer.optimize()
        }
        reader = try IndexReader.open(directory)
        #expect(reader.segments.count == 1)
        #expect(reader.maxDoc == 49)  // deleted documents are gone after the merge
        #expect(try Self.liveIDs(directory) == Set((0..<50).filter { $0 != 20 }.map { "d\($0)" }))
        #expect(try reader.document(id: "d10")?.titles.first?.text == "Updated sealant study")
    }

    @Test("a reader keeps its snapshot while a writer commits, deletes and merges")
    func snapshotIsolation() throws {
        let directory = IndexFixtures.temporaryDirectory()
        let writer = try IndexWriter(directory: directory, analyzer: IndexFixtures.analyzer)
        for document in Self.documents(0..<100) { try writer.add(document) }
        try writer.commit()
        let snapshot = try IndexReader.open(directory)
        let before = try IndexFixtures.ids(snapshot, field: .title, term: "ฟลูออไรด์")
        for round in 0..<4 {
            for document in Self.documents((100 + round * 50)..<(150 + round * 50)) { try writer.add(document) }
            try writer.delete(id: "d\(round * 7)")
            try writer.commit()
        }
        try writer.optimize()
        // The old snapshot still answers from its commit, reading files the writer has removed.
        #expect(snapshot.documentCount == 100)
        #expect(try IndexFixtures.ids(snapshot, field: .title, term: "ฟลูออไรด์") == before)
        #expect(try snapshot.document(id: "d0") != nil)
        let latest = try snapshot.reopenIfChanged()
        #expect(latest.generation > snapshot.generation)
        #expect(latest.documentCount == 296)
        #expect(try latest.document(id: "d0") == nil)
        #expect(try latest.reopenIfChanged() === latest)
    }

    @Test("one writer at a time: a second writer gets a clear error naming the holder")
    func writerLock() throws {
        let directory = IndexFixtures.temporaryDirectory()
        let writer = try IndexWriter(directory: directory, analyzer: IndexFixtures.analyzer)
        #expect(throws: IndexError.self) { _ = try IndexWriter(directory: directory, analyzer: IndexFixtures.analyzer) }
        do {
            _ = try IndexWriter(directory: directory, analyzer: IndexFixtures.analyzer)
        } catch let error {
            #expect(error.description.contains("locked by another writer"))
            #expect(error.description.contains("pid \(getpid())"))
        }
        withExtendedLifetime(writer) {}
    }

    @Test("opening an empty directory says there is no index")
    func noIndex() {
        let directory = IndexFixtures.temporaryDirectory()
        #expect(throws: IndexError.noIndex(directory: directory.path)) { _ = try IndexReader.open(directory) }
    }

    @Test("field statistics and BE/CE years are stored as CE")
    func yearsAndStatistics() throws {
        let record = Data(#"{"id":"y1","title":"ทดสอบ","text":"หนึ่ง สอง","year":"พ.ศ. 2565","type":"research"}"#.utf8)
        let document = try DocumentRecord.document(fromJSON: record)
        #expect(document.year == 2022)
        #expect(try DocumentRecord.document(fromJSON: Data(#"{"id":"y2","year":2022}"#.utf8)).year == 2022)
        #expect(try DocumentRecord.document(fromJSON: Data(#"{"id":"y3","year":"๒๕๖๐"}"#.utf8)).year == 2017)
        #expect(throws: DocumentRecordError(field: "year", message: "expected a year (Buddhist Era like 2565 or Common Era like 2022), got \"ปีนี้\"")) {
            try DocumentRecord.document(fromJSON: Data(#"{"id":"y4","year":"ปีนี้"}"#.utf8))
        }
        #expect(throws: DocumentRecordError.self) { try DocumentRecord.document(fromJSON: Data(#"{"id":"y5","type":"novel"}"#.utf8)) }
        #expect(throws: DocumentRecordError(field: "id", message: "missing")) { try DocumentRecord.document(fromJSON: Data(#"{"title":"x"}"#.utf8)) }
        #expect(throws: DocumentRecordError.self) { try DocumentRecord.document(fromJSON: Data(#"{"id":"y6","#.utf8)) }
    }
}

@Suite("Damaged files are detected, never misread")
struct CorruptionTests {
    /// A committed single-segment index and the answers it gives before any damage.
    static func makeIndex() throws -> (IndexDirectory, [String: [String]]) {
        let directory = IndexFixtures.temporaryDirectory()
        let writer = try IndexWriter(directory: directory, analyzer: IndexFixtures.analyzer)
        for document in IndexLifecycleTests.documents(0..<400) { try writer.add(document) }
        try writer.commit()
        let reader = try IndexReader.open(directory)
        var answers: [String: [String]] = [:]
        for term in ["ฟลูออไรด์", "ทันตกรรม", "report", "word3", "common"] {
            answers[term] = try IndexFixtures.ids(reader, field: term.hasPrefix("word") || term == "common" ? .body : .title, term: term)
        }
        return (directory, answers)
    }

    static func segmentFiles(_ directory: IndexDirectory) throws -> [String] {
        try directory.listFiles().filter { $0.hasPrefix("_") || $0.hasPrefix("segments_") }.sorted()
    }

    /// Either the same answers as before, or an IndexError — never different answers or a crash.
    static func answersOrError(_ directory: IndexDirectory, expected: [String: [String]]) -> Bool {
        do {
            let reader = try IndexReader.open(directory)
            for (term, ids) in expected {
                let field: IndexedField = term.hasPrefix("word") || term == "common" ? .body : .title
                guard try IndexFixtures.ids(reader, field: field, term: term) == ids else { return false }
            }
            return true
        } catch is IndexError {
            return true
        } catch {
            return false
        }
    }

    @Test("a truncated file is reported with its name")
    func truncated() throws {
        let (directory, expected) = try Self.makeIndex()
        for file in try Self.segmentFiles(directory) {
            let (copy, _) = try Self.makeIndex()
            _ = expected
            let path = copy.filePath(file)
            let size = copy.fileSize(file)
            #expect(truncate(path, off_t(size / 2)) == 0)
            let report = IndexVerifier(directory: copy).verify()
            #expect(!report.isHealthy, "truncated \(file) not detected")
            #expect(report.problems.joined().contains(file) || report.problems.joined().contains("segments_"), "problem does not name \(file): \(report.problems)")
        }
    }

    @Test("an index file of another format version is refused by name, with what to do")
    func otherFormatVersion() throws {
        let (directory, _) = try Self.makeIndex()
        let file = try #require(try Self.segmentFiles(directory).first { $0.hasSuffix(".tim") })
        let url = URL(fileURLWithPath: directory.filePath(file))
        var bytes = Array(try Data(contentsOf: url))
        bytes[8] = 1  // the version field after magic and kind: an index from format version 1
        try Data(bytes).write(to: url)
        do {
            _ = try IndexReader.open(directory)
            Issue.record("a format version 1 file was opened")
        } catch {
            guard case .unsupportedFormat(let named, _) = error else { Issue.record("unexpected error \(error)"); return }
            #expect(named == file)
            #expect(error.description.contains("format version 1, this build reads \(FileFormat.version)"))
            #expect(error.description.contains("ingesting its sources"))
        }
    }

    @Test("a flipped bit in the term dictionary's block index (read in place) fails the open, naming the file")
    func blockIndexFlips() throws {
        let (directory, _) = try Self.makeIndex()
        let file = try #require(try Self.segmentFiles(directory).first { $0.hasSuffix(".tim") })
        let url = URL(fileURLWithPath: directory.filePath(file))
        let original = Array(try Data(contentsOf: url))
        // The file ends with: block index section, its CRC-32 (4), its start (8), then the footer.
        let startOffset = original.count - FileFormat.footerSize - 8
        let indexStart = Int(original.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: startOffset, as: UInt64.self)) })
        #expect(indexStart > FileFormat.headerSize && indexStart < startOffset - 4)
        var checked = 0
        for offset in stride(from: indexStart, to: startOffset, by: max(1, (startOffset - indexStart) / 300)) {
            var bytes = original
            bytes[offset] ^= 0x10
            try Data(bytes).write(to: url)
            #expect(throws: IndexError.self, "flip at \(offset) of \(file) opened") { _ = try IndexReader.open(directory) }
            do { _ = try IndexReader.open(directory) } catch {
                #expect(error.description.contains(file), "error does not name \(file): \(error)")
            }
            checked += 1
        }
        try Data(original).write(to: url)
        #expect(checked >= 20)
        _ = try IndexReader.open(directory)
    }

    @Test("a flipped bit anywhere is detected by verify, and searches never return wrong answers")
    func bitFlips() throws {
        let (directory, expected) = try Self.makeIndex()
        let files = try Self.segmentFiles(directory)
        var random = SystemRandomNumberGenerator()
        for file in files {
            for _ in 0..<3 {
                let (copy, _) = try Self.makeIndex()
                let path = copy.filePath(file)
                var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
                let offset = Int.random(in: 0..<bytes.count, using: &random)
                bytes[offset] ^= UInt8(1 << Int.random(in: 0..<8, using: &random))
                try Data(bytes).write(to: URL(fileURLWithPath: path))
                #expect(!IndexVerifier(directory: copy).verify().isHealthy, "flip at \(offset) in \(file) not detected")
                #expect(Self.answersOrError(copy, expected: expected), "flip at \(offset) in \(file) changed an answer")
            }
        }
    }
}
