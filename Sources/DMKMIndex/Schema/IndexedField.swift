/// The fields of the inverted index. The raw value is the field's byte in every term key, so
/// the order here is the on-disk order: never reorder, only append.
public enum IndexedField: UInt8, CaseIterable, Sendable, Codable {
    /// The document id, exact (not analyzed): finds a document to delete or update.
    case id = 0
    case title = 1
    case keywords = 2
    case abstract = 3
    case body = 4
    case authors = 5
    /// Character trigrams of the titles: matches a title despite spelling variants of names and
    /// transliterations (ไดเรคชัน / ไดเรกชัน) and segmentation differences.
    case titleGrams = 6
    /// The sub-word level: grams of two Thai character clusters of every Thai run of the text
    /// fields, at consecutive positions within a run (`ThaiSubwords`). A Thai query word matches
    /// here inside longer words and across segmentation cuts.
    case subwords = 7

    /// Fields that are analyzed into words and searched by default.
    public static let textFields: [IndexedField] = [.title, .keywords, .abstract, .body, .authors]
    /// Fields with length norms and statistics (every scored field).
    public static let scoredFields: [IndexedField] = textFields + [.titleGrams, .subwords]

    public var name: String {
        switch self {
        case .id: return "id"
        case .title: return "title"
        case .keywords: return "keywords"
        case .abstract: return "abstract"
        case .body: return "body"
        case .authors: return "authors"
        case .titleGrams: return "title-grams"
        case .subwords: return "subwords"
        }
    }

    /// Positions between two values of a multi-valued field (two titles, several authors),
    /// so a phrase never matches across them.
    public static let valuePositionGap: UInt32 = 100
}
