import DMKMCore

/// Stored documents, zlib-compressed in chunks of about 32 KB, with a chunk index at the end.
/// Layout: header | chunk* | index (count, then per chunk: first doc, offset, compressed size,
/// raw size, CRC-32 of the compressed bytes) | index offset (UInt64) | footer.
struct StoredFieldsWriter {
    static let chunkTargetBytes = 32 * 1024

    private var output: FileOutput
    private var pending = ByteWriter()
    private var pendingFirstDoc: Int32 = 0
    private var pendingCount = 0
    private var nextDoc: Int32 = 0
    private var index = ByteWriter()
    private var chunkCount = 0

    init(directory: IndexDirectory, name: String) throws(IndexError) {
        output = try FileOutput(directory: directory, name: name)
        output.write(FileFormat.header(.storedFields))
    }

    mutating func add(_ document: IndexDocument) throws(IndexError) {
        var encoded = ByteWriter()
        DocumentCoding.encode(document, into: &encoded)
        try addEncoded(encoded.bytes)
    }

    /// Adds an already encoded document (merges copy documents without decoding them).
    mutating func addEncoded(_ bytes: [UInt8]) throws(IndexError) {
        if pendingCount == 0 { pendingFirstDoc = nextDoc }
        pending.writeVarUInt(UInt64(bytes.count))
        pending.write(contentsOf: bytes)
        pendingCount += 1
        nextDoc += 1
        if pending.count >= Self.chunkTargetBytes { try flushChunk() }
    }

    private mutating func flushChunk() throws(IndexError) {
        guard pendingCount > 0 else { return }
        let compressed: [UInt8]
        do { compressed = try Deflate.compress(pending.bytes, level: 1) } catch {
            throw IndexError.failed(path: output.name, operation: "compress", detail: "zlib refused the chunk")
        }
        index.writeVarUInt(UInt64(pendingFirstDoc))
        index.writeVarUInt(UInt64(output.position))
        index.writeVarUInt(UInt64(compressed.count))
        index.writeVarUInt(UInt64(pending.count))
        index.write(CRC32.checksum(compressed))
        output.write(compressed)
        chunkCount += 1
        pending = ByteWriter()
        pendingCount = 0
    }

    mutating func finish() throws(IndexError) {
        try flushChunk()
        let indexOffset = UInt64(output.position)
        var head = ByteWriter()
        head.writeVarUInt(UInt64(chunkCount))
        output.write(head)
        output.write(index)
        var tail = ByteWriter()
        tail.write(indexOffset)
        output.write(tail)
        try output.close()
    }
}

/// Reads stored documents; chunk locations are loaded at open, chunks on demand.
struct StoredFieldsReader: Sendable {
    struct Chunk: Sendable {
        var firstDoc: Int32
        var offset: Int
        var compressedSize: Int
        var rawSize: Int
        var checksum: UInt32
    }

    let file: MappedFile
    let chunks: [Chunk]
    let documentCount: Int

    var residentBytes: Int { chunks.capacity * MemoryLayout<Chunk>.stride }

    init(directory: IndexDirectory, name: String, documentCount: Int) throws(IndexError) {
        file = try MappedFile(directory: directory, name: name)
        let body = try FileFormat.checkFrame(file, kind: .storedFields)
        guard body.count >= 8 else { throw IndexError.corrupt(file: name, detail: "missing chunk index") }
        let indexOffset = Int(file.bytes.loadUnaligned(fromByteOffset: body.upperBound - 8, as: UInt64.self).littleEndian)
        guard indexOffset >= body.lowerBound, indexOffset <= body.upperBound - 8 else {
            throw IndexError.corrupt(file: name, detail: "chunk index offset \(indexOffset) out of range")
        }
        var reader = RawReader(file.bytes, range: indexOffset..<(body.upperBound - 8), fileName: name)
        let count = try reader.readVarUInt()
        guard count <= UInt64(body.count) else { throw IndexError.corrupt(file: name, detail: "bad chunk count \(count)") }
        var chunks: [Chunk] = []
        chunks.reserveCapacity(Int(count))
        for _ in 0..<count {
            let chunk = Chunk(
                firstDoc: try reader.readVarInt32(), offset: Int(try reader.readVarUInt()),
                compressedSize: Int(try reader.readVarUInt()), rawSize: Int(try reader.readVarUInt()),
                checksum: try reader.readUInt32())
            guard chunk.offset >= body.lowerBound, chunk.offset + chunk.compressedSize <= indexOffset,
                chunk.firstDoc >= (chunks.last.map { $0.firstDoc + 1 } ?? 0)
            else { throw IndexError.corrupt(file: name, detail: "chunk index entry out of range") }
            chunks.append(chunk)
        }
        guard documentCount == 0 || chunks.first?.firstDoc == 0 else {
            throw IndexError.corrupt(file: name, detail: "first chunk does not start at document 0")
        }
        self.chunks = chunks
        self.documentCount = documentCount
    }

    /// The encoded bytes of every document in the chunk holding `doc`, and that chunk's first doc.
    func chunk(containing doc: Int32) throws(IndexError) -> (firstDoc: Int32, documents: [[UInt8]]) {
        guard doc >= 0, Int(doc) < documentCount else {
            throw IndexError.corrupt(file: file.name, detail: "document \(doc) out of range")
        }
        var low = 0
        var high = chunks.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if chunks[middle].firstDoc <= doc { low = middle } else { high = middle - 1 }
        }
        let chunk = chunks[low]
        let compressed = UnsafeRawBufferPointer(rebasing: file.bytes[chunk.offset..<(chunk.offset + chunk.compressedSize)])
        guard CRC32.checksum(compressed) == chunk.checksum else {
            throw IndexError.corrupt(file: file.name, detail: "checksum mismatch in stored-fields chunk at byte \(chunk.offset)")
        }
        let raw: [UInt8]
        do { raw = try Deflate.decompress(compressed, expectedSize: chunk.rawSize) } catch {
            throw IndexError.corrupt(file: file.name, detail: "stored-fields chunk at byte \(chunk.offset) does not decompress")
        }
        var reader = ByteReader(raw)
        var documents: [[UInt8]] = []
        do {
            while !reader.isAtEnd {
                let length = Int(try reader.readVarUInt())
                documents.append(Array(try reader.readBytes(length)))
            }
        } catch {
            throw IndexError.corrupt(file: file.name, detail: "stored-fields chunk at byte \(chunk.offset): \(error)")
        }
        return (chunk.firstDoc, documents)
    }

    func encodedDocument(_ doc: Int32) throws(IndexError) -> [UInt8] {
        let (firstDoc, documents) = try chunk(containing: doc)
        let index = Int(doc - firstDoc)
        guard index < documents.count else { throw IndexError.corrupt(file: file.name, detail: "document \(doc) missing from its chunk") }
        return documents[index]
    }

    func document(_ doc: Int32) throws(IndexError) -> IndexDocument {
        let bytes = try encodedDocument(doc)
        var reader = ByteReader(bytes)
        do { return try DocumentCoding.decode(from: &reader) } catch {
            throw IndexError.corrupt(file: file.name, detail: "document \(doc) does not decode: \(error)")
        }
    }
}
