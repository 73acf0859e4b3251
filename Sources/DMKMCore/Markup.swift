import Foundation

/// Escaping for text placed in HTML or XML, and for URL components: shared by the server's
/// pages, the static catalogue and the OAI-PMH responses so that all escape the same way.
public enum Markup {
    /// Escapes `& < > " '` so `text` is safe in element content and in quoted attributes.
    /// Characters XML 1.0 forbids (C0 controls other than tab/newline/return) are dropped, since
    /// extracted text occasionally carries them and a harvester would reject the whole response.
    public static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            case "\t", "\n", "\r": escaped.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// Percent-encodes everything but RFC 3986 unreserved characters (a query value or path segment).
    public static func percentEncode(_ text: String) -> String {
        var allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
