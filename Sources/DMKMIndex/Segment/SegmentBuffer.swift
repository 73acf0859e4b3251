/// Byte storage for in-memory postings: 1 MB pages, carved into slices that each term chains
/// together as its postings grow (16 bytes first, doubling up to 2 KB; the last 4 bytes of a
/// full slice hold the address of the next one). Thousands of small terms share pages instead
/// of each owning an array, and memory use is known exactly.
final class SlicePool {
    static let pageBits = 20
    static let pageSize = 1 << pageBits
    static let sliceSizes: [UInt32] = [16, 32, 64, 128, 256, 512, 1024, 2048]

    private var pages: [UnsafeMutablePointer<UInt8>] = []
    private var used = SlicePool.pageSize

    var allocatedBytes: Int { pages.count * Self.pageSize }

    deinit {
        for page in pages { page.deallocate() }
    }

    /// A new slice of `size` bytes; addresses are page << 20 | offset.
    func allocate(_ size: UInt32) -> UInt32 {
        if used + Int(size) > Self.pageSize {
            pages.append(UnsafeMutablePointer<UInt8>.allocate(capacity: Self.pageSize))
            used = 0
        }
        let address = UInt32((pages.count - 1) << Self.pageBits | used)
        used += Int(size)
        return address
    }

    @inline(__always)
    func pointer(_ address: UInt32) -> UnsafeMutablePointer<UInt8> {
        pages[Int(address >> UInt32(Self.pageBits))] + Int(address & UInt32(Self.pageSize - 1))
    }
}

/// Reads one term's byte stream back across its chain of slices.
struct SliceReader {
    let pool: SlicePool
    private var address: UInt32
    private var limit: UInt32
    private var level = 0

    init(pool: SlicePool, head: UInt32) {
        self.pool = pool
        address = head
        limit = head + SlicePool.sliceSizes[0] - 4
    }

    @inline(__always)
    mutating func readByte() -> UInt8 {
        if address == limit {
            address = UnsafeRawPointer(pool.pointer(limit)).loadUnaligned(as: UInt32.self)
            level = min(level + 1, SlicePool.sliceSizes.count - 1)
            limit = address + SlicePool.sliceSizes[level] - 4
        }
        defer { address += 1 }
        return pool.pointer(address).pointee
    }

    @inline(__always)
    mutating func readVarUInt32() -> UInt32 {
        var result: UInt32 = 0
        var shift: UInt32 = 0
        while true {
            let byte = readByte()
            result |= UInt32(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
    }
}

/// Documents added since the last flush. Postings accumulate per term in a slice pool (doc
/// delta, frequency, position deltas as variable-byte integers); stored documents stream straight
/// to the pending segment's stored-fields file, so memory holds only what must be sorted later.
/// `estimatedBytes` is the real footprint, checked against the RAM budget.
final class SegmentBuffer {
    let directory: IndexDirectory
    let name: String
    private let pool = SlicePool()
    private var stored: StoredFieldsWriter?

    // Term table: keys in one pool, open addressing over term numbers.
    private var keyPool: [UInt8] = []
    private var keyStarts: [UInt32] = []
    private var keyLengths: [UInt16] = []
    private var hashes: [UInt64] = []
    private var slots = [Int32](repeating: -1, count: 1 << 16)

    // Per term postings state.
    private var heads: [UInt32] = []
    private var writeAddresses: [UInt32] = []
    private var sliceLimits: [UInt32] = []
    private var levels: [UInt8] = []
    private var lastDocs: [Int32] = []
    private var documentFrequencies: [Int32] = []

    private(set) var docValues = DocValuesBuilder()
    private(set) var fieldStatistics = [FieldStatistics](repeating: FieldStatistics(), count: IndexedField.allCases.count)
    /// Document id → local doc number (the latest version of each id).
    private(set) var localDocs: [String: Int32] = [:]
    private(set) var deleted: Set<Int32> = []
    private(set) var documentCount = 0
    private var idBytes = 0

    init(directory: IndexDirectory, name: String) {
        self.directory = directory
        self.name = name
    }

    var isEmpty: Bool { documentCount == 0 }
    var termCount: Int { hashes.count }

    /// Memory held, in bytes.
    var estimatedBytes: Int {
        pool.allocatedBytes + keyPool.capacity + slots.count * 4 + termCount * 38
            + documentCount * (48 + IndexedField.allCases.count) + idBytes * 3 + StoredFieldsWriter.chunkTargetBytes * 2
    }

    /// Adds a document; an earlier version with the same id in this buffer is deleted.
    func add(_ analyzed: AnalyzedDocument) throws(IndexError) {
        if stored == nil { stored = try StoredFieldsWriter(directory: directory, name: SegmentInfo.fileName(name, "fdt")) }
        let doc = Int32(documentCount)
        if let previous = localDocs[analyzed.document.id] { deleted.insert(previous) }
        localDocs[analyzed.document.id] = doc
        idBytes += analyzed.document.id.utf8.count
        analyzed.keyBytes.withUnsafeBytes { keys in
            analyzed.positions.withUnsafeBufferPointer { positions in
                for term in 0..<analyzed.termCount {
                    let start = Int(analyzed.keyStarts[term])
                    let key = UnsafeRawBufferPointer(rebasing: keys[start..<Int(analyzed.keyStarts[term + 1])])
                    let id = termNumber(key: key, hash: analyzed.keyHashes[term])
                    write(id, UInt32(doc - lastDocs[id]))
                    lastDocs[id] = doc
                    documentFrequencies[id] += 1
                    let positionRange = Int(analyzed.positionStarts[term])..<Int(analyzed.positionStarts[term + 1])
                    write(id, UInt32(max(positionRange.count, 1)))
                    var previous: UInt32 = 0
                    for index in positionRange {
                        write(id, positions[index] - previous)
                        previous = positions[index]
                    }
                }
            }
        }
        try stored!.addEncoded(analyzed.stored)
        docValues.append(analyzed.document, fieldLengths: analyzed.fieldLengths)
        for field in IndexedField.scoredFields {
            let length = analyzed.fieldLengths[Int(field.rawValue)]
            if length > 0 {
                fieldStatistics[Int(field.rawValue)].documentCount += 1
                fieldStatistics[Int(field.rawValue)].totalLength += length
            }
        }
        documentCount += 1
    }

    /// Deletes the buffered document with `id`, if any.
    func delete(id: String) -> Bool {
        guard let doc = localDocs.removeValue(forKey: id) else { return false }
        deleted.insert(doc)
        return true
    }

    /// The number of `key`, added if new.
    @inline(__always)
    private func termNumber(key: UnsafeRawBufferPointer, hash: UInt64) -> Int {
        var mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let existing = slots[slot]
            if existing < 0 { break }
            let term = Int(existing)
            if hashes[term] == hash && Int(keyLengths[term]) == key.count {
                let equal = keyPool.withUnsafeBytes { pool in memcmp(pool.baseAddress! + Int(keyStarts[term]), key.baseAddress!, key.count) == 0 }
                if equal { return term }
            }
            slot = (slot + 1) & mask
        }
        let term = hashes.count
        keyStarts.append(UInt32(keyPool.count))
        keyPool.append(contentsOf: key)
        keyLengths.append(UInt16(key.count))
        hashes.append(hash)
        let head = pool.allocate(SlicePool.sliceSizes[0])
        heads.append(head)
        writeAddresses.append(head)
        sliceLimits.append(head + SlicePool.sliceSizes[0] - 4)
        levels.append(0)
        lastDocs.append(-1)
        documentFrequencies.append(0)
        slots[slot] = Int32(term)
        if hashes.count * 2 > slots.count {
            slots = [Int32](repeating: -1, count: slots.count * 2)
            mask = slots.count - 1
            for (index, hash) in hashes.enumerated() {
                var slot = Int(truncatingIfNeeded: hash) & mask
                while slots[slot] >= 0 { slot = (slot + 1) & mask }
                slots[slot] = Int32(index)
            }
        }
        return term
    }

    @inline(__always)
    private func writeByte(_ term: Int, _ byte: UInt8) {
        if writeAddresses[term] == sliceLimits[term] {
            let level = min(Int(levels[term]) + 1, SlicePool.sliceSizes.count - 1)
            let size = SlicePool.sliceSizes[level]
            let next = pool.allocate(size)
            UnsafeMutableRawPointer(pool.pointer(sliceLimits[term])).storeBytes(of: next, as: UInt32.self)
            writeAddresses[term] = next
            sliceLimits[term] = next + size - 4
            levels[term] = UInt8(level)
        }
        pool.pointer(writeAddresses[term]).pointee = byte
        writeAddresses[term] += 1
    }

    @inline(__always)
    private func write(_ term: Int, _ value: UInt32) {
        var rest = value
        while rest >= 0x80 {
            writeByte(term, UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        writeByte(term, UInt8(rest))
    }

    /// Writes the buffer as segment `name`; returns its description and live docs (buffer-local
    /// deletions applied).
    func write() throws(IndexError) -> (SegmentInfo, LiveDocs?) {
        let order: [Int] = keyPool.withUnsafeBytes { pool in
            (0..<termCount).sorted { left, right in
                let leftLength = Int(keyLengths[left]), rightLength = Int(keyLengths[right])
                let comparison = memcmp(pool.baseAddress! + Int(keyStarts[left]), pool.baseAddress! + Int(keyStarts[right]), min(leftLength, rightLength))
                return comparison != 0 ? comparison < 0 : leftLength < rightLength
            }
        }
        var writer = try SegmentWriter(directory: directory, name: name, stored: stored)
        var positions: [UInt32] = []
        for term in order {
            let start = Int(keyStarts[term])
            let key = Array(keyPool[start..<(start + Int(keyLengths[term]))])
            let field = IndexedField(rawValue: key[0]) ?? .body
            let norms = field == .id ? nil : docValues.norms[Int(field.rawValue)]
            writer.startTerm()
            var reader = SliceReader(pool: pool, head: heads[term])
            var doc: Int32 = -1
            for _ in 0..<documentFrequencies[term] {
                doc += Int32(reader.readVarUInt32())
                let frequency = Int32(reader.readVarUInt32())
                positions.removeAll(keepingCapacity: true)
                if field != .id {
                    var position: UInt32 = 0
                    for _ in 0..<frequency {
                        position += reader.readVarUInt32()
                        positions.append(position)
                    }
                }
                positions.withUnsafeBufferPointer { buffer in
                    writer.addPosting(doc: doc, frequency: frequency, positions: buffer, norm: norms?[Int(doc)] ?? 0,
                                      isPublic: docValues.isPublic(Int(doc)), withPositions: field != .id)
                }
            }
            writer.finishTerm(key: key)
        }
        let info = try writer.finish(documentCount: documentCount, docValues: docValues, fieldStatistics: fieldStatistics, origin: "flush")
        var live: LiveDocs?
        if !deleted.isEmpty {
            var docs = LiveDocs(allLive: documentCount)
            for doc in deleted { docs.delete(doc) }
            live = docs
        }
        return (info, live)
    }
}

#if canImport(Glibc)
import Glibc
#endif

/// Writes the files of one segment: terms must arrive in key order with their postings in doc
/// order; stored documents in doc order (or already written by the buffer).
struct SegmentWriter {
    let directory: IndexDirectory
    let name: String
    private var terms: TermDictionaryWriter
    private var postings: PostingsWriter
    private var stored: StoredFieldsWriter

    init(directory: IndexDirectory, name: String, stored existing: StoredFieldsWriter? = nil) throws(IndexError) {
        self.directory = directory
        self.name = name
        terms = try TermDictionaryWriter(directory: directory, name: SegmentInfo.fileName(name, "tim"))
        postings = try PostingsWriter(
            directory: directory, postingsName: SegmentInfo.fileName(name, "doc"), positionsName: SegmentInfo.fileName(name, "pos"))
        if let existing {
            stored = existing
        } else {
            stored = try StoredFieldsWriter(directory: directory, name: SegmentInfo.fileName(name, "fdt"))
        }
    }

    mutating func startTerm() { postings.startTerm() }

    mutating func addPosting(doc: Int32, frequency: Int32, positions: UnsafeBufferPointer<UInt32>, norm: UInt8, isPublic: Bool, withPositions: Bool) {
        postings.add(doc: doc, frequency: frequency, positions: positions, norm: norm, isPublic: isPublic, withPositions: withPositions)
    }

    mutating func finishTerm(key: [UInt8]) {
        terms.add(key: key, entry: postings.finishTerm())
    }

    /// Ends a term that received no documents (all deleted during a merge): nothing is written.
    mutating func discardTerm() -> TermEntry { postings.finishTerm() }

    mutating func addStored(_ encoded: [UInt8]) throws(IndexError) { try stored.addEncoded(encoded) }

    mutating func finish(documentCount: Int, docValues: DocValuesBuilder, fieldStatistics: [FieldStatistics], origin: String) throws(IndexError) -> SegmentInfo {
        try terms.finish()
        try postings.finish()
        try stored.finish()
        try docValues.write(directory: directory, name: SegmentInfo.fileName(name, "dv"))
        var files: [String: Int] = [:]
        for fileExtension in SegmentInfo.extensions {
            let file = SegmentInfo.fileName(name, fileExtension)
            files[file] = directory.fileSize(file)
        }
        let info = SegmentInfo(
            name: name, documentCount: documentCount, schemaVersion: IndexDocument.schemaVersion, termCount: terms.termCount,
            fieldStatistics: fieldStatistics, origin: origin, files: files)
        try info.write(directory: directory)
        return info
    }
}
