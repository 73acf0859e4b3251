import DMKMCore
import Foundation

/// The asset store: a copy of every submitted original inside the index directory
/// (`originals/<first two hex digits>/<sha256>`), addressed by content like DSpace's asset store.
/// Downloads and `dmkm publish` read only from here, so they survive moving or deleting the
/// source folder, and no path outside the repository is ever read on a reader's behalf.
/// Files are written once (temporary file, fsync, rename) and removed only by the index's writer.
public struct OriginalStore: Sendable {
    public static let folderName = "originals"
    public let root: URL

    public init(index: IndexDirectory) {
        root = index.url.appendingPathComponent(Self.folderName)
    }

    /// Where the file with `digest` is kept (the digest is checked, so the path stays inside the store).
    func location(_ digest: String) -> URL? {
        guard OriginalFile.isDigest(digest) else { return nil }
        return root.appendingPathComponent(String(digest.prefix(2))).appendingPathComponent(digest)
    }

    /// Keeps `bytes` (once per content) and returns the reference an entry stores.
    public func store(_ bytes: [UInt8], name: String) throws(IndexError) -> OriginalFile {
        let digest = ContentDigest.sha256(bytes)
        let original = OriginalFile(sha256: digest, name: Self.safeFileName(name), byteCount: bytes.count)
        let target = location(digest)!
        if let existing = try? FileManager.default.attributesOfItem(atPath: target.path)[.size] as? Int, existing == bytes.count {
            return original
        }
        let folder = IndexDirectory(target.deletingLastPathComponent())
        try folder.create()
        try folder.writeAtomically(digest, bytes: bytes)
        return original
    }

    /// The stored copy of `original`, if the store holds it.
    public func url(for original: OriginalFile) -> URL? {
        guard let url = location(original.sha256), FileManager.default.fileExists(atPath: url.path) else { return nil }
        return url
    }

    /// The stored bytes of `original`.
    public func contents(of original: OriginalFile) -> Data? {
        url(for: original).flatMap { try? Data(contentsOf: $0, options: .mappedIfSafe) }
    }

    /// Digests of every stored file.
    public func storedDigests() -> [String] {
        guard let folders = try? FileManager.default.contentsOfDirectory(atPath: root.path) else { return [] }
        var digests: [String] = []
        for folder in folders where folder.utf8.count == 2 {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)) ?? []
            digests += names.filter { OriginalFile.isDigest($0) && $0.hasPrefix(folder) }
        }
        return digests.sorted()
    }

    /// Deletes stored files whose digest is not in `referenced` (and leftover temporary files);
    /// returns how many were removed. Only the index's writer calls this, under its lock.
    @discardableResult
    public func removeUnreferenced(keeping referenced: Set<String>) -> Int {
        guard let folders = try? FileManager.default.contentsOfDirectory(atPath: root.path) else { return 0 }
        var removed = 0
        for folder in folders {
            let folderURL = root.appendingPathComponent(folder)
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folderURL.path)) ?? [] {
                let isStale = name.hasSuffix(".tmp") || (OriginalFile.isDigest(name) && !referenced.contains(name))
                if isStale, (try? FileManager.default.removeItem(at: folderURL.appendingPathComponent(name))) != nil { removed += 1 }
            }
            if (try? FileManager.default.contentsOfDirectory(atPath: folderURL.path))?.isEmpty == true {
                try? FileManager.default.removeItem(at: folderURL)
            }
        }
        return removed
    }

    /// A file name safe to keep and to offer for download: its last path component, letters,
    /// digits, combining marks (Thai vowels and tones) and `._-` only (others become `-`), at most 120 characters.
    public static func safeFileName(_ name: String) -> String {
        let base = name.split(separator: "/").last.map(String.init) ?? ""
        var cleaned = String.UnicodeScalarView()
        for scalar in base.unicodeScalars {
            let kept = scalar.properties.isAlphabetic || scalar.properties.numericType != nil
                || [.nonspacingMark, .spacingMark].contains(scalar.properties.generalCategory) || "._-".unicodeScalars.contains(scalar)
            cleaned.append(kept ? scalar : "-")
        }
        let result = String(cleaned).trimmingCharacters(in: CharacterSet(charactersIn: ".-"))
        return result.isEmpty ? "original" : String(result.prefix(120))
    }
}
