import DMKMCore

/// Which documents of a segment are live (not deleted). Segments are immutable; deletions are
/// written as a new generation of this file.
package struct LiveDocs: Sendable, Equatable {
    private(set) var words: [UInt64]
    let count: Int
    private(set) var deletedCount = 0

    init(allLive count: Int) {
        self.count = count
        words = [UInt64](repeating: ~0, count: (count + 63) / 64)
        if count % 64 != 0, !words.isEmpty { words[words.count - 1] = (1 << UInt64(count % 64)) - 1 }
    }

    @inline(__always)
    package func isLive(_ doc: Int32) -> Bool { words[Int(doc) >> 6] & (1 << UInt64(doc & 63)) != 0 }

    /// Marks `doc` deleted; returns false if it already was.
    @discardableResult
    mutating func delete(_ doc: Int32) -> Bool {
        guard isLive(doc) else { return false }
        words[Int(doc) >> 6] &= ~(1 << UInt64(doc & 63))
        deletedCount += 1
        return true
    }

    package var liveCount: Int { count - deletedCount }

    var residentBytes: Int { words.capacity * MemoryLayout<UInt64>.size }

    func write(directory: IndexDirectory, name: String) throws(IndexError) {
        var writer = ByteWriter(capacity: words.count * 8 + 32)
        writer.write(contentsOf: FileFormat.header(.liveDocs))
        writer.writeVarUInt(UInt64(count))
        writer.writeVarUInt(UInt64(deletedCount))
        for word in words { writer.write(word) }
        var output = try FileOutput(directory: directory, name: name)
        output.write(writer)
        try output.close()
    }

    static func read(directory: IndexDirectory, name: String, expectedCount: Int) throws(IndexError) -> LiveDocs {
        let file = try MappedFile(directory: directory, name: name)
        let body = try FileFormat.checkFrame(file, kind: .liveDocs)
        try FileFormat.verifyChecksum(file)
        var reader = RawReader(file.bytes, range: body, fileName: name)
        let count = Int(try reader.readVarUInt())
        guard count == expectedCount else { throw reader.corrupt("holds \(count) documents, segment has \(expectedCount)") }
        let deleted = Int(try reader.readVarUInt())
        var live = LiveDocs(allLive: count)
        for index in 0..<live.words.count { live.words[index] = try reader.readUInt64() }
        live.deletedCount = live.words.reduce(0) { $0 + $1.nonzeroBitCount }
        live.deletedCount = count - live.deletedCount
        guard live.deletedCount == deleted, reader.isAtEnd else { throw reader.corrupt("deleted count does not match the bitmap") }
        return live
    }
}
