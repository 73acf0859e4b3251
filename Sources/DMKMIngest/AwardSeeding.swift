import DMKMIndex
import DMKMRepository

/// Award tags declared in ingested metadata, waiting to be written to the award store. They are
/// written in one store update just before each index commit: once per document would rewrite
/// the whole tags file thousands of times in a bulk load, and writing them before the commit
/// means a crash can leave a tag for an uncommitted document (harmless: exports skip ids not in
/// the index) but never a committed document without its tags.
struct PendingAwardTags {
    let store: AwardStore
    private var tags: [String: [AwardTag]] = [:]

    init(store: AwardStore) { self.store = store }

    mutating func add(id: String, tags declared: [AwardTag]) {
        if !declared.isEmpty { tags[id] = declared }
    }

    /// Seeds the store (coordinators' later changes win), reporting a storage failure as an index
    /// I/O error so ingest stops the same way it does for any other write it cannot make.
    mutating func flush() throws(IndexError) {
        guard !tags.isEmpty else { return }
        do { try store.seed(tags) } catch {
            throw IndexError.failed(path: store.directory.path, operation: "update award tags", detail: "\(error)")
        }
        tags.removeAll()
    }
}
