import Synchronization

/// Which blocks of an immutable file have passed their checksum: a block read by many queries
/// (a term dictionary block is read by every lookup of its 32 terms) is checksummed once per
/// process instead of once per read. One bit per block, set with relaxed atomics: two readers
/// verifying the same block at once both compute the checksum, which is harmless.
final class VerifiedBlocks: @unchecked Sendable {
    private let words: UnsafeMutablePointer<Atomic<UInt64>>
    private let wordCount: Int
    var residentBytes: Int { wordCount * MemoryLayout<UInt64>.size }

    init(blockCount: Int) {
        wordCount = max(1, (blockCount + 63) / 64)
        words = .allocate(capacity: wordCount)
        for index in 0..<wordCount { (words + index).initialize(to: Atomic(0)) }
    }

    deinit {
        words.deinitialize(count: wordCount)
        words.deallocate()
    }

    func contains(_ block: Int) -> Bool {
        words[block >> 6].load(ordering: .relaxed) & (1 << UInt64(block & 63)) != 0
    }

    func insert(_ block: Int) {
        words[block >> 6].bitwiseOr(1 << UInt64(block & 63), ordering: .relaxed)
    }
}

/// Which blocks of an immutable file, named by their start offset, have passed their checksum
/// lately: postings and positions blocks sit at arbitrary offsets and a file may hold millions,
/// so instead of a bit per block this is a fixed-size direct-mapped table (256 KiB per file)
/// whose slot keeps the offset of the last block verified there. A block whose slot another
/// block took is simply checksummed again; a slot never claims a block that was not verified.
final class VerifiedOffsets: @unchecked Sendable {
    private static let slotBits = 15
    static let residentBytes = (1 << slotBits) * MemoryLayout<UInt64>.size
    private let slots: UnsafeMutablePointer<Atomic<UInt64>>

    init() {
        slots = .allocate(capacity: 1 << Self.slotBits)
        for index in 0..<(1 << Self.slotBits) { (slots + index).initialize(to: Atomic(0)) }
    }

    deinit {
        slots.deinitialize(count: 1 << Self.slotBits)
        slots.deallocate()
    }

    /// Fibonacci hashing: the top bits of offset × 2⁶⁴/φ spread neighbouring offsets apart.
    @inline(__always)
    private func slot(_ offset: Int) -> Int {
        Int(truncatingIfNeeded: (UInt64(truncatingIfNeeded: offset) &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - Self.slotBits))
    }

    func contains(_ offset: Int) -> Bool {
        slots[slot(offset)].load(ordering: .relaxed) == UInt64(truncatingIfNeeded: offset) &+ 1
    }

    func insert(_ offset: Int) {
        slots[slot(offset)].store(UInt64(truncatingIfNeeded: offset) &+ 1, ordering: .relaxed)
    }
}
