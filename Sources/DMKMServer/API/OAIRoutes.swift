import DMKMIndex
import DMKMRepository
import Foundation
import Hummingbird
import NIOCore
import Synchronization

/// OAI-PMH 2.0 at `/oai`, by GET (query string) or POST (form body), as the protocol allows.
/// Harvesters see the public, non-embargoed entries as `oai_dc`, nothing else: there is no
/// token-based access here, since harvested records are republished.
struct OAIRoutes {
    let state: ServerState
    let api: APIRoutes
    let catalogues = OAICatalogueCache()

    /// A form body larger than this is no OAI request (a resumption token is well under 1 KiB).
    static let maximumFormBytes = 64 * 1024

    func register(on router: Router<DMKMRequestContext>) {
        router.get("/oai") { request, _ in
            try await api.handle("oai") { try respond(request, arguments: OAIArguments(formEncoded: request.uri.query ?? "")) }
        }
        router.post("/oai") { request, _ in
            try await api.handle("oai") {
                let body = try await APIRoutes.body(of: request, limit: Self.maximumFormBytes)
                return try respond(request, arguments: OAIArguments(formEncoded: String(decoding: body.readableBytesView, as: UTF8.self)))
            }
        }
    }

    func respond(_ request: Request, arguments: OAIArguments) throws -> Response {
        let reader = try state.searcher().reader
        let today = Day.today()
        let catalogue = try catalogues.catalogue(generation: reader.generation, day: today) {
            try OAICatalogue(reader: reader, on: today)
        }
        let origin = Self.origin(of: request, fallback: "\(state.configuration.host):\(state.configuration.port)")
        let repository = OAIRepositoryDescription(baseURL: origin + "/oai", adminEmails: state.configuration.adminEmails, landingPagePrefix: origin + "/documents/")
        let answer = OAIProvider(repository: repository).respond(to: arguments, catalogue: catalogue)
        return Response(status: HTTPResponse.Status(code: answer.status),
                        headers: [.contentType: OAIResponse.contentType],
                        body: ResponseBody(byteBuffer: ByteBuffer(string: answer.xml)))
    }

    /// `scheme://host[:port]` as the harvester reached us: the Host header, or the
    /// X-Forwarded-Host/-Proto a TLS-terminating proxy sets. Values that are not a plain
    /// host[:port] (or http/https) are ignored, so a forged header cannot put paths or markup
    /// into baseURL and the landing-page links.
    static func origin(of request: Request, fallback: String) -> String {
        func header(_ name: String) -> String? {
            let value = request.headers.first { $0.name.canonicalName == name }?.value
            return value?.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) }
        }
        let scheme = header("x-forwarded-proto").map { $0.lowercased() }.flatMap { ["http", "https"].contains($0) ? $0 : nil } ?? "http"
        let host = [header("x-forwarded-host"), request.head.authority].compactMap { $0 }.first(where: isPlainHost) ?? fallback
        return scheme + "://" + host
    }

    static func isPlainHost(_ text: String) -> Bool {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]".unicodeScalars)
        return !text.isEmpty && text.count <= 255 && text.unicodeScalars.allSatisfy(allowed.contains)
    }
}

/// The OAI catalogue of the served commit, built once per commit generation and UTC day (an
/// embargo ends at a day boundary) instead of rescanning the index on every request.
final class OAICatalogueCache: Sendable {
    private struct Key: Equatable {
        var generation: Int
        var day: Day
    }

    private let current = Mutex<(key: Key, catalogue: OAICatalogue)?>(nil)

    /// The cached catalogue for (`generation`, `day`), or the result of `build` (then cached).
    /// Concurrent misses may build twice; the index is read-only, so both results are equal.
    func catalogue(generation: Int, day: Day, build: () throws -> OAICatalogue) rethrows -> OAICatalogue {
        let key = Key(generation: generation, day: day)
        if let cached = current.withLock({ $0?.key == key ? $0?.catalogue : nil }) { return cached }
        let built = try build()
        current.withLock { $0 = (key, built) }
        return built
    }
}
