import Foundation
import Hummingbird

/// Request context for DMKM: Hummingbird's basic context with our upload limit.
public struct DMKMRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public let maximumBodyBytes: Int

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        maximumBodyBytes = 64 * 1024 * 1024
    }

    public var maxUploadSize: Int { maximumBodyBytes }
}

/// Query-string parameters, decoded the way browsers encode forms: "+" is a space (Hummingbird
/// leaves it as "+"), %XX sequences are bytes of UTF-8.
struct QueryParameters {
    private var values: [String: [String]] = [:]

    init(_ raw: String?) {
        for pair in (raw ?? "").split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = Self.decode(parts[0])
            values[key, default: []].append(parts.count > 1 ? Self.decode(parts[1]) : "")
        }
    }

    subscript(_ key: String) -> String? { values[key]?.last }
    func all(_ key: String) -> [String] { values[key] ?? [] }

    static func decode(_ component: Substring) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(component.utf8.count)
        var iterator = component.utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "+") {
                bytes.append(0x20)
            } else if byte == UInt8(ascii: "%") {
                let high = iterator.next(), low = iterator.next()
                if let high, let low, let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) {
                    bytes.append(value)
                } else {
                    bytes.append(byte)
                    if let high { bytes.append(high) }
                    if let low { bytes.append(low) }
                }
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// An error answered as JSON `{"error": {"status", "message"}}` — never a stack trace or a path.
struct APIError: Error {
    var status: HTTPResponse.Status
    var message: String
    /// Extra headers (e.g. `WWW-Authenticate` on a 401).
    var headers: HTTPFields = [:]

    init(status: HTTPResponse.Status, message: String) {
        self.status = status
        self.message = message
    }

    static func badRequest(_ message: String) -> APIError { APIError(status: .badRequest, message: message) }
    static func notFound(_ message: String = "not found") -> APIError { APIError(status: .notFound, message: message) }

    var response: Response {
        var response = jsonResponse(SearchJSON.serialize(["error": ["status": Int(status.code), "message": message]]), status: status)
        for field in headers { response.headers.append(field) }
        return response
    }
}

func jsonResponse(_ json: String, status: HTTPResponse.Status = .ok) -> Response {
    Response(status: status, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
             body: ResponseBody(byteBuffer: ByteBuffer(string: json)))
}

func textResponse(_ text: String, contentType: String, status: HTTPResponse.Status = .ok) -> Response {
    Response(status: status, headers: [.contentType: contentType], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
}
