import Foundation

/// RFC 4180 CSV as DMKM's spreadsheet exports write it (award shortlists, the public
/// catalogue): CRLF line ends, a field quoted only when it holds a comma, quote or line break,
/// and a UTF-8 byte order mark so spreadsheet programs read Thai right.
public enum CSV {
    public static func field(_ value: String) -> String {
        value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
    }

    /// The whole file: the header row, then one line per row.
    public static func document(header: [String], rows: [[String]]) -> String {
        let lines = [header] + rows
        return "\u{FEFF}" + lines.map { $0.map(field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }
}
