import DMKMIndex
import Foundation

/// Simple Dublin Core (the 15 DCMES elements) for one entry: the `<meta name="DC.*">` tags of
/// the static catalogue and OAI-PMH's `oai_dc` records are both written from this one mapping.
public struct DublinCoreElement: Sendable, Equatable {
    /// Element name without prefix: "title", "creator", "subject", …
    public var name: String
    public var value: String
    /// BCP 47 tag ("th", "en") when the value is in a known language.
    public var language: String?

    public init(_ name: String, _ value: String, language: String? = nil) {
        self.name = name
        self.value = value
        self.language = language
    }
}

public enum DublinCore {
    /// Who publishes every entry in DMKM.
    public static let publisher = [
        DublinCoreElement("publisher", "สำนักทันตสาธารณสุข กรมอนามัย กระทรวงสาธารณสุข", language: "th"),
        DublinCoreElement("publisher", "Bureau of Dental Public Health, Department of Health, Ministry of Public Health", language: "en"),
    ]

    /// DCMI Type vocabulary term for each kind of work (all DMKM entries are text).
    public static func dcmiType(_ type: DocumentType) -> String { "Text" }

    /// The elements for `document`; `identifier` is its permalink (absolute URL when known).
    public static func elements(for document: IndexDocument, identifier: String?) -> [DublinCoreElement] {
        var elements: [DublinCoreElement] = []
        for title in document.titles where !title.text.isEmpty {
            elements.append(DublinCoreElement("title", title.text, language: title.language))
        }
        for author in document.authors where !author.isEmpty { elements.append(DublinCoreElement("creator", author)) }
        for keyword in document.keywords where !keyword.isEmpty { elements.append(DublinCoreElement("subject", keyword)) }
        for abstract in document.abstracts where !abstract.text.isEmpty {
            elements.append(DublinCoreElement("description", abstract.text, language: abstract.language))
        }
        elements += publisher
        if let unit = document.unit, !unit.isEmpty { elements.append(DublinCoreElement("contributor", unit)) }
        if let year = document.year { elements.append(DublinCoreElement("date", String(year))) }
        elements.append(DublinCoreElement("type", dcmiType(document.type)))
        elements.append(DublinCoreElement("type", document.type.rawValue))
        if let format = document.originalMediaType { elements.append(DublinCoreElement("format", format)) }
        if let identifier { elements.append(DublinCoreElement("identifier", identifier)) }
        for language in document.languages where !language.isEmpty { elements.append(DublinCoreElement("language", language)) }
        return elements
    }
}
