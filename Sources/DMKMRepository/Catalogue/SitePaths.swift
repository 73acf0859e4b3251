import DMKMCore
import DMKMIndex
import Foundation

/// Where everything lives in a published catalogue. Paths are relative to the site root and are
/// derived only from ids and facet values (never from the publishing order or date), so an
/// entry's permalink and a browse page's address stay the same every time the site is rebuilt.
///
/// File names on disk and link targets differ: a name may hold `%` (an encoded id), so links
/// percent-encode every path segment once more (`href(_:)`); for plain slug ids both are equal.
public enum SitePaths {
    /// Marks a directory as a DMKM site, so `publish` may replace it (and nothing else).
    public static let marker = ".dmkm-site"
    public static let home = "index.html"
    public static let searchIndex = "search-index.json"
    public static let stylesheet = "assets/site.css"
    public static let script = "assets/search.js"
    public static let csvExport = "exports/catalogue.csv"
    public static let bibTeXExport = "exports/catalogue.bib"
    public static let risExport = "exports/catalogue.ris"
    public static let jsonExport = "exports/catalogue.json"

    /// Ids longer than this (encoded) become a hash: file names are limited to 255 bytes.
    static let longestEntryDirectory = 120

    /// The directory of an entry under `entries/`: the id percent-encoded (RFC 3986 unreserved
    /// characters kept, so slug ids stay readable); "." and ".." and a leading dot are encoded
    /// too, so no id can address a parent or hidden directory.
    public static func entryDirectoryName(id: String) -> String {
        var name = Markup.percentEncode(id)
        if name.hasPrefix(".") { name = "%2E" + name.dropFirst() }
        if name.isEmpty || name.utf8.count > longestEntryDirectory { name = "id-" + StableHash.hex(id) }
        return name
    }

    /// The entry page, as a file path.
    public static func entryPage(id: String) -> String { "entries/\(entryDirectoryName(id: id))/index.html" }

    /// The entry's permalink relative to the site root (a directory URL; servers answer it with
    /// its index.html).
    public static func permalinkPath(id: String) -> String { "entries/\(href(entryDirectoryName(id: id)))/" }

    /// A browse page of one facet value, as a file path.
    public static func browsePage(_ kind: FacetKind, slug: String) -> String { "browse/\(kind.rawValue)/\(slug).html" }

    /// The page listing every value of a facet.
    public static func facetIndexPage(_ kind: FacetKind) -> String { "browse/\(kind.rawValue)/index.html" }

    /// A file path as a relative URL: each segment percent-encoded.
    public static func href(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { Markup.percentEncode(String($0)) }.joined(separator: "/")
    }

    /// The prefix leading from a page back to the site root ("" for the home page, "../../" for
    /// pages two directories down).
    static func rootPrefix(ofPage path: String) -> String {
        String(repeating: "../", count: path.split(separator: "/").count - 1)
    }
}

/// Slugs for facet values (units, keywords, authors), used as browse page names.
///
/// The choice: the value's ASCII letters and digits (lower-cased, joined by "-", at most 40
/// characters) followed by a 12-hex-digit FNV-1a hash of the normalized value, e.g.
/// `fluoride-varnish-3c1f0e9a7b2d`; a value without ASCII (most Thai text) is the hash alone.
/// This is stable (it depends on the value only), safe on every file system and web server
/// (no `%`, no non-ASCII, short), and still readable for English values. Percent-encoded Thai
/// would have been readable too but runs past file name limits (9 bytes per Thai letter) and
/// is decoded differently by different servers. Two values with the same slug are detected
/// when the site is built (`PublishError.slugCollision`).
public enum Slug {
    static let asciiPartLimit = 40

    public static func make(_ value: String) -> String {
        let key = FacetValue.key(value)
        let ascii = asciiPart(key)
        let hash = String(StableHash.hex(key).prefix(12))
        return ascii.isEmpty ? hash : ascii + "-" + hash
    }

    static func asciiPart(_ text: String) -> String {
        var words: [String] = []
        var current = ""
        for scalar in text.unicodeScalars {
            if scalar.isASCII, CharacterSet.alphanumerics.contains(scalar) {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        var joined = ""
        for word in words {
            let next = joined.isEmpty ? word : joined + "-" + word
            if next.count > asciiPartLimit { break }
            joined = next
        }
        return joined.lowercased()
    }
}

/// 64-bit FNV-1a over UTF-8: a hash that is the same on every run and platform (Swift's
/// `Hasher` is seeded per process), for names that must not change between builds.
enum StableHash {
    static func value(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    static func hex(_ text: String) -> String {
        let digits = String(value(text), radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
