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
/// block index (first key, offset, length and CRC-32 of each block) that readers keep in memory —
/// about one key per 32 terms, so a lookup reads one block and never the whole dictionary.
struct TermDictionaryWriter {
    static let blockSize = 32

    private var output: FileOutput
    private var block = ByteWriter()
    private var blockEntries = 0
    private var blockFirstKey: [UInt8] = []
    private var previousKey: [UInt8] = []
    private var previousEntry = TermEntry()
    private var index = ByteWriter()
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
        index.writeVarUInt(UInt64(blockFirstKey.count))
        index.write(contentsOf: blockFirstKey)
        index.writeVarUInt(UInt64(output.position))
        index.writeVarUInt(UInt64(block.count))
        index.writeVarUInt(UInt64(blockEntries))
        index.write(CRC32.checksum(block.bytes))
        output.write(block.bytes)
        block = ByteWriter()
        blockEntries = 0
        blockCount += 1
    }

    mutating func finish() throws(IndexError) {
        flushBlock()
        let indexStart = UInt64(output.position)
        var head = ByteWriter()
        head.writeVarUInt(UInt64(blockCount))
        head.writeVarUInt(UInt64(termCount))
        output.write(head)
        output.write(index)
        var tail = ByteWriter()
        tail.write(indexStart)
        output.write(tail)
        try output.close()
    }
}

/// Reads the term dictionary: exact lookups, prefix ranges and full scans, block by block.
package struct TermDictionaryReader: Sendable {
    let file: MappedFile
    /// All blocks' first keys, concatenated; `firstKeyOffsets[i]..<firstKeyOffsets[i+1]` is block i's.
    private let firstKeys: [UInt8]
    private let firstKeyOffsets: [Int32]
    private let blockOffsets: [Int]
    private let blockLengths: [Int32]
    private let blockEntryCounts: [UInt8]
    private let blockChecksums: [UInt32]
    private let verifiedBlocks: VerifiedBlocks
    let termCount: Int

    var blockCount: Int { blockOffsets.count }

    init(directory: IndexDirectory, name: String) throws(IndexError) {
        file = try MappedFile(directory: directory, name: name)
        let body = try FileFormat.checkFrame(file, kind: .termDictionary)
        guard body.count >= 8 else { throw IndexError.corrupt(file: name, detail: "missing block index") }
        let indexStart = Int(file.bytes.loadUnaligned(fromByteOffset: body.upperBound - 8, as: UInt64.self).littleEndian)
        guard indexStart >= body.lowerBound, indexStart <= body.upperBound - 8 else {
            throw IndexError.corrupt(file: name, detail: "block index offset out of range")
        }
        let indexRange = indexStart..<(body.upperBound - 8)
        var reader = RawReader(file.bytes, range: indexRange, fileName: name)
        let count = Int(try reader.readVarUInt())
        termCount = Int(try reader.readVarUInt())
        guard count <= indexRange.count else { throw reader.corrupt("bad block count") }
        var keys: [UInt8] = []
        var keyOffsets: [Int32] = [0]
        var offsets: [Int] = []
        var lengths: [Int32] = []
        var entryCounts: [UInt8] = []
        var checksums: [UInt32] = []
        offsets.reserveCapacity(count)
        var previousEnd = body.lowerBound
        for _ in 0..<count {
            let key = try reader.readLengthPrefixed()
            guard key.count >= 1 else { throw reader.corrupt("empty block key") }
            keys.append(contentsOf: key)
            keyOffsets.append(Int32(keys.count))
            let offset = Int(try reader.readVarUInt())
            let length = Int(try reader.readVarUInt())
            let entries = Int(try reader.readVarUInt())
            guard offset == previousEnd, offset + length <= indexStart, entries >= 1, entries <= TermDictionaryWriter.blockSize else {
                throw reader.corrupt("block index entry out of range")
            }
            previousEnd = offset + length
            offsets.append(offset)
            lengths.append(Int32(length))
            entryCounts.append(UInt8(entries))
            checksums.append(try reader.readUInt32())
        }
        guard previousEnd == indexStart, reader.isAtEnd else { throw reader.corrupt("block index does not cover the file") }
        firstKeys = keys
        firstKeyOffsets = keyOffsets
        blockOffsets = offsets
        blockLengths = lengths
        blockEntryCounts = entryCounts
        blockChecksums = checksums
        verifiedBlocks = VerifiedBlocks(blockCount: offsets.count)
    }

    private func firstKey(_ block: Int) -> ArraySlice<UInt8> {
        firstKeys[Int(firstKeyOffsets[block])..<Int(firstKeyOffsets[block + 1])]
    }

    /// The last block whose first key is ≤ `key` (or 0).
    func block(for key: [UInt8]) -> Int {
        var low = 0
        var high = blockCount - 1
        while low < high {
            let middle = (low + high + 1) / 2
            let comparison = firstKey(middle).withUnsafeBytes { first in key.withUnsafeBytes { TermKey.compare(first, $0) } }
            if comparison <= 0 { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// Decodes one block's entries (keys and term entries), verifying its checksum.
    func entries(ofBlock block: Int) throws(IndexError) -> [(key: [UInt8], entry: TermEntry)] {
        var result: [(key: [UInt8], entry: TermEntry)] = []
        result.reserveCapacity(Int(blockEntryCounts[block]))
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
        let start = blockOffsets[block]
        let range = start..<(start + Int(blockLengths[block]))
        if !verifiedBlocks.contains(block) {
            guard CRC32.checksum(UnsafeRawBufferPointer(rebasing: file.bytes[range])) == blockChecksums[block] else {
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
        let count = Int(blockEntryCounts[block])
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
