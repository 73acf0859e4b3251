import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Finds the files to ingest under the given paths: directories are walked recursively in name
/// order; hidden entries, sidecars (NAME.meta.yaml / .yml / .json) and whatever a `.dmkmignore`
/// file in the walked directory lists (one glob a line: `README.md`, `*.tsv`, `tools/`) are left out.
public struct SourceWalker {
    public struct Source: Sendable, Equatable {
        /// The file, as a path the user can read (relative to where they ran the command if they
        /// gave a relative path).
        public var path: String
        public var url: URL
        /// Why the entry cannot be read as a file (a broken symbolic link, a FIFO, …): such
        /// entries are reported as failures, never skipped without a word.
        public var problem: String?
    }

    public static let ignoreFileName = ".dmkmignore"

    public init() {}

    /// What a path is, following symbolic links.
    enum Kind: Equatable {
        case file, directory, missing, brokenLink
        case special(String)
    }

    static func kind(of path: String) -> (kind: Kind, device: UInt64, inode: UInt64) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            var link = stat()
            return (lstat(path, &link) == 0 ? .brokenLink : .missing, 0, 0)
        }
        let device = UInt64(info.st_dev), inode = UInt64(info.st_ino)
        switch info.st_mode & S_IFMT {
        case S_IFREG: return (.file, device, inode)
        case S_IFDIR: return (.directory, device, inode)
        case S_IFIFO: return (.special("a named pipe (FIFO)"), device, inode)
        case S_IFSOCK: return (.special("a socket"), device, inode)
        case S_IFCHR, S_IFBLK: return (.special("a device"), device, inode)
        default: return (.special("not a regular file"), device, inode)
        }
    }

    static func problem(for kind: Kind, path: String) -> String? {
        switch kind {
        case .file, .directory: return nil
        case .missing: return "no such file or directory"
        case .brokenLink:
            let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?"
            return "broken symbolic link (its target \(target) does not exist)"
        case .special(let what): return "not a regular file: \(what)"
        }
    }

    public func sources(in paths: [String]) throws -> [Source] {
        var sources: [Source] = []
        var seen = Set<String>()
        for path in paths {
            let (kind, device, inode) = Self.kind(of: path)
            guard kind != .missing else {
                throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: path])
            }
            let root = URL(fileURLWithPath: path)
            if kind != .directory {
                if seen.insert(root.standardizedFileURL.path).inserted {
                    sources.append(Source(path: path, url: root, problem: Self.problem(for: kind, path: path)))
                }
                continue
            }
            var visited: Set<[UInt64]> = [[device, inode]]
            for (relative, problem) in try walk(root, relative: "", ignores: ignorePatterns(in: root), visited: &visited) {
                let url = root.appendingPathComponent(relative)
                guard seen.insert(url.standardizedFileURL.path).inserted else { continue }
                let display = path.hasSuffix("/") ? path + relative : path + "/" + relative
                sources.append(Source(path: display, url: url, problem: problem))
            }
        }
        return sources
    }

    static func isSidecar(_ name: String) -> Bool {
        name.hasSuffix(".meta.yaml") || name.hasSuffix(".meta.yml") || name.hasSuffix(".meta.json")
    }

    private func ignorePatterns(in directory: URL) -> [String] {
        guard let text = try? String(contentsOf: directory.appendingPathComponent(Self.ignoreFileName), encoding: .utf8) else { return [] }
        return text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }

    /// Files under `directory` (relative paths), each with the problem that keeps it from being
    /// read, if any. Directories reached twice through symbolic links are walked once.
    private func walk(_ directory: URL, relative: String, ignores: [String], visited: inout Set<[UInt64]>) throws -> [(String, String?)] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        var files: [(String, String?)] = []
        for name in names where !name.hasPrefix(".") {
            let child = relative.isEmpty ? name : relative + "/" + name
            let url = directory.appendingPathComponent(name)
            let (kind, device, inode) = Self.kind(of: url.path)
            if kind == .directory {
                if ignores.contains(where: { Self.matches($0, path: child + "/") }) { continue }
                guard visited.insert([device, inode]).inserted else { continue }
                files += try walk(url, relative: child, ignores: ignores, visited: &visited)
            } else {
                if Self.isSidecar(name) || ignores.contains(where: { Self.matches($0, path: child) }) { continue }
                files.append((child, Self.problem(for: kind, path: url.path)))
            }
        }
        return files
    }

    /// gitignore-like matching: a pattern without "/" matches the last path component; with "/"
    /// it matches the path from the walked root; a trailing "/" matches directories only.
    static func matches(_ pattern: String, path: String) -> Bool {
        let isDirectoryPattern = pattern.hasSuffix("/")
        if isDirectoryPattern != path.hasSuffix("/") { return false }
        let cleanPattern = isDirectoryPattern ? String(pattern.dropLast()) : pattern
        let cleanPath = path.hasSuffix("/") ? String(path.dropLast()) : path
        if cleanPattern.contains("/") {
            return fnmatch(cleanPattern.hasPrefix("/") ? String(cleanPattern.dropFirst()) : cleanPattern, cleanPath, 0) == 0
        }
        let name = cleanPath.split(separator: "/").last.map(String.init) ?? cleanPath
        return fnmatch(cleanPattern, name, 0) == 0
    }
}
