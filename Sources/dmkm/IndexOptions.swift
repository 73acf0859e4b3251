import ArgumentParser
import DMKMAnalysis
import DMKMIndex
import Foundation

/// `--index DIR`, shared by every subcommand that touches an index.
struct IndexOptions: ParsableArguments {
    @Option(name: .customLong("index"), help: "Index directory.")
    var path = "index"

    var directory: IndexDirectory { IndexDirectory(path: path) }
}

/// A failure already explained to the user on stderr: exit with status 1 without more output.
struct ReportedFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// Turns library errors into one clear line on stderr and exit status 1 (2 for usage errors).
func runReportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as ExitCode {
        throw error
    } catch let error as ValidationError {
        throw error
    } catch let error as CleanExit {
        throw error
    } catch {
        printError("dmkm: \(error)")
        throw ExitCode.failure
    }
}

func isTerminal(_ descriptor: Int32) -> Bool { isatty(descriptor) != 0 }
