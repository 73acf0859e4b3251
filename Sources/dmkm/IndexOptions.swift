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
    } catch let error as CocoaError {
        printError("dmkm: \(describe(error))")
        throw ExitCode.failure
    } catch {
        printError("dmkm: \(error)")
        throw ExitCode.failure
    }
}

/// Foundation's file errors in one plain line: what failed, on which path, and why.
func describe(_ error: CocoaError) -> String {
    let path = error.filePath ?? error.url?.path ?? "(unknown path)"
    let reason: String
    if let posix = error.userInfo[NSUnderlyingErrorKey] as? NSError, posix.domain == NSPOSIXErrorDomain {
        reason = String(cString: strerror(Int32(posix.code))).lowercased()
    } else {
        switch error.code {
        case .fileWriteNoPermission, .fileReadNoPermission: reason = "permission denied"
        case .fileNoSuchFile, .fileReadNoSuchFile:
            // Usually a missing or non-folder parent when writing: say which.
            let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
            var isDirectory: ObjCBool = false
            if !FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory) {
                reason = "folder \(parent) does not exist"
            } else if !isDirectory.boolValue {
                reason = "\(parent) is a file, not a folder"
            } else {
                reason = "no such file or directory"
            }
        case .fileWriteOutOfSpace: reason = "no space left on device"
        case .fileWriteVolumeReadOnly: reason = "read-only file system"
        case .fileWriteFileExists: reason = "a file with that name already exists"
        default: reason = "file operation failed (code \(error.code.rawValue))"
        }
    }
    let verb = (256..<512).contains(error.code.rawValue) ? "cannot read" : (512..<1024).contains(error.code.rawValue) ? "cannot write" : "cannot open"
    return "\(verb) \(path): \(reason)"
}

func isTerminal(_ descriptor: Int32) -> Bool { isatty(descriptor) != 0 }
