import Foundation

/// The process's own memory as the kernel counts it, for writers that must stay within a budget
/// whatever else the process holds (open segments, merges, queues).
public enum ProcessMemory {
    /// Resident anonymous memory (heap and stacks, not mapped files) in bytes, from
    /// /proc/self/status; nil where that is unavailable.
    public static func anonymousBytes() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("RssAnon:") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 2, let kibibytes = Int(fields[1]) else { return nil }
            return kibibytes * 1024
        }
        return nil
    }
}
