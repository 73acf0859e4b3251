import Foundation

/// Counts and rates of an ingest run, and the progress line shown on a terminal.
public struct IngestProgress: Sendable {
    public var documents = 0
    public var failures = 0
    public var skipped = 0
    public var bytesRead = 0
    public var totalBytes = 0
    public let started = Date()

    public init(totalBytes: Int = 0) { self.totalBytes = totalBytes }

    public var elapsedSeconds: Double { max(Date().timeIntervalSince(started), 1e-6) }
    public var megabytesPerSecond: Double { Double(bytesRead) / 1_000_000 / elapsedSeconds }
    public var documentsPerSecond: Double { Double(documents) / elapsedSeconds }

    /// "  12,345 docs · 45.2 MB · 18.3 MB/s · ETA 0:42"
    public var line: String {
        var parts = ["\(Self.grouped(documents)) docs", String(format: "%.1f MB", Double(bytesRead) / 1_000_000),
                     String(format: "%.1f MB/s", megabytesPerSecond)]
        if failures > 0 { parts.append("\(failures) failed") }
        if totalBytes > 0 && bytesRead > 0 && bytesRead < totalBytes {
            let remaining = Double(totalBytes - bytesRead) / max(Double(bytesRead) / elapsedSeconds, 1)
            parts.append("ETA " + Self.duration(remaining))
            parts.append(String(format: "%.0f%%", 100 * Double(bytesRead) / Double(totalBytes)))
        }
        return "  " + parts.joined(separator: " · ")
    }

    public static func grouped(_ value: Int) -> String {
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.groupingSeparator = ","
        return formatter.string(from: NSNumber(value: value)) ?? String(value)
    }

    public static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        return total >= 3600 ? String(format: "%d:%02d:%02d", total / 3600, total / 60 % 60, total % 60)
            : String(format: "%d:%02d", total / 60, total % 60)
    }
}

/// One input that could not be indexed, and why.
public struct IngestFailure: Sendable, Codable, Equatable {
    public var source: String
    /// Line number for JSONL records.
    public var line: Int?
    public var reason: String

    public init(source: String, line: Int? = nil, reason: String) {
        self.source = source
        self.line = line
        self.reason = reason
    }

    public var description: String { line.map { "\(source):\($0): \(reason)" } ?? "\(source): \(reason)" }
}
