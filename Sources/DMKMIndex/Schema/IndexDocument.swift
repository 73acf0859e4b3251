import Foundation

/// A document as DMKM stores it: one academic work, research paper or innovation.
/// The schema is versioned (`schemaVersion`); segments record the version they were written with.
public struct IndexDocument: Codable, Sendable, Equatable {
    public static let schemaVersion = 1

    /// Stable identifier chosen by the submitter (or derived from the file path).
    public var id: String
    /// Titles, one per language (Thai and/or English).
    public var titles: [LocalizedText]
    /// Abstracts, one per language.
    public var abstracts: [LocalizedText]
    /// Full text.
    public var body: String
    public var authors: [String]
    public var keywords: [String]
    /// Year of the work in the Common Era (input may be Buddhist Era: พ.ศ. 2565 = 2022).
    public var year: Int?
    public var type: DocumentType
    /// The bureau group that owns the work.
    public var unit: String?
    /// Languages of the content ("th", "en"), given or detected by script.
    public var languages: [String]
    public var access: Access
    /// Internal until this day (an embargo), public from it on, when `access` is public.
    public var publicFrom: Day?
    /// Award tags from ingestion metadata ("TPSA/2568", "UNPSA/2024").
    public var awards: [String]
    /// Where the document came from (the path it was ingested from, for change detection and
    /// `--prune`; never used to read a file) and its content hash.
    public var sourcePath: String?
    public var contentHash: String?
    /// The submitted file, kept in the index's asset store (nil for JSONL records).
    public var original: OriginalFile?
    /// Other metadata kept verbatim (not searched), e.g. page counts.
    public var extra: [String: String]

    public init(
        id: String, titles: [LocalizedText] = [], abstracts: [LocalizedText] = [], body: String = "",
        authors: [String] = [], keywords: [String] = [], year: Int? = nil, type: DocumentType = .other,
        unit: String? = nil, languages: [String] = [], access: Access = .public, publicFrom: Day? = nil,
        awards: [String] = [], sourcePath: String? = nil, contentHash: String? = nil, original: OriginalFile? = nil,
        extra: [String: String] = [:]
    ) {
        self.id = id
        self.titles = titles
        self.abstracts = abstracts
        self.body = body
        self.authors = authors
        self.keywords = keywords
        self.year = year
        self.type = type
        self.unit = unit
        self.languages = languages
        self.access = access
        self.publicFrom = publicFrom
        self.awards = awards
        self.sourcePath = sourcePath
        self.contentHash = contentHash
        self.original = original
        self.extra = extra
    }

    /// The title to show: Thai first, then English, then any.
    public var displayTitle: String {
        titles.first { $0.language == "th" }?.text ?? titles.first { $0.language == "en" }?.text ?? titles.first?.text ?? id
    }

    /// Whether anonymous readers may see the document on `day` (public and past any embargo).
    public func isPublic(on day: Day) -> Bool {
        access == .public && (publicFrom.map { $0 <= day } ?? true)
    }
}

/// Text in one language.
public struct LocalizedText: Codable, Sendable, Equatable {
    /// "th", "en", or nil when unknown.
    public var language: String?
    public var text: String

    public init(language: String?, text: String) {
        self.language = language
        self.text = text
    }
}

/// The kinds of work the bureau keeps.
public enum DocumentType: String, Codable, Sendable, CaseIterable {
    case research, paper, innovation
    case academicWork = "academic-work"
    case report, other

    public var ordinal: UInt8 { UInt8(Self.allCases.firstIndex(of: self)!) }
    public init?(ordinal: UInt8) {
        guard Int(ordinal) < Self.allCases.count else { return nil }
        self = Self.allCases[Int(ordinal)]
    }
}

/// Who may see a document.
public enum Access: String, Codable, Sendable, CaseIterable {
    case `public`, `internal`
}

/// A calendar day (days since 1970-01-01), for embargo dates. Written as YYYY-MM-DD.
public struct Day: Codable, Sendable, Hashable, Comparable, CustomStringConvertible {
    public var daysSinceEpoch: Int32

    public init(daysSinceEpoch: Int32) { self.daysSinceEpoch = daysSinceEpoch }

    /// Parses YYYY-MM-DD (a Buddhist Era year ≥ 2400 is converted to CE).
    public init?(_ text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "-")
        guard parts.count == 3, var year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        if year >= 2400 { year -= 543 }
        guard (1900...2200).contains(year) else { return nil }
        var components = DateComponents()
        components.year = year
        components.month = month
        components.day = day
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let date = calendar.date(from: components),
            calendar.component(.day, from: date) == day
        else { return nil }
        daysSinceEpoch = Int32((date.timeIntervalSince1970 / 86_400).rounded(.down))
    }

    public static func today(_ now: Date = Date()) -> Day {
        Day(daysSinceEpoch: Int32((now.timeIntervalSince1970 / 86_400).rounded(.down)))
    }

    public var description: String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let date = Date(timeIntervalSince1970: Double(daysSinceEpoch) * 86_400)
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }

    public static func < (lhs: Day, rhs: Day) -> Bool { lhs.daysSinceEpoch < rhs.daysSinceEpoch }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = Day(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "expected YYYY-MM-DD, got \(text)"))
        }
        self = day
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// Year conversions: input may be Buddhist Era (พ.ศ.) or Common Era.
public enum Years {
    /// Offset between the Thai Buddhist Era and the Common Era.
    public static let buddhistEraOffset = 543
    /// Years at or above this are read as Buddhist Era.
    public static let buddhistEraThreshold = 2400

    /// CE year for `year` written in either era.
    public static func commonEra(_ year: Int) -> Int {
        year >= buddhistEraThreshold ? year - buddhistEraOffset : year
    }

    /// Parses "2565", "พ.ศ. 2565", "ค.ศ. 2022", "๒๕๖๕", "2022" into a CE year (1900…2200).
    public static func parse(_ text: String) -> Int? {
        var digits = ""
        for scalar in text.unicodeScalars {
            if scalar.value >= 0x30 && scalar.value <= 0x39 {
                digits.unicodeScalars.append(scalar)
            } else if scalar.value >= 0x0E50 && scalar.value <= 0x0E59 {
                digits.unicodeScalars.append(Unicode.Scalar(scalar.value - 0x0E50 + 0x30)!)
            } else if !digits.isEmpty {
                break
            }
        }
        guard digits.count == 4, let value = Int(digits) else { return nil }
        let year = commonEra(value)
        return (1900...2200).contains(year) ? year : nil
    }
}
