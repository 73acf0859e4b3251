/// Bounds-checked little-endian reader over mapped bytes (the hot path of term and postings
/// decoding). Running past the end throws instead of reading foreign memory.
struct RawReader {
    let bytes: UnsafeRawBufferPointer
    var offset: Int
    let end: Int
    let fileName: String

    init(_ bytes: UnsafeRawBufferPointer, range: Range<Int>, fileName: String) {
        self.bytes = bytes
        self.offset = range.lowerBound
        self.end = range.upperBound
        self.fileName = fileName
    }

    var isAtEnd: Bool { offset >= end }

    func corrupt(_ detail: String) -> IndexError { .corrupt(file: fileName, detail: "\(detail) at byte \(offset)") }

    @inline(__always)
    mutating func readVarUInt() throws(IndexError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < end else { throw corrupt("truncated variable-length integer") }
            let byte = bytes[offset]
            offset += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
            guard shift < 64 else { throw corrupt("variable-length integer too long") }
        }
    }

    @inline(__always)
    mutating func readVarInt32() throws(IndexError) -> Int32 {
        let value = try readVarUInt()
        guard value <= UInt64(Int32.max) else { throw corrupt("value \(value) out of range") }
        return Int32(value)
    }

    @inline(__always)
    mutating func readByte() throws(IndexError) -> UInt8 {
        guard offset < end else { throw corrupt("truncated") }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func readUInt32() throws(IndexError) -> UInt32 {
        guard offset + 4 <= end else { throw corrupt("truncated") }
        defer { offset += 4 }
        return bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self).littleEndian
    }

    mutating func readUInt64() throws(IndexError) -> UInt64 {
        guard offset + 8 <= end else { throw corrupt("truncated") }
        defer { offset += 8 }
        return bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self).littleEndian
    }

    mutating func readBytes(_ count: Int) throws(IndexError) -> UnsafeRawBufferPointer {
        guard count >= 0, offset + count <= end else { throw corrupt("truncated (needed \(count) bytes)") }
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)])
    }

    mutating func readLengthPrefixed() throws(IndexError) -> UnsafeRawBufferPointer {
        let length = try readVarUInt()
        guard length <= UInt64(end - offset) else { throw corrupt("length \(length) past end of data") }
        return try readBytes(Int(length))
    }

    mutating func readString() throws(IndexError) -> String {
        let raw = try readLengthPrefixed()
        guard let string = String(validating: raw, as: UTF8.self) else { throw corrupt("string is not valid UTF-8") }
        return string
    }
}
