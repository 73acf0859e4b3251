import DMKMIndex
import Foundation

/// Wording shared by the catalogue's pages and exports (Thai first, English after).
enum CatalogueText {
    static let siteTitle = (th: "คลังผลงานวิชาการ สำนักทันตสาธารณสุข", en: "Academic works of the Bureau of Dental Public Health")
    static let publisher = (
        th: "สำนักทันตสาธารณสุข กรมอนามัย กระทรวงสาธารณสุข",
        en: "Bureau of Dental Public Health, Department of Health, Ministry of Public Health"
    )

    /// "2023 (พ.ศ. 2566)": the Common Era year with its Buddhist Era equivalent.
    static func year(_ year: Int) -> String { "\(year) (พ.ศ. \(year + Years.buddhistEraOffset))" }

    static func typeName(_ type: DocumentType) -> (th: String, en: String) {
        switch type {
        case .research: ("งานวิจัย", "Research")
        case .paper: ("บทความวิชาการ", "Paper")
        case .innovation: ("นวัตกรรม", "Innovation")
        case .academicWork: ("ผลงานวิชาการ", "Academic work")
        case .report: ("รายงาน", "Report")
        case .other: ("อื่น ๆ", "Other")
        }
    }

    static func typeLabel(_ type: DocumentType) -> String {
        let name = typeName(type)
        return "\(name.th) / \(name.en)"
    }

    /// The text in `language`, if the entry has it.
    static func text(_ texts: [LocalizedText], language: String) -> String? {
        texts.first { $0.language == language && !$0.text.isEmpty }?.text
    }

    /// The language of the entry's display title (its abstract in the same language goes first).
    static func primaryLanguage(_ document: IndexDocument) -> String? {
        document.titles.first { $0.text == document.displayTitle }?.language
    }

    /// Texts with the primary language first, empty ones dropped.
    static func ordered(_ texts: [LocalizedText], primary: String?) -> [LocalizedText] {
        let present = texts.filter { !$0.text.isEmpty }
        return present.filter { $0.language == primary } + present.filter { $0.language != primary }
    }

    /// `text` on one line: runs of white space (line breaks included) become one space.
    static func flattened(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// The first `limit` characters of `text` on a word boundary where there is one, with "…".
    static func shortened(_ text: String, limit: Int) -> String {
        let flat = flattened(text)
        guard flat.count > limit else { return flat }
        let cut = flat.prefix(limit)
        let atSpace = cut.lastIndex(of: " ").map { cut[..<$0] } ?? cut
        return (atSpace.count > limit / 2 ? String(atSpace) : String(cut)) + "…"
    }
}
