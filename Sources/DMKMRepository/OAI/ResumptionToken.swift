import DMKMCore
import Foundation

/// A stateless resumption token: the list's whole selection and the id of the last entry sent,
/// so any server process can continue a list and nothing is kept between requests. The next
/// page starts after that id; since lists are ordered by id, entries added or removed meanwhile
/// neither shift the pages nor repeat an entry.
///
/// Wire form: base64url (no padding) of a format byte, the JSON payload and a CRC-32 of both.
/// The checksum is not a secret (a token grants nothing a fresh request could not ask for); it
/// makes a truncated, mistyped or edited token a clean badResumptionToken.
struct ResumptionToken: Equatable {
    var verb: OAIVerb
    var selection: OAISelection
    /// The id of the last entry of the previous page.
    var lastID: String

    static let format: UInt8 = 1
    /// Tokens longer than this are not ours (bounds the work spent decoding junk).
    static let maximumLength = 4096

    private struct Payload: Codable {
        var verb: String
        var selection: OAISelection
        var after: String
    }

    var encoded: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Encoding plain strings and optionals cannot fail.
        let json = (try? encoder.encode(Payload(verb: verb.rawValue, selection: selection, after: lastID))) ?? Data()
        var bytes = [Self.format] + Array(json)
        let checksum = CRC32.checksum(bytes)
        bytes += [UInt8(checksum >> 24), UInt8(checksum >> 16 & 0xFF), UInt8(checksum >> 8 & 0xFF), UInt8(checksum & 0xFF)]
        return Self.base64URL(Data(bytes))
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Decodes `text` as a token issued for `verb`; nil when it is not one (bad encoding,
    /// checksum, format, verb or selection).
    init?(decoding text: String, for verb: OAIVerb) {
        guard !text.isEmpty, text.utf8.count <= Self.maximumLength,
            text.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_") })
        else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        // Only the canonical spelling: base64 ignores the spare bits of its last character, so
        // without this an edited last character could still decode to the same token.
        guard let data = Data(base64Encoded: base64), data.count > 5, Self.base64URL(data) == text else { return nil }
        let bytes = Array(data)
        let body = bytes.dropLast(4)
        let stored = bytes.suffix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        guard CRC32.checksum(body) == stored, body.first == Self.format,
            let payload = try? JSONDecoder().decode(Payload.self, from: Data(body.dropFirst())),
            payload.verb == verb.rawValue, !payload.after.isEmpty, !payload.selection.metadataPrefix.isEmpty,
            payload.selection.set.map({ !$0.isEmpty }) ?? true
        else { return nil }
        if let from = payload.selection.from, let until = payload.selection.until, from > until { return nil }
        self.init(verb: verb, selection: payload.selection, lastID: payload.after)
    }

    init(verb: OAIVerb, selection: OAISelection, lastID: String) {
        self.verb = verb
        self.selection = selection
        self.lastID = lastID
    }
}
