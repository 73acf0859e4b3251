import Foundation

/// Finds the files to ingest under the given paths: directories are walked recursively in name
/// order; hidden entries, sidecars (NAME.meta.yaml / .yml / .json) and whatever a `.dmkmignore`
/// file in the walked directory lists (one glob a line: `README.md`, `*.tsv`, `tools/`) are left out.
public struct SourceWalker {
    public struct Source: Sendable, Equatable {
        /// The file, as a path the user can read (relative to where they ran the command if they
        /// gave a relative path).
        public var path: String
        public var url: URL
    }

    public static let ignoreFileName = ".dmkmignore"

    public init() {}

    public func sources(in paths: [String]) throws -> [Source] {
        var sources: [Source] = []
        var seen = Set<String>()
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: path])
            }
            let root = URL(fileURLWithPath: path)
            if !isDirectory.boolValue {
                if seen.insert(root.standardizedFileURL.path).inserted { sources.append(Source(path: path, url: root)) }
                continue
            }
            for relative in try walk(root, relative: "", ignores: ignorePatterns(in: root)) {
                let url = root.appendingPathComponent(relative)
                guard seen.insert(url.standardizedFileURL.path).inserted else { continue }
                let display = path.hasSuffix("/") ? path + relative : path + "/" + relative
                sources.append(Source(path: display, url: url))
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

    private func walk(_ directory: URL, relative: String, ignores: [String]) throws -> [String] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        var files: [String] = []
        for name in names where !name.hasPrefix(".") {
            let child = relative.isEmpty ? name : relative + "/" + name
            let url = directory.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                if ignores.contains(where: { Self.matches($0, path: child + "/") }) { continue }
                files += try walk(url, relative: child, ignores: ignores)
            } else {
                if Self.isSidecar(name) || ignores.contains(where: { Self.matches($0, path: child) }) { continue }
                files.append(child)
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
