import DMKMAnalysis
import Foundation
import Testing

@testable import DMKMIndex

@Suite("Index format round trip")
struct IndexRoundTripTests {
    @Test("documents written, committed and reopened come back identical, with their postings")
    func roundTrip() throws {
        let directory = IndexFixtures.temporaryDirectory()
        let documents = (0..<300).map { index in
            IndexFixtures.document(
                "doc-\(index)", title: index % 2 == 0 ? "ฟลูออไรด์วานิชในเด็ก \(index)" : "Sealant programme \(index)",
                body: String(repeating: "การเคลือบหลุมร่องฟันลดฟันผุ dental caries prevention ", count: 1 + index % 7),
                year: 2000 + index % 25, keywords: ["ฟันผุ", "k\(index % 5)"], authors: ["สมชาย ใจดี"])
        }
        do {
            let writer = try IndexWriter(directory: directory, analyzer: IndexFixtures.analyzer)
            for document in documents { try writer.add(document) }
            try writer.commit()
        }
        let reader = try IndexReader.open(directory)
        #expect(reader.documentCount == 300)
        // Stored exactly as given, plus the day it was indexed (the OAI-PMH datestamp).
        var stored = try #require(try reader.document(id: "doc-7"))
        #expect(stored.extra.removeValue(forKey: "indexed_at") == Day.today().description)
        #expect(stored == documents[7])
        #expect(try IndexFixtures.ids(reader, field: .title, term: "sealant").count == 150)
        #expect(try IndexFixtures.ids(reader, field: .keywords, term: "k3").count == 60)
        #expect(try reader.documentFrequency(field: .body, term: "ฟันผุ") == 300)
        // Positions: the 3rd occurrence of the body sentence starts 3 × its length later.
        let segment = reader.segments[0]
        let entry = try #require(try segment.termEntry(TermKey.make(field: .body, term: "dental".utf8)))
        var cursor = try segment.cursor(entry)
        let doc = try cursor.advance(to: 6)
        var positions: [UInt32] = []
        try cursor.positions(into: &positions)
        #expect(doc == 6)
        #expect(positions.count == 7)
        #expect(Set(zip(positions, positions.dropFirst()).map { $1 - $0 }).count == 1)
    }
}
