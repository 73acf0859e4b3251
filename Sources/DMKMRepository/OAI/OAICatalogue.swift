import DMKMIndex
import Foundation

/// What OAI-PMH exposes on one day: the public entries (and nothing else) with their OAI
/// identifiers, datestamps and sets, sorted by id. Built once per commit and day and then
/// shared by every request.
///
/// Deletions: the repository keeps no tombstones (`deletedRecord` is `no`). An entry deleted,
/// made internal or put under embargo simply stops appearing; harvesters that need to notice
/// have to re-harvest in full.
public struct OAICatalogue: Sendable {
    public struct Item: Sendable {
        public let document: IndexDocument
        public let identifier: String
        /// YYYY-MM-DD (UTC).
        public let datestamp: String
        /// Leaf set specs, e.g. ["type:research", "unit:1a2b3c4d"].
        public let setSpecs: [String]

        /// Membership per the protocol's hierarchy: `type:research` is also in `type`.
        func isMember(of spec: String) -> Bool {
            setSpecs.contains { $0 == spec || $0.hasPrefix(spec + ":") }
        }
    }

    public let items: [Item]
    /// The sets to announce, sorted by spec: both parents, every kind of work, and the units of
    /// public entries.
    public let sets: [OAISet]
    /// The earliest datestamp (the fallback day for an empty catalogue).
    public let earliestDatestamp: String
    private let positions: [String: Int]

    /// `fallbackDatestamp` is used for entries without `extra["indexed_at"]` (indexed before
    /// DMKM recorded it); the server passes the day of the commit being served. That day is on or
    /// after the real one (and moves with each commit), so an incremental harvester may fetch such
    /// an entry again but never misses it. Re-ingesting the entry gives it a real datestamp.
    public init(entries: PublicEntries, fallbackDatestamp: Day) {
        // The kinds of work are a fixed vocabulary, listed even when empty; units come from the
        // public entries only (a unit with internal work alone is not announced).
        var sets: [String: OAISet] = [:]
        for set in [OAISets.typeParent, OAISets.unitParent] + DocumentType.allCases.map(OAISets.typeSet) { sets[set.spec] = set }
        items = entries.documents.map { document in
            let documentSets = OAISets.sets(of: document)
            for set in documentSets where sets[set.spec] == nil { sets[set.spec] = set }
            return Item(document: document, identifier: OAIIdentifier.identifier(forEntry: document.id),
                        datestamp: Self.datestamp(of: document, fallback: fallbackDatestamp).description,
                        setSpecs: documentSets.map(\.spec))
        }
        self.sets = sets.values.sorted { $0.spec < $1.spec }
        earliestDatestamp = items.map(\.datestamp).min() ?? fallbackDatestamp.description
        positions = Dictionary(items.enumerated().map { ($0.element.document.id, $0.offset) }, uniquingKeysWith: { first, _ in first })
    }

    /// The catalogue of the commit `reader` serves, as of `day`.
    public init(reader: IndexReader, on day: Day) throws {
        let committed = Day(String(reader.manifest.committedAt.prefix(10))) ?? day
        self.init(entries: try PublicEntries(reader: reader, on: day), fallbackDatestamp: committed)
    }

    public func item(id: String) -> Item? { positions[id].map { items[$0] } }

    /// The day the record last changed as harvesters see it: when it was (re)indexed, or when
    /// its embargo ended if that is later (that is the day it appeared here; an incremental
    /// harvest since the indexing day must still pick it up).
    static func datestamp(of document: IndexDocument, fallback: Day) -> Day {
        let indexed = document.extra["indexed_at"].flatMap { Day($0) } ?? fallback
        guard let publicFrom = document.publicFrom else { return indexed }
        return max(indexed, publicFrom)
    }
}
