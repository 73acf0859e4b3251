import Foundation
import Testing

@testable import DMKMAnalysis

/// Shared fixtures: the standard analyzer is built once (it reads the system dictionaries).
enum Fixtures {
    static let analyzer: Analyzer = {
        do { return try Analyzer.standard() } catch { fatalError("cannot build the standard analyzer: \(error)") }
    }()

    /// `../shared` beside the package checkout (CI has it there too).
    static var sharedDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared")
    }

    /// The package checkout (for files under `bench/data`).
    static var packageDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    static func surfaces(_ text: String) -> [String] { analyzer.tokens(in: text).map(\.surface) }
    static func terms(_ text: String) -> [String] { analyzer.terms(in: text) }
}
