import DMKMIndex
import DMKMRepository
import Foundation
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

/// A parsed OAI-PMH response. Parsing fails (and so does the test) unless the XML is well-formed.
struct OAIReply {
    let response: OAIResponse
    let document: XMLDocument

    init(_ response: OAIResponse) throws {
        self.response = response
        document = try XMLDocument(xmlString: response.xml, options: [])
    }

    /// String values of the elements named `name` (any namespace), in document order.
    func values(_ name: String) throws -> [String] {
        try document.nodes(forXPath: "//*[local-name()='\(name)']").map { $0.stringValue ?? "" }
    }

    func elements(_ name: String) throws -> [XMLElement] {
        try document.nodes(forXPath: "//*[local-name()='\(name)']").compactMap { $0 as? XMLElement }
    }

    var errorCodes: [String] {
        get throws { try elements("error").compactMap { $0.attributeValue("code") } }
    }

    /// The attributes of `<request>` (name → value).
    var requestAttributes: [String: String] {
        get throws {
            let request = try elements("request").first
            var attributes: [String: String] = [:]
            for node in request?.attributes ?? [] { attributes[node.name ?? ""] = node.stringValue ?? "" }
            return attributes
        }
    }

    var identifiers: [String] { get throws { try values("identifier") } }

    var resumptionToken: XMLElement? { get throws { try elements("resumptionToken").first } }
}

extension XMLElement {
    /// The attribute's value by its qualified name. (`attribute(forName:)` of swift-corelibs
    /// FoundationXML misses unprefixed attributes of elements in a default namespace.)
    func attributeValue(_ name: String) -> String? {
        attributes?.first { $0.name == name }?.stringValue
    }
}

enum OAIFixtures {
    static let day = Day("2025-06-01")!
    static let fallback = Day("2023-12-31")!
    static let unitA = "กลุ่มพัฒนาระบบทันตสาธารณสุข"
    static let unitB = "กลุ่มยุทธศาสตร์และแผนงาน"
    static let secretUnit = "กลุ่มงานลับเฉพาะ"
    static let thaiID = "รายงาน ทดสอบ/2567"

    static func entry(_ id: String, type: DocumentType = .research, unit: String? = nil, indexedAt: String?,
                      access: Access = .public, publicFrom: String? = nil, title: String? = nil) -> IndexDocument {
        IndexDocument(
            id: id,
            titles: [LocalizedText(language: "th", text: title ?? "ชื่อเรื่อง \(id)"), LocalizedText(language: "en", text: "Title of \(id)")],
            abstracts: [LocalizedText(language: "en", text: "Abstract of \(id)")],
            body: "BODYONLY \(id)", authors: ["ผู้เขียน หนึ่ง"], keywords: ["fluoride"], year: 2024, type: type, unit: unit,
            languages: ["th", "en"], access: access, publicFrom: publicFrom.flatMap { Day($0) },
            extra: indexedAt.map { ["indexed_at": $0] } ?? [:])
    }

    /// Six public entries; two more are withheld (internal, embargoed).
    static let documents: [IndexDocument] = [
        entry("alpha", type: .research, unit: unitA, indexedAt: "2024-01-10", title: "Fluoride <varnish> & sealants \"2024\" 'pilot'\u{1}"),
        entry("bravo", type: .report, unit: unitB, indexedAt: "2024-03-05"),
        entry("charlie", type: .innovation, unit: " กลุ่มพัฒนาระบบทันตสาธารณสุข ", indexedAt: "2024-05-20"),
        entry("delta", type: .research, indexedAt: nil),
        // Indexed before its embargo ended on 2025-01-01: it appeared to harvesters on that day.
        entry("echo", type: .paper, indexedAt: "2024-02-01", publicFrom: "2025-01-01"),
        entry(thaiID, type: .report, unit: unitB, indexedAt: "2024-04-01"),
        entry("secret-internal", type: .report, unit: secretUnit, indexedAt: "2024-02-02", access: .internal),
        entry("embargoed-until-2030", type: .research, unit: unitA, indexedAt: "2024-02-03", publicFrom: "2030-01-01"),
    ]

    static let publicIDs = ["alpha", "bravo", "charlie", "delta", "echo", thaiID].sorted()

    static func catalogue(_ documents: [IndexDocument] = documents) -> OAICatalogue {
        OAICatalogue(entries: PublicEntries(day: day, documents: documents), fallbackDatestamp: fallback)
    }

    static let baseURL = "https://dmkm.example.test/oai"

    static func provider(pageSize: Int = 100) -> OAIProvider {
        OAIProvider(repository: OAIRepositoryDescription(baseURL: baseURL, landingPagePrefix: "https://dmkm.example.test/documents/"),
                    pageSize: pageSize)
    }

    static let now = Date(timeIntervalSince1970: 1_750_000_000)

    static func ask(_ arguments: [(String, String)], pageSize: Int = 100, catalogue: OAICatalogue = catalogue()) throws -> OAIReply {
        let response = provider(pageSize: pageSize).respond(
            to: OAIArguments(arguments.map { OAIArguments.Argument($0.0, $0.1) }), catalogue: catalogue, now: now)
        #expect(response.status == 200)
        let reply = try OAIReply(response)
        #expect(try reply.values("responseDate") == ["2025-06-15T15:06:40Z"])
        #expect(try reply.values("request") == [baseURL])
        return reply
    }

    static func oai(_ id: String) -> String { OAIIdentifier.identifier(forEntry: id) }
}

@Suite("OAI-PMH provider")
struct OAIProviderTests {
    typealias F = OAIFixtures

    @Test("Identify: repository, base URL, protocol, earliest datestamp, no tombstones, day granularity, oai-identifier")
    func identify() throws {
        let reply = try F.ask([("verb", "Identify")])
        #expect(try reply.errorCodes.isEmpty)
        #expect(reply.document.rootElement()?.name == "OAI-PMH")
        #expect(reply.document.rootElement()?.uri == "http://www.openarchives.org/OAI/2.0/")
        #expect(reply.document.rootElement()?.attributeValue("xsi:schemaLocation")
            == "http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd")
        #expect(try reply.requestAttributes == ["verb": "Identify"])
        #expect(try reply.values("repositoryName") == ["DMKM — Bureau of Dental Public Health academic works"])
        #expect(try reply.values("baseURL") == [F.baseURL])
        #expect(try reply.values("protocolVersion") == ["2.0"])
        #expect(try reply.values("adminEmail") == [OAIRepositoryDescription.defaultAdminEmail])
        // delta has no indexed_at: it takes the fallback day, the earliest of all.
        #expect(try reply.values("earliestDatestamp") == ["2023-12-31"])
        #expect(try reply.values("deletedRecord") == ["no"])
        #expect(try reply.values("granularity") == ["YYYY-MM-DD"])
        #expect(try reply.values("repositoryIdentifier") == ["dmkm.anamai.moph.go.th"])
        #expect(try reply.values("scheme") == ["oai"])
        #expect(try reply.values("delimiter") == [":"])
        #expect(try reply.values("sampleIdentifier") == ["oai:dmkm.anamai.moph.go.th:alpha"])
        #expect(try reply.elements("oai-identifier").first?.uri == "http://www.openarchives.org/OAI/2.0/oai-identifier")
    }

    @Test("ListMetadataFormats: oai_dc only; with an identifier, only for public entries")
    func listMetadataFormats() throws {
        let all = try F.ask([("verb", "ListMetadataFormats")])
        #expect(try all.values("metadataPrefix") == ["oai_dc"])
        #expect(try all.values("metadataNamespace") == ["http://www.openarchives.org/OAI/2.0/oai_dc/"])
        #expect(try all.values("schema") == ["http://www.openarchives.org/OAI/2.0/oai_dc.xsd"])
        let one = try F.ask([("verb", "ListMetadataFormats"), ("identifier", F.oai("alpha"))])
        #expect(try one.values("metadataPrefix") == ["oai_dc"])
        for identifier in [F.oai("secret-internal"), F.oai("embargoed-until-2030"), F.oai("nope"), "alpha", "oai:other.example:alpha"] {
            let reply = try F.ask([("verb", "ListMetadataFormats"), ("identifier", identifier)])
            #expect(try reply.errorCodes == ["idDoesNotExist"], "\(identifier)")
            #expect(try reply.requestAttributes == ["verb": "ListMetadataFormats", "identifier": identifier])
            #expect(try reply.values("metadataFormat").isEmpty)
        }
    }

    @Test("ListSets: type and unit hierarchies, ASCII setSpecs, Thai unit names, no unit of withheld entries")
    func listSets() throws {
        let reply = try F.ask([("verb", "ListSets")])
        let specs = try reply.values("setSpec")
        let names = try reply.values("setName")
        #expect(specs.count == names.count)
        let pattern = try NSRegularExpression(pattern: "^([A-Za-z0-9\\-_\\.!~\\*'\\(\\)])+(:[A-Za-z0-9\\-_\\.!~\\*'\\(\\)]+)*$")
        for spec in specs {
            #expect(pattern.firstMatch(in: spec, range: NSRange(spec.startIndex..., in: spec)) != nil, "\(spec) is not a setSpec")
        }
        #expect(specs == specs.sorted() && Set(specs).count == specs.count)
        #expect(Set(specs).isSuperset(of: ["type", "unit"] + DocumentType.allCases.map { "type:\($0.rawValue)" }))
        let unitA = try #require(OAISets.unitSet(F.unitA))
        let unitB = try #require(OAISets.unitSet(F.unitB))
        #expect(specs.filter { $0.hasPrefix("unit:") } == [unitA.spec, unitB.spec].sorted())
        #expect(Set(names).isSuperset(of: [F.unitA, F.unitB]))
        #expect(!names.contains(F.secretUnit))
        #expect(!specs.contains(OAISets.unitSet(F.secretUnit)!.spec))
        // The slug depends on the name only (stable across commits), and spacing does not matter.
        #expect(unitA.spec.count == "unit:".count + 8)
        #expect(OAISets.unitSet("  " + F.unitA + "\n")?.spec == unitA.spec)
        #expect(OAISets.unitSet(" ") == nil)
        // ListSets issues no tokens, so any token is bad; other arguments are illegal.
        #expect(try F.ask([("verb", "ListSets"), ("resumptionToken", "abc")]).errorCodes == ["badResumptionToken"])
        #expect(try F.ask([("verb", "ListSets"), ("set", "type")]).errorCodes == ["badArgument"])
    }

    @Test("GetRecord: header, oai_dc namespaces and schemaLocation, xml:lang, escaping; withheld entries do not exist")
    func getRecord() throws {
        let reply = try F.ask([("verb", "GetRecord"), ("identifier", F.oai("alpha")), ("metadataPrefix", "oai_dc")])
        #expect(try reply.errorCodes.isEmpty)
        #expect(try reply.requestAttributes == ["verb": "GetRecord", "identifier": F.oai("alpha"), "metadataPrefix": "oai_dc"])
        #expect(try reply.elements("record").count == 1)
        let header = try #require(try reply.elements("header").first)
        #expect(header.elements(forName: "identifier").map(\.stringValue) == [F.oai("alpha")])
        #expect(header.elements(forName: "datestamp").map(\.stringValue) == ["2024-01-10"])
        #expect(header.elements(forName: "setSpec").map(\.stringValue) == ["type:research", OAISets.unitSet(F.unitA)!.spec])
        let dc = try #require(try reply.elements("dc").first)
        #expect(dc.name == "oai_dc:dc")
        #expect(dc.uri == "http://www.openarchives.org/OAI/2.0/oai_dc/")
        #expect(dc.attributeValue("xsi:schemaLocation")
            == "http://www.openarchives.org/OAI/2.0/oai_dc/ http://www.openarchives.org/OAI/2.0/oai_dc.xsd")
        let titles = dc.elements(forName: "dc:title")
        #expect(titles.allSatisfy { $0.uri == "http://purl.org/dc/elements/1.1/" })
        #expect(titles.map(\.stringValue) == ["Fluoride <varnish> & sealants \"2024\" 'pilot'", "Title of alpha"])
        #expect(titles.map { $0.attributeValue("xml:lang") } == ["th", "en"])
        #expect(dc.elements(forName: "dc:creator").map(\.stringValue) == ["ผู้เขียน หนึ่ง"])
        #expect(dc.elements(forName: "dc:creator").first?.attributeValue("xml:lang") == nil)
        #expect(dc.elements(forName: "dc:contributor").map(\.stringValue) == [F.unitA])
        #expect(dc.elements(forName: "dc:identifier").map(\.stringValue) == ["https://dmkm.example.test/documents/alpha"])
        #expect(dc.elements(forName: "dc:date").map(\.stringValue) == ["2024"])
        #expect(!reply.response.xml.contains("BODYONLY"), "the full text is not part of oai_dc")

        // An embargo that has ended: the datestamp is the day it ended, not the earlier indexing.
        let echo = try F.ask([("verb", "GetRecord"), ("identifier", F.oai("echo")), ("metadataPrefix", "oai_dc")])
        #expect(try echo.values("datestamp") == ["2025-01-01"])
        // Ids outside the unreserved characters are %-encoded in the identifier and found again.
        let thai = try F.ask([("verb", "GetRecord"), ("identifier", F.oai(F.thaiID)), ("metadataPrefix", "oai_dc")])
        #expect(try thai.errorCodes.isEmpty)
        #expect(!F.oai(F.thaiID).contains(" ") && F.oai(F.thaiID).hasPrefix("oai:dmkm.anamai.moph.go.th:"))
        #expect(try thai.values("title").first == "ชื่อเรื่อง \(F.thaiID)")

        for id in ["secret-internal", "embargoed-until-2030", "no-such-entry"] {
            let missing = try F.ask([("verb", "GetRecord"), ("identifier", F.oai(id)), ("metadataPrefix", "oai_dc")])
            #expect(try missing.errorCodes == ["idDoesNotExist"], "\(id)")
            #expect(try missing.elements("record").isEmpty)
            #expect(!missing.response.xml.contains("BODYONLY"))
        }
        let format = try F.ask([("verb", "GetRecord"), ("identifier", F.oai("alpha")), ("metadataPrefix", "marc21")])
        #expect(try format.errorCodes == ["cannotDisseminateFormat"])
        #expect(try format.requestAttributes["metadataPrefix"] == "marc21")
    }

    @Test("ListIdentifiers and ListRecords: every public entry once, in id order, no token when one page holds all")
    func completeLists() throws {
        for verb in ["ListIdentifiers", "ListRecords"] {
            let reply = try F.ask([("verb", verb), ("metadataPrefix", "oai_dc")])
            #expect(try reply.errorCodes.isEmpty)
            let identifiers = try reply.elements("header").flatMap { $0.elements(forName: "identifier").compactMap(\.stringValue) }
            #expect(identifiers == F.publicIDs.map(F.oai), "\(verb)")
            #expect(try reply.resumptionToken == nil)
            #expect(try reply.elements("metadata").count == (verb == "ListRecords" ? F.publicIDs.count : 0))
            #expect(!reply.response.xml.contains("secret-internal") && !reply.response.xml.contains("embargoed-until-2030"))
        }
    }

    /// Follows resumption tokens to the end; returns the header identifiers and each page's
    /// (cursor, completeListSize, token is empty).
    func harvest(_ verb: String, _ arguments: [(String, String)], pageSize: Int,
                 catalogues: (Int) -> OAICatalogue = { _ in OAIFixtures.catalogue() }) throws -> (ids: [String], pages: [(Int, Int, Bool)]) {
        var ids: [String] = []
        var pages: [(Int, Int, Bool)] = []
        var request = [("verb", verb)] + arguments
        for page in 0..<50 {
            let reply = try F.ask(request, pageSize: pageSize, catalogue: catalogues(page))
            #expect(try reply.errorCodes.isEmpty)
            ids += try reply.elements("header").flatMap { $0.elements(forName: "identifier").compactMap(\.stringValue) }
            guard let token = try reply.resumptionToken else { break }
            let cursor = Int(token.attributeValue("cursor") ?? "") ?? -1
            let size = Int(token.attributeValue("completeListSize") ?? "") ?? -1
            let value = token.stringValue ?? ""
            pages.append((cursor, size, value.isEmpty))
            if value.isEmpty { break }
            request = [("verb", verb), ("resumptionToken", value)]
        }
        return (ids, pages)
    }

    @Test("paging with a small page size collects each public entry exactly once; cursor and completeListSize")
    func paging() throws {
        for verb in ["ListRecords", "ListIdentifiers"] {
            let (ids, pages) = try harvest(verb, [("metadataPrefix", "oai_dc")], pageSize: 2)
            #expect(ids == F.publicIDs.map(F.oai), "\(verb)")
            #expect(pages.map(\.0) == [0, 2, 4])
            #expect(pages.allSatisfy { $0.1 == 6 })
            #expect(pages.map(\.2) == [false, false, true], "only the last page has an empty token")
        }
        // Filters travel in the token: research entries, one per page.
        let (research, pages) = try harvest("ListRecords", [("metadataPrefix", "oai_dc"), ("set", "type:research")], pageSize: 1)
        #expect(research == ["alpha", "delta"].map(F.oai))
        #expect(pages.map(\.0) == [0, 1] && pages.allSatisfy { $0.1 == 2 })
    }

    @Test("paging is by id: entries added or removed between pages are neither repeated nor skip others")
    func pagingAcrossChanges() throws {
        var changed = OAIFixtures.documents.filter { $0.id != "alpha" }
        changed.append(OAIFixtures.entry("aardvark", indexedAt: "2024-06-01"))
        changed.append(OAIFixtures.entry("zulu", indexedAt: "2024-06-01"))
        let later = F.catalogue(changed)
        let (ids, _) = try harvest("ListIdentifiers", [("metadataPrefix", "oai_dc")], pageSize: 2) { page in
            page == 0 ? F.catalogue() : later
        }
        // First page from the old list (alpha, bravo), the rest from the new one after "bravo".
        #expect(ids == ["alpha", "bravo", "charlie", "delta", "echo", "zulu", F.thaiID].map(F.oai))
        #expect(Set(ids).count == ids.count)
    }

    @Test("from/until select by datestamp, inclusive, days only")
    func dateRanges() throws {
        func ids(_ arguments: [(String, String)]) throws -> [String] {
            let reply = try F.ask([("verb", "ListIdentifiers"), ("metadataPrefix", "oai_dc")] + arguments)
            if try reply.errorCodes == ["noRecordsMatch"] { return [] }
            #expect(try reply.errorCodes.isEmpty)
            return try reply.identifiers.map { OAIIdentifier.entryID(from: $0) ?? $0 }
        }
        #expect(try ids([("from", "2024-03-01")]) == ["bravo", "charlie", "echo", F.thaiID].sorted())
        #expect(try ids([("until", "2024-01-31")]) == ["alpha", "delta"])
        #expect(try ids([("from", "2024-03-05"), ("until", "2024-03-05")]) == ["bravo"])
        #expect(try ids([("from", "2024-12-31")]) == ["echo"])
        #expect(try ids([("from", "2023-12-31"), ("until", "2023-12-31")]) == ["delta"])
        #expect(try ids([("from", "0001-01-01"), ("until", "9999-12-31")]) == F.publicIDs)
        // The embargoed entry (indexed 2024-02-03) and the internal one never show up.
        #expect(try ids([("from", "2024-02-02"), ("until", "2024-02-03")]).isEmpty)
        let none = try F.ask([("verb", "ListRecords"), ("metadataPrefix", "oai_dc"), ("from", "2026-01-01")])
        #expect(try none.errorCodes == ["noRecordsMatch"])
        #expect(try none.requestAttributes == ["verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2026-01-01"])
        // Sets, with the hierarchy: `type` holds every typed entry.
        #expect(try ids([("set", "type:research")]) == ["alpha", "delta"])
        #expect(try ids([("set", "type")]) == F.publicIDs)
        #expect(try ids([("set", OAISets.unitSet(F.unitA)!.spec)]) == ["alpha", "charlie"])
        #expect(try ids([("set", "unit")]) == ["alpha", "bravo", "charlie", F.thaiID].sorted())
        #expect(try ids([("set", OAISets.unitSet(F.unitA)!.spec), ("from", "2024-02-01")]) == ["charlie"])
        #expect(try ids([("set", OAISets.unitSet(F.secretUnit)!.spec)]).isEmpty)
        #expect(try ids([("set", "type:nonsense")]).isEmpty)
        #expect(try ids([("set", "typ")]).isEmpty, "a prefix of a set name is not a parent set")
    }

    @Test("argument errors: badVerb, badArgument, cannotDisseminateFormat, badResumptionToken; request echo rules")
    func argumentErrors() throws {
        let cases: [([(String, String)], String)] = [
            ([], "badVerb"),
            ([("verb", "Frobnicate")], "badVerb"),
            ([("verb", "identify")], "badVerb"),
            ([("verb", "")], "badVerb"),
            ([("verb", "Identify"), ("verb", "Identify")], "badVerb"),
            ([("metadataPrefix", "oai_dc")], "badVerb"),
            ([("verb", "Identify"), ("identifier", F.oai("alpha"))], "badArgument"),
            ([("verb", "Identify"), ("resumptionToken", "abc")], "badArgument"),
            ([("verb", "ListRecords")], "badArgument"),
            ([("verb", "ListIdentifiers"), ("from", "2024-01-01")], "badArgument"),
            ([("verb", "ListRecords"), ("metadataPrefix", "oai_dc"), ("metadataPrefix", "oai_dc")], "badArgument"),
            ([("verb", "ListRecords"), ("metadataPrefix", "")], "badArgument"),
            ([("verb", "ListRecords"), ("metadataPrefix", "oai_dc"), ("identifier", F.oai("alpha"))], "badArgument"),
            ([("verb", "ListRecords"), ("metadataPrefix", "oai_dc"), ("from", "2024-13-01")], "badArgument"),
            ([("verb", "ListRecords"), ("metadataPrefix", "oai_dc"), ("from", "2023-02-29")], "badArgument"),
            ([("verb", "ListRecords"), ("metadataPrefix", "oai_dc"), ("from", "2024-1-1")], "badArgument"),
            ([("verb", "ListRecords"), ("metadataPrefix", "oai_dc"), ("from", "2567-01-01x")], "badArgument"),
            ([("verb", "ListRecords"), ("metadataPrefix", "oai_dc"), ("from", "2024-01-01T00:00:00Z")], "badArgument"),
            ([("verb", "ListRecords"), ("metadataPrefix", "oai_dc"), ("until", "2024-01-01T00:00:00Z")], "badArgument"),
            ([("verb", "ListRecords"), ("metadataPrefix", "oai_dc"), ("from", "2024-02-01"), ("until", "2024-01-31")], "badArgument"),
            ([("verb", "ListRecords"), ("metadataPrefix", "oai_dc"), ("set", "")], "badArgument"),
            ([("verb", "ListRecords"), ("resumptionToken", "abc"), ("metadataPrefix", "oai_dc")], "badArgument"),
            ([("verb", "GetRecord"), ("identifier", F.oai("alpha"))], "badArgument"),
            ([("verb", "GetRecord"), ("metadataPrefix", "oai_dc")], "badArgument"),
            ([("verb", "GetRecord"), ("identifier", F.oai("alpha")), ("metadataPrefix", "oai_dc"), ("set", "type")], "badArgument"),
            ([("verb", "ListMetadataFormats"), ("identifier", "")], "badArgument"),
            ([("verb", "ListRecords"), ("metadataPrefix", "marc21")], "cannotDisseminateFormat"),
            ([("verb", "ListIdentifiers"), ("metadataPrefix", "oai_DC")], "cannotDisseminateFormat"),
            ([("verb", "ListRecords"), ("resumptionToken", "")], "badResumptionToken"),
            ([("verb", "ListRecords"), ("resumptionToken", "not a token!")], "badResumptionToken"),
            ([("verb", "ListIdentifiers"), ("resumptionToken", "AAAAAAAAAAAA")], "badResumptionToken"),
        ]
        for (arguments, code) in cases {
            let reply = try F.ask(arguments)
            #expect(try reply.errorCodes == [code], "\(arguments)")
            #expect(try reply.elements("error").first?.stringValue?.isEmpty == false, "errors explain themselves")
            let attributes = try reply.requestAttributes
            if code == "badVerb" || code == "badArgument" {
                #expect(attributes.isEmpty, "\(arguments): no request attributes for \(code)")
            } else {
                #expect(attributes["verb"] == arguments.first { $0.0 == "verb" }?.1, "\(arguments)")
            }
            #expect(try reply.elements("record").isEmpty && reply.elements("header").isEmpty)
        }
    }

    @Test("form-encoded arguments: + and %XX decode, undecodable input is a badArgument")
    func formEncoding() throws {
        let arguments = OAIArguments(formEncoded: "verb=GetRecord&identifier=\(Self.percent(F.oai(F.thaiID)))&metadataPrefix=oai_dc")
        let reply = try OAIReply(F.provider().respond(to: arguments, catalogue: F.catalogue()))
        #expect(try reply.errorCodes.isEmpty)
        #expect(try reply.requestAttributes["identifier"] == F.oai(F.thaiID))
        #expect(OAIArguments(formEncoded: "verb=Identify&x=a+b%20c").arguments == [.init("verb", "Identify"), .init("x", "a b c")])
        let undecodable = try OAIReply(F.provider().respond(to: OAIArguments(formEncoded: "verb=Identify&from=%ZZ"), catalogue: F.catalogue()))
        #expect(try undecodable.errorCodes == ["badArgument"])
        let empty = try OAIReply(F.provider().respond(to: OAIArguments(formEncoded: ""), catalogue: F.catalogue()))
        #expect(try empty.errorCodes == ["badVerb"])
        let dictionary = try OAIReply(F.provider().respond(to: OAIArguments(["verb": "Identify"]), catalogue: F.catalogue()))
        #expect(try dictionary.errorCodes.isEmpty)
    }

    static func percent(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~"))!
    }

    @Test("tampered, truncated or misapplied resumption tokens are badResumptionToken")
    func tokenTampering() throws {
        let first = try F.ask([("verb", "ListRecords"), ("metadataPrefix", "oai_dc")], pageSize: 2)
        let token = try #require(try first.resumptionToken?.stringValue)
        #expect(!token.isEmpty)
        #expect(token.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_".unicodeScalars.contains($0)) })
        // The genuine token works.
        #expect(try F.ask([("verb", "ListRecords"), ("resumptionToken", token)], pageSize: 2).errorCodes.isEmpty)

        var tampered: [String] = [String(token.dropLast()), String(token.dropFirst()), token + "A", token + token]
        for index in stride(from: 0, to: token.count, by: max(1, token.count / 12)) {
            var characters = Array(token)
            characters[index] = characters[index] == "A" ? "B" : "A"
            tampered.append(String(characters))
        }
        for bad in tampered {
            let reply = try F.ask([("verb", "ListRecords"), ("resumptionToken", bad)], pageSize: 2)
            #expect(try reply.errorCodes == ["badResumptionToken"], "\(bad)")
            #expect(try reply.requestAttributes == ["verb": "ListRecords", "resumptionToken": bad])
        }
        // A ListRecords token does not continue ListIdentifiers.
        #expect(try F.ask([("verb", "ListIdentifiers"), ("resumptionToken", token)], pageSize: 2).errorCodes == ["badResumptionToken"])
        // Past the end of a list that shrank meanwhile: nothing remains to send.
        let shrunk = F.catalogue(OAIFixtures.documents.filter { $0.id < "c" })
        #expect(try F.ask([("verb", "ListRecords"), ("resumptionToken", token)], pageSize: 2, catalogue: shrunk).errorCodes == ["noRecordsMatch"])
    }

    @Test("an empty repository still answers Identify and ListSets; lists are noRecordsMatch")
    func emptyRepository() throws {
        let empty = OAICatalogue(entries: PublicEntries(day: F.day, documents: []), fallbackDatestamp: F.fallback)
        #expect(try F.ask([("verb", "Identify")], catalogue: empty).values("earliestDatestamp") == ["2023-12-31"])
        #expect(try F.ask([("verb", "ListSets")], catalogue: empty).values("setSpec").count == 2 + DocumentType.allCases.count)
        #expect(try F.ask([("verb", "ListRecords"), ("metadataPrefix", "oai_dc")], catalogue: empty).errorCodes == ["noRecordsMatch"])
    }

    @Test("identifiers round-trip, and only ours are recognized")
    func identifiers() {
        for id in ["alpha", F.thaiID, "a:b/c?d#e%f g", "ข้อมูล-๒๕๖๗"] {
            #expect(OAIIdentifier.entryID(from: OAIIdentifier.identifier(forEntry: id)) == id)
        }
        #expect(OAIIdentifier.entryID(from: "oai:dmkm.anamai.moph.go.th:") == nil)
        #expect(OAIIdentifier.entryID(from: "oai:elsewhere.example:alpha") == nil)
        #expect(OAIIdentifier.entryID(from: "alpha") == nil)
    }
}
