import SystemZlib

/// zlib (RFC 1950) compression for stored fields. The zlib stream's own Adler-32 check means a
/// damaged block is reported as an error, never returned as wrong text.
public enum Deflate {
    public struct Failure: Error, CustomStringConvertible {
        public var code: Int32
        public var description: String { "zlib error \(code)" }
    }

    public static func compress(_ input: [UInt8], level: Int32 = 6) throws(Failure) -> [UInt8] {
        var capacity = compressBound(uLong(input.count))
        var output = [UInt8](repeating: 0, count: Int(capacity))
        let status = output.withUnsafeMutableBufferPointer { out in
            input.withUnsafeBufferPointer { source in
                compress2(out.baseAddress, &capacity, source.baseAddress, uLong(source.count), level)
            }
        }
        guard status == Z_OK else { throw Failure(code: status) }
        output.removeSubrange(Int(capacity)...)
        return output
    }

    /// Inflates into exactly `expectedSize` bytes (stored beside the block, so a damaged size
    /// or stream fails here instead of producing garbage).
    public static func decompress(_ input: UnsafeRawBufferPointer, expectedSize: Int) throws(Failure) -> [UInt8] {
        guard expectedSize >= 0, expectedSize <= 1 << 30 else { throw Failure(code: Z_DATA_ERROR) }
        var output = [UInt8](repeating: 0, count: max(expectedSize, 1))
        var length = uLong(expectedSize)
        let status = output.withUnsafeMutableBufferPointer { out in
            uncompress(out.baseAddress, &length, input.baseAddress?.assumingMemoryBound(to: UInt8.self), uLong(input.count))
        }
        guard status == Z_OK, Int(length) == expectedSize else { throw Failure(code: status == Z_OK ? Z_DATA_ERROR : status) }
        if expectedSize == 0 { output.removeAll() }
        return output
    }
}
