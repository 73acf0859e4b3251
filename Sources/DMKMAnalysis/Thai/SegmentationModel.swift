import DMKMCore

/// Open-addressing table from hashed feature keys to weights (keys are never 0: every family
/// sets a tag bit, and 0 marks an empty slot).
struct HashedWeightTable: Sendable {
    private(set) var keys: [UInt64]
    private(set) var values: [Float]
    private let shift: UInt64
    private(set) var count = 0

    init(entries: [(key: UInt64, weight: Float)]) {
        var bits: UInt64 = 4
        while (1 << bits) < entries.count * 2 { bits += 1 }
        keys = [UInt64](repeating: 0, count: 1 << bits)
        values = [Float](repeating: 0, count: 1 << bits)
        shift = 64 - bits
        for entry in entries where entry.key != 0 { insert(entry.key, entry.weight) }
    }

    @inline(__always)
    private func slot(for key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift) }

    private mutating func insert(_ key: UInt64, _ weight: Float) {
        let mask = keys.count - 1
        var index = slot(for: key)
        while keys[index] != 0 && keys[index] != key { index = (index + 1) & mask }
        if keys[index] == 0 { count += 1 }
        keys[index] = key
        values[index] = weight
    }

    @inline(__always)
    func weight(for key: UInt64, keys keyBuffer: UnsafeBufferPointer<UInt64>, values valueBuffer: UnsafeBufferPointer<Float>) -> Float {
        let mask = keyBuffer.count - 1
        var index = slot(for: key)
        while true {
            let stored = keyBuffer[index]
            if stored == key { return valueBuffer[index] }
            if stored == 0 { return 0 }
            index = (index + 1) & mask
        }
    }

    var entries: [(key: UInt64, weight: Float)] {
        zip(keys, values).filter { $0.0 != 0 }.map { (key: $0.0, weight: $0.1) }.sorted { $0.key < $1.key }
    }
}

/// The learned part of the Thai segmenter: boundary-feature weights (an averaged perceptron)
/// and the word list learned with them. Stored as one checksummed binary file.
public struct SegmentationModel: Sendable {
    static let magic: [UInt8] = Array("DMKMTSEG".utf8)
    static let formatVersion: UInt32 = 1

    var directWeights: [Float]
    var hashedWeights: HashedWeightTable
    /// Words learned from the training data, used as the `learned` dictionary source.
    public internal(set) var learnedWords: [String]
    /// Provenance: what the model was trained on, with which settings, and its licence.
    public internal(set) var metadata: String

    init(directWeights: [Float], hashed: [(key: UInt64, weight: Float)], learnedWords: [String], metadata: String) {
        precondition(directWeights.count == BoundaryFeatures.directSlotCount)
        self.directWeights = directWeights
        self.hashedWeights = HashedWeightTable(entries: hashed)
        self.learnedWords = learnedWords
        self.metadata = metadata
    }

    public var featureCount: Int { directWeights.lazy.filter { $0 != 0 }.count + hashedWeights.count }

    public func encoded() -> [UInt8] {
        var writer = ByteWriter()
        writer.write(contentsOf: Self.magic)
        writer.write(Self.formatVersion)
        writer.writeString(metadata)
        writer.write(UInt32(BoundaryFeatures.directSlotCount))
        let nonzero = directWeights.enumerated().filter { $0.element != 0 }
        writer.writeVarUInt(UInt64(nonzero.count))
        var previous = 0
        for (slot, weight) in nonzero {
            writer.writeVarUInt(UInt64(slot - previous))  // slots ascend: store gaps
            writer.write(weight)
            previous = slot
        }
        let hashed = hashedWeights.entries
        writer.writeVarUInt(UInt64(hashed.count))
        for entry in hashed {
            writer.write(entry.key)
            writer.write(entry.weight)
        }
        writer.writeVarUInt(UInt64(learnedWords.count))
        for word in learnedWords { writer.writeString(word) }
        writer.writeChecksum()
        return writer.bytes
    }

    public enum DecodingError: Error, CustomStringConvertible {
        case notAModel
        case unsupportedVersion(UInt32)
        case incompatibleLayout(slots: UInt32)
        case corrupt(ByteReaderError)

        public var description: String {
            switch self {
            case .notAModel: return "not a DMKM Thai segmentation model (bad magic bytes)"
            case .unsupportedVersion(let version): return "segmentation model format version \(version) is not supported (expected \(SegmentationModel.formatVersion))"
            case .incompatibleLayout(let slots): return "segmentation model has \(slots) feature slots; this build expects \(BoundaryFeatures.directSlotCount) (retrain it)"
            case .corrupt(let error): return "segmentation model is corrupt: \(error)"
            }
        }
    }

    public init(decoding bytes: [UInt8]) throws(DecodingError) {
        guard bytes.count >= Self.magic.count + 8, Array(bytes.prefix(Self.magic.count)) == Self.magic else {
            throw .notAModel
        }
        do {
            try ByteReader.verifyTrailingChecksum(bytes)
            var reader = ByteReader(Array(bytes.dropLast(4)), offset: Self.magic.count)
            let version = try reader.read(UInt32.self)
            guard version == Self.formatVersion else { throw DecodingError.unsupportedVersion(version) }
            metadata = try reader.readString()
            let slots = try reader.read(UInt32.self)
            guard Int(slots) == BoundaryFeatures.directSlotCount else { throw DecodingError.incompatibleLayout(slots: slots) }
            var direct = [Float](repeating: 0, count: Int(slots))
            let nonzero = try reader.readVarUInt()
            var slot = 0
            for _ in 0..<nonzero {
                slot += Int(try reader.readVarUInt())
                guard slot < direct.count else {
                    throw ByteReaderError.malformed(offset: reader.offset, reason: "feature slot \(slot) out of range")
                }
                direct[slot] = try reader.readFloat()
            }
            directWeights = direct
            let hashedCount = try reader.readVarUInt()
            guard hashedCount <= UInt64(reader.remaining / 12) else {
                throw ByteReaderError.malformed(offset: reader.offset, reason: "hashed feature count \(hashedCount) too large")
            }
            var hashed: [(key: UInt64, weight: Float)] = []
            hashed.reserveCapacity(Int(hashedCount))
            for _ in 0..<hashedCount {
                let key = try reader.read(UInt64.self)
                hashed.append((key, try reader.readFloat()))
            }
            hashedWeights = HashedWeightTable(entries: hashed)
            let wordCount = try reader.readVarUInt()
            guard wordCount <= UInt64(reader.remaining) else {
                throw ByteReaderError.malformed(offset: reader.offset, reason: "word count \(wordCount) too large")
            }
            var words: [String] = []
            words.reserveCapacity(Int(wordCount))
            for _ in 0..<wordCount { words.append(try reader.readString()) }
            learnedWords = words
        } catch let error as DecodingError {
            throw error
        } catch let error as ByteReaderError {
            throw .corrupt(error)
        } catch {
            throw .notAModel
        }
    }
}
