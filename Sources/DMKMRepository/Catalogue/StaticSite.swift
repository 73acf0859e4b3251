import DMKMIndex
import Foundation

/// A static public catalogue of the public entries: a home page with search and browse lists,
/// a page per entry at a stable permalink (with schema.org JSON-LD and Dublin Core), browse
/// pages per year, type, unit, keyword and author, the original files, a static search index
/// and exports (CSV, BibTeX, RIS, JSON). Everything is built from `PublicEntries`, so nothing
/// internal or embargoed can reach the site.
///
/// Layout (paths from the site root):
///
///     index.html                      home: counts, search box, browse lists, export links
///     entries/<id>/index.html         one page per entry (the permalink is entries/<id>/)
///     entries/<id>/<file>             the entry's original file, when it has one of its own
///     browse/<facet>/index.html       every value of a facet (year, type, unit, keyword, author)
///     browse/<facet>/<slug>.html      the entries with one value (see `Slug` for the names)
///     search-index.json               what the search box searches without the live API
///     exports/catalogue.{csv,bib,ris,json}
///     assets/site.css, assets/search.js
///     .dmkm-site                      marks the directory as a DMKM site
public struct StaticSite {
    public let entries: PublicEntries
    public let options: StaticSiteOptions
    /// The public entries in catalogue order, with their files.
    public let catalogue: [CatalogueEntry]
    public let facets: CatalogueFacets

    public init(entries: PublicEntries, options: StaticSiteOptions) throws {
        self.entries = entries
        self.options = options
        catalogue = CatalogueOrder.sorted(entries.documents).map { CatalogueEntry(document: $0, originals: options.originals) }
        facets = try CatalogueFacets(entries)
        try Self.checkDistinctEntryDirectories(catalogue)
    }

    /// Builds the site in a staging directory beside `destination` and only then moves it into
    /// place, replacing a previous DMKM site there: a failure leaves the old site (or nothing)
    /// and never half a site. A directory that is not a DMKM site is refused, not replaced.
    public func publish(to destination: URL) throws -> PublishReport {
        let target = destination.standardizedFileURL.resolvingSymlinksInPath()
        try Self.checkReplaceable(target)
        let parent = target.deletingLastPathComponent()
        try SiteDirectory.createDirectory(parent)
        let staging = parent.appendingPathComponent(".\(target.lastPathComponent).dmkm-staging-\(UUID().uuidString)")
        var report: PublishReport
        do {
            try SiteDirectory.createDirectory(staging)
            report = try write(into: SiteDirectory(root: staging))
            try Self.swap(staging, into: target)
        } catch {
            try? FileManager.default.removeItem(at: staging)
            throw error
        }
        report.destination = target
        return report
    }

    /// Writes every file of the site into `directory` (expected empty).
    func write(into directory: SiteDirectory) throws -> PublishReport {
        let pages = SitePages(catalogue: catalogue, facets: facets, options: options, day: entries.day)
        var report = PublishReport(published: catalogue.count, withheld: entries.withheldCount, destination: directory.root)
        try directory.write(SiteAssets.stylesheet, to: SitePaths.stylesheet)
        try directory.write(SiteAssets.searchScript, to: SitePaths.script)
        for entry in catalogue {
            try directory.write(try pages.entryPage(entry), to: entry.pagePath)
            report.pages += 1
            if let source = entry.originalFile, let path = entry.filePath {
                try directory.copy(source, to: path, entryID: entry.id)
                report.filesCopied += 1
            } else if entry.isMissingOriginalFile {
                report.missingFiles.append(entry.id)
            }
        }
        for kind in FacetKind.allCases {
            try directory.write(pages.facetIndexPage(kind), to: SitePaths.facetIndexPage(kind))
            report.pages += 1
            for value in facets.values(kind) {
                try directory.write(pages.browsePage(value), to: value.pagePath)
                report.pages += 1
            }
        }
        let exports = CatalogueExports(catalogue: catalogue, options: options)
        try directory.write(try exports.searchIndex(), to: SitePaths.searchIndex)
        var exportSizes: [String: Int] = [:]
        for (path, text) in [
            (SitePaths.csvExport, exports.csv()), (SitePaths.bibTeXExport, exports.bibTeX()),
            (SitePaths.risExport, exports.ris()), (SitePaths.jsonExport, try exports.json()),
        ] {
            try directory.write(text, to: path)
            exportSizes[path] = text.utf8.count
        }
        try directory.write(pages.home(exportSizes: exportSizes), to: SitePaths.home)
        report.pages += 1
        try directory.write(Self.markerText(report: report, day: entries.day), to: SitePaths.marker)
        return report
    }

    static func markerText(report: PublishReport, day: Day) throws -> String {
        let object: [String: Any] = ["generator": "dmkm publish", "day": day.description, "entries": report.published]
        return try CatalogueExports.serialize(object, pretty: true)
    }

    // MARK: replacing the destination safely

    /// A destination may be replaced when it does not exist, is an empty directory, or carries
    /// the DMKM site marker.
    static func checkReplaceable(_ target: URL) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: target.path, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else { throw PublishError.notADirectory(path: target.path) }
        if FileManager.default.fileExists(atPath: target.appendingPathComponent(SitePaths.marker).path) { return }
        let contents = (try? FileManager.default.contentsOfDirectory(atPath: target.path)) ?? ["?"]
        guard contents.isEmpty else { throw PublishError.notASite(path: target.path) }
    }

    /// Moves the finished site to `target`; an existing site is moved aside first and removed
    /// only once the new one is in place (and moved back if that fails).
    static func swap(_ staging: URL, into target: URL) throws {
        let manager = FileManager.default
        guard manager.fileExists(atPath: target.path) else {
            try SiteDirectory.move(staging, to: target)
            return
        }
        let retired = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).dmkm-old-\(UUID().uuidString)")
        try SiteDirectory.move(target, to: retired)
        do {
            try SiteDirectory.move(staging, to: target)
        } catch {
            try? manager.moveItem(at: retired, to: target)
            throw error
        }
        try? manager.removeItem(at: retired)
    }

    /// Entry directories must differ even where ids were shortened to a hash.
    static func checkDistinctEntryDirectories(_ catalogue: [CatalogueEntry]) throws {
        var seen: [String: String] = [:]
        for entry in catalogue {
            let name = SitePaths.entryDirectoryName(id: entry.id)
            if let other = seen.updateValue(entry.id, forKey: name) {
                throw PublishError.entryPathCollision(directory: name, ids: [other, entry.id].sorted())
            }
        }
    }
}

/// What `publish` did.
public struct PublishReport: Sendable {
    public var published: Int
    /// Entries left out as internal or embargoed.
    public var withheld: Int
    public var destination: URL
    public var pages = 0
    public var filesCopied = 0
    /// Entries whose own original file was not found under any root (published without it).
    public var missingFiles: [String] = []
}

public enum PublishError: Error, CustomStringConvertible, Equatable {
    case notASite(path: String)
    case notADirectory(path: String)
    case slugCollision(facet: String, slug: String, values: [String])
    case entryPathCollision(directory: String, ids: [String])
    case write(path: String, reason: String)
    case copy(id: String, source: String, reason: String)

    public var description: String {
        switch self {
        case .notASite(let path):
            "refusing to publish into \(path): it is a non-empty directory that is not a DMKM site (no \(SitePaths.marker) file); choose a new or empty directory"
        case .notADirectory(let path):
            "cannot publish into \(path): it exists and is not a directory"
        case .slugCollision(let facet, let slug, let values):
            "the \(facet) values \(values.map { "\"\($0)\"" }.joined(separator: " and ")) would share the browse page \(slug).html"
        case .entryPathCollision(let directory, let ids):
            "the entries \(ids.joined(separator: " and ")) would share the directory entries/\(directory)"
        case .write(let path, let reason):
            "cannot write \(path): \(reason)"
        case .copy(let id, let source, let reason):
            "cannot copy the original file of \(id) (\(source)): \(reason)"
        }
    }
}

/// The directory a site is written into; paths are relative to its root.
struct SiteDirectory {
    let root: URL

    func write(_ text: String, to path: String) throws {
        let url = root.appendingPathComponent(path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        } catch {
            throw PublishError.write(path: url.path, reason: Self.reason(error))
        }
    }

    func copy(_ source: URL, to path: String, entryID: String) throws {
        let url = root.appendingPathComponent(path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: source, to: url)
        } catch {
            throw PublishError.copy(id: entryID, source: source.path, reason: Self.reason(error))
        }
    }

    static func createDirectory(_ url: URL) throws {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw PublishError.write(path: url.path, reason: reason(error))
        }
    }

    static func move(_ source: URL, to target: URL) throws {
        do {
            try FileManager.default.moveItem(at: source, to: target)
        } catch {
            throw PublishError.write(path: target.path, reason: "cannot move \(source.path) there: \(reason(error))")
        }
    }

    /// The operating system's explanation, without Foundation's wrapping.
    static func reason(_ error: Error) -> String {
        if let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError { return underlying.localizedDescription }
        return error.localizedDescription
    }
}
