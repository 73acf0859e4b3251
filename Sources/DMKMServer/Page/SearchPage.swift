import DMKMCore
import DMKMIndex
import DMKMSearch
import Foundation
import Hummingbird

/// The search page: server-rendered HTML that works without JavaScript. The form is a GET on `/`,
/// so a search can be shared as a link (`/?q=…`). Labels are Thai and English; fonts fall back to
/// Thai-capable system fonts.
struct SearchPage {
    let state: ServerState
    let api: APIRoutes

    func register(on router: Router<DMKMRequestContext>) {
        router.get("/") { request, _ in try await api.handle("page") { try await page(request) } }
        router.get("/documents/:id") { request, context in try await api.handle("document-page") { try documentPage(request, id: APIRoutes.pathID(context)) } }
    }

    static let style = """
        :root { font-family: "Sarabun", "Noto Sans Thai", "Noto Sans Thai UI", "Loma", "Garuda", "Tahoma", sans-serif; color: #1d2733; }
        body { margin: 0 auto; max-width: 60rem; padding: 1rem 1.25rem 3rem; line-height: 1.6; }
        header a { color: inherit; text-decoration: none; }
        form.search { display: flex; gap: .5rem; margin: 1rem 0; }
        form.search input[type=search] { flex: 1; font: inherit; font-size: 1.1rem; padding: .5rem .75rem; border: 1px solid #8a99a8; border-radius: 6px; }
        form.search button { font: inherit; padding: .5rem 1rem; border-radius: 6px; border: 0; background: #0b6e69; color: white; }
        .layout { display: grid; grid-template-columns: 14rem 1fr; gap: 1.5rem; }
        @media (max-width: 44rem) { .layout { grid-template-columns: 1fr; } }
        .facets h3 { font-size: .95rem; margin: 1rem 0 .25rem; }
        .facets ul { list-style: none; padding: 0; margin: 0; font-size: .9rem; }
        .facets a { color: #0b6e69; }
        .hit { margin: 0 0 1.25rem; }
        .hit h2 { font-size: 1.1rem; margin: 0; }
        .hit .meta { color: #5b6b7a; font-size: .85rem; }
        mark { background: #ffe28a; padding: 0 .1em; }
        nav.pages a, nav.pages span { margin-right: .5rem; }
        .error { background: #fde8e8; padding: .75rem; border-radius: 6px; }
        .document dt { font-weight: bold; } .document dd { margin: 0 0 .5rem; }
        .body { white-space: pre-wrap; }
        """

    func layout(title: String, content: String, query: String = "") -> String {
        """
        <!DOCTYPE html>
        <html lang="th">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <style>\(Self.style)</style>
        </head>
        <body>
        <header><h1><a href="/">DMKM</a> <small>คลังความรู้และผลงานวิชาการ สำนักทันตสาธารณสุข · Knowledge repository, Bureau of Dental Public Health</small></h1></header>
        <form class="search" method="get" action="/" role="search">
        <label for="q" hidden>ค้นหา / Search</label>
        <input type="search" id="q" name="q" value="\(escape(query))" placeholder="ค้นหาผลงาน เช่น เคลือบหลุมร่องฟัน / Search, e.g. fluoride varnish" autofocus>
        <button type="submit">ค้นหา / Search</button>
        </form>
        \(content)
        </body>
        </html>
        """
    }

    func escape(_ text: String) -> String { Markup.escape(text) }

    func link(_ parameters: [(String, String)]) -> String {
        "/?" + parameters.filter { !$0.1.isEmpty }.map { "\(Markup.percentEncode($0.0))=\(Markup.percentEncode($0.1))" }.joined(separator: "&amp;")
    }

    func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        textResponse(text, contentType: "text/html; charset=utf-8", status: status)
    }

    func page(_ request: Request) async throws -> Response {
        let authorization = try api.authorization(request)
        let parameters = QueryParameters(request.uri.query)
        let query = parameters["q"] ?? ""
        guard !query.trimmingCharacters(in: .whitespaces).isEmpty else {
            // Only what this reader may see is counted (anonymous: public, past any embargo).
            let documents = (try? state.searcher().documentCount(visibleTo: authorization.visibility)) ?? 0
            return html(layout(title: "DMKM", content: "<p>\(documents) ผลงานในคลัง · \(documents) works in the repository. ลองค้นหา / Try: <a href=\"/?q=%E0%B8%9F%E0%B8%A5%E0%B8%B9%E0%B8%AD%E0%B8%AD%E0%B9%84%E0%B8%A3%E0%B8%94%E0%B9%8C\">ฟลูออไรด์</a>, <a href=\"/?q=sealant\">sealant</a></p>"))
        }
        var searchRequest: SearchRequest
        var page: Int
        do {
            (searchRequest, page) = try APIRoutes.searchRequest(parameters, configuration: state.configuration, authorization: authorization)
        } catch let error as APIError {
            return html(layout(title: "DMKM", content: "<p class=\"error\">\(escape(error.message))</p>", query: query), status: .badRequest)
        }
        searchRequest.facets = true
        let response: SearchResponse
        do {
            let searcher = try state.searcher()
            let prepared = searchRequest
            response = try await state.searchLanes.run { try searcher.search(prepared) }
        } catch let error as SearchError {
            switch error {
            case .syntax(let syntax):
                let message = "คำค้นไม่ถูกต้อง / Query error: column \(syntax.column): \(syntax.message)"
                return html(layout(title: "DMKM", content: "<p class=\"error\">\(escape(message))</p>", query: query), status: .badRequest)
            case .tooComplex:
                let message = "คำค้นซับซ้อนเกินไป / \(error.description)"
                return html(layout(title: "DMKM", content: "<p class=\"error\">\(escape(message))</p>", query: query), status: .badRequest)
            default:
                throw error
            }
        }
        let filters = ["year", "type", "lang", "unit", "award"].compactMap { name in parameters[name].map { (name, $0) } }
        var content = "<div class=\"layout\"><aside class=\"facets\" aria-label=\"ตัวกรอง / Filters\">"
        let facetLabels = [("type", "ประเภท / Type"), ("year", "ปี (ค.ศ.) / Year"), ("lang", "ภาษา / Language"), ("unit", "หน่วยงาน / Unit"), ("award", "รางวัล / Award")]
        for (name, label) in facetLabels {
            guard let values = response.facets[name], !values.isEmpty else { continue }
            content += "<h3>\(label)</h3><ul>"
            for value in values.prefix(12) {
                let shown = name == "year" ? "\(value.value) (พ.ศ. \((Int(value.value) ?? 0) + 543))" : value.value
                let target = link([("q", query)] + filters.filter { $0.0 != name } + [(name, value.value)])
                content += "<li><a href=\"\(target)\">\(escape(shown))</a> (\(value.count))</li>"
            }
            content += "</ul>"
        }
        if !filters.isEmpty { content += "<p><a href=\"\(link([("q", query)]))\">ล้างตัวกรอง / Clear filters</a></p>" }
        content += "</aside><main>"
        let totalText = response.totalIsExact ? "\(response.total)" : "\(response.total)+"
        content += "<p>พบ \(totalText) รายการ · \(totalText) results (\(String(format: "%.0f", response.elapsedMilliseconds)) ms)</p>"
        if let suggestion = response.suggestion {
            content += "<p class=\"suggestion\">หมายถึง / Did you mean: <a href=\"\(link([("q", suggestion)] + filters))\">\(escape(suggestion))</a>?</p>"
        }
        for hit in response.hits {
            guard let document = hit.document else { continue }
            var meta: [String] = []
            if let year = document.year { meta.append("พ.ศ. \(year + 543) / \(year)") }
            meta.append(document.type.rawValue)
            if let unit = document.unit { meta.append(escape(unit)) }
            if document.access == .internal { meta.append("ภายใน / internal") }
            content += "<article class=\"hit\"><h2><a href=\"/documents/\(Markup.percentEncode(hit.id))\">\(escape(document.displayTitle))</a></h2>"
            content += "<div class=\"meta\">\(meta.joined(separator: " · "))\(document.authors.isEmpty ? "" : " · " + escape(document.authors.joined(separator: ", ")))</div>"
            if let snippet = hit.snippet { content += "<p>\(snippet.rendered(open: "<mark>", close: "</mark>", escape: Markup.escape))</p>" }
            content += "</article>"
        }
        let pages = (response.total + searchRequest.top - 1) / max(searchRequest.top, 1)
        if pages > 1 {
            content += "<nav class=\"pages\" aria-label=\"หน้า / Pages\">"
            if page > 1 { content += "<a href=\"\(link([("q", query)] + filters + [("page", String(page - 1))]))\">← ก่อนหน้า / Previous</a>" }
            content += "<span>หน้า / Page \(page)</span>"
            if page < min(pages, state.configuration.maximumPage) { content += "<a href=\"\(link([("q", query)] + filters + [("page", String(page + 1))]))\">ถัดไป / Next →</a>" }
            content += "</nav>"
        }
        content += "</main></div>"
        return html(layout(title: "\(query) – DMKM", content: content, query: query))
    }

    func documentPage(_ request: Request, id: String?) throws -> Response {
        let authorization = try api.authorization(request)
        guard let id else { throw APIError.notFound() }
        let document: IndexDocument
        do { document = try api.visibleDocument(id, authorization: authorization) } catch let error as APIError where error.status == .notFound {
            return html(layout(title: "DMKM", content: "<p class=\"error\">ไม่พบเอกสาร / Document not found</p>"), status: .notFound)
        }
        var content = "<article class=\"document\">"
        for title in document.titles { content += "<h2 lang=\"\(escape(title.language ?? ""))\">\(escape(title.text))</h2>" }
        content += "<dl>"
        if !document.authors.isEmpty { content += "<dt>ผู้เขียน / Authors</dt><dd>\(escape(document.authors.joined(separator: ", ")))</dd>" }
        if let year = document.year { content += "<dt>ปี / Year</dt><dd>พ.ศ. \(year + 543) / ค.ศ. \(year)</dd>" }
        content += "<dt>ประเภท / Type</dt><dd>\(document.type.rawValue)</dd>"
        if let unit = document.unit { content += "<dt>หน่วยงาน / Unit</dt><dd>\(escape(unit))</dd>" }
        if !document.keywords.isEmpty { content += "<dt>คำสำคัญ / Keywords</dt><dd>\(escape(document.keywords.joined(separator: ", ")))</dd>" }
        if let pages = document.extra["ocr_pages"] {
            let confidence = document.extra["ocr_confidence"].map { " · ความมั่นใจเฉลี่ย / mean confidence \($0)%" } ?? ""
            content += "<dt>OCR</dt><dd>ข้อความหน้า \(escape(pages)) อ่านด้วย OCR / text of page(s) \(escape(pages)) recognised by OCR\(escape(confidence))</dd>"
        }
        if api.fileURL(for: document) != nil {
            content += "<dt>ไฟล์ / File</dt><dd><a href=\"/api/documents/\(Markup.percentEncode(id))/file\">ดาวน์โหลด / Download</a></dd>"
        }
        content += "</dl>"
        for abstract in document.abstracts { content += "<h3>บทคัดย่อ / Abstract</h3><p lang=\"\(escape(abstract.language ?? ""))\">\(escape(abstract.text))</p>" }
        if !document.body.isEmpty {
            let shown = String(document.body.prefix(20_000))
            content += "<h3>เนื้อหา / Text</h3><div class=\"body\">\(escape(shown))\(shown.count < document.body.count ? "…" : "")</div>"
        }
        content += "</article>"
        return html(layout(title: "\(document.displayTitle) – DMKM", content: content))
    }
}
