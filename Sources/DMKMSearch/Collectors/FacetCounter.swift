import DMKMIndex

/// Counts metadata values of matching documents (what a facet list shows). Award tags come from
/// the search's one snapshot, so counting costs a dictionary lookup per document, not a file read.
struct FacetCounter {
    let enabled: Bool
    let awards: AwardTagSnapshot?
    private var counts: [String: [String: Int]] = [:]

    init(enabled: Bool, awards: AwardTagSnapshot? = nil) {
        self.enabled = enabled
        self.awards = awards
    }

    mutating func count(segment: SegmentReader, doc: Int) {
        guard enabled else { return }
        let values = segment.docValues
        if values.years[doc] != 0 { counts["year", default: [:]][String(values.years[doc]), default: 0] += 1 }
        if let type = DocumentType(ordinal: values.types[doc]) { counts["type", default: [:]][type.rawValue, default: 0] += 1 }
        for code in values.languageCodes(of: doc) { counts["lang", default: [:]][code, default: 0] += 1 }
        if let unit = values.unit(of: doc) { counts["unit", default: [:]][unit, default: 0] += 1 }
        let tags = awards.map { $0.keys(of: values.id(of: doc)) } ?? values.awards(of: doc)
        for award in tags { counts["award", default: [:]][award, default: 0] += 1 }
        counts["access", default: [:]][values.access[doc] == 0 ? "public" : "internal", default: 0] += 1
    }

    func result() -> [String: [FacetCount]] {
        counts.mapValues { values in
            values.map { FacetCount(value: $0.key, count: $0.value) }.sorted { $0.count > $1.count || ($0.count == $1.count && $0.value < $1.value) }
        }
    }
}
