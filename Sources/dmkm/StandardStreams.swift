#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads standard input line by line as raw bytes, so memory is bounded by the longest line
/// and invalid UTF-8 can be repaired (and counted) instead of aborting.
struct LineReader {
    private var buffer = [UInt8](repeating: 0, count: 1 << 16)
    private var pending: [UInt8] = []
    private var pendingStart = 0
    private var finished = false
    let fileDescriptor: Int32

    init(fileDescriptor: Int32 = 0) { self.fileDescriptor = fileDescriptor }

    /// The next line without its terminator (`\n` or `\r\n`), or nil at end of input.
    mutating func nextLine() -> ArraySlice<UInt8>? {
        while true {
            if let newline = pending[pendingStart...].firstIndex(of: 0x0A) {
                var line = pending[pendingStart..<newline]
                pendingStart = newline + 1
                if line.last == 0x0D { line = line.dropLast() }
                return line
            }
            if finished {
                guard pendingStart < pending.count else { return nil }
                let line = pending[pendingStart...]
                pendingStart = pending.count
                return line.last == 0x0D ? line.dropLast() : line
            }
            if pendingStart > 0 {
                pending.removeFirst(pendingStart)
                pendingStart = 0
            }
            let count = buffer.withUnsafeMutableBytes { read(fileDescriptor, $0.baseAddress, $0.count) }
            if count <= 0 {
                finished = true
            } else {
                pending.append(contentsOf: buffer[0..<count])
            }
        }
    }
}

/// Buffered standard output (one write per 64 KB instead of one per token).
struct OutputBuffer {
    private var bytes: [UInt8] = []
    private let fileDescriptor: Int32

    init(fileDescriptor: Int32 = 1) {
        self.fileDescriptor = fileDescriptor
        bytes.reserveCapacity(1 << 16)
    }

    mutating func write(_ string: some StringProtocol) {
        bytes.append(contentsOf: string.utf8)
        if bytes.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(fileDescriptor, $0.baseAddress, $0.count) }
            if written <= 0 { break }
            offset += written
        }
        bytes.removeAll(keepingCapacity: true)
    }
}

/// Writes a line (or, with `terminator: ""`, a partial line) to standard error.
func printError(_ message: String, terminator: String = "\n") {
    var output = OutputBuffer(fileDescriptor: 2)
    output.write(message + terminator)
    output.flush()
}
