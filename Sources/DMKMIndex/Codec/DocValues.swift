import DMKMCore
import Foundation

/// A column of fixed-width little-endian values read in place from a mapped file: opening a
/// segment costs no heap memory per document, and pages come from the page cache on demand.
public struct MappedColumn<Element: FixedWidthInteger>: RandomAccessCollection, @unchecked Sendable {
    /// Keeps the mapping alive as long as any copy of the column.
    private let owner: MappedFile?
    // Inlinable, so other modules get code specialized for the element type: through generic
    // witnesses a norm or filter read per document costs several times the whole query.
    @usableFromInline let base: UnsafeRawPointer?
    public let count: Int

    init(owner: MappedFile?, bytes: UnsafeRawBufferPointer) {
        self.owner = owner
        base = bytes.baseAddress
        count = bytes.count / MemoryLayout<Element>.size
    }

    /// An empty column (the id field has no norms).
    init() {
        owner = nil
        base = nil
        count = 0
    }

    /// Where the column starts in the mapping (nil when empty); valid while the segment is open.
    public var baseAddress: UnsafeRawPointer? { base }

    /// The bytes of elements `range` (ids, copied whole).
    func raw(_ range: Range<Int>) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base.map { $0 + range.lowerBound * MemoryLayout<Element>.size }, count: range.count * MemoryLayout<Element>.size)
    }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { count }

    @inlinable @inline(__always)
    public subscript(position: Int) -> Element {
        Element(littleEndian: base.unsafelyUnwrapped.loadUnaligned(fromByteOffset: position &* MemoryLayout<Element>.size, as: Element.self))
    }
}

/// Per-document metadata kept in columns for filters and facets (year, type, access, embargo,
/// languages, unit, award tags), plus the per-field length norms. Read in place from the
/// segment's `.dv` file; `DocValuesBuilder` writes it.
package struct DocValues: Sendable {
    /// Document ids, concatenated UTF-8 with offsets (results and award filters need ids
    /// without decoding stored documents).
    let idBytes: MappedColumn<UInt8>
    let idOffsets: MappedColumn<UInt32>
    package let years: MappedColumn<Int16>
    package let types: MappedColumn<UInt8>
    package let access: MappedColumn<UInt8>
    package let publicFrom: MappedColumn<Int32>
    package let languages: MappedColumn<UInt8>
    package let units: MappedColumn<UInt16>
    package let unitNames: [String]
    let awardOffsets: MappedColumn<UInt32>
    let awardOrdinals: MappedColumn<UInt16>
    package let awardNames: [String]
    /// `norms[field.rawValue][doc]` for text fields (index 0, the id field, stays empty).
    package let norms: [MappedColumn<UInt8>]

    package static let noEmbargo = Int32.min
    package static let languageBits: [String: UInt8] = ["th": 1, "en": 2]
    package static let otherLanguageBit: UInt8 = 4

    package var count: Int { types.count }

    static func languageMask(_ languages: [String]) -> UInt8 {
        languages.reduce(0) { $0 | (languageBits[$1] ?? otherLanguageBit) }
    }

    package func id(of doc: Int) -> String {
        String(decoding: idBytes.raw(Int(idOffsets[doc])..<Int(idOffsets[doc + 1])), as: UTF8.self)
    }

    package func unit(of doc: Int) -> String? {
        let ordinal = units[doc]
        return ordinal == 0 ? nil : unitNames[Int(ordinal) - 1]
    }

    package func awards(of doc: Int) -> [String] {
        (Int(awardOffsets[doc])..<Int(awardOffsets[doc + 1])).map { awardNames[Int(awardOrdinals[$0]) - 1] }
    }

    package func languageCodes(of doc: Int) -> [String] {
        var codes: [String] = []
        if languages[doc] & 1 != 0 { codes.append("th") }
        if languages[doc] & 2 != 0 { codes.append("en") }
        if languages[doc] & Self.otherLanguageBit != 0 { codes.append("other") }
        return codes
    }

    /// Maps and validates a `.dv` file (checksum, offsets, value ranges); values stay in the file.
    static func read(directory: IndexDirectory, name: String, expectedCount: Int) throws(IndexError) -> DocValues {
        let file = try MappedFile(directory: directory, name: name)
        let body = try FileFormat.checkFrame(file, kind: .docValues)
        try FileFormat.verifyChecksum(file)
        var reader = RawReader(file.bytes, range: body, fileName: name)
        let count = Int(try reader.readVarUInt())
        guard count == expectedCount else {
            throw IndexError.corrupt(file: name, detail: "holds \(count) documents, segment has \(expectedCount)")
        }
        func column<T: FixedWidthInteger>(_ type: T.Type, _ count: Int) throws(IndexError) -> MappedColumn<T> {
            MappedColumn(owner: file, bytes: try reader.readBytes(count * MemoryLayout<T>.size))
        }
        let idOffsets = try column(UInt32.self, count + 1)
        guard idOffsets.first == 0, zip(idOffsets, idOffsets.dropFirst()).allSatisfy({ $0 <= $1 }) else {
            throw reader.corrupt("bad id offsets")
        }
        let idBytes = try column(UInt8.self, Int(idOffsets.last!))
        let years = try column(Int16.self, count)
        let types = try column(UInt8.self, count)
        let access = try column(UInt8.self, count)
        let publicFrom = try column(Int32.self, count)
        let languages = try column(UInt8.self, count)
        let units = try column(UInt16.self, count)
        let unitCount = Int(try reader.readVarUInt())
        guard unitCount <= 65_535 else { throw reader.corrupt("bad unit count") }
        let unitNames = try (0..<unitCount).map { _ throws(IndexError) in try reader.readString() }
        let awardOffsets = try column(UInt32.self, count + 1)
        guard let awardTotal = awardOffsets.last, awardOffsets.first == 0,
            zip(awardOffsets, awardOffsets.dropFirst()).allSatisfy({ $0 <= $1 })
        else { throw reader.corrupt("bad award offsets") }
        let awardOrdinals = try column(UInt16.self, Int(awardTotal))
        let awardCount = Int(try reader.readVarUInt())
        guard awardCount <= 65_535 else { throw reader.corrupt("bad award count") }
        let awardNames = try (0..<awardCount).map { _ throws(IndexError) in try reader.readString() }
        guard units.allSatisfy({ Int($0) <= unitCount }), awardOrdinals.allSatisfy({ $0 >= 1 && Int($0) <= awardCount }),
            types.allSatisfy({ DocumentType(ordinal: $0) != nil })
        else { throw reader.corrupt("value out of range") }
        var norms = [MappedColumn<UInt8>](repeating: MappedColumn(), count: IndexedField.allCases.count)
        for field in IndexedField.scoredFields { norms[Int(field.rawValue)] = try column(UInt8.self, count) }
        guard reader.isAtEnd else { throw reader.corrupt("unexpected trailing data") }
        return DocValues(
            idBytes: idBytes, idOffsets: idOffsets, years: years, types: types, access: access, publicFrom: publicFrom,
            languages: languages, units: units, unitNames: unitNames, awardOffsets: awardOffsets, awardOrdinals: awardOrdinals,
            awardNames: awardNames, norms: norms)
    }
}

/// Builds the doc values of a new segment (flush or merge) in memory, then writes the `.dv` file
/// in the column layout `DocValues` reads in place.
struct DocValuesBuilder {
    private(set) var idBytes: [UInt8] = []
    private(set) var idOffsets: [UInt32] = [0]
    private var years: [Int16] = []
    private var types: [UInt8] = []
    private var access: [UInt8] = []
    private var publicFrom: [Int32] = []
    private var languages: [UInt8] = []
    private var units: [UInt16] = []
    private var unitNames: [String] = []
    private var awardOffsets: [UInt32] = [0]
    private var awardOrdinals: [UInt16] = []
    private var awardNames: [String] = []
    /// `norms[field.rawValue][doc]`, as in `DocValues`.
    private(set) var norms: [[UInt8]] = Array(repeating: [], count: IndexedField.allCases.count)
    private var unitLookup: [String: UInt16] = [:]
    private var awardLookup: [String: UInt16] = [:]

    var count: Int { types.count }

    /// Whether document `doc` has public access (embargoed or not).
    func isPublic(_ doc: Int) -> Bool { access[doc] == 0 }

    mutating func append(_ document: IndexDocument, fieldLengths: [Int]) {
        idBytes.append(contentsOf: document.id.utf8)
        idOffsets.append(UInt32(idBytes.count))
        years.append(Int16(clamping: document.year ?? 0))
        types.append(document.type.ordinal)
        access.append(document.access == .public ? 0 : 1)
        publicFrom.append(document.publicFrom?.daysSinceEpoch ?? DocValues.noEmbargo)
        languages.append(DocValues.languageMask(document.languages))
        units.append(document.unit.map { ordinal(of: $0, names: &unitNames, lookup: &unitLookup) } ?? 0)
        for award in document.awards {
            awardOrdinals.append(ordinal(of: award, names: &awardNames, lookup: &awardLookup))
        }
        awardOffsets.append(UInt32(awardOrdinals.count))
        for field in IndexedField.scoredFields {
            norms[Int(field.rawValue)].append(NormEncoding.encode(fieldLengths[Int(field.rawValue)]))
        }
    }

    /// Copies document `doc` of `other` (merges).
    mutating func append(from other: DocValues, doc: Int) {
        idBytes.append(contentsOf: other.idBytes.raw(Int(other.idOffsets[doc])..<Int(other.idOffsets[doc + 1])))
        idOffsets.append(UInt32(idBytes.count))
        years.append(other.years[doc])
        types.append(other.types[doc])
        access.append(other.access[doc])
        publicFrom.append(other.publicFrom[doc])
        languages.append(other.languages[doc])
        let unit = other.units[doc]
        units.append(unit == 0 ? 0 : ordinal(of: other.unitNames[Int(unit) - 1], names: &unitNames, lookup: &unitLookup))
        for award in other.awards(of: doc) {
            awardOrdinals.append(ordinal(of: award, names: &awardNames, lookup: &awardLookup))
        }
        awardOffsets.append(UInt32(awardOrdinals.count))
        for field in IndexedField.scoredFields {
            norms[Int(field.rawValue)].append(other.norms[Int(field.rawValue)][doc])
        }
    }

    private func ordinal(of name: String, names: inout [String], lookup: inout [String: UInt16]) -> UInt16 {
        if let existing = lookup[name] { return existing }
        names.append(name)
        let value = UInt16(clamping: names.count)
        lookup[name] = value
        return value
    }

    func write(directory: IndexDirectory, name: String) throws(IndexError) {
        var writer = ByteWriter(capacity: count * 16 + 64)
        writer.write(contentsOf: FileFormat.header(.docValues))
        writer.writeVarUInt(UInt64(count))
        for value in idOffsets { writer.write(value) }
        writer.write(contentsOf: idBytes)
        for value in years { writer.write(value) }
        writer.write(contentsOf: types)
        writer.write(contentsOf: access)
        for value in publicFrom { writer.write(value) }
        writer.write(contentsOf: languages)
        for value in units { writer.write(value) }
        writer.writeVarUInt(UInt64(unitNames.count))
        for name in unitNames { writer.writeString(name) }
        for value in awardOffsets { writer.write(value) }
        for value in awardOrdinals { writer.write(value) }
        writer.writeVarUInt(UInt64(awardNames.count))
        for name in awardNames { writer.writeString(name) }
        for field in IndexedField.scoredFields { writer.write(contentsOf: norms[Int(field.rawValue)]) }
        var output = try FileOutput(directory: directory, name: name)
        output.write(writer)
        try output.close()
    }
}
