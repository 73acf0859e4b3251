import DMKMAnalysis
import DMKMIndex
import DMKMRepository
import DMKMSearch
import Foundation
import Synchronization

/// Settings of `dmkm serve`.
public struct ServerConfiguration: Sendable {
    public var index: IndexDirectory
    public var host = "127.0.0.1"
    public var port = 8080
    /// Bearer tokens allowed to write and to see internal entries.
    public var tokens: [String] = []
    /// Largest request body (uploads), in bytes.
    public var maximumBodyBytes = 64 * 1024 * 1024
    public var maximumQueryCharacters = 1_000
    public var maximumPageSize = 100
    public var maximumPage = 1_000
    /// Where uploaded originals are kept (inside the index directory by default).
    public var uploadsDirectory: URL
    /// The `dmkm` executable for extractor child processes of uploads (nil: in-process).
    public var workerExecutable: URL?
    /// Search answers kept for repeated queries (0 turns the cache off), and the most memory
    /// they may take together.
    public var cacheEntries = 2048
    public var cacheBytes = 32 * 1024 * 1024
    /// Searches run at once (one per core), and how many more may wait before the server answers
    /// 503: overload must not stall `/healthz` or grow memory without bound.
    public var searchWidth = max(1, ProcessInfo.processInfo.activeProcessorCount)
    public var maximumQueuedSearches = 128
    /// Contact addresses OAI-PMH's Identify gives harvesters (a placeholder when empty).
    public var adminEmails: [String] = []
    /// A site written by `dmkm publish`, served under `/catalogue/` (its search box then uses
    /// this server's API).
    public var catalogueDirectory: URL?

    public init(index: IndexDirectory) {
        self.index = index
        uploadsDirectory = index.url.appendingPathComponent("uploads")
    }
}

/// What every request shares: the analyzer, the current index snapshot (swapped when a new
/// commit appears), the award store, and request metrics. Thread-safe.
public final class ServerState: Sendable {
    public let configuration: ServerConfiguration
    public let analyzer: Analyzer
    public let awards: AwardStore
    let metrics = Metrics()
    /// Recent search answers (JSON), keyed by request and commit generation, like a search
    /// engine's request cache: repeated queries (the head of real traffic) cost nothing.
    let cache: ResponseCache
    /// Where searches and uploads run (off the cooperative pool, bounded).
    let searchLanes: WorkLanes
    let uploadLanes: WorkLanes
    private let snapshot: Mutex<(searcher: Searcher?, checked: ContinuousClock.Instant)>

    public init(configuration: ServerConfiguration, analyzer: Analyzer) {
        self.configuration = configuration
        self.analyzer = analyzer
        cache = ResponseCache(capacity: configuration.cacheEntries, maximumBytes: configuration.cacheBytes)
        searchLanes = WorkLanes(name: "search", width: configuration.searchWidth, maximumQueued: configuration.maximumQueuedSearches)
        uploadLanes = WorkLanes(name: "upload", width: 1, maximumQueued: 8)
        let awards = AwardStore(directory: configuration.index)
        self.awards = awards
        let searcher = (try? IndexReader.open(configuration.index)).map {
            Searcher(reader: $0, analyzer: analyzer, awards: awards)
        }
        snapshot = Mutex((searcher, ContinuousClock.now))
    }

    /// The searcher over the latest commit; looks for a newer commit at most twice a second, so
    /// new ingests show up without a restart and searches in flight keep their snapshot.
    public func searcher() throws(IndexError) -> Searcher {
        let (current, checked) = snapshot.withLock { ($0.searcher, $0.checked) }
        if let current, ContinuousClock.now - checked < .milliseconds(500) { return current }
        let next: Searcher
        do {
            if let current {
                let reader = try current.reader.reopenIfChanged()
                next = reader === current.reader ? current : Searcher(reader: reader, analyzer: analyzer, awards: awards)
            } else {
                next = Searcher(reader: try IndexReader.open(configuration.index), analyzer: analyzer, awards: awards)
            }
        } catch {
            if let current { return current }
            throw error
        }
        snapshot.withLock { $0 = (next, ContinuousClock.now) }
        return next
    }

    /// Forces the next `searcher()` to look for a new commit (after this server wrote one).
    func invalidate() {
        snapshot.withLock { $0.checked = ContinuousClock.now - .seconds(10) }
    }

    /// Whether `header` (an Authorization value) carries one of the tokens. Compared in constant
    /// time, so response timing does not reveal how much of a token was right.
    func authorization(_ header: String?) -> Authorization {
        guard let header else { return .anonymous }
        // The scheme is case-insensitive (RFC 9110 §11.1): "bearer", "Bearer", "BEARER".
        let parts = header.trimmingCharacters(in: .whitespaces).split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return .invalid }
        let presented = Array(parts[1].trimmingCharacters(in: .whitespaces).utf8)
        var matched = false
        for token in configuration.tokens {
            matched = Self.constantTimeEqual(presented, Array(token.utf8)) || matched
        }
        return matched ? .staff : .invalid
    }

    static func constantTimeEqual(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        var difference = UInt64(left.count ^ right.count)
        let count = max(left.count, right.count)
        for index in 0..<count {
            let a = index < left.count ? left[index] : 0
            let b = index < right.count ? right[index] : 0
            difference |= UInt64(a ^ b)
        }
        return difference == 0
    }
}

/// Who is asking.
enum Authorization: Equatable {
    /// No credentials: public, non-embargoed entries only.
    case anonymous
    /// A valid token: everything, and writes.
    case staff
    /// Credentials that are wrong.
    case invalid

    var visibility: Visibility { self == .staff ? .everything : .publicOnly(asOf: Day.today()) }
}

/// Request counts and latencies for `/metrics` (Prometheus text format).
final class Metrics: Sendable {
    private struct State {
        var requests: [String: Int] = [:]  // "route|status" → count
        var latencyBuckets: [Int] = Array(repeating: 0, count: Metrics.bounds.count + 1)
        var latencySum = 0.0
        var latencyCount = 0
    }

    static let bounds: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]
    private let state = Mutex(State())

    func record(route: String, status: Int, seconds: Double) {
        state.withLock { state in
            state.requests["\(route)|\(status)", default: 0] += 1
            let bucket = Self.bounds.firstIndex { seconds <= $0 } ?? Self.bounds.count
            state.latencyBuckets[bucket] += 1
            state.latencySum += seconds
            state.latencyCount += 1
        }
    }

    /// `documents`: live documents by visibility ("public", and "all" for staff only), so an
    /// anonymous scrape counts no internal or embargoed entry.
    func exposition(documents: [(visibility: String, count: Int)], generation: Int) -> String {
        state.withLock { state in
            var lines = [
                "# HELP dmkm_http_requests_total HTTP requests by route and status.",
                "# TYPE dmkm_http_requests_total counter",
            ]
            for (key, count) in state.requests.sorted(by: { $0.key < $1.key }) {
                let parts = key.split(separator: "|")
                lines.append("dmkm_http_requests_total{route=\"\(parts[0])\",status=\"\(parts[1])\"} \(count)")
            }
            lines += ["# HELP dmkm_http_request_duration_seconds Request latency.", "# TYPE dmkm_http_request_duration_seconds histogram"]
            var cumulative = 0
            for (index, bound) in Self.bounds.enumerated() {
                cumulative += state.latencyBuckets[index]
                lines.append("dmkm_http_request_duration_seconds_bucket{le=\"\(bound)\"} \(cumulative)")
            }
            cumulative += state.latencyBuckets[Self.bounds.count]
            lines.append("dmkm_http_request_duration_seconds_bucket{le=\"+Inf\"} \(cumulative)")
            lines.append("dmkm_http_request_duration_seconds_sum \(state.latencySum)")
            lines.append("dmkm_http_request_duration_seconds_count \(state.latencyCount)")
            lines += ["# HELP dmkm_index_documents Live documents in the served commit, by who may see them.", "# TYPE dmkm_index_documents gauge"]
            for (visibility, count) in documents { lines.append("dmkm_index_documents{visibility=\"\(visibility)\"} \(count)") }
            lines += ["# HELP dmkm_index_generation Generation of the served commit.", "# TYPE dmkm_index_generation gauge", "dmkm_index_generation \(generation)"]
            return lines.joined(separator: "\n") + "\n"
        }
    }
}

/// A small LRU map from request keys to encoded responses, bounded by entries and by bytes.
/// Keys include the commit generation, so a new commit makes old entries unreachable (they age out).
final class ResponseCache: Sendable {
    private struct State {
        var entries: [String: (value: String, tick: UInt64)] = [:]
        var tick: UInt64 = 0
        var bytes = 0
    }

    let capacity: Int
    let maximumBytes: Int
    private let state = Mutex(State())

    init(capacity: Int, maximumBytes: Int = 32 * 1024 * 1024) {
        self.capacity = capacity
        self.maximumBytes = maximumBytes
    }

    var bytes: Int { state.withLock { $0.bytes } }

    func value(for key: String) -> String? {
        guard capacity > 0 else { return nil }
        return state.withLock { state in
            guard let entry = state.entries[key] else { return nil }
            state.tick += 1
            state.entries[key] = (entry.value, state.tick)
            return entry.value
        }
    }

    func store(_ value: String, for key: String) {
        let size = value.utf8.count + key.utf8.count + 64
        guard capacity > 0, size <= maximumBytes / 8 else { return }
        state.withLock { state in
            state.tick += 1
            if let previous = state.entries.updateValue((value, state.tick), forKey: key) {
                state.bytes -= previous.value.utf8.count + key.utf8.count + 64
            }
            state.bytes += size
            if state.entries.count > capacity || state.bytes > maximumBytes {
                // Drop the least recently used entries in one pass, down to three quarters of both limits.
                var kept = state.entries.sorted { $0.value.tick > $1.value.tick }
                var total = 0
                var count = 0
                for (index, entry) in kept.enumerated() {
                    let entrySize = entry.value.value.utf8.count + entry.key.utf8.count + 64
                    if count + 1 > capacity * 3 / 4 || total + entrySize > maximumBytes * 3 / 4 {
                        kept.removeSubrange(index...)
                        break
                    }
                    total += entrySize
                    count += 1
                }
                state.entries = Dictionary(uniqueKeysWithValues: kept.map { ($0.key, $0.value) })
                state.bytes = total
            }
        }
    }
}
