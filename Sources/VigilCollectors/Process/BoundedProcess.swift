import Foundation

/// Runs a program to completion with no terminal and bounded in time and output: the one way Vigil starts a child
/// process (`git` for changes, a runbook step's shell command). Stdin is /dev/null; stdout and stderr go to private
/// temporary files (stderr into stdout when `mergeStderr`); the child gets its own process group, nothing blocked
/// and default signal handlers, and the whole group is killed at `timeout`. No shell is involved: `arguments[0]` is
/// the program (looked up in PATH when it has no slash).
public enum BoundedProcess {
    /// Which end of a long output to keep.
    public enum Keep: Sendable {
        case head(Int)
        case tail(Int)
    }

    public struct Result: Sendable, Equatable {
        /// The exit status (128 + signal when killed by one); nil when it could not start or timed out.
        public var exitStatus: Int32?
        public var stdout: Data
        public var stderr: Data
        public var timedOut: Bool
        /// Why it could not start, when it could not.
        public var startError: String?
    }

    public static func run(_ arguments: [String], environment: [String: String]? = nil, mergeStderr: Bool = false,
                           timeout: TimeInterval, keep: Keep) -> Result {
        let dir = FileManager.default.temporaryDirectory.path
        let outPath = "\(dir)/vigil-out-\(UUID().uuidString)", errPath = "\(dir)/vigil-err-\(UUID().uuidString)"
        defer { unlink(outPath); unlink(errPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        if mergeStderr {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        } else {
            posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t(), all = sigset_t()
        sigemptyset(&empty)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = (environment ?? ProcessInfo.processInfo.environment).map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, envp)
        guard rc == 0 else {
            return Result(exitStatus: nil, stdout: Data(), stderr: Data(), timedOut: false,
                          startError: "could not start \(arguments[0]) (\(String(cString: strerror(rc))))")
        }
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        var timedOut = false
        while waitpid(pid, &status, WNOHANG) == 0 {
            if Date() > deadline && !timedOut {
                kill(-pid, SIGKILL)
                timedOut = true
            }
            usleep(5_000)
        }
        let exit: Int32? = timedOut ? nil : ((status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f))
        return Result(exitStatus: exit, stdout: read(outPath, keep), stderr: mergeStderr ? Data() : read(errPath, keep),
                      timedOut: timedOut, startError: nil)
    }

    private static func read(_ path: String, _ keep: Keep) -> Data {
        guard let handle = FileHandle(forReadingAtPath: path) else { return Data() }
        defer { try? handle.close() }
        switch keep {
        case .head(let n):
            return ((try? handle.read(upToCount: n)) ?? nil) ?? Data()
        case .tail(let n):
            let size = (try? handle.seekToEnd()) ?? 0
            try? handle.seek(toOffset: size > UInt64(n) ? size - UInt64(n) : 0)
            return ((try? handle.readToEnd()) ?? nil) ?? Data()
        }
    }
}
