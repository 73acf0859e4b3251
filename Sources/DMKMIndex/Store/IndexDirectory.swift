import DMKMCore
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The folder that holds one index, and the durable file operations commits rely on:
/// write + fsync, atomic rename, directory fsync, and the single-writer lock.
public struct IndexDirectory: Sendable {
    public let url: URL
    public var path: String { url.path }

    public init(_ url: URL) { self.url = url.standardizedFileURL }
    public init(path: String) { self.init(URL(fileURLWithPath: path)) }

    public func filePath(_ name: String) -> String { url.appendingPathComponent(name).path }

    public func create() throws(IndexError) {
        try checkUsable(mustExist: false)
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            // Name the real reason: the nearest existing ancestor is not writable, or is a file.
            var ancestor = url.deletingLastPathComponent()
            while !FileManager.default.fileExists(atPath: ancestor.path) && ancestor.path != "/" { ancestor = ancestor.deletingLastPathComponent() }
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: ancestor.path, isDirectory: &isDirectory)
            if !isDirectory.boolValue { throw IndexError.notADirectory(path: ancestor.path) }
            throw IndexError.io(path: path, operation: "create directory", errno: access(ancestor.path, W_OK) == 0 ? EIO : errno)
        }
    }

    public var exists: Bool { FileManager.default.fileExists(atPath: path) }

    /// Fails with a clear error when the path cannot hold an index: it is a file, or (with
    /// `mustExist`) it does not exist.
    public func checkUsable(mustExist: Bool) throws(IndexError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw IndexError.notADirectory(path: path) }
        } else if mustExist {
            throw IndexError.noIndex(directory: path)
        }
    }

    public func listFiles() throws(IndexError) -> [String] {
        try checkUsable(mustExist: true)
        do { return try FileManager.default.contentsOfDirectory(atPath: path) } catch {
            throw IndexError.io(path: path, operation: "list", errno: access(path, R_OK) == 0 ? EIO : errno)
        }
    }

    public func fileExists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: filePath(name)) }

    public func fileSize(_ name: String) -> Int {
        var info = stat()
        return stat(filePath(name), &info) == 0 ? Int(info.st_size) : 0
    }

    public func remove(_ name: String) {
        unlink(filePath(name))
    }

    /// Makes renames and new files in the directory durable.
    public func syncDirectory() throws(IndexError) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY)
        guard descriptor >= 0 else { throw IndexError.io(path: path, operation: "open directory", errno: errno) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw IndexError.io(path: path, operation: "fsync directory", errno: errno) }
    }

    /// Writes `name` so that it either has the new content or does not change: temp file,
    /// fsync, rename over the target, fsync the directory.
    public func writeAtomically(_ name: String, bytes: [UInt8]) throws(IndexError) {
        let temporary = name + ".tmp"
        var output = try FileOutput(directory: self, name: temporary)
        output.write(bytes)
        try output.close(addFooter: false)
        guard rename(filePath(temporary), filePath(name)) == 0 else {
            let code = errno
            remove(temporary)
            throw IndexError.io(path: filePath(name), operation: "rename", errno: code)
        }
        try syncDirectory()
    }

    /// Reads a whole (small) file.
    public func read(_ name: String) throws(IndexError) -> [UInt8] {
        let file = try MappedFile(directory: self, name: name)
        return Array(file.bytes)
    }
}

/// The exclusive writer lock (`write.lock`, an advisory flock): released by the kernel when the
/// process dies, so a crash never leaves a stale lock behind.
public final class WriterLock: @unchecked Sendable {
    private let descriptor: Int32
    public static let fileName = "write.lock"

    public init(directory: IndexDirectory) throws(IndexError) {
        let path = directory.filePath(Self.fileName)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw IndexError.io(path: path, operation: "open lock", errno: errno) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            var buffer = [UInt8](repeating: 0, count: 64)
            let count = pread(descriptor, &buffer, 64, 0)
            close(descriptor)
            let holder = count > 0 ? String(decoding: buffer.prefix(count), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : "unknown"
            throw IndexError.locked(directory: directory.path, detail: "held by \(holder)")
        }
        let note = Array("pid \(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pwrite(descriptor, note, note.count, 0)
        self.descriptor = descriptor
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}

/// A file written from start to end with a running CRC-32; `close` appends the standard footer,
/// fsyncs and closes. Writes are buffered (1 MB).
public struct FileOutput {
    public let name: String
    private let descriptor: Int32
    private let path: String
    private var buffer: [UInt8] = []
    private var crc = CRC32()
    public private(set) var position = 0
    private var failure: Int32 = 0

    public init(directory: IndexDirectory, name: String) throws(IndexError) {
        self.name = name
        path = directory.filePath(name)
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw IndexError.io(path: path, operation: "create", errno: errno) }
        buffer.reserveCapacity(1 << 20)
    }

    public mutating func write(_ bytes: some Sequence<UInt8>) {
        let before = buffer.count
        buffer.append(contentsOf: bytes)
        position += buffer.count - before
        if buffer.count >= 1 << 20 { flush() }
    }

    public mutating func write(_ writer: ByteWriter) { write(writer.bytes) }

    private mutating func flush() {
        guard !buffer.isEmpty else { return }
        crc.update(buffer)
        var offset = 0
        while offset < buffer.count && failure == 0 {
            let written = buffer[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                failure = errno
            } else {
                offset += written
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Appends the footer (unless `addFooter` is false), fsyncs and closes.
    public mutating func close(addFooter: Bool = true) throws(IndexError) {
        flush()
        if addFooter {
            var footer = ByteWriter()
            footer.write(crc.value)
            footer.write(contentsOf: FileFormat.footerMagic)
            buffer = footer.bytes
            position += buffer.count
            flush()
        }
        defer { Glibc.close(descriptor) }
        guard failure == 0 else { throw IndexError.io(path: path, operation: "write", errno: failure) }
        guard fsync(descriptor) == 0 else { throw IndexError.io(path: path, operation: "fsync", errno: errno) }
    }
}

/// A read-only memory-mapped file. Pages are loaded on demand, so opening a large index reads
/// only what queries touch.
public final class MappedFile: @unchecked Sendable {
    public let name: String
    public let bytes: UnsafeRawBufferPointer
    private let base: UnsafeMutableRawPointer?
    private let length: Int

    public init(directory: IndexDirectory, name: String) throws(IndexError) {
        self.name = name
        let path = directory.filePath(name)
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw IndexError.io(path: path, operation: "open", errno: errno) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw IndexError.io(path: path, operation: "stat", errno: errno) }
        length = Int(info.st_size)
        if length == 0 {
            base = nil
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        let mapped = mmap(nil, length, PROT_READ, MAP_SHARED, descriptor, 0)
        guard let mapped, mapped != MAP_FAILED else { throw IndexError.io(path: path, operation: "mmap", errno: errno) }
        base = mapped
        bytes = UnsafeRawBufferPointer(start: mapped, count: length)
    }

    deinit {
        if let base { munmap(base, length) }
    }
}
