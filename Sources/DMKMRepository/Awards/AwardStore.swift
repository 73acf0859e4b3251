import DMKMIndex
import DMKMSearch
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The award programmes coordinators submit to.
public enum AwardProgram: String, Codable, Sendable, CaseIterable {
    /// Thailand Public Sector Awards (รางวัลเลิศรัฐ, run by OPDC); cycles are Buddhist Era years.
    case tpsa = "TPSA"
    /// United Nations Public Service Awards; cycles are Common Era years.
    case unpsa = "UNPSA"

    /// Valid cycle years for the programme.
    public var cycles: ClosedRange<Int> { self == .tpsa ? 2540...2700 : 2003...2150 }

    /// The known TPSA categories (branches), offered as choices; any text is accepted.
    public static let knownTPSACategories = ["บริการภาครัฐ", "การบริหารราชการแบบมีส่วนร่วม", "PMQA"]
}

/// Where a submission stands. Work moves forward (candidate → drafting → submitted → shortlisted
/// → awarded or not-awarded) and can be withdrawn before a result; a withdrawn entry can become a
/// candidate again. Results are final.
public enum AwardStatus: String, Codable, Sendable, CaseIterable {
    case candidate, drafting, submitted, shortlisted, awarded
    case notAwarded = "not-awarded"
    case withdrawn

    public var allowedNext: [AwardStatus] {
        switch self {
        case .candidate: return [.drafting, .submitted, .withdrawn]
        case .drafting: return [.submitted, .candidate, .withdrawn]
        case .submitted: return [.shortlisted, .awarded, .notAwarded, .withdrawn]
        case .shortlisted: return [.awarded, .notAwarded, .withdrawn]
        case .awarded, .notAwarded: return []
        case .withdrawn: return [.candidate]
        }
    }
}

/// One award tag on one document.
public struct AwardTag: Codable, Sendable, Equatable {
    public var program: AwardProgram
    public var cycle: Int
    public var category: String?
    public var status: AwardStatus
    public var notes: String?
    /// When the tag last changed (ISO 8601).
    public var updatedAt: String

    public init(program: AwardProgram, cycle: Int, category: String? = nil, status: AwardStatus = .candidate, notes: String? = nil,
                updatedAt: String = AwardStore.timestamp(Date())) {
        self.program = program
        self.cycle = cycle
        self.category = category
        self.status = status
        self.notes = notes
        self.updatedAt = updatedAt
    }

    /// "TPSA/2568": how searches and exports name the tag.
    public var key: String { "\(program.rawValue)/\(cycle)" }
}

public enum AwardError: Error, Equatable, Sendable, CustomStringConvertible {
    case badCycle(program: AwardProgram, cycle: Int)
    case duplicate(id: String, key: String)
    case notFound(id: String, key: String)
    case invalidTransition(id: String, key: String, from: AwardStatus, to: AwardStatus)
    case unknownDocument(id: String)
    case storage(String)

    public var description: String {
        switch self {
        case .badCycle(let program, let cycle):
            let era = program == .tpsa ? "a Buddhist Era year" : "a Common Era year"
            return "\(program.rawValue) cycle \(cycle) is not valid: expected \(era) in \(program.cycles.lowerBound)…\(program.cycles.upperBound)"
        case .duplicate(let id, let key): return "document \(id) already has the award tag \(key)"
        case .notFound(let id, let key): return "document \(id) has no award tag \(key)"
        case .invalidTransition(let id, let key, let from, let to):
            let allowed = from.allowedNext.map(\.rawValue).joined(separator: ", ")
            return "\(id) \(key): cannot go from \(from.rawValue) to \(to.rawValue) (allowed: \(allowed.isEmpty ? "none, the result is final" : allowed))"
        case .unknownDocument(let id): return "no document with id \(id)"
        case .storage(let message): return message
        }
    }
}

/// Award tags kept beside the index (`awards.json`), so tagging never re-ingests a document.
/// Every change is a read-modify-write under an exclusive file lock, written to a temporary file,
/// fsynced and renamed into place (then the directory fsynced): a crash leaves the old or the new
/// file, never a torn one. Readers (search filters, exports) read the latest state.
public final class AwardStore: AwardTagSource, @unchecked Sendable {
    public let directory: IndexDirectory
    static let fileName = "awards.json"
    static let lockName = "awards.lock"

    struct Contents: Codable {
        var version = 1
        var documents: [String: [AwardTag]] = [:]
    }

    private let cache = Mutex<(identity: [Int], snapshot: AwardTagSnapshot)?>(nil)

    public init(directory: IndexDirectory) {
        self.directory = directory
    }

    // MARK: reading

    private func load() throws(AwardError) -> Contents {
        let path = directory.filePath(Self.fileName)
        guard FileManager.default.fileExists(atPath: path) else { return Contents() }
        do {
            return try JSONDecoder().decode(Contents.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw .storage("award tags file \(path) is damaged: \(error)")
        }
    }

    /// Every document's tags.
    public func all() throws(AwardError) -> [String: [AwardTag]] { try load().documents }

    public func tags(of id: String) throws(AwardError) -> [AwardTag] { try load().documents[id] ?? [] }

    /// (document id, tag) pairs matching the filters, by programme, cycle, then id.
    public func list(program: AwardProgram? = nil, cycle: Int? = nil, status: AwardStatus? = nil) throws(AwardError) -> [(id: String, tag: AwardTag)] {
        var result: [(id: String, tag: AwardTag)] = []
        for (id, tags) in try load().documents {
            for tag in tags where (program == nil || tag.program == program) && (cycle == nil || tag.cycle == cycle) && (status == nil || tag.status == status) {
                result.append((id, tag))
            }
        }
        return result.sorted { ($0.tag.program.rawValue, $0.tag.cycle, $0.id) < ($1.tag.program.rawValue, $1.tag.cycle, $1.id) }
    }

    // MARK: AwardTagSource (search filters and facets)

    /// The tags as of now, parsed once per change of the file (its size, modification time and
    /// inode decide), so a search reads no file at all while the tags stay as they are.
    public func snapshot() throws -> AwardTagSnapshot {
        let path = directory.filePath(Self.fileName)
        var info = stat()
        let identity: [Int] = stat(path, &info) == 0
            ? [Int(info.st_ino), Int(info.st_size), Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec)] : []
        if let cached = cache.withLock({ $0 }), cached.identity == identity { return cached.snapshot }
        let documents = try load().documents
        let snapshot = AwardTagSnapshot(tags: documents.mapValues { $0.map { (key: $0.key, status: $0.status.rawValue) } })
        cache.withLock { $0 = (identity, snapshot) }
        return snapshot
    }

    // MARK: changes

    /// Adds a tag; a document may carry many (one per programme and cycle).
    public func add(id: String, program: AwardProgram, cycle: Int, category: String? = nil, status: AwardStatus = .candidate,
                    notes: String? = nil, now: Date = Date()) throws(AwardError) {
        guard program.cycles.contains(cycle) else { throw .badCycle(program: program, cycle: cycle) }
        try modify { contents throws(AwardError) in
            let key = "\(program.rawValue)/\(cycle)"
            if contents.documents[id, default: []].contains(where: { $0.key == key }) { throw .duplicate(id: id, key: key) }
            contents.documents[id, default: []].append(AwardTag(
                program: program, cycle: cycle, category: category, status: status, notes: notes, updatedAt: Self.timestamp(now)))
        }
    }

    /// Moves a tag to `status`, refusing transitions the workflow does not allow.
    public func setStatus(id: String, program: AwardProgram, cycle: Int, status: AwardStatus, notes: String? = nil, now: Date = Date()) throws(AwardError) {
        try modify { contents throws(AwardError) in
            let key = "\(program.rawValue)/\(cycle)"
            guard let index = contents.documents[id]?.firstIndex(where: { $0.key == key }) else { throw .notFound(id: id, key: key) }
            let current = contents.documents[id]![index].status
            guard current == status || current.allowedNext.contains(status) else {
                throw .invalidTransition(id: id, key: key, from: current, to: status)
            }
            contents.documents[id]![index].status = status
            if let notes { contents.documents[id]![index].notes = notes }
            contents.documents[id]![index].updatedAt = Self.timestamp(now)
        }
    }

    public func remove(id: String, program: AwardProgram, cycle: Int) throws(AwardError) {
        try modify { contents throws(AwardError) in
            let key = "\(program.rawValue)/\(cycle)"
            guard let index = contents.documents[id]?.firstIndex(where: { $0.key == key }) else { throw .notFound(id: id, key: key) }
            contents.documents[id]!.remove(at: index)
            if contents.documents[id]!.isEmpty { contents.documents.removeValue(forKey: id) }
        }
    }

    /// Replaces all tags of a document (the HTTP API's PUT), validating each.
    public func replace(id: String, with tags: [AwardTag]) throws(AwardError) {
        for tag in tags where !tag.program.cycles.contains(tag.cycle) { throw .badCycle(program: tag.program, cycle: tag.cycle) }
        try modify { contents throws(AwardError) in
            if tags.isEmpty { contents.documents.removeValue(forKey: id) } else { contents.documents[id] = tags }
        }
    }

    /// Adds the tags documents' ingestion metadata declares (by document id), unless the store
    /// already has them: changes made by coordinators win over the files. One store update.
    public func seed(_ declared: [String: [AwardTag]]) throws(AwardError) {
        guard declared.contains(where: { !$0.value.isEmpty }) else { return }
        try modify { contents throws(AwardError) in
            for (id, tags) in declared {
                for tag in tags where tag.program.cycles.contains(tag.cycle) && !(contents.documents[id] ?? []).contains(where: { $0.key == tag.key }) {
                    contents.documents[id, default: []].append(tag)
                }
            }
        }
    }

    public static func timestamp(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

    /// Read-modify-write under the store's lock, committed atomically.
    private func modify(_ change: (inout Contents) throws(AwardError) -> Void) throws(AwardError) {
        do { try directory.create() } catch { throw .storage(error.description) }
        let lockPath = directory.filePath(Self.lockName)
        let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .storage("cannot open \(lockPath)") }
        defer { close(descriptor) }
        flock(descriptor, LOCK_EX)
        defer { flock(descriptor, LOCK_UN) }
        var contents = try load()
        try change(&contents)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            let data = try encoder.encode(contents)
            try directory.writeAtomically(Self.fileName, bytes: Array(data))
        } catch let error as IndexError {
            throw .storage(error.description)
        } catch {
            throw .storage("cannot write award tags: \(error)")
        }
    }
}

extension AwardTag {
    /// Tags declared in ingestion metadata: strings like "TPSA/2568" or maps with program, cycle,
    /// category, status and notes (sidecars). Entries that do not parse are skipped (the
    /// metadata validation has already reported them).
    public static func declared(_ value: Any?, now: Date = Date()) -> [AwardTag] {
        guard let items = value as? [Any] ?? (value.map { [$0] }) else { return [] }
        var tags: [AwardTag] = []
        for item in items {
            if let text = item as? String {
                let parts = text.split(separator: "/")
                guard parts.count == 2, let program = AwardProgram(rawValue: parts[0].uppercased()), let cycle = Int(parts[1]) else { continue }
                tags.append(AwardTag(program: program, cycle: cycle, updatedAt: AwardStore.timestamp(now)))
            } else if let map = item as? [String: Any] {
                guard let name = map["program"] as? String, let program = AwardProgram(rawValue: name.uppercased()) else { continue }
                let cycle = (map["cycle"] as? Int) ?? (map["cycle"] as? String).flatMap { Int($0) }
                guard let cycle else { continue }
                let status = (map["status"] as? String).flatMap { AwardStatus(rawValue: $0.lowercased()) } ?? .candidate
                tags.append(AwardTag(program: program, cycle: cycle, category: map["category"] as? String, status: status,
                                     notes: map["notes"] as? String, updatedAt: AwardStore.timestamp(now)))
            }
        }
        return tags
    }
}
