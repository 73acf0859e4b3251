import ArgumentParser
import DMKMIndex
import DMKMRepository
import Foundation

struct Publish: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a static public catalogue of the public entries (HTML, search index, exports).",
        discussion: """
            Only entries that are public and past any embargo (public_from) today are published; \
            internal and embargoed entries leave no trace in the site. The site has a home page with \
            a search box and browse lists (year in CE and BE, type, unit, keyword, author), one page \
            per entry at entries/<id>/ with schema.org JSON-LD and Dublin Core meta tags, the \
            original files, search-index.json and exports/catalogue.{csv,bib,ris,json}.

            The site is built beside --out and moved into place when complete. An existing --out is \
            replaced only if it is an earlier DMKM site (it holds a .dmkm-site file) or empty.

            The search box asks the DMKM server's /api/search first (--api; default: the origin the \
            site is served from) and otherwise searches search-index.json in the browser.
            """)

    @OptionGroup var index: IndexOptions

    @Option(help: "Directory to write the site to.")
    var out: String

    @Option(name: .customLong("base-url"), help: "Absolute URL the site will be served from, for permalinks in JSON-LD, Dublin Core and exports (e.g. https://example.go.th/dmkm/).")
    var baseURL: String?

    @Option(help: "URL of the DMKM server the search box queries first (default: the site's own origin).")
    var api = ""

    // Originals now come from the index's asset store; kept so existing scripts still run.
    @Option(name: .customLong("files-root"), help: .hidden)
    var filesRoot: String?

    func validate() throws {
        guard !out.isEmpty else { throw ValidationError("--out must name a directory") }
        if let baseURL, !Self.isHTTPURL(baseURL) {
            throw ValidationError("--base-url must be an absolute http(s) URL without query or fragment, e.g. https://example.go.th/dmkm/ (got \(baseURL))")
        }
        if !api.isEmpty, !Self.isHTTPURL(api) {
            throw ValidationError("--api must be an absolute http(s) URL of a DMKM server, e.g. https://example.go.th (got \(api))")
        }
    }

    static func isHTTPURL(_ text: String) -> Bool {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty else { return false }
        return (scheme == "http" || scheme == "https") && url.query == nil && url.fragment == nil
    }

    func run() throws {
        try runReportingErrors {
            if filesRoot != nil {
                printError("dmkm publish: note: --files-root is no longer used: original files are copied from the index's own store (\(OriginalStore.folderName)/)")
            }
            let reader = try IndexReader.open(index.directory)
            let entries = try PublicEntries(reader: reader)
            printError("dmkm publish: building the catalogue of \(entries.documents.count) public entries as of \(entries.day)")
            let options = StaticSiteOptions(baseURL: baseURL, apiBase: api, originals: OriginalStore(index: index.directory))
            let report = try StaticSite(entries: entries, options: options).publish(to: URL(fileURLWithPath: out))
            reportMissingFiles(report.missingFiles)
            printError("dmkm publish: \(report.published) entries published, \(report.withheld) withheld (internal or embargoed), \(report.filesCopied) original files copied, \(report.pages) pages written to \(report.destination.path)")
        }
    }

    /// Names the first few entries published without their file (all of them would drown the summary).
    func reportMissingFiles(_ ids: [String]) {
        guard !ids.isEmpty else { return }
        let shown = ids.prefix(5).joined(separator: ", ") + (ids.count > 5 ? " and \(ids.count - 5) more" : "")
        printError("dmkm publish: warning: the index's store (\(OriginalStore.folderName)/) lacks the original files of \(ids.count) entries, so they are published without them: \(shown) (re-ingest their files with --force to store them again)")
    }
}
