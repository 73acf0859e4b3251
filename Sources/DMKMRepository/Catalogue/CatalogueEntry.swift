import DMKMIndex
import Foundation

/// One public entry as the site publishes it: where its page is and which original file, if
/// any, is copied next to the page for download.
public struct CatalogueEntry: Sendable {
    public let document: IndexDocument
    /// The stored copy of the submitted file (nil for JSONL records, or when the asset store
    /// lacks it).
    public let originalFile: URL?

    public init(document: IndexDocument, originals: OriginalStore?) {
        self.document = document
        originalFile = document.original.flatMap { originals?.url(for: $0) }
    }

    public var id: String { document.id }
    /// The entry page, as a path from the site root.
    public var pagePath: String { SitePaths.entryPage(id: document.id) }
    /// The permalink relative to the site root ("entries/<id>/").
    public var permalinkPath: String { SitePaths.permalinkPath(id: document.id) }
    /// The entry has a file of its own that the asset store does not hold.
    public var isMissingOriginalFile: Bool { document.original != nil && originalFile == nil }

    /// The copied file's name beside the entry page: its own name, unless that would replace
    /// the page (index.html) or be hidden by web servers (a leading dot).
    public var fileName: String? {
        guard originalFile != nil, let name = document.original?.name, !name.isEmpty else { return nil }
        return name.lowercased() == "index.html" || name.hasPrefix(".") ? "original-" + name : name
    }

    /// The copied file, as a path from the site root.
    public var filePath: String? {
        fileName.map { "entries/\(SitePaths.entryDirectoryName(id: document.id))/\($0)" }
    }
}

/// How the published site is addressed.
public struct StaticSiteOptions: Sendable {
    /// The absolute URL the site will be served from, ending in "/" (e.g.
    /// "https://example.go.th/dmkm/"). With it, JSON-LD, Dublin Core identifiers, canonical
    /// links and the exports carry absolute permalinks; without it links stay relative.
    public var baseURL: String?
    /// The DMKM server whose `/api/search` the search box tries first; "" means the origin the
    /// site is served from.
    public var apiBase: String
    /// The index's asset store, where the original files are copied from (nil: publish without files).
    public var originals: OriginalStore?

    public init(baseURL: String? = nil, apiBase: String = "", originals: OriginalStore? = nil) {
        self.baseURL = baseURL.map { $0.hasSuffix("/") ? $0 : $0 + "/" }
        self.apiBase = apiBase.hasSuffix("/") ? String(apiBase.dropLast()) : apiBase
        self.originals = originals
    }

    /// `path` (from the site root, already link-encoded) as an absolute URL, when the base is known.
    func absoluteURL(_ path: String) -> String? { baseURL.map { $0 + path } }
}
