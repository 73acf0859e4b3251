import DMKMIndex

/// What the Office Open XML extractors (DOCX, PPTX, XLSX) share: finding parts through the
/// package's relationships, and the core and extended document properties.
enum OOXMLPackage {
    /// The transitional and strict namespaces of relationship ids (`r:id`).
    static let relationshipNamespaces = [
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        "http://purl.oclc.org/ooxml/officeDocument/relationships",
    ]
    static let dublinCore = "http://purl.org/dc/elements/1.1/"

    struct Parts {
        var main: String
        var core = "docProps/core.xml"
        var app = "docProps/app.xml"
    }

    struct Relationship {
        var id: String
        /// The type URI's last segment ("officeDocument", "slide", "notesSlide", "worksheet", …).
        var kind: String
        /// The target as a path inside the package.
        var path: String
    }

    /// An OOXML package opened under the limits, with its main part parsed and that part's
    /// relationships read (PPTX and XLSX start the same way).
    struct Opened {
        var archive: OfficeArchive
        var parts: Parts
        /// Keeps `root` alive.
        let tree: XMLTree
        let root: XMLNode
        let relationships: [Relationship]
        /// Relationships by id.
        let targets: [String: Relationship]
    }

    /// Opens `data` and parses its main part, which must be a `rootName` element (else
    /// `.malformed`, naming `kind`).
    static func open(_ data: [UInt8], limits: ExtractionLimits, defaultMain: String, rootName: String, kind: String) throws(ExtractionError) -> Opened {
        var archive = try OfficeArchive(data, limits: limits)
        let parts = try self.parts(&archive, defaultMain: defaultMain)
        guard let main = try archive.read(parts.main) else {
            throw ExtractionError(.malformed, "no \(parts.main) in the archive: not a \(kind), or a damaged one")
        }
        let tree = try OfficeXML.parse(main, part: parts.main)
        guard let root = tree.root, root.name == rootName else {
            throw ExtractionError(.malformed, "\(parts.main) is not a \(kind) (no <\(rootName)> root)")
        }
        let relationships = try self.relationships(of: parts.main, in: &archive)
        let targets = Dictionary(relationships.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return Opened(archive: archive, parts: parts, tree: tree, root: root, relationships: relationships, targets: targets)
    }

    /// The main, core-properties and extended-properties parts, from `_rels/.rels`
    /// (conventional names when it does not say).
    static func parts(_ archive: inout OfficeArchive, defaultMain: String) throws(ExtractionError) -> Parts {
        var parts = Parts(main: defaultMain)
        for relationship in try relationships(of: "", in: &archive) where archive.contains(relationship.path) {
            switch relationship.kind {
            case "officeDocument": parts.main = relationship.path
            case "core-properties": parts.core = relationship.path
            case "extended-properties": parts.app = relationship.path
            default: break
            }
        }
        return parts
    }

    /// The internal relationships of `part` ("" for the package root), from its `_rels/NAME.rels`,
    /// in document order. A missing or unreadable relationships part gives none.
    static func relationships(of part: String, in archive: inout OfficeArchive) throws(ExtractionError) -> [Relationship] {
        let folder = part.split(separator: "/").dropLast().joined(separator: "/")
        let name = part.split(separator: "/").last.map(String.init) ?? ""
        let relsPath = (folder.isEmpty ? "" : folder + "/") + "_rels/" + name + ".rels"
        guard let rels = try archive.read(relsPath), let tree = try? XMLTree(rels, html: false), let root = tree.root else { return [] }
        return root.elements.compactMap { element in
            guard element.name == "Relationship", let id = element.attribute("Id"), let type = element.attribute("Type"),
                let target = element.attribute("Target"), element.attribute("TargetMode") != "External"
            else { return nil }
            let kind = type.split(separator: "/").last.map(String.init) ?? type
            return Relationship(id: id, kind: kind, path: resolve(target, from: folder))
        }
    }

    /// A relationship target as a package path: absolute ("/ppt/slides/slide1.xml") or relative
    /// to the source part's folder ("slides/slide1.xml", "../notesSlides/notesSlide1.xml").
    static func resolve(_ target: String, from folder: String) -> String {
        let joined = target.hasPrefix("/") || folder.isEmpty ? target : folder + "/" + target
        var components: [Substring] = []
        for component in joined.split(separator: "/") {
            switch component {
            case ".": continue
            case "..": if !components.isEmpty { components.removeLast() }
            default: components.append(component)
            }
        }
        return components.joined(separator: "/")
    }

    /// A relationship id attribute (`r:id`, `r:embed`, …) in either namespace.
    static func relationshipID(_ node: XMLNode, _ name: String = "id") -> String? {
        relationshipNamespaces.lazy.compactMap { node.attribute(name, namespace: $0) }.first
    }

    /// Reads the core and extended properties into `document`. A damaged properties part is
    /// noted (`metadata["metadata_error"]`) and skipped.
    static func readProperties(_ parts: Parts, from archive: inout OfficeArchive, into document: inout ExtractedDocument) throws(ExtractionError) {
        if let core = try archive.read(parts.core), let tree = OfficeXML.parseMetadata(core, part: parts.core, into: &document),
            let root = tree.root
        {
            applyCoreProperties(root, to: &document)
        }
        if let app = try archive.read(parts.app), let tree = OfficeXML.parseMetadata(app, part: parts.app, into: &document),
            let root = tree.root
        {
            for element in root.elements {
                switch element.name {
                case "Pages": if let pages = OfficeXML.integer(element.allText) { document.metadata["pages"] = pages }
                case "Words": if let words = OfficeXML.integer(element.allText) { document.metadata["words"] = words }
                case "Application": if let value = OfficeXML.trimmed(element.allText) { document.metadata["application"] = value }
                case "Company": if let value = OfficeXML.trimmed(element.allText) { document.metadata["company"] = value }
                default: break
                }
            }
        }
    }

    /// Title, creator, subject, description, language, creation year, keywords and category.
    /// Creators are split on ";" only: "Surname, Given" is one person.
    static func applyCoreProperties(_ root: XMLNode, to document: inout ExtractedDocument) {
        var keywords: [String] = []
        for element in root.elements {
            let value = OfficeXML.trimmed(element.allText)
            switch (element.namespace ?? "", element.name) {
            case (dublinCore, "title"): if let value { document.titles = [LocalizedText(language: nil, text: value)] }
            case (dublinCore, "creator"): document.authors = OfficeXML.people(value)
            case (dublinCore, "subject"): if let value { document.metadata["subject"] = value }
            case (dublinCore, "description"): if let value { document.abstracts = [LocalizedText(language: nil, text: value)] }
            case (dublinCore, "language"): if let code = OfficeXML.languageCode(value) { document.languages = [code] }
            case ("http://purl.org/dc/terms/", "created"):
                document.year = OfficeXML.year(ofDate: value)
                if let value { document.metadata["created"] = value }
            case (_, "keywords"): if let value { keywords.append(value) }
            case (_, "category"): if let value { document.metadata["category"] = value }
            default: break
            }
        }
        document.keywords = OfficeXML.keywords(keywords)
    }
}
