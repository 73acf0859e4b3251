import DMKMCore

/// A term as stored: the field's byte, then the term's UTF-8 bytes. Keys sort bytewise, so a
/// field's terms are contiguous and a prefix's terms are a contiguous range.
package enum TermKey {
    package static func make(field: IndexedField, term: some Sequence<UInt8>) -> [UInt8] {
        var key: [UInt8] = [field.rawValue]
        key.append(contentsOf: term)
        return key
    }

    static func compare(_ lhs: UnsafeRawBufferPointer, _ rhs: UnsafeRawBufferPointer) -> Int {
        let count = min(lhs.count, rhs.count)
        for index in 0..<count where lhs[index] != rhs[index] {
            return lhs[index] < rhs[index] ? -1 : 1
        }
        return lhs.count == rhs.count ? 0 : (lhs.count < rhs.count ? -1 : 1)
    }

    static func compare(_ lhs: UnsafeRawBufferPointer, _ rhs: [UInt8]) -> Int {
        let count = min(lhs.count, rhs.count)
        for index in 0..<count where lhs[index] != rhs[index] {
            return lhs[index] < rhs[index] ? -1 : 1
        }
        return lhs.count == rhs.count ? 0 : (lhs.count < rhs.count ? -1 : 1)
    }

    package static func compare(_ lhs: [UInt8], _ rhs: [UInt8]) -> Int {
        lhs.withUnsafeBytes { left in rhs.withUnsafeBytes { right in compare(left, right) } }
    }
}

/// Writes the sorted term dictionary (.tim): blocks of up to 32 prefix-compressed entries, then a
/// block index — a table of fixed-width records (offset, length, CRC-32, entry count and where
/// the block's first key is) followed by the first keys — that readers binary-search in place in
/// the mapped file: a lookup reads one block, and an open segment holds no per-term memory.
struct TermDictionaryWriter {
    static let blockSize = 32

    private var output: FileOutput
    private var block = ByteWriter()
    private var blockEntries = 0
    private var blockFirstKey: [UInt8] = []
    private var previousKey: [UInt8] = []
    private var previousEntry = TermEntry()
    private var index = ByteWriter()
    private var indexKeys = ByteWriter()
    private var blockCount = 0
    private(set) var termCount = 0

    init(directory: IndexDirectory, name: String) throws(IndexError) {
        output = try FileOutput(directory: directory, name: name)
        output.write(FileFormat.header(.termDictionary))
    }

    /// Adds a term; keys must arrive in strictly ascending byte order.
    mutating func add(key: [UInt8], entry: TermEntry) {
        precondition(termCount == 0 || TermKey.compare(previousKey, key) < 0, "terms must be added in ascending order")
        if blockEntries == 0 {
            blockFirstKey = key
            previousKey = []
            previousEntry = TermEntry()
        }
        var shared = 0
        let limit = min(previousKey.count, key.count)
        while shared < limit && previousKey[shared] == key[shared] { shared += 1 }
        block.writeVarUInt(UInt64(shared))
        block.writeVarUInt(UInt64(key.count - shared))
        block.write(contentsOf: key[shared...])
        block.writeVarUInt(UInt64(entry.docFreq))
        block.writeVarUInt(UInt64(entry.docFreq - entry.publicDocFreq))
        block.writeVarUInt(UInt64(entry.totalTermFreq - Int64(entry.docFreq)))
        block.writeVarUInt(UInt64(entry.docStart - previousEntry.docStart))
        block.writeVarUInt(UInt64(entry.docBytes))
        block.writeVarUInt(UInt64(entry.positionStart - previousEntry.positionStart))
        block.writeVarUInt(UInt64(entry.positionBytes))
        block.writeVarUInt(UInt64(entry.maxTermFreq))
        block.write(entry.minNorm)
        if entry.isSingleBlock {
            block.write(entry.docChecksum)
            block.write(entry.positionChecksum)
        }
        previousKey = key
        previousEntry = entry
        blockEntries += 1
        termCount += 1
        if blockEntries == Self.blockSize { flushBlock() }
    }

    private mutating func flushBlock() {
        guard blockEntries > 0 else { return }
        index.write(UInt64(output.position))
        index.write(UInt32(block.count))
        index.write(CRC32.checksum(block.bytes))
        index.write(UInt32(indexKeys.count))
        index.write(UInt16(blockFirstKey.count))
        index.write(UInt8(blockEntries))
        index.write(UInt8(0))
        indexKeys.write(contentsOf: blockFirstKey)
        output.write(block.bytes)
        block = ByteWriter()
        blockEntries = 0
        blockCount += 1
    }

    mutating func finish() throws(IndexError) {
        flushBlock()
        let indexStart = UInt64(output.position)
        var section = ByteWriter()
        section.writeVarUInt(UInt64(blockCount))
        section.writeVarUInt(UInt64(termCount))
        section.writeVarUInt(UInt64(indexKeys.count))
        section.write(contentsOf: index.bytes)
        section.write(contentsOf: indexKeys.bytes)
        output.write(section)
        // The index is checked whole when a reader opens (about 2 MB per 100k documents, a few
        // milliseconds); the blocks when first read.
        var tail = ByteWriter()
        tail.write(CRC32.checksum(section.bytes))
        tail.write(indexStart)
        output.write(tail)
        try output.close()
    }
}

/// Reads the term dictionary: exact lookups, prefix ranges and full scans, block by block.
package struct TermDictionaryReader: Sendable {
    /// Bytes per block index record: offset u64, length u32, CRC-32 u32, first-key offset u32,
    /// first-key length u16, entry count u8, one reserved byte.
    static let recordSize = 24

    let file: MappedFile
    /// Where the block index records and the first keys start in the file.
    private let tableStart: Int
    private let keysStart: Int
    private let verifiedBlocks: VerifiedBlocks
    let blockCount: Int
    let termCount: Int

    var residentBytes: Int { verifiedBlocks.residentBytes }

    init(directory: IndexDirectory, name: String) throws(IndexError) {
        file = try MappedFile(directory: directory, name: name)
        let body = try FileFormat.checkFrame(file, kind: .termDictionary)
        guard body.count >= 12 else { throw IndexError.corrupt(file: name, detail: "missing block index") }
        let indexStart = Int(file.bytes.loadUnaligned(fromByteOffset: body.upperBound - 8, as: UInt64.self).littleEndian)
        let indexEnd = body.upperBound - 12
        guard indexStart >= body.lowerBound, indexStart <= indexEnd else {
            throw IndexError.corrupt(file: name, detail: "block index offset out of range")
        }
        let indexChecksum = file.bytes.loadUnaligned(fromByteOffset: indexEnd, as: UInt32.self).littleEndian
        guard CRC32.checksum(UnsafeRawBufferPointer(rebasing: file.bytes[indexStart..<indexEnd])) == indexChecksum else {
            throw IndexError.corrupt(file: name, detail: "checksum mismatch in the block index at byte \(indexStart)")
        }
        var reader = RawReader(file.bytes, range: indexStart..<indexEnd, fileName: name)
        let count = Int(try reader.readVarUInt())
        termCount = Int(try reader.readVarUInt())
        let keysLength = Int(try reader.readVarUInt())
        tableStart = reader.offset
        guard count <= (indexEnd - tableStart) / Self.recordSize, keysLength == indexEnd - tableStart - count * Self.recordSize else {
            throw reader.corrupt("block index size does not match its \(count) blocks")
        }
        keysStart = tableStart + count * Self.recordSize
        blockCount = count
        verifiedBlocks = VerifiedBlocks(blockCount: count)
        // One pass over the records (not the blocks): every later read can trust them.
        var previousEnd = body.lowerBound
        for block in 0..<count {
            let record = tableStart + block * Self.recordSize
            let offset = blockOffset(block), length = blockLength(block)
            let keyOffset = Int(field(UInt32.self, record + 16)), keyLength = Int(field(UInt16.self, record + 20))
            let entries = Int(blockEntryCount(block))
            guard offset == previousEnd, offset + length <= indexStart, entries >= 1, entries <= TermDictionaryWriter.blockSize,
                keyLength >= 1, keyOffset + keyLength <= keysLength
            else { throw IndexError.corrupt(file: name, detail: "block index entry \(block) out of range at byte \(record)") }
            previousEnd = offset + length
        }
        guard previousEnd == indexStart else { throw reader.corrupt("block index does not cover the file") }
    }

    @inline(__always)
    private func field<T: FixedWidthInteger>(_ type: T.Type, _ offset: Int) -> T {
        T(littleEndian: file.bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
    }

    // Truncating: a crafted offset past Int.max becomes negative and fails the open's range check.
    private func blockOffset(_ block: Int) -> Int { Int(truncatingIfNeeded: field(UInt64.self, tableStart + block * Self.recordSize)) }
    private func blockLength(_ block: Int) -> Int { Int(field(UInt32.self, tableStart + block * Self.recordSize + 8)) }
    private func blockChecksum(_ block: Int) -> UInt32 { field(UInt32.self, tableStart + block * Self.recordSize + 12) }
    private func blockEntryCount(_ block: Int) -> UInt8 { field(UInt8.self, tableStart + block * Self.recordSize + 22) }

    private func firstKey(_ block: Int) -> UnsafeRawBufferPointer {
        let record = tableStart + block * Self.recordSize
        let start = keysStart + Int(field(UInt32.self, record + 16))
        return UnsafeRawBufferPointer(rebasing: file.bytes[start..<(start + Int(field(UInt16.self, record + 20)))])
    }

    /// The last block whose first key is ≤ `key` (or 0).
    func block(for key: [UInt8]) -> Int {
        var low = 0
        var high = blockCount - 1
        while low < high {
            let middle = (low + high + 1) / 2
            let comparison = TermKey.compare(firstKey(middle), key)
            if comparison <= 0 { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// Decodes one block's entries (keys and term entries), verifying its checksum.
    func entries(ofBlock block: Int) throws(IndexError) -> [(key: [UInt8], entry: TermEntry)] {
        var result: [(key: [UInt8], entry: TermEntry)] = []
        result.reserveCapacity(Int(blockEntryCount(block)))
        try visitEntries(ofBlock: block) { key, entry throws(IndexError) in
            result.append((Array(key), entry))
            return true
        }
        return result
    }

    /// Calls `body` with each entry of one block in key order (the key is only valid during the
    /// call) until it returns false, verifying the block's checksum first. Keys are rebuilt in
    /// one reused buffer: a lookup decodes up to a block of terms and needs none of them kept.
    private func visitEntries(
        ofBlock block: Int, _ body: (UnsafeRawBufferPointer, TermEntry) throws(IndexError) -> Bool
    ) throws(IndexError) {
        let start = blockOffset(block)
        let range = start..<(start + blockLength(block))
        if !verifiedBlocks.contains(block) {
            guard CRC32.checksum(UnsafeRawBufferPointer(rebasing: file.bytes[range])) == blockChecksum(block) else {
                throw IndexError.corrupt(file: file.name, detail: "checksum mismatch in term block at byte \(start)")
            }
            verifiedBlocks.insert(block)
        }
        var reader = RawReader(file.bytes, range: range, fileName: file.name)
        // A raw buffer rather than an Array: its bytes go to `body` without a rethrowing closure.
        var key = UnsafeMutableRawBufferPointer.allocate(byteCount: 256, alignment: 1)
        defer { key.deallocate() }
        var keyLength = 0
        var previous = TermEntry()
        let count = Int(blockEntryCount(block))
        for index in 0..<count {
            let shared = Int(try reader.readVarUInt())
            guard shared <= keyLength else { throw reader.corrupt("bad shared prefix") }
            let suffix = try reader.readLengthPrefixed()
            keyLength = shared + suffix.count
            if keyLength > key.count {
                let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: max(keyLength, key.count * 2), alignment: 1)
                larger.copyMemory(from: UnsafeRawBufferPointer(rebasing: key[0..<shared]))
                key.deallocate()
                key = larger
            }
            UnsafeMutableRawBufferPointer(rebasing: key[shared..<keyLength]).copyMemory(from: suffix)
            var entry = TermEntry()
            entry.docFreq = try reader.readVarInt32()
            let hidden = try reader.readVarInt32()
            guard hidden >= 0, hidden <= entry.docFreq else { throw reader.corrupt("more hidden documents than documents") }
            entry.publicDocFreq = entry.docFreq - hidden
            entry.totalTermFreq = Int64(entry.docFreq) + Int64(try reader.readVarUInt())
            entry.docStart = previous.docStart + Int(try reader.readVarUInt())
            entry.docBytes = Int(try reader.readVarUInt())
            entry.positionStart = previous.positionStart + Int(try reader.readVarUInt())
            entry.positionBytes = Int(try reader.readVarUInt())
            entry.maxTermFreq = try reader.readVarInt32()
            entry.minNorm = try reader.readByte()
            if entry.isSingleBlock {
                entry.docChecksum = try reader.readUInt32()
                entry.positionChecksum = try reader.readUInt32()
            }
            guard entry.docFreq > 0 else { throw reader.corrupt("term with no documents") }
            guard try body(UnsafeRawBufferPointer(rebasing: key[0..<keyLength]), entry) else { return }
            previous = entry
            if index == count - 1 { guard reader.isAtEnd else { throw reader.corrupt("term block longer than its entries") } }
        }
    }

    /// The entry of `key`, if the term exists.
    package func lookup(_ key: [UInt8]) throws(IndexError) -> TermEntry? {
        guard blockCount > 0 else { return nil }
        var found: TermEntry?
        try visitEntries(ofBlock: block(for: key)) { candidate, entry in
            let comparison = TermKey.compare(candidate, key)
            if comparison == 0 { found = entry }
            return comparison < 0
        }
        return found
    }

    /// Terms starting with `prefix` (a field byte plus term bytes), in order, at most `limit`.
    package func terms(withPrefix prefix: [UInt8], limit: Int) throws(IndexError) -> [(key: [UInt8], entry: TermEntry)] {
        guard blockCount > 0 else { return [] }
        var result: [(key: [UInt8], entry: TermEntry)] = []
        var block = block(for: prefix)
        while block < blockCount && result.count < limit {
            for item in try entries(ofBlock: block) {
                if item.key.starts(with: prefix) {
                    result.append(item)
                    if result.count >= limit { return result }
                } else if TermKey.compare(item.key, prefix) > 0 {
                    return result
                }
            }
            block += 1
        }
        return result
    }

    /// Every term in order (merges, verification).
    func forEachTerm(_ body: ([UInt8], TermEntry) throws(IndexError) -> Void) throws(IndexError) {
        for block in 0..<blockCount {
            for item in try entries(ofBlock: block) { try body(item.key, item.entry) }
        }
    }
}
