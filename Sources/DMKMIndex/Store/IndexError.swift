/// Everything that can go wrong opening, reading or writing an index, each naming the file.
public enum IndexError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No commit exists in the directory.
    case noIndex(directory: String)
    /// A file is damaged: bad checksum, truncated, or inconsistent structure.
    case corrupt(file: String, detail: String)
    /// A file was written by an incompatible version of DMKM.
    case unsupportedFormat(file: String, detail: String)
    /// Another process holds the writer lock.
    case locked(directory: String, detail: String)
    /// An operating-system call failed.
    case io(path: String, operation: String, errno: Int32)
    /// A document could not be indexed.
    case invalidDocument(id: String, detail: String)
    /// The index path names something that is not a directory.
    case notADirectory(path: String)
    /// A failure that is not an operating-system call (so no errno to print).
    case failed(path: String, operation: String, detail: String)

    public var description: String {
        switch self {
        case .noIndex(let directory):
            return "no index in \(directory) (create one with: dmkm ingest FILE... --index \(directory))"
        case .corrupt(let file, let detail):
            return "index file \(file) is damaged: \(detail)"
        case .unsupportedFormat(let file, let detail):
            return "index file \(file) has an unsupported format: \(detail); rebuild the index by ingesting its sources into a new directory"
        case .locked(let directory, let detail):
            return "index \(directory) is locked by another writer (\(detail))"
        case .io(let path, let operation, let code):
            return "\(operation) \(path) failed: \(String(cString: strerror(code)))"
        case .invalidDocument(let id, let detail):
            return "document \(id): \(detail)"
        case .notADirectory(let path):
            return "\(path) is not a directory, so it cannot hold an index"
        case .failed(let path, let operation, let detail):
            return "\(operation) \(path) failed: \(detail)"
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
