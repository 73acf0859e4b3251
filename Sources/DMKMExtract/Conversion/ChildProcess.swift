import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs a helper program (LibreOffice) from an extractor with a time limit. The program gets its
/// own process group, so on timeout the whole group (LibreOffice's launcher and the office
/// process it starts) is killed, not just the first process.
enum ChildProcess {
    struct Outcome {
        var status: Int32
        var timedOut: Bool
        /// What it wrote on stdout and stderr (the first 8 KiB).
        var output: String
    }

    /// The first executable named `names` on `PATH`, or nil.
    static func find(_ names: [String]) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            for name in names {
                let candidate = String(directory) + "/" + name
                if access(candidate, X_OK) == 0 { return candidate }
            }
        }
        return nil
    }

    /// Runs `executable` with `arguments`, stdin from /dev/null and stdout/stderr to `log`;
    /// waits at most `timeout` seconds.
    static func run(_ executable: String, _ arguments: [String], log: String, timeout: Double) throws(ExtractionError) -> Outcome {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)

        let argv = ([executable] + arguments).map { strdup($0) }
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = (argv + [nil]).withUnsafeBufferPointer { pointers -> Int32 in
            posix_spawn(&pid, executable, &actions, &attributes, UnsafeMutablePointer(mutating: pointers.baseAddress!), environ)
        }
        guard spawned == 0 else {
            throw ExtractionError(.unsupported, "cannot start \(executable): \(String(cString: strerror(spawned)))")
        }
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        var timedOut = false
        while true {
            let waited = waitpid(pid, &status, WNOHANG)
            if waited == pid || (waited < 0 && errno != EINTR) { break }
            if Date() >= deadline {
                kill(-pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                timedOut = true
                break
            }
            usleep(20_000)
        }
        // Whatever the launcher left behind in its group goes too.
        kill(-pid, SIGKILL)
        let output = (FileManager.default.contents(atPath: log)).map { String(decoding: $0.prefix(8192), as: UTF8.self) } ?? ""
        let exitStatus: Int32 = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return Outcome(status: exitStatus, timedOut: timedOut, output: output)
    }
}
