import Foundation

/// The six OAI-PMH 2.0 verbs.
public enum OAIVerb: String, Sendable, CaseIterable {
    case identify = "Identify"
    case listMetadataFormats = "ListMetadataFormats"
    case listSets = "ListSets"
    case listIdentifiers = "ListIdentifiers"
    case listRecords = "ListRecords"
    case getRecord = "GetRecord"

    /// Arguments the verb must have (when no resumption token is given).
    var requiredArguments: Set<String> {
        switch self {
        case .identify, .listMetadataFormats, .listSets: []
        case .listIdentifiers, .listRecords: ["metadataPrefix"]
        case .getRecord: ["identifier", "metadataPrefix"]
        }
    }

    /// Arguments the verb may have besides the required ones.
    var optionalArguments: Set<String> {
        switch self {
        case .identify, .getRecord: []
        case .listMetadataFormats: ["identifier"]
        case .listSets: []
        case .listIdentifiers, .listRecords: ["from", "until", "set"]
        }
    }

    /// Whether the verb takes `resumptionToken` (which then must be its only argument).
    var acceptsResumptionToken: Bool {
        switch self {
        case .listSets, .listIdentifiers, .listRecords: true
        case .identify, .listMetadataFormats, .getRecord: false
        }
    }
}

/// The arguments of one request in the order received, repeats kept: the protocol makes a
/// repeated argument an error, which a dictionary would silently hide.
public struct OAIArguments: Sendable, Equatable {
    public struct Argument: Sendable, Equatable {
        public var name: String
        public var value: String

        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    public var arguments: [Argument]
    /// Whether some part of the raw request could not be decoded (bad %-escapes, not UTF-8).
    public var hasUndecodableParts: Bool

    public init(_ arguments: [Argument], hasUndecodableParts: Bool = false) {
        self.arguments = arguments
        self.hasUndecodableParts = hasUndecodableParts
    }

    public init(_ dictionary: [String: String]) {
        self.init(dictionary.sorted { $0.key < $1.key }.map { Argument($0.key, $0.value) })
    }

    /// Parses a query string or an `application/x-www-form-urlencoded` body (GET and POST carry
    /// the arguments the same way): `+` is a space, `%XX` are UTF-8 bytes.
    public init(formEncoded text: String) {
        var arguments: [Argument] = []
        var undecodable = false
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0])
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            guard let name, let value else {
                undecodable = true
                continue
            }
            arguments.append(Argument(name, value))
        }
        self.init(arguments, hasUndecodableParts: undecodable)
    }

    static func decode(_ component: Substring) -> String? {
        component.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    func values(_ name: String) -> [String] { arguments.filter { $0.name == name }.map(\.value) }
}

/// What a list request selects: format, datestamp range and set.
struct OAISelection: Sendable, Equatable, Codable {
    var metadataPrefix: String
    var from: OAIDate?
    var until: OAIDate?
    var set: String?

    func includes(_ item: OAICatalogue.Item) -> Bool {
        if let from, item.datestamp < from.text { return false }
        if let until, item.datestamp > until.text { return false }
        if let set, !item.isMember(of: set) { return false }
        return true
    }
}

/// A request that passed argument validation.
enum OAIRequest: Equatable {
    case identify
    case listMetadataFormats(identifier: String?)
    case listSets(resumptionToken: String?)
    /// ListIdentifiers or ListRecords: a fresh selection or the continuation of one.
    case list(OAIVerb, ListStart)
    case getRecord(identifier: String, metadataPrefix: String)

    enum ListStart: Equatable {
        case selection(OAISelection)
        case resumptionToken(String)
    }

    /// Validates `arguments` exactly as the protocol asks: verb first (badVerb), then which
    /// arguments are present (badArgument), then the syntax of their values (badArgument).
    /// Checks that need the catalogue (formats, identifiers, sets, tokens) come later.
    static func parse(_ arguments: OAIArguments) -> Result<OAIRequest, OAIError> {
        let verbs = arguments.values("verb")
        guard !verbs.isEmpty else { return .failure(.badVerb("the verb argument is missing")) }
        guard verbs.count == 1 else { return .failure(.badVerb("the verb argument is repeated")) }
        guard let verb = OAIVerb(rawValue: verbs[0]) else { return .failure(.badVerb("\(verbs[0]) is not an OAI-PMH verb")) }
        if arguments.hasUndecodableParts { return .failure(.badArgument("the request has arguments that cannot be decoded")) }

        var values: [String: String] = [:]
        for argument in arguments.arguments where argument.name != "verb" {
            guard values[argument.name] == nil else { return .failure(.badArgument("the argument \(argument.name) is repeated")) }
            values[argument.name] = argument.value
        }

        if let token = values["resumptionToken"] {
            guard verb.acceptsResumptionToken else { return .failure(.badArgument("\(verb.rawValue) does not take a resumptionToken")) }
            guard values.count == 1 else { return .failure(.badArgument("resumptionToken is an exclusive argument")) }
            return .success(verb == .listSets ? .listSets(resumptionToken: token) : .list(verb, .resumptionToken(token)))
        }

        let allowed = verb.requiredArguments.union(verb.optionalArguments)
        if let illegal = values.keys.sorted().first(where: { !allowed.contains($0) }) {
            return .failure(.badArgument("\(illegal) is not an argument of \(verb.rawValue)"))
        }
        if let missing = verb.requiredArguments.sorted().first(where: { values[$0] == nil }) {
            return .failure(.badArgument("\(verb.rawValue) needs the argument \(missing)"))
        }
        if let empty = values.keys.sorted().first(where: { values[$0]!.isEmpty }) {
            return .failure(.badArgument("the argument \(empty) is empty"))
        }

        switch verb {
        case .identify:
            return .success(.identify)
        case .listMetadataFormats:
            return .success(.listMetadataFormats(identifier: values["identifier"]))
        case .listSets:
            return .success(.listSets(resumptionToken: nil))
        case .getRecord:
            return .success(.getRecord(identifier: values["identifier"]!, metadataPrefix: values["metadataPrefix"]!))
        case .listIdentifiers, .listRecords:
            return selection(values).map { .list(verb, .selection($0)) }
        }
    }

    /// The selection of a list request; dates must be days (our granularity) and from ≤ until.
    static func selection(_ values: [String: String]) -> Result<OAISelection, OAIError> {
        var dates: [String: OAIDate] = [:]
        for name in ["from", "until"] {
            guard let text = values[name] else { continue }
            guard let date = OAIDate(text) else {
                if OAIDate.isFinerGranularity(text) {
                    return .failure(.badArgument("\(name)=\(text) is finer than this repository's granularity YYYY-MM-DD"))
                }
                return .failure(.badArgument("\(name)=\(text) is not a date of the form YYYY-MM-DD"))
            }
            dates[name] = date
        }
        if let from = dates["from"], let until = dates["until"], from > until {
            return .failure(.badArgument("from is later than until"))
        }
        return .success(OAISelection(metadataPrefix: values["metadataPrefix"]!, from: dates["from"], until: dates["until"], set: values["set"]))
    }
}

/// A datestamp argument at day granularity. Compared as text: for zero-padded YYYY-MM-DD the
/// text order is the calendar order, and dates outside the index's `Day` range (harvesters
/// often send from=0001-01-01) stay valid.
struct OAIDate: Sendable, Equatable, Comparable, Codable {
    let text: String

    init?(_ text: String) {
        let bytes = Array(text.utf8)
        let isDigit: (UInt8) -> Bool = { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            bytes.enumerated().allSatisfy({ $0.offset == 4 || $0.offset == 7 || isDigit($0.element) }),
            let year = Int(text.prefix(4)), let month = Int(text.dropFirst(5).prefix(2)), let day = Int(text.suffix(2)),
            (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year)
        else { return nil }
        self.text = text
    }

    /// Whether `text` is a complete date with a time (YYYY-MM-DDThh:mm:ssZ), the finer
    /// granularity this repository does not support.
    static func isFinerGranularity(_ text: String) -> Bool {
        let parts = text.split(separator: "T", maxSplits: 1)
        guard parts.count == 2, OAIDate(String(parts[0])) != nil else { return false }
        let time = parts[1]
        return time.hasSuffix("Z") && time.dropLast().split(separator: ":").count == 3
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    static func < (lhs: OAIDate, rhs: OAIDate) -> Bool { lhs.text < rhs.text }

    init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = OAIDate(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a YYYY-MM-DD date"))
        }
        self = date
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}

/// An OAI-PMH error condition, answered inside a normal (HTTP 200) response.
public struct OAIError: Error, Sendable, Equatable {
    /// The protocol's eight codes. DMKM never answers noMetadataFormats (every entry has
    /// oai_dc) nor noSetHierarchy (it has sets); they are listed so the type is the whole vocabulary.
    public enum Code: String, Sendable, CaseIterable {
        case badArgument, badResumptionToken, badVerb, cannotDisseminateFormat, idDoesNotExist
        case noRecordsMatch, noMetadataFormats, noSetHierarchy
    }

    public var code: Code
    public var message: String

    /// For badVerb and badArgument the request element must carry no attributes (the
    /// arguments were not understood); for the other errors it echoes them.
    var echoesArguments: Bool { code != .badVerb && code != .badArgument }

    static func badVerb(_ message: String) -> OAIError { OAIError(code: .badVerb, message: message) }
    static func badArgument(_ message: String) -> OAIError { OAIError(code: .badArgument, message: message) }
}
