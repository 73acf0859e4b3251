/// Little-endian writer for DMKM's binary files (segmenter model, index segments).
public struct ByteWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    public var count: Int { bytes.count }

    public mutating func write(_ value: UInt8) { bytes.append(value) }

    public mutating func write<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    public mutating func write(_ value: Float) { write(value.bitPattern) }
    public mutating func write(_ value: Double) { write(value.bitPattern) }

    public mutating func write<Bytes: Sequence>(contentsOf raw: Bytes) where Bytes.Element == UInt8 {
        bytes.append(contentsOf: raw)
    }

    /// Variable-byte (LEB128) unsigned integer: 7 bits a byte, high bit = more bytes follow.
    public mutating func writeVarUInt(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    /// A length-prefixed UTF-8 string.
    public mutating func writeString(_ string: String) {
        let utf8 = Array(string.utf8)
        writeVarUInt(UInt64(utf8.count))
        bytes.append(contentsOf: utf8)
    }

    /// Appends the CRC-32 of everything written so far.
    public mutating func writeChecksum() {
        write(CRC32.checksum(bytes))
    }
}

/// Why a binary file could not be read.
public enum ByteReaderError: Error, Equatable, Sendable, CustomStringConvertible {
    case truncated(offset: Int, needed: Int)
    case malformed(offset: Int, reason: String)
    case checksumMismatch(expected: UInt32, actual: UInt32)

    public var description: String {
        switch self {
        case .truncated(let offset, let needed):
            return "file truncated at byte \(offset) (needed \(needed) more bytes)"
        case .malformed(let offset, let reason):
            return "malformed data at byte \(offset): \(reason)"
        case .checksumMismatch(let expected, let actual):
            return "checksum mismatch (stored \(hex(expected)), computed \(hex(actual)))"
        }
    }

    private func hex(_ value: UInt32) -> String { "0x" + String(value, radix: 16) }
}

/// Little-endian reader over a byte buffer; every read is bounds-checked.
public struct ByteReader: Sendable {
    public let bytes: [UInt8]
    public private(set) var offset: Int

    public init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    public var remaining: Int { bytes.count - offset }
    public var isAtEnd: Bool { offset >= bytes.count }

    private func require(_ count: Int) throws(ByteReaderError) {
        if count < 0 || remaining < count { throw .truncated(offset: offset, needed: count - remaining) }
    }

    public mutating func read<T: FixedWidthInteger>(_ type: T.Type = T.self) throws(ByteReaderError) -> T {
        let size = MemoryLayout<T>.size
        try require(size)
        var value: T = 0
        for index in 0..<size {
            value |= T(truncatingIfNeeded: bytes[offset + index]) << (8 * index)
        }
        offset += size
        return value
    }

    public mutating func readFloat() throws(ByteReaderError) -> Float {
        Float(bitPattern: try read(UInt32.self))
    }

    public mutating func readDouble() throws(ByteReaderError) -> Double {
        Double(bitPattern: try read(UInt64.self))
    }

    public mutating func readBytes(_ count: Int) throws(ByteReaderError) -> ArraySlice<UInt8> {
        try require(count)
        defer { offset += count }
        return bytes[offset..<(offset + count)]
    }

    public mutating func readVarUInt() throws(ByteReaderError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            try require(1)
            let byte = bytes[offset]
            offset += 1
            if shift == 63 && byte > 1 {
                throw .malformed(offset: offset - 1, reason: "variable-length integer overflows 64 bits")
            }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { throw .malformed(offset: offset - 1, reason: "variable-length integer too long") }
        }
    }

    public mutating func readString() throws(ByteReaderError) -> String {
        let start = offset
        let length = try readVarUInt()
        guard length <= UInt64(remaining) else { throw .truncated(offset: start, needed: Int(clamping: length)) }
        let raw = try readBytes(Int(length))
        guard let string = String(validating: raw, as: UTF8.self) else {
            throw .malformed(offset: start, reason: "string is not valid UTF-8")
        }
        return string
    }

    /// Checks the trailing CRC-32 (the last 4 bytes) against everything before it.
    public static func verifyTrailingChecksum(_ bytes: [UInt8]) throws(ByteReaderError) {
        guard bytes.count >= 4 else { throw .truncated(offset: bytes.count, needed: 4 - bytes.count) }
        let body = bytes[..<(bytes.count - 4)]
        var stored: UInt32 = 0
        for index in 0..<4 { stored |= UInt32(bytes[bytes.count - 4 + index]) << (8 * index) }
        let actual = CRC32.checksum(body)
        if stored != actual { throw .checksumMismatch(expected: stored, actual: actual) }
    }
}
