import Foundation
import DMKMIndex

/// PowerPoint presentations (OOXML `.pptx`): slide titles and text, and speaker notes, through
/// ZIPFoundation + libxml2 like DOCX, under the same archive limits (`OfficeArchive`).
///
/// Policy:
/// - Slides are read in the presentation's order (`p:sldIdLst` in `ppt/presentation.xml`, each
///   id resolved through the presentation's relationships); hidden slides are read too.
/// - On each slide, shapes are read in drawing order (groups opened): the title placeholder
///   (`title`, `ctrTitle`) first, then the other text, one paragraph per DrawingML paragraph
///   (`a:p`; `a:br` a line break). A table gives one paragraph per row, cells joined by " | ".
///   Slide number and date placeholders are not text.
/// - The slide's notes (its `notesSlide` relationship: the notes body placeholder) follow the
///   slide's text as paragraphs.
/// - The title is the core properties' title, else the first slide title. `metadata["slides"]`
///   counts the slides.
/// - A package without a presentation part is `.malformed`; a presentation with no text at all
///   is `.empty`.
public struct PPTXExtractor: DocumentExtractor {
    public init() {}

    public func extract(_ data: [UInt8], fileName: String, limits: ExtractionLimits) throws(ExtractionError) -> ExtractedDocument {
        var package = try OOXMLPackage.open(data, limits: limits, defaultMain: "ppt/presentation.xml", rootName: "presentation", kind: "presentation")
        let (root, relationships, targets, parts) = (package.root, package.relationships, package.targets, package.parts)
        let slideIDs = root.elements.first { $0.name == "sldIdLst" }?.elements.filter { $0.name == "sldId" } ?? []
        // Slides listed in order; without a list, the slide relationships in document order.
        let slidePaths = slideIDs.isEmpty
            ? relationships.filter { $0.kind == "slide" }.map(\.path)
            : slideIDs.compactMap { OOXMLPackage.relationshipID($0).flatMap { targets[$0]?.path } }

        var document = ExtractedDocument()
        document.metadata["format"] = DocumentFormat.pptx.rawValue
        var paragraphs: [String] = []
        var firstTitle: String?
        var textBytes = 0
        for path in slidePaths {
            guard let bytes = try package.archive.read(path) else {
                throw ExtractionError(.malformed, "\(parts.main) lists \(path), which is not in the archive")
            }
            let slide = try SlideText(try OfficeXML.parse(bytes, part: path), part: path)
            if firstTitle == nil { firstTitle = slide.title }
            var slideParagraphs = slide.paragraphs
            for notes in try OOXMLPackage.relationships(of: path, in: &package.archive) where notes.kind == "notesSlide" {
                if let notesBytes = try package.archive.read(notes.path) {
                    slideParagraphs += try SlideText(try OfficeXML.parse(notesBytes, part: notes.path), part: notes.path, notes: true).paragraphs
                }
            }
            textBytes += slideParagraphs.reduce(0) { $0 + $1.utf8.count }
            if textBytes > limits.maximumTextBytes { throw MarkupInput.textLimit(limits) }
            paragraphs += slideParagraphs
        }
        document.body = OfficeXML.body(paragraphs)
        document.metadata["slides"] = String(slidePaths.count)
        try OOXMLPackage.readProperties(parts, from: &package.archive, into: &document)
        if document.titles.isEmpty, let title = OfficeXML.trimmed(firstTitle) {
            document.titles = [LocalizedText(language: nil, text: title)]
        }
        try MarkupInput.requireContent(document)
        return document
    }
}

/// The text of one slide (or notes page), title first.
struct SlideText {
    static let titleTypes: Set<String> = ["title", "ctrTitle"]
    /// Placeholders that hold no text of the slide's own.
    static let skippedTypes: Set<String> = ["sldNum", "dt", "sldImg", "hdr"]

    var title: String?
    var paragraphs: [String] = []

    /// `notes`: only the notes body (and other text boxes) of a notes page, not its header,
    /// footer or slide image.
    init(_ tree: XMLTree, part: String, notes: Bool = false) throws(ExtractionError) {
        guard let root = tree.root, let shapes = root.first(named: "spTree") else {
            throw ExtractionError(.malformed, "\(part) has no shape tree (p:cSld/p:spTree)")
        }
        var titles: [String] = []
        var others: [String] = []
        Self.shapes(shapes, notes: notes, titles: &titles, others: &others)
        title = titles.first.map { $0.replacingOccurrences(of: "\n", with: " ") }
        paragraphs = titles + others
    }

    private static func shapes(_ node: XMLNode, notes: Bool, titles: inout [String], others: inout [String]) {
        for child in node.elements {
            switch child.name {
            case "sp":
                let type = placeholderType(child)
                if let type, skippedTypes.contains(type) || (notes && type == "ftr") { continue }
                guard let body = child.elements.first(where: { $0.name == "txBody" }) else { continue }
                let text = DrawingText.paragraphs(body)
                if let type, titleTypes.contains(type) { titles += text } else { others += text }
            case "grpSp":
                shapes(child, notes: notes, titles: &titles, others: &others)
            case "graphicFrame":
                for table in child.descendants(where: { $0.name == "tbl" }) { others += DrawingText.rows(table) }
            case "AlternateContent":
                if let choice = child.elements.first { shapes(choice, notes: notes, titles: &titles, others: &others) }
            default:
                continue
            }
        }
    }

    /// `p:nvSpPr/p:nvPr/p:ph@type` ("body" when a placeholder has no type), nil for a plain shape.
    static func placeholderType(_ shape: XMLNode) -> String? {
        guard let properties = shape.elements.first(where: { $0.name == "nvSpPr" }),
            let nv = properties.elements.first(where: { $0.name == "nvPr" }),
            let placeholder = nv.elements.first(where: { $0.name == "ph" })
        else { return nil }
        return placeholder.attribute("type") ?? "body"
    }
}

/// DrawingML text (`a:txBody`, `a:tbl`), shared by slides and anything else that draws text.
enum DrawingText {
    /// One string per `a:p`: runs, fields and line breaks; blank paragraphs dropped.
    static func paragraphs(_ body: XMLNode) -> [String] {
        body.elements.filter { $0.name == "p" }.compactMap { paragraph in
            var text = ""
            inline(paragraph, into: &text)
            return OfficeXML.trimmed(text)
        }
    }

    private static func inline(_ node: XMLNode, into text: inout String) {
        for child in node.elements {
            switch child.name {
            case "t": text += child.allText
            case "br": text += "\n"
            case "pPr", "rPr", "endParaRPr": continue
            default: inline(child, into: &text)
            }
        }
    }

    /// A table: one paragraph per row (`a:tr`), cells (`a:tc`) joined by " | ".
    static func rows(_ table: XMLNode) -> [String] {
        table.elements.filter { $0.name == "tr" }.compactMap { row in
            let cells = row.elements.filter { $0.name == "tc" }.map { cell in
                cell.elements.first { $0.name == "txBody" }.map { paragraphs($0).joined(separator: " ") } ?? ""
            }
            return cells.contains(where: { !$0.isEmpty }) ? cells.joined(separator: " | ") : nil
        }
    }
}
