import Synchronization

/// Which blocks of an immutable file have passed their checksum: a block read by many queries
/// (a term dictionary block is read by every lookup of its 32 terms) is checksummed once per
/// process instead of once per read. One bit per block, set with relaxed atomics: two readers
/// verifying the same block at once both compute the checksum, which is harmless.
final class VerifiedBlocks: @unchecked Sendable {
    private let words: UnsafeMutablePointer<Atomic<UInt64>>
    private let wordCount: Int

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
