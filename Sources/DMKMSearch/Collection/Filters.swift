import DMKMIndex

extension Searcher {
    /// Which documents of segment `segmentIndex` pass the reader's view and `filters` (nil: all).
    func acceptance(segmentIndex: Int, filters: [Filter], context: SearchContext) throws(IndexError) -> [Bool]? {
        let visible = context.view.accepts[segmentIndex]
        if filters.isEmpty { return visible }
        let segment = reader.segments[segmentIndex]
        let values = segment.docValues
        var accepts = visible ?? [Bool](repeating: true, count: segment.documentCount)
        for filter in filters {
            switch filter {
            case .year(let from, let to):
                let low = Int16(clamping: from ?? Int(Int16.min)), high = Int16(clamping: to ?? Int(Int16.max))
                for doc in 0..<segment.documentCount where accepts[doc] {
                    let year = values.years[doc]
                    accepts[doc] = year != 0 && year >= low && year <= high
                }
            case .type(let name):
                let wanted = DocumentType(rawValue: name.lowercased().replacingOccurrences(of: "_", with: "-"))?.ordinal
                for doc in 0..<segment.documentCount where accepts[doc] { accepts[doc] = values.types[doc] == wanted }
            case .lang(let code):
                let mask = DocValues.languageBits[code.lowercased()] ?? DocValues.otherLanguageBit
                for doc in 0..<segment.documentCount where accepts[doc] { accepts[doc] = values.languages[doc] & mask != 0 }
            case .unit(let name):
                let wanted = values.unitNames.firstIndex { $0.caseInsensitiveCompare(name) == .orderedSame }.map { UInt16($0 + 1) }
                for doc in 0..<segment.documentCount where accepts[doc] { accepts[doc] = values.units[doc] == wanted }
            case .access(let name):
                let wanted: UInt8? = name.lowercased() == "public" ? 0 : name.lowercased() == "internal" ? 1 : nil
                for doc in 0..<segment.documentCount where accepts[doc] { accepts[doc] = values.access[doc] == wanted }
            case .award(let tag):
                if let awards = context.awards {
                    try restrict(&accepts, segment: segment, to: awards.documents(withTag: tag))
                } else {
                    let wanted = tag.uppercased()
                    for doc in 0..<segment.documentCount where accepts[doc] {
                        accepts[doc] = values.awards(of: doc).contains { $0 == wanted || $0.hasPrefix(wanted + "/") }
                    }
                }
            case .awardStatus(let status):
                try restrict(&accepts, segment: segment, to: context.awards?.documents(withStatus: status) ?? [])
            }
        }
        return accepts
    }

    /// Keeps only documents whose id is in `ids`.
    private func restrict(_ accepts: inout [Bool], segment: SegmentReader, to ids: Set<String>) throws(IndexError) {
        var allowed = [Bool](repeating: false, count: segment.documentCount)
        for id in ids {
            if let doc = try segment.localDoc(id: id) { allowed[Int(doc)] = true }
        }
        for doc in 0..<segment.documentCount where accepts[doc] { accepts[doc] = allowed[doc] }
    }
}

extension Filter {
    /// Whether the filter reads award tags (so the search needs a snapshot of them).
    var needsAwardTags: Bool {
        switch self {
        case .award, .awardStatus: return true
        default: return false
        }
    }
}
