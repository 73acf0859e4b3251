/// Award tags and statuses of every document at one moment. Tags live outside the index (so
/// changing one needs no re-ingest); a search reads one snapshot for its award filters and
/// facets instead of asking the store per document.
public struct AwardTagSnapshot: Sendable {
    /// Document id → its tags as (key "TPSA/2568", status "submitted").
    public let tags: [String: [(key: String, status: String)]]

    public init(tags: [String: [(key: String, status: String)]]) { self.tags = tags }

    public static let empty = AwardTagSnapshot(tags: [:])

    /// Ids carrying `tag` ("TPSA" matches every TPSA cycle, "TPSA/2568" one cycle).
    public func documents(withTag tag: String) -> Set<String> {
        let wanted = tag.uppercased()
        return Set(tags.filter { $0.value.contains { $0.key == wanted || $0.key.hasPrefix(wanted + "/") } }.keys)
    }

    /// Ids with a tag in `status`.
    public func documents(withStatus status: String) -> Set<String> {
        let wanted = status.lowercased()
        return Set(tags.filter { $0.value.contains { $0.status == wanted } }.keys)
    }

    /// Tag keys of one document.
    public func keys(of id: String) -> [String] { tags[id]?.map(\.key) ?? [] }
}

/// Where a searcher gets award tags: one snapshot per search (the store caches it until its
/// file changes). Errors surface: a damaged tags file fails award searches instead of emptying them.
public protocol AwardTagSource: Sendable {
    func snapshot() throws -> AwardTagSnapshot
}
