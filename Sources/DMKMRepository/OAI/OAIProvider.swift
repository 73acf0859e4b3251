import DMKMCore
import DMKMIndex
import Foundation

/// Who the repository is, as Identify tells harvesters. `baseURL` depends on how the request
/// reached us, so a description is made per request.
public struct OAIRepositoryDescription: Sendable {
    public static let defaultName = "DMKM — Bureau of Dental Public Health academic works"
    /// Placeholder contact until the bureau names one (Identify requires at least one address).
    public static let defaultAdminEmail = "dmkm-admin@anamai.moph.go.th"

    public var name: String
    /// The absolute URL of the OAI-PMH endpoint, e.g. "https://dmkm.anamai.moph.go.th/oai".
    public var baseURL: String
    public var adminEmails: [String]
    /// Prefix of an entry's landing page; the %-encoded id is appended to make `dc:identifier`.
    /// nil: records carry no landing-page identifier.
    public var landingPagePrefix: String?

    public init(baseURL: String, name: String = defaultName, adminEmails: [String] = [defaultAdminEmail], landingPagePrefix: String? = nil) {
        self.name = name
        self.baseURL = baseURL
        self.adminEmails = adminEmails.isEmpty ? [Self.defaultAdminEmail] : adminEmails
        self.landingPagePrefix = landingPagePrefix
    }
}

/// One answer: OAI-PMH reports its errors inside the XML, so the status is 200 for every
/// request the provider sees.
public struct OAIResponse: Sendable, Equatable {
    public static let contentType = "text/xml; charset=utf-8"
    public var status: Int
    public var xml: String
}

/// The OAI-PMH 2.0 data provider, as a pure function of the request arguments, the catalogue
/// (public entries of the day) and the repository description. Only `oai_dc` is disseminated.
public struct OAIProvider: Sendable {
    public var repository: OAIRepositoryDescription
    /// Records or headers per list response (small values make paging testable).
    public var pageSize: Int

    public init(repository: OAIRepositoryDescription, pageSize: Int = 100) {
        self.repository = repository
        self.pageSize = max(1, pageSize)
    }

    enum Namespace {
        static let oai = "http://www.openarchives.org/OAI/2.0/"
        static let oaiSchema = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
        static let xsi = "http://www.w3.org/2001/XMLSchema-instance"
        static let oaiDC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
        static let oaiDCSchema = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
        static let dc = "http://purl.org/dc/elements/1.1/"
        static let oaiIdentifier = "http://www.openarchives.org/OAI/2.0/oai-identifier"
        static let oaiIdentifierSchema = "http://www.openarchives.org/OAI/2.0/oai-identifier.xsd"
    }

    static let oaiDCPrefix = "oai_dc"
    static let granularity = "YYYY-MM-DD"

    public func respond(to arguments: OAIArguments, catalogue: OAICatalogue, now: Date = Date()) -> OAIResponse {
        let outcome = OAIRequest.parse(arguments).flatMap { request in
            Result { () throws(OAIError) in try body(for: request, catalogue: catalogue) }
        }
        var xml = XMLBuilder()
        xml.open("OAI-PMH", [("xmlns", Namespace.oai), ("xmlns:xsi", Namespace.xsi),
                             ("xsi:schemaLocation", Namespace.oai + " " + Namespace.oaiSchema)])
        xml.element("responseDate", now.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!)))
        switch outcome {
        case .success(let fragment):
            xml.element("request", requestAttributes(arguments), repository.baseURL)
            xml.append(fragment)
        case .failure(let error):
            xml.element("request", error.echoesArguments ? requestAttributes(arguments) : [], repository.baseURL)
            xml.element("error", [("code", error.code.rawValue)], error.message)
        }
        xml.close()
        return OAIResponse(status: 200, xml: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + xml.text)
    }

    /// The arguments echoed in `<request>`: only after they were found valid, so they are all
    /// protocol argument names.
    func requestAttributes(_ arguments: OAIArguments) -> XMLBuilder.Attributes {
        arguments.arguments.map { ($0.name, $0.value) }
    }

    func body(for request: OAIRequest, catalogue: OAICatalogue) throws(OAIError) -> XMLBuilder {
        switch request {
        case .identify: identify(catalogue)
        case .listMetadataFormats(let identifier): try listMetadataFormats(identifier: identifier, catalogue)
        case .listSets(let token): try listSets(resumptionToken: token, catalogue)
        case .list(let verb, let start): try list(verb, start, catalogue)
        case .getRecord(let identifier, let metadataPrefix): try getRecord(identifier: identifier, metadataPrefix: metadataPrefix, catalogue)
        }
    }

    // MARK: verbs

    func identify(_ catalogue: OAICatalogue) -> XMLBuilder {
        var xml = XMLBuilder(depth: 1)
        xml.open("Identify")
        xml.element("repositoryName", repository.name)
        xml.element("baseURL", repository.baseURL)
        xml.element("protocolVersion", "2.0")
        for email in repository.adminEmails { xml.element("adminEmail", email) }
        xml.element("earliestDatestamp", catalogue.earliestDatestamp)
        xml.element("deletedRecord", "no")
        xml.element("granularity", Self.granularity)
        xml.open("description")
        xml.open("oai-identifier", [("xmlns", Namespace.oaiIdentifier), ("xmlns:xsi", Namespace.xsi),
                                    ("xsi:schemaLocation", Namespace.oaiIdentifier + " " + Namespace.oaiIdentifierSchema)])
        xml.element("scheme", OAIIdentifier.scheme)
        xml.element("repositoryIdentifier", OAIIdentifier.repositoryIdentifier)
        xml.element("delimiter", OAIIdentifier.delimiter)
        xml.element("sampleIdentifier", catalogue.items.first?.identifier ?? OAIIdentifier.identifier(forEntry: "fluoride-varnish-2565"))
        xml.close()
        xml.close()
        xml.close()
        return xml
    }

    func listMetadataFormats(identifier: String?, _ catalogue: OAICatalogue) throws(OAIError) -> XMLBuilder {
        if let identifier { _ = try item(identifier, catalogue) }
        var xml = XMLBuilder(depth: 1)
        xml.open("ListMetadataFormats")
        xml.open("metadataFormat")
        xml.element("metadataPrefix", Self.oaiDCPrefix)
        xml.element("schema", Namespace.oaiDCSchema)
        xml.element("metadataNamespace", Namespace.oaiDC)
        xml.close()
        xml.close()
        return xml
    }

    /// All sets fit in one response, so ListSets never issues a resumption token and any token
    /// it receives is bad.
    func listSets(resumptionToken: String?, _ catalogue: OAICatalogue) throws(OAIError) -> XMLBuilder {
        if resumptionToken != nil { throw OAIError(code: .badResumptionToken, message: "ListSets issues no resumption tokens") }
        var xml = XMLBuilder(depth: 1)
        xml.open("ListSets")
        for set in catalogue.sets {
            xml.open("set")
            xml.element("setSpec", set.spec)
            xml.element("setName", set.name)
            xml.close()
        }
        xml.close()
        return xml
    }

    func list(_ verb: OAIVerb, _ start: OAIRequest.ListStart, _ catalogue: OAICatalogue) throws(OAIError) -> XMLBuilder {
        let selection: OAISelection
        var lastID: String?
        switch start {
        case .selection(let fresh):
            selection = fresh
        case .resumptionToken(let text):
            guard let token = ResumptionToken(decoding: text, for: verb) else {
                throw OAIError(code: .badResumptionToken, message: "the resumptionToken is not valid")
            }
            selection = token.selection
            lastID = token.lastID
        }
        try requireOAIDC(selection.metadataPrefix)
        let matching = catalogue.items.filter(selection.includes)
        guard !matching.isEmpty else { throw OAIError(code: .noRecordsMatch, message: "no records match the request") }
        // Pages continue after the last id sent (ids are sorted), whatever changed meanwhile.
        let first = lastID.map { id in matching.firstIndex { $0.document.id > id } ?? matching.count } ?? 0
        guard first < matching.count else { throw OAIError(code: .noRecordsMatch, message: "no records remain in this list") }
        let end = min(first + pageSize, matching.count)

        var xml = XMLBuilder(depth: 1)
        xml.open(verb.rawValue)
        for item in matching[first..<end] {
            if verb == .listRecords { record(item, into: &xml) } else { header(item, into: &xml) }
        }
        let sizes: XMLBuilder.Attributes = [("completeListSize", String(matching.count)), ("cursor", String(first))]
        if end < matching.count {
            let token = ResumptionToken(verb: verb, selection: selection, lastID: matching[end - 1].document.id)
            xml.element("resumptionToken", sizes, token.encoded)
        } else if lastID != nil {
            // The last page of a list that was resumed: an empty token says the list is complete.
            xml.element("resumptionToken", sizes, nil)
        }
        xml.close()
        return xml
    }

    func getRecord(identifier: String, metadataPrefix: String, _ catalogue: OAICatalogue) throws(OAIError) -> XMLBuilder {
        try requireOAIDC(metadataPrefix)
        let item = try item(identifier, catalogue)
        var xml = XMLBuilder(depth: 1)
        xml.open("GetRecord")
        record(item, into: &xml)
        xml.close()
        return xml
    }

    // MARK: parts

    func requireOAIDC(_ metadataPrefix: String) throws(OAIError) {
        guard metadataPrefix == Self.oaiDCPrefix else {
            throw OAIError(code: .cannotDisseminateFormat, message: "\(metadataPrefix) is not disseminated; use oai_dc")
        }
    }

    /// The public entry `identifier` names. Internal and embargoed entries are not in the
    /// catalogue, so they are as unknown as ids that never existed.
    func item(_ identifier: String, _ catalogue: OAICatalogue) throws(OAIError) -> OAICatalogue.Item {
        guard let id = OAIIdentifier.entryID(from: identifier), let item = catalogue.item(id: id) else {
            throw OAIError(code: .idDoesNotExist, message: "\(identifier) is unknown or illegal in this repository")
        }
        return item
    }

    func header(_ item: OAICatalogue.Item, into xml: inout XMLBuilder) {
        xml.open("header")
        xml.element("identifier", item.identifier)
        xml.element("datestamp", item.datestamp)
        for spec in item.setSpecs { xml.element("setSpec", spec) }
        xml.close()
    }

    func record(_ item: OAICatalogue.Item, into xml: inout XMLBuilder) {
        xml.open("record")
        header(item, into: &xml)
        xml.open("metadata")
        xml.open("oai_dc:dc", [("xmlns:oai_dc", Namespace.oaiDC), ("xmlns:dc", Namespace.dc), ("xmlns:xsi", Namespace.xsi),
                               ("xsi:schemaLocation", Namespace.oaiDC + " " + Namespace.oaiDCSchema)])
        let landingPage = repository.landingPagePrefix.map { $0 + Markup.percentEncode(item.document.id) }
        for element in DublinCore.elements(for: item.document, identifier: landingPage) {
            let language: XMLBuilder.Attributes = element.language.map { $0.isEmpty ? [] : [("xml:lang", $0)] } ?? []
            xml.element("dc:" + element.name, language, element.value)
        }
        xml.close()
        xml.close()
        xml.close()
    }
}
