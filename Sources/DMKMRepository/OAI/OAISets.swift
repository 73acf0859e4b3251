import DMKMCore
import DMKMIndex
import Foundation

/// One OAI set: its spec (what harvesters select by) and its human-readable name.
public struct OAISet: Sendable, Equatable {
    public var spec: String
    public var name: String

    public init(spec: String, name: String) {
        self.spec = spec
        self.name = name
    }
}

/// DMKM's sets, two small hierarchies: `type:<kind of work>` and `unit:<slug>` for the bureau
/// group that owns the entry. The parents `type` and `unit` are sets too (a record in
/// `type:research` is also in `type`), as the protocol's hierarchy rules require.
public enum OAISets {
    public static let typeParent = OAISet(spec: "type", name: "ประเภทผลงาน / Kind of work")
    public static let unitParent = OAISet(spec: "unit", name: "หน่วยงาน / Bureau unit")

    public static func typeSet(_ type: DocumentType) -> OAISet {
        OAISet(spec: typeParent.spec + ":" + type.rawValue, name: typeName(type))
    }

    static func typeName(_ type: DocumentType) -> String {
        switch type {
        case .research: "งานวิจัย / Research"
        case .paper: "บทความวิชาการ / Paper"
        case .innovation: "นวัตกรรม / Innovation"
        case .academicWork: "ผลงานวิชาการ / Academic work"
        case .report: "รายงาน / Report"
        case .other: "อื่น ๆ / Other"
        }
    }

    /// The set of a unit. Unit names are Thai, and setSpec allows only a few ASCII characters,
    /// so the spec carries a slug: the CRC-32 (8 hex digits) of the normalized name. It depends
    /// on the name alone, so it is stable across commits and servers; the name itself goes in
    /// setName. nil for a blank unit.
    public static func unitSet(_ unit: String) -> OAISet? {
        let name = normalizedUnit(unit)
        guard !name.isEmpty else { return nil }
        let checksum = CRC32.checksum(Array(name.utf8))
        let hex = String(checksum, radix: 16)
        return OAISet(spec: unitParent.spec + ":" + String(repeating: "0", count: 8 - hex.count) + hex, name: name)
    }

    /// NFC, whitespace runs collapsed to one space, trimmed: the same unit typed twice with
    /// different spacing is one set.
    static func normalizedUnit(_ unit: String) -> String {
        unit.precomposedStringWithCanonicalMapping.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The leaf sets `document` belongs to.
    public static func sets(of document: IndexDocument) -> [OAISet] {
        [typeSet(document.type)] + (document.unit.flatMap(unitSet).map { [$0] } ?? [])
    }
}
