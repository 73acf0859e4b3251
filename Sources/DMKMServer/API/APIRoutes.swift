import DMKMCore
import DMKMExtract
import DMKMIndex
import DMKMIngest
import DMKMRepository
import DMKMSearch
import Foundation
import Hummingbird
import MultipartKit
import NIOCore

/// The JSON API: search, documents, files, health, metrics, writes.
struct APIRoutes {
    let state: ServerState

    func register(on router: Router<DMKMRequestContext>) {
        router.get("/api/search") { request, _ in try await handle("search") { try await search(request) } }
        router.get("/api/documents/:id") { request, context in try await handle("document") { try document(request, id: Self.pathID(context)) } }
        router.get("/api/documents/:id/file") { request, context in try await handle("file") { try file(request, id: Self.pathID(context)) } }
        router.post("/api/documents") { request, context in try await handle("upload") { try await upload(request, context: context) } }
        router.delete("/api/documents/:id") { request, context in try await handle("delete") { try await delete(request, id: Self.pathID(context)) } }
        router.put("/api/documents/:id/awards") { request, context in try await handle("awards") { try await awards(request, context: context, id: Self.pathID(context)) } }
        router.get("/healthz") { _, _ in try await handle("healthz") { try health() } }
        router.get("/metrics") { request, _ in try await handle("metrics") { try metricsText(request) } }
        router.get("/openapi.json") { _, _ in try await handle("openapi") { try openAPI() } }
    }

    /// The `:id` path parameter, percent-decoded (links carry ids percent-encoded: spaces, Thai
    /// letters and `/` in ids must round-trip).
    static func pathID(_ context: DMKMRequestContext) -> String? {
        guard let raw = context.parameters.get("id") else { return nil }
        return raw.removingPercentEncoding ?? raw
    }

    /// The request body, up to `limit` bytes; a larger one is a 413 naming this route's limit.
    static func body(of request: Request, limit: Int) async throws -> ByteBuffer {
        do {
            return try await request.body.collect(upTo: limit)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw APIError(status: .contentTooLarge, message: "request body larger than \(Self.byteText(limit))")
        } catch is NIOTooManyBytesError {
            throw APIError(status: .contentTooLarge, message: "request body larger than \(Self.byteText(limit))")
        }
    }

    static func byteText(_ bytes: Int) -> String {
        if bytes >= 1 << 20 && bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10 && bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }

    /// Runs a handler, turning every failure into a clean JSON error and recording metrics.
    func handle(_ route: String, _ body: () async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        var response: Response
        do {
            response = try await body()
        } catch let error as APIError {
            response = error.response
        } catch let error as HTTPError where error.status == .contentTooLarge {
            _ = error
            response = APIError(status: .contentTooLarge, message: "request body too large").response
        } catch is WorkLanes.Overloaded {
            response = APIError(status: .serviceUnavailable, message: "the server is busy; retry in a moment").response
            response.headers[.retryAfter] = "1"
        } catch let error as SearchError {
            switch error {
            case .syntax(let syntax): response = APIError.badRequest(syntax.description).response
            case .tooComplex: response = APIError.badRequest(error.description).response
            case .awards: response = APIError(status: .internalServerError, message: "the award tags cannot be read").response
            case .index: response = APIError(status: .serviceUnavailable, message: "the index could not be read").response
            }
        } catch is IndexError {
            response = APIError(status: .serviceUnavailable, message: "the index could not be read").response
        } catch {
            response = APIError(status: .internalServerError, message: "internal error").response
        }
        let elapsed = ContinuousClock.now - started
        state.metrics.record(route: route, status: Int(response.status.code),
                             seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        return response
    }

    func authorization(_ request: Request) throws -> Authorization {
        let authorization = state.authorization(request.headers[.authorization])
        if authorization == .invalid { throw APIError(status: .forbidden, message: "the token is not valid") }
        return authorization
    }

    func requireStaff(_ request: Request) throws {
        switch state.authorization(request.headers[.authorization]) {
        case .staff: return
        case .anonymous:
            var error = APIError(status: .unauthorized, message: "this endpoint needs Authorization: Bearer <token>")
            error.headers = [.wwwAuthenticate: "Bearer realm=\"dmkm\""]
            throw error
        case .invalid: throw APIError(status: .forbidden, message: "the token is not valid")
        }
    }

    // MARK: search

    /// Search request from query parameters (shared with the HTML page).
    static func searchRequest(_ parameters: QueryParameters, configuration: ServerConfiguration, authorization: Authorization) throws -> (SearchRequest, page: Int) {
        let query = parameters["q"] ?? ""
        guard query.count <= configuration.maximumQueryCharacters else {
            throw APIError.badRequest("q is longer than \(configuration.maximumQueryCharacters) characters")
        }
        func integer(_ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
            guard let text = parameters[name], !text.isEmpty else { return value }
            guard let number = Int(text), range.contains(number) else {
                throw APIError.badRequest("\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return number
        }
        let top = try integer("top", default: 10, range: 1...configuration.maximumPageSize)
        let page = try integer("page", default: 1, range: 1...configuration.maximumPage)
        var request = SearchRequest(query: query, top: top)
        request.offset = (page - 1) * top
        request.visibility = authorization.visibility
        let facets = (parameters["facets"] ?? "").lowercased()
        request.facets = ["1", "true", "yes"].contains(facets)
        for name in ["year", "type", "lang", "unit", "award", "award-status"] {
            for value in parameters.all(name) where !value.isEmpty {
                let quoted = value.contains(" ") || value.contains(":") ? "\"\(value.replacingOccurrences(of: "\"", with: ""))\"" : value
                guard case .filter(let filter)? = try? QueryParser().parse("\(name):\(quoted)") else {
                    throw APIError.badRequest("\(name) has an invalid value: \(value)")
                }
                request.filters.append(filter)
            }
        }
        return (request, page)
    }

    func search(_ request: Request) async throws -> Response {
        let authorization = try authorization(request)
        let parameters = QueryParameters(request.uri.query)
        guard let query = parameters["q"], !query.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw APIError.badRequest("missing q (the query)")
        }
        let (searchRequest, page) = try Self.searchRequest(parameters, configuration: state.configuration, authorization: authorization)
        let searcher = try state.searcher()
        let key = "\(searcher.reader.generation)|\(authorization == .staff ? "staff" : "public:\(Day.today())")|\(request.uri.query ?? "")"
        if let cached = state.cache.value(for: key) { return jsonResponse(cached) }
        let json = try await state.searchLanes.run {
            SearchJSON.encode(try searcher.search(searchRequest), query: query, page: page, top: searchRequest.top)
        }
        state.cache.store(json, for: key)
        return jsonResponse(json)
    }

    // MARK: documents

    /// The document if the caller may see it (anonymous: public and past any embargo).
    func visibleDocument(_ id: String, authorization: Authorization) throws -> IndexDocument {
        guard let document = try state.searcher().reader.document(id: id) else { throw APIError.notFound("no document \(id)") }
        if authorization != .staff && !document.isPublic(on: Day.today()) { throw APIError.notFound("no document \(id)") }
        return document
    }

    func document(_ request: Request, id: String?) throws -> Response {
        let authorization = try authorization(request)
        guard let id else { throw APIError.notFound() }
        let document = try visibleDocument(id, authorization: authorization)
        var awards: [[String: Any]]?
        if authorization == .staff {
            awards = try state.awards.tags(of: id).map(Self.awardJSON)
        }
        return jsonResponse(SearchJSON.document(document, awards: awards))
    }

    static func awardJSON(_ tag: AwardTag) -> [String: Any] {
        var item: [String: Any] = ["program": tag.program.rawValue, "cycle": tag.cycle, "status": tag.status.rawValue, "updated_at": tag.updatedAt]
        if let category = tag.category { item["category"] = category }
        if let notes = tag.notes { item["notes"] = notes }
        return item
    }

    /// The stored copy of a document's original (never a path taken from the document's data).
    func fileURL(for document: IndexDocument) -> URL? {
        document.original.flatMap { OriginalStore(index: state.configuration.index).url(for: $0) }
    }

    func file(_ request: Request, id: String?) throws -> Response {
        let authorization = try authorization(request)
        guard let id else { throw APIError.notFound() }
        let document = try visibleDocument(id, authorization: authorization)
        guard let original = document.original, let url = fileURL(for: document), let data = try? Data(contentsOf: url, options: .mappedIfSafe) else {
            throw APIError.notFound("the original file of \(id) is not available")
        }
        return Response(status: .ok, headers: Self.downloadHeaders(for: original), body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// Headers for handing out a submitted file. Its content came from whoever submitted it, so it
    /// must never run as a page of this origin: markup and anything unknown are attachments, the
    /// browser may not sniff another type, and a sandboxing CSP blocks scripts even if opened.
    static func downloadHeaders(for original: OriginalFile) -> HTTPFields {
        let type = original.mediaType
        let inlineTypes = ["application/pdf", "text/plain; charset=utf-8"]
        let disposition = inlineTypes.contains(type) ? "inline" : "attachment"
        let ascii = String(original.name.unicodeScalars.map { $0.isASCII && $0 != "\"" && $0 != "\\" && $0.value >= 0x20 ? Character($0) : "_" })
        let encoded = original.name.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? ascii
        return [
            .contentType: type,
            .contentDisposition: "\(disposition); filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)",
            .xContentTypeOptions: "nosniff",
            .contentSecurityPolicy: "default-src 'none'; sandbox",
            .cacheControl: "private, no-store",
        ]
    }

    // MARK: writes

    func openWriter() throws -> IndexWriter {
        do {
            return try IndexWriter(directory: state.configuration.index, analyzer: state.analyzer)
        } catch {
            if case .locked = error { throw APIError(status: .conflict, message: "the index is being written by another process; retry later") }
            throw APIError(status: .serviceUnavailable, message: "the index cannot be opened for writing")
        }
    }

    func delete(_ request: Request, id: String?) async throws -> Response {
        try requireStaff(request)
        guard let id else { throw APIError.notFound() }
        let state = self.state
        let found = try await state.uploadLanes.run { () throws -> Bool in
            let writer = try openWriter()
            guard try writer.delete(id: id) else { return false }
            try writer.commit()
            return true
        }
        guard found else { throw APIError.notFound("no document \(id)") }
        state.invalidate()
        return Response(status: .noContent)
    }

    /// Multipart upload: a `file` part (the submission) and optionally a `metadata` part (YAML or
    /// JSON, the sidecar format) or plain fields named like sidecar keys. The file is staged in a
    /// private folder, ingested (which keeps a copy in the asset store) on the upload lane, off
    /// the cooperative pool, and the staging folder is removed whatever happens.
    func upload(_ request: Request, context: DMKMRequestContext) async throws -> Response {
        try requireStaff(request)
        guard let contentType = request.headers[.contentType], contentType.lowercased().hasPrefix("multipart/form-data"),
            let boundary = contentType.components(separatedBy: "boundary=").last?.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        else { throw APIError.badRequest("expected multipart/form-data with a file part") }
        let buffer = try await Self.body(of: request, limit: state.configuration.maximumBodyBytes)
        let parts = try Self.multipartParts(Array(buffer.readableBytesView), boundary: boundary)
        guard let file = parts.first(where: { $0.name == "file" }), let fileName = file.fileName, !file.data.isEmpty else {
            throw APIError.badRequest("missing the file part (a non-empty file named in form field \"file\")")
        }
        var sidecar = ""
        if let metadata = parts.first(where: { $0.name == "metadata" }) { sidecar = String(decoding: metadata.data, as: UTF8.self) }
        for part in parts where part.name != "file" && part.name != "metadata" && part.fileName == nil {
            let value = String(decoding: part.data, as: UTF8.self).replacingOccurrences(of: "\"", with: "\\\"")
            sidecar += "\n\(part.name): \"\(value)\""
        }
        let state = self.state
        let metadata = sidecar
        let safeName = OriginalStore.safeFileName(fileName)
        let folder = state.configuration.uploadsDirectory.appendingPathComponent(UUID().uuidString.lowercased())
        let outcome = try await state.uploadLanes.run { () throws -> Result<(id: String, indexed: Int), APIError> in
            defer { try? FileManager.default.removeItem(at: folder) }
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let fileURL = folder.appendingPathComponent(safeName)
            try Data(file.data).write(to: fileURL)
            if !metadata.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                let isJSON = metadata.trimmingCharacters(in: .whitespaces).hasPrefix("{")
                try Data(metadata.utf8).write(to: URL(fileURLWithPath: fileURL.path + (isJSON ? ".meta.json" : ".meta.yaml")))
            }
            let writer = try openWriter()
            var ingestor = FileIngestor()
            ingestor.workerExecutable = state.configuration.workerExecutable
            ingestor.workers = 1
            let report = try ingestor.ingest(paths: [fileURL.path], into: writer)
            if let failure = report.failed.first {
                return .failure(APIError(status: .unprocessableContent, message: failure.reason.replacingOccurrences(of: folder.path + "/", with: "")))
            }
            guard let id = report.ids[fileURL.path] else {
                return .failure(APIError(status: .internalServerError, message: "the upload was indexed but its id is unknown"))
            }
            return .success((id, report.indexed))
        }
        let (id, indexed) = try outcome.get()
        state.invalidate()
        return jsonResponse(SearchJSON.serialize(["id": id, "indexed": indexed, "url": "/api/documents/" + Markup.percentEncode(id)]), status: .created)
    }

    struct Part {
        var name = ""
        var fileName: String?
        var data: [UInt8] = []
    }

    static func multipartParts(_ body: [UInt8], boundary: String) throws -> [Part] {
        let parser = MultipartParser(boundary: boundary)
        var parts: [Part] = []
        var current = Part()
        parser.onHeader = { field, value in
            guard field.lowercased() == "content-disposition" else { return }
            for item in value.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                if item.hasPrefix("name=") { current.name = String(item.dropFirst(5)).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
                if item.hasPrefix("filename=") { current.fileName = String(item.dropFirst(9)).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
            }
        }
        parser.onBody = { buffer in current.data.append(contentsOf: buffer.readableBytesView) }
        parser.onPartComplete = {
            parts.append(current)
            current = Part()
        }
        do { try parser.execute(body) } catch { throw APIError.badRequest("malformed multipart body") }
        return parts
    }

    struct AwardsBody: Decodable {
        struct Item: Decodable {
            var program: String
            var cycle: Int
            var category: String?
            var status: String?
            var notes: String?
        }
        var awards: [Item]
    }

    func awards(_ request: Request, context: DMKMRequestContext, id: String?) async throws -> Response {
        try requireStaff(request)
        guard let id else { throw APIError.notFound() }
        guard try state.searcher().reader.document(id: id) != nil else { throw APIError.notFound("no document \(id)") }
        let buffer = try await Self.body(of: request, limit: 1024 * 1024)
        let body: AwardsBody
        do { body = try JSONDecoder().decode(AwardsBody.self, from: Data(buffer.readableBytesView)) } catch {
            throw APIError.badRequest("expected {\"awards\": [{\"program\": \"TPSA\", \"cycle\": 2568, \"category\": \"…\", \"status\": \"candidate\"}]}")
        }
        let existing = try state.awards.tags(of: id)
        var tags: [AwardTag] = []
        for (index, item) in body.awards.enumerated() {
            guard let program = AwardProgram(rawValue: item.program.uppercased()) else {
                throw APIError.badRequest("awards[\(index)].program must be TPSA or UNPSA")
            }
            let status: AwardStatus
            if let text = item.status {
                guard let parsed = AwardStatus(rawValue: text.lowercased()) else {
                    throw APIError.badRequest("awards[\(index)].status must be one of \(AwardStatus.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                status = parsed
            } else {
                status = .candidate
            }
            if let previous = existing.first(where: { $0.program == program && $0.cycle == item.cycle }), previous.status != status,
                !previous.status.allowedNext.contains(status)
            {
                throw APIError(status: .conflict, message: AwardError.invalidTransition(id: id, key: previous.key, from: previous.status, to: status).description)
            }
            tags.append(AwardTag(program: program, cycle: item.cycle, category: item.category, status: status, notes: item.notes,
                                 updatedAt: AwardStore.timestamp(Date())))
        }
        do { try state.awards.replace(id: id, with: tags) } catch { throw APIError.badRequest(error.description) }
        return jsonResponse(SearchJSON.serialize(["id": id, "awards": tags.map(Self.awardJSON)]))
    }

    // MARK: service

    func health() throws -> Response {
        let searcher = try state.searcher()
        return jsonResponse(SearchJSON.serialize(["status": "ok", "generation": searcher.reader.generation]))
    }

    func metricsText(_ request: Request) throws -> Response {
        let authorization = try authorization(request)
        let searcher = try? state.searcher()
        var documents = [(visibility: "public", count: searcher?.documentCount(visibleTo: .publicOnly(asOf: Day.today())) ?? 0)]
        if authorization == .staff { documents.append((visibility: "all", count: searcher?.reader.documentCount ?? 0)) }
        return textResponse(state.metrics.exposition(documents: documents, generation: searcher?.reader.generation ?? 0),
                            contentType: "text/plain; version=0.0.4; charset=utf-8")
    }

    func openAPI() throws -> Response {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json", subdirectory: "Resources"),
            let data = try? Data(contentsOf: url)
        else { throw APIError.notFound() }
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
