import Foundation
import DMKMIndex

/// Excel workbooks (OOXML `.xlsx`): sheet names and cell text, through ZIPFoundation + libxml2
/// like DOCX, under the same archive limits (`OfficeArchive`).
///
/// Policy:
/// - Sheets are read in the workbook's order (`sheets/sheet` in `xl/workbook.xml`, resolved
///   through the workbook's relationships); hidden sheets too. Chart sheets and dialog sheets
///   have no cells and give only their name.
/// - Each sheet gives a paragraph with its name, then one paragraph per non-empty row, its cells
///   joined by " | " (empty cells between filled ones kept as empty columns).
/// - Cell values: shared strings (`t="s"`, the index into `xl/sharedStrings.xml`; rich-text runs
///   joined, phonetic runs left out), inline strings, formula string results, booleans
///   (TRUE/FALSE) and numbers as stored. Error values (`#DIV/0!`) are not text.
/// - A shared-string index outside the table is `.malformed`, naming the cell.
/// - The title is the core properties' title, else the first sheet's name is not taken (a
///   sheet name is rarely a title); `metadata["sheets"]` counts the sheets.
public struct XLSXExtractor: DocumentExtractor {
    public init() {}

    public func extract(_ data: [UInt8], fileName: String, limits: ExtractionLimits) throws(ExtractionError) -> ExtractedDocument {
        var package = try OOXMLPackage.open(data, limits: limits, defaultMain: "xl/workbook.xml", rootName: "workbook", kind: "workbook")
        let (root, relationships, targets, parts) = (package.root, package.relationships, package.targets, package.parts)
        var strings: [String] = []
        if let shared = relationships.first(where: { $0.kind == "sharedStrings" }), let bytes = try package.archive.read(shared.path) {
            strings = try Self.sharedStrings(try OfficeXML.parse(bytes, part: shared.path))
        }

        var document = ExtractedDocument()
        document.metadata["format"] = DocumentFormat.xlsx.rawValue
        var paragraphs: [String] = []
        var textBytes = 0
        let sheets = root.elements.first { $0.name == "sheets" }?.elements.filter { $0.name == "sheet" } ?? []
        for sheet in sheets {
            if let name = OfficeXML.trimmed(sheet.attribute("name")) { paragraphs.append(name) }
            guard let id = OOXMLPackage.relationshipID(sheet), let target = targets[id], target.kind == "worksheet" else { continue }
            guard let bytes = try package.archive.read(target.path) else {
                throw ExtractionError(.malformed, "\(parts.main) lists \(target.path), which is not in the archive")
            }
            let rows = try Self.rows(try OfficeXML.parse(bytes, part: target.path), strings: strings, part: target.path)
            textBytes += rows.reduce(0) { $0 + $1.utf8.count }
            if textBytes > limits.maximumTextBytes { throw MarkupInput.textLimit(limits) }
            paragraphs += rows
        }
        document.body = OfficeXML.body(paragraphs)
        document.metadata["sheets"] = String(sheets.count)
        try OOXMLPackage.readProperties(parts, from: &package.archive, into: &document)
        try MarkupInput.requireContent(document)
        return document
    }

    /// The shared string table, in order.
    static func sharedStrings(_ tree: XMLTree) throws(ExtractionError) -> [String] {
        guard let root = tree.root else { return [] }
        return root.elements.filter { $0.name == "si" }.map(richText)
    }

    /// A string item: its `t`, or its runs' `t` joined; phonetic runs (`rPh`) left out.
    static func richText(_ item: XMLNode) -> String {
        var text = ""
        for child in item.elements {
            switch child.name {
            case "t": text += child.allText
            case "r": text += child.elements.filter { $0.name == "t" }.map(\.allText).joined()
            default: continue
            }
        }
        return text
    }

    /// One string per non-empty row of a worksheet.
    static func rows(_ tree: XMLTree, strings: [String], part: String) throws(ExtractionError) -> [String] {
        guard let root = tree.root else { return [] }
        guard let data = root.elements.first(where: { $0.name == "sheetData" }) else { return [] }
        var result: [String] = []
        for row in data.elements where row.name == "row" {
            var cells: [String] = []
            for cell in row.elements where cell.name == "c" {
                let value = try Self.value(cell, strings: strings, part: part)
                // Keep the column: pad with empty cells up to this one's column letter.
                if let column = cell.attribute("r").flatMap(Self.columnIndex), column > cells.count, column - cells.count < 1_000 {
                    cells += Array(repeating: "", count: column - cells.count)
                }
                cells.append(value.replacingOccurrences(of: "\n", with: " "))
            }
            while cells.last?.isEmpty == true { cells.removeLast() }
            if !cells.isEmpty { result.append(cells.joined(separator: " | ")) }
        }
        return result
    }

    static func value(_ cell: XMLNode, strings: [String], part: String) throws(ExtractionError) -> String {
        let raw = cell.elements.first { $0.name == "v" }?.allText
        switch cell.attribute("t") ?? "n" {
        case "s":
            guard let raw, let index = Int(raw.trimmingCharacters(in: .whitespaces)), index >= 0, index < strings.count else {
                let name = cell.attribute("r") ?? "?"
                throw ExtractionError(
                    .malformed, "\(part): cell \(name) refers to shared string \(raw ?? "(none)"), the table has \(strings.count)")
            }
            return strings[index]
        case "inlineStr":
            return cell.elements.first { $0.name == "is" }.map(richText) ?? ""
        case "b":
            return raw == "1" ? "TRUE" : raw == "0" ? "FALSE" : ""
        case "e":
            return ""
        default:  // "n", "str" (formula result), "d" (ISO date)
            return OfficeXML.trimmed(raw) ?? ""
        }
    }

    /// "C7" → 2 (zero-based column of a cell reference).
    static func columnIndex(_ reference: String) -> Int? {
        var column = 0
        var letters = 0
        for scalar in reference.unicodeScalars {
            guard ("A"..."Z").contains(scalar) else { break }
            column = column * 26 + Int(scalar.value - 64)
            letters += 1
            if letters > 3 { return nil }
        }
        return letters == 0 ? nil : column - 1
    }
}
