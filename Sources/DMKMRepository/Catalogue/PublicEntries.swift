import DMKMIndex
import Foundation

/// The entries anonymous readers may see on one day: public access and past any embargo
/// (`public_from`). The static catalogue, its exports and OAI-PMH all read this one list, so the
/// rule for "public" is decided in exactly one place.
public struct PublicEntries: Sendable {
    /// The day visibility was decided for.
    public let day: Day
    /// Public entries, sorted by id (a stable order for paging and for diffs of the site).
    public let documents: [IndexDocument]
    /// How many entries were left out as internal or embargoed.
    public let withheldCount: Int

    public init(reader: IndexReader, on day: Day = .today()) throws {
        var documents: [IndexDocument] = []
        var withheld = 0
        try reader.forEachDocument { document in
            if document.isPublic(on: day) { documents.append(document) } else { withheld += 1 }
        }
        self.init(day: day, documents: documents, withheldCount: withheld)
    }

    public init(day: Day, documents: [IndexDocument], withheldCount: Int = 0) {
        self.day = day
        self.documents = documents.filter { $0.isPublic(on: day) }.sorted { $0.id < $1.id }
        self.withheldCount = withheldCount + (documents.count - self.documents.count)
    }

    public func document(id: String) -> IndexDocument? {
        var low = 0
        var high = documents.count
        while low < high {
            let middle = (low + high) / 2
            if documents[middle].id < id { low = middle + 1 } else { high = middle }
        }
        return low < documents.count && documents[low].id == id ? documents[low] : nil
    }
}
