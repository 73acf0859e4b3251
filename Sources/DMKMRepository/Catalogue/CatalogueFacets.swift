import DMKMIndex
import Foundation

/// The ways a reader can browse the catalogue.
public enum FacetKind: String, CaseIterable, Sendable {
    case year, type, unit, keyword, author

    /// Heading in Thai and English.
    var title: (th: String, en: String) {
        switch self {
        case .year: ("ปี", "Year")
        case .type: ("ประเภท", "Type")
        case .unit: ("หน่วยงาน", "Unit")
        case .keyword: ("คำสำคัญ", "Keyword")
        case .author: ("ผู้เขียน", "Author")
        }
    }

    /// The browse page name of a raw value (a year, a type's raw value, or any text).
    public func slug(for value: String) -> String {
        switch self {
        case .year, .type: value
        case .unit, .keyword, .author: Slug.make(value)
        }
    }

    /// The raw values `document` has for this facet.
    func values(of document: IndexDocument) -> [String] {
        switch self {
        case .year: document.year.map { [String($0)] } ?? []
        case .type: [document.type.rawValue]
        case .unit: document.unit.map { [$0] } ?? []
        case .keyword: document.keywords
        case .author: document.authors
        }
    }
}

/// One value of a facet and the public entries that have it.
public struct FacetValue: Sendable, Equatable {
    public let kind: FacetKind
    /// The text shown (for years "2023 (พ.ศ. 2566)", for types "งานวิจัย / Research").
    public let label: String
    /// The browse page name.
    public let slug: String
    /// Ids of the entries with this value, in catalogue order.
    public let ids: [String]

    public var count: Int { ids.count }
    public var pagePath: String { SitePaths.browsePage(kind, slug: slug) }

    /// Values differing only in case, Unicode composition or spacing are the same value
    /// ("Fluoride varnish" and "fluoride  varnish").
    static func key(_ value: String) -> String {
        value.precomposedStringWithCanonicalMapping
            .split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
            .lowercased()
    }
}

/// Every facet of the public catalogue, counted over the public entries only (the counts are
/// what anonymous readers can reach; internal and embargoed entries never add to them).
public struct CatalogueFacets: Sendable {
    private let valuesByKind: [FacetKind: [FacetValue]]

    public init(_ entries: PublicEntries) throws {
        let ordered = CatalogueOrder.sorted(entries.documents)
        var valuesByKind: [FacetKind: [FacetValue]] = [:]
        for kind in FacetKind.allCases { valuesByKind[kind] = try Self.values(kind, of: ordered) }
        self.valuesByKind = valuesByKind
    }

    public func values(_ kind: FacetKind) -> [FacetValue] { valuesByKind[kind] ?? [] }

    /// Groups the documents by their values of `kind`; throws if two different values would
    /// share a browse page.
    static func values(_ kind: FacetKind, of documents: [IndexDocument]) throws -> [FacetValue] {
        struct Group { var spellings: [String: Int] = [:]; var ids: [String] = [] }
        var groups: [String: Group] = [:]
        for document in documents {
            var seen = Set<String>()
            for raw in kind.values(of: document) {
                let key = FacetValue.key(raw)
                guard !key.isEmpty, seen.insert(key).inserted else { continue }
                groups[key, default: Group()].spellings[raw.trimmingCharacters(in: .whitespacesAndNewlines), default: 0] += 1
                groups[key, default: Group()].ids.append(document.id)
            }
        }
        var slugs: [String: String] = [:]
        var values: [FacetValue] = []
        for (key, group) in groups {
            let spelling = Self.commonestSpelling(group.spellings)
            let slug = kind.slug(for: spelling)
            if let other = slugs.updateValue(key, forKey: slug) {
                throw PublishError.slugCollision(facet: kind.rawValue, slug: slug, values: [other, key].sorted())
            }
            values.append(FacetValue(kind: kind, label: label(kind, spelling), slug: slug, ids: group.ids))
        }
        return sortedForDisplay(values, kind: kind)
    }

    /// The spelling most entries use (ties: the first in code point order), so the label is stable.
    static func commonestSpelling(_ spellings: [String: Int]) -> String {
        spellings.min { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }!.key
    }

    static func label(_ kind: FacetKind, _ value: String) -> String {
        switch kind {
        case .year: Int(value).map(CatalogueText.year) ?? value
        case .type: DocumentType(rawValue: value).map(CatalogueText.typeLabel) ?? value
        case .unit, .keyword, .author: value
        }
    }

    /// Years newest first, types in schema order, the rest by count then label.
    static func sortedForDisplay(_ values: [FacetValue], kind: FacetKind) -> [FacetValue] {
        switch kind {
        case .year:
            return values.sorted { (Int($0.slug) ?? 0) > (Int($1.slug) ?? 0) }
        case .type:
            let order = DocumentType.allCases.map(\.rawValue)
            return values.sorted { (order.firstIndex(of: $0.slug) ?? order.count) < (order.firstIndex(of: $1.slug) ?? order.count) }
        case .unit, .keyword, .author:
            return values.sorted { $0.count != $1.count ? $0.count > $1.count : $0.label < $1.label }
        }
    }
}

/// The order entries are listed in: newest first, then by title, then by id (total and stable).
public enum CatalogueOrder {
    public static func sorted(_ documents: [IndexDocument]) -> [IndexDocument] {
        documents.sorted { left, right in
            let leftYear = left.year ?? Int.min, rightYear = right.year ?? Int.min
            if leftYear != rightYear { return leftYear > rightYear }
            if left.displayTitle != right.displayTitle { return left.displayTitle < right.displayTitle }
            return left.id < right.id
        }
    }
}
