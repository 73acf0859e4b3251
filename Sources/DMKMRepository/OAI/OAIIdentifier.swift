import DMKMCore
import Foundation

/// OAI identifiers of DMKM entries, in the oai-identifier scheme:
/// `oai:dmkm.anamai.moph.go.th:<id>`. Harvesters keep these for ever, so the repository
/// identifier is written here and nowhere else.
public enum OAIIdentifier {
    /// The domain part of every identifier.
    public static let repositoryIdentifier = "dmkm.anamai.moph.go.th"
    public static let scheme = "oai"
    public static let delimiter = ":"
    static let prefix = scheme + delimiter + repositoryIdentifier + delimiter

    /// The identifier of entry `id`. Characters outside RFC 3986's unreserved set are
    /// %-encoded, which keeps the local part within the scheme's allowed characters and
    /// reversible whatever the submitter chose as id.
    public static func identifier(forEntry id: String) -> String { prefix + Markup.percentEncode(id) }

    /// The entry id inside `identifier`, or nil when it is not one of ours.
    public static func entryID(from identifier: String) -> String? {
        guard identifier.hasPrefix(prefix) else { return nil }
        let local = identifier.dropFirst(prefix.count)
        guard !local.isEmpty, let id = local.removingPercentEncoding, !id.isEmpty else { return nil }
        return id
    }
}
