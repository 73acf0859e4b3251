import DMKMCore

/// Where a term's postings are and what bounds its scores: one entry of the term dictionary.
package struct TermEntry: Sendable, Equatable {
    /// Number of documents containing the term (deleted ones included).
    package var docFreq: Int32 = 0
    /// Of those, documents whose access is public (embargoed ones included: an embargo ends by
    /// the calendar, not by a write). Anonymous searches score with this count, so a score never
    /// reveals how often a word occurs in internal entries.
    package var publicDocFreq: Int32 = 0
    /// Total occurrences.
    package var totalTermFreq: Int64 = 0
    /// Start of the term's blocks in the postings file, and their length (the skip table, for
    /// terms with more than one block, follows them).
    var docStart: Int = 0
    var docBytes: Int = 0
    /// Start and length of the term's positions.
    var positionStart: Int = 0
    var positionBytes: Int = 0
    /// Largest term frequency, and smallest field-length norm, over the term's documents:
    /// together an upper bound on the term's score (dynamic pruning).
    package var maxTermFreq: Int32 = 0
    package var minNorm: UInt8 = 255
    /// Checksums of the only block, for terms in a single block (others keep them in skip entries).
    var docChecksum: UInt32 = 0
    var positionChecksum: UInt32 = 0

    var isSingleBlock: Bool { docFreq <= Int32(PostingsFormat.blockSize) }
}

package enum PostingsFormat {
    /// Documents per block; skip entries (one per block) let a cursor jump over blocks.
    package static let blockSize = 128
    /// Returned by cursors when no documents are left.
    package static let noMoreDocs = Int32.max
}

/// One skip entry: everything needed to skip or bound a block without decoding it.
package struct SkipEntry: Sendable {
    package var lastDoc: Int32
    var docOffset: Int  // relative to the term's docStart
    var docLength: Int
    var positionOffset: Int  // relative to the term's positionStart
    var positionLength: Int
    package var maxTermFreq: Int32
    package var minNorm: UInt8
    var docChecksum: UInt32
    var positionChecksum: UInt32
}

/// Writes the postings (.doc) and positions (.pos) files, one term after another.
/// Per block of 128 documents: doc-id deltas and frequencies as variable-byte integers; positions
/// per document as deltas. Terms with several blocks get a skip table after their blocks.
struct PostingsWriter {
    private var docOutput: FileOutput
    private var positionOutput: FileOutput
    let hasPositions: Bool

    private var blockDocs = ByteWriter()
    private var blockPositions = ByteWriter()
    private var blockCount = 0
    private var blockMaxTermFreq: Int32 = 0
    private var blockMinNorm: UInt8 = 255
    private var skipTable = ByteWriter()
    private var skipPreviousLastDoc: Int32 = -1
    private var previousDoc: Int32 = -1
    private var entry = TermEntry()
    private var docsInBlock = 0

    init(directory: IndexDirectory, postingsName: String, positionsName: String, hasPositions: Bool = true) throws(IndexError) {
        docOutput = try FileOutput(directory: directory, name: postingsName)
        positionOutput = try FileOutput(directory: directory, name: positionsName)
        docOutput.write(FileFormat.header(.postings))
        positionOutput.write(FileFormat.header(.positions))
        self.hasPositions = hasPositions
    }

    mutating func startTerm() {
        entry = TermEntry()
        entry.docStart = docOutput.position
        entry.positionStart = positionOutput.position
        blockCount = 0
        skipTable = ByteWriter()
        skipPreviousLastDoc = -1
        previousDoc = -1
        docsInBlock = 0
        blockMaxTermFreq = 0
        blockMinNorm = 255
    }

    /// Adds one document (ascending ids) with its positions in the field (ascending), the
    /// document's norm byte for the field and whether its access is public. `withPositions`
    /// false writes frequency only.
    mutating func add(
        doc: Int32, frequency: Int32, positions: UnsafeBufferPointer<UInt32>, norm: UInt8, isPublic: Bool, withPositions: Bool = true
    ) {
        blockDocs.writeVarUInt(UInt64(doc - previousDoc))
        blockDocs.writeVarUInt(UInt64(frequency))
        if hasPositions && withPositions {
            var previousPosition: UInt32 = 0
            for position in positions {
                blockPositions.writeVarUInt(UInt64(position - previousPosition))
                previousPosition = position
            }
        }
        previousDoc = doc
        entry.docFreq += 1
        if isPublic { entry.publicDocFreq += 1 }
        entry.totalTermFreq += Int64(frequency)
        entry.maxTermFreq = max(entry.maxTermFreq, frequency)
        entry.minNorm = min(entry.minNorm, norm)
        blockMaxTermFreq = max(blockMaxTermFreq, frequency)
        blockMinNorm = min(blockMinNorm, norm)
        docsInBlock += 1
        if docsInBlock == PostingsFormat.blockSize { flushBlock() }
    }

    private mutating func flushBlock() {
        guard docsInBlock > 0 else { return }
        let docChecksum = CRC32.checksum(blockDocs.bytes)
        let positionChecksum = CRC32.checksum(blockPositions.bytes)
        skipTable.writeVarUInt(UInt64(previousDoc - skipPreviousLastDoc))
        skipTable.writeVarUInt(UInt64(blockDocs.count))
        skipTable.writeVarUInt(UInt64(blockPositions.count))
        skipTable.writeVarUInt(UInt64(blockMaxTermFreq))
        skipTable.write(blockMinNorm)
        skipTable.write(docChecksum)
        skipTable.write(positionChecksum)
        entry.docChecksum = docChecksum
        entry.positionChecksum = positionChecksum
        docOutput.write(blockDocs.bytes)
        positionOutput.write(blockPositions.bytes)
        blockDocs = ByteWriter()
        blockPositions = ByteWriter()
        skipPreviousLastDoc = previousDoc
        // Doc ids restart from the previous block's last doc, which the skip entry records.
        blockCount += 1
        docsInBlock = 0
        blockMaxTermFreq = 0
        blockMinNorm = 255
    }

    mutating func finishTerm() -> TermEntry {
        flushBlock()
        entry.docBytes = docOutput.position - entry.docStart
        entry.positionBytes = positionOutput.position - entry.positionStart
        if blockCount > 1 {
            var head = ByteWriter()
            head.writeVarUInt(UInt64(blockCount))
            docOutput.write(head.bytes)
            docOutput.write(skipTable.bytes)
        }
        return entry
    }

    mutating func finish() throws(IndexError) {
        try docOutput.close()
        try positionOutput.close()
    }
}

/// The opened postings and positions files of a segment.
struct PostingsFiles: Sendable {
    let postings: MappedFile
    let positions: MappedFile
    let postingsBody: Range<Int>
    let positionsBody: Range<Int>
    /// Blocks already checksummed in this process (hot postings are read by query after query).
    let verifiedPostings = VerifiedOffsets()
    let verifiedPositions = VerifiedOffsets()

    var residentBytes: Int { 2 * VerifiedOffsets.residentBytes }

    init(directory: IndexDirectory, postingsName: String, positionsName: String) throws(IndexError) {
        postings = try MappedFile(directory: directory, name: postingsName)
        positions = try MappedFile(directory: directory, name: positionsName)
        postingsBody = try FileFormat.checkFrame(postings, kind: .postings)
        positionsBody = try FileFormat.checkFrame(positions, kind: .positions)
    }
}

/// Walks one term's documents in order: `next`, `advance(to:)` (skipping whole blocks),
/// frequencies, positions, and per-block score bounds. Every block's checksum is verified
/// before its bytes are used, so a damaged file raises an error instead of a wrong answer.
package struct PostingsCursor {
    let files: PostingsFiles
    package let entry: TermEntry
    private(set) var skips: [SkipEntry] = []
    // Raw views of the mapped files (kept alive by `files`), so decoding touches no references.
    private let postingsBytes: UnsafeRawBufferPointer
    private let positionsBytes: UnsafeRawBufferPointer

    package private(set) var doc: Int32 = -1
    private var blockIndex = -1
    // The current block, decoded; inline storage, so moving through it allocates nothing.
    private var docs = InlineArray<128, Int32>(repeating: 0)
    private var frequencies = InlineArray<128, Int32>(repeating: 0)
    private var blockDocCount = 0
    private var indexInBlock = -1
    private var blockLastDocs: Int32 = -1
    // Positions of the current block, decoded lazily up to `positionDocIndex`.
    private var positionOffset = 0
    private var positionEnd = 0
    private var positionDocIndex = 0
    private var positionBlockChecked = -1

    init(files: PostingsFiles, entry: TermEntry) throws(IndexError) {
        self.files = files
        self.entry = entry
        postingsBytes = files.postings.bytes
        positionsBytes = files.positions.bytes
        let postingsName = files.postings.name
        guard entry.docStart >= files.postingsBody.lowerBound, entry.docStart + entry.docBytes <= files.postingsBody.upperBound,
            entry.positionStart >= files.positionsBody.lowerBound,
            entry.positionStart + entry.positionBytes <= files.positionsBody.upperBound, entry.docFreq > 0
        else { throw IndexError.corrupt(file: postingsName, detail: "term postings out of file bounds") }
        if entry.isSingleBlock {
            skips = [SkipEntry(
                lastDoc: Int32.max, docOffset: 0, docLength: entry.docBytes, positionOffset: 0,
                positionLength: entry.positionBytes, maxTermFreq: entry.maxTermFreq, minNorm: entry.minNorm,
                docChecksum: entry.docChecksum, positionChecksum: entry.positionChecksum)]
        } else {
            var reader = RawReader(files.postings.bytes, range: (entry.docStart + entry.docBytes)..<files.postingsBody.upperBound, fileName: postingsName)
            let count = Int(try reader.readVarUInt())
            let expected = (Int(entry.docFreq) + PostingsFormat.blockSize - 1) / PostingsFormat.blockSize
            guard count == expected else { throw reader.corrupt("skip table has \(count) blocks, expected \(expected)") }
            skips.reserveCapacity(count)
            var lastDoc: Int32 = -1
            var docOffset = 0
            var positionOffset = 0
            for _ in 0..<count {
                lastDoc += try reader.readVarInt32()
                let docLength = Int(try reader.readVarUInt())
                let positionLength = Int(try reader.readVarUInt())
                let maxFrequency = try reader.readVarInt32()
                let minNorm = try reader.readByte()
                let docChecksum = try reader.readUInt32()
                let positionChecksum = try reader.readUInt32()
                skips.append(SkipEntry(
                    lastDoc: lastDoc, docOffset: docOffset, docLength: docLength, positionOffset: positionOffset,
                    positionLength: positionLength, maxTermFreq: maxFrequency, minNorm: minNorm,
                    docChecksum: docChecksum, positionChecksum: positionChecksum))
                docOffset += docLength
                positionOffset += positionLength
            }
            guard docOffset == entry.docBytes, positionOffset == entry.positionBytes else {
                throw reader.corrupt("skip table lengths do not add up")
            }
        }
    }

    /// Frequency of the term in the current document (stored, not computed, so scorers in other
    /// modules read it in place).
    package private(set) var frequency: Int32 = 0

    /// Score bound inputs for the block holding the current document.
    package var currentBlock: SkipEntry { skips[max(blockIndex, 0)] }

    /// Last document of the current block (for block-max pruning).
    package var currentBlockLastDoc: Int32 { blockLastDocs }

    private mutating func loadBlock(_ index: Int) throws(IndexError) {
        let skip = skips[index]
        let start = entry.docStart + skip.docOffset
        let bytes = UnsafeRawBufferPointer(rebasing: postingsBytes[start..<(start + skip.docLength)])
        if !files.verifiedPostings.contains(start) {
            guard CRC32.checksum(bytes) == skip.docChecksum else {
                throw IndexError.corrupt(file: files.postings.name, detail: "checksum mismatch in postings block at byte \(start)")
            }
            files.verifiedPostings.insert(start)
        }
        let remaining = Int(entry.docFreq) - index * PostingsFormat.blockSize
        let count = min(PostingsFormat.blockSize, remaining)
        var previous: Int32 = index == 0 ? -1 : skips[index - 1].lastDoc
        var offset = start
        let end = start + skip.docLength
        for slot in 0..<count {
            guard let delta = Self.varint(postingsBytes, &offset, end), delta > 0, delta <= UInt64(Int32.max) else {
                throw corruptBlock(start, "bad doc id delta")
            }
            previous += Int32(delta)
            docs[slot] = previous
            guard let frequency = Self.varint(postingsBytes, &offset, end), frequency > 0, frequency <= UInt64(Int32.max) else {
                throw corruptBlock(start, "bad term frequency")
            }
            frequencies[slot] = Int32(frequency)
        }
        guard offset == end else { throw corruptBlock(start, "postings block longer than its documents") }
        if !entry.isSingleBlock, previous != skip.lastDoc { throw corruptBlock(start, "block does not end at its skip entry") }
        blockIndex = index
        blockDocCount = count
        blockLastDocs = previous
        indexInBlock = -1
        positionDocIndex = 0
        positionOffset = entry.positionStart + skip.positionOffset
        positionEnd = positionOffset + skip.positionLength
    }

    private func corruptBlock(_ start: Int, _ detail: String) -> IndexError {
        .corrupt(file: files.postings.name, detail: "\(detail) in block at byte \(start)")
    }

    /// Decodes a variable-byte integer at `offset` (< `end`), or nil if it runs past `end`.
    @inline(__always)
    private static func varint(_ bytes: UnsafeRawBufferPointer, _ offset: inout Int, _ end: Int) -> UInt64? {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while offset < end {
            let byte = bytes[offset]
            offset += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
            if shift > 63 { return nil }
        }
        return nil
    }

    /// Moves to the next document; returns it, or `noMoreDocs`.
    @discardableResult
    package mutating func next() throws(IndexError) -> Int32 {
        if doc == PostingsFormat.noMoreDocs { return doc }
        if blockIndex < 0 || indexInBlock + 1 >= blockDocCount {
            let nextBlock = blockIndex + 1
            guard nextBlock < skips.count else {
                doc = PostingsFormat.noMoreDocs
                return doc
            }
            try loadBlock(nextBlock)
        }
        indexInBlock += 1
        doc = docs[indexInBlock]
        frequency = frequencies[indexInBlock]
        return doc
    }

    /// Moves to the first document ≥ `target`; returns it, or `noMoreDocs`.
    @discardableResult
    package mutating func advance(to target: Int32) throws(IndexError) -> Int32 {
        if doc >= target { return doc }
        if doc == PostingsFormat.noMoreDocs { return doc }
        // Skip whole blocks whose last document is below the target.
        var block = max(blockIndex, 0)
        if blockIndex < 0 || target > blockLastDocs {
            if blockIndex >= 0 { block = blockIndex + 1 }
            while block < skips.count - 1 && skips[block].lastDoc < target { block += 1 }
            guard block < skips.count else {
                doc = PostingsFormat.noMoreDocs
                return doc
            }
            if block != blockIndex { try loadBlock(block) }
        }
        while true {
            indexInBlock += 1
            if indexInBlock >= blockDocCount {
                guard blockIndex + 1 < skips.count else {
                    doc = PostingsFormat.noMoreDocs
                    return doc
                }
                try loadBlock(blockIndex + 1)
                continue
            }
            if docs[indexInBlock] >= target {
                doc = docs[indexInBlock]
                frequency = frequencies[indexInBlock]
                return doc
            }
        }
    }

    /// Positions of the current document in the field, ascending.
    package mutating func positions(into buffer: inout [UInt32]) throws(IndexError) {
        buffer.removeAll(keepingCapacity: true)
        if positionBlockChecked != blockIndex {
            let range = positionOffset..<positionEnd
            if !files.verifiedPositions.contains(positionOffset) {
                guard CRC32.checksum(UnsafeRawBufferPointer(rebasing: positionsBytes[range])) == skips[blockIndex].positionChecksum else {
                    throw IndexError.corrupt(file: files.positions.name, detail: "checksum mismatch in positions block at byte \(positionOffset)")
                }
                files.verifiedPositions.insert(positionOffset)
            }
            positionBlockChecked = blockIndex
        }
        if positionDocIndex > indexInBlock {
            // Only forward iteration is supported; restart the block if asked to go back.
            positionDocIndex = 0
            positionOffset = entry.positionStart + skips[blockIndex].positionOffset
        }
        while positionDocIndex < indexInBlock {
            for _ in 0..<frequencies[positionDocIndex] {
                guard Self.varint(positionsBytes, &positionOffset, positionEnd) != nil else {
                    throw IndexError.corrupt(file: files.positions.name, detail: "truncated positions at byte \(positionOffset)")
                }
            }
            positionDocIndex += 1
        }
        var position: UInt32 = 0
        for _ in 0..<frequencies[indexInBlock] {
            guard let delta = Self.varint(positionsBytes, &positionOffset, positionEnd) else {
                throw IndexError.corrupt(file: files.positions.name, detail: "truncated positions at byte \(positionOffset)")
            }
            position &+= UInt32(truncatingIfNeeded: delta)
            buffer.append(position)
        }
        positionDocIndex += 1
    }
}
