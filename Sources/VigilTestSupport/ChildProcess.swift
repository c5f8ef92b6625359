import Foundation

/// Starting child processes from tests. Shared by the end-to-end and integration tests, whose threads block most
/// signals (and children inherit the mask), and where Foundation's Process did not reap children reliably.
public enum ChildProcess {
    /// Starts a process with stdin from /dev/null and output to the given files (or /dev/null); returns its pid.
    public static func spawn(_ path: String, _ arguments: [String], environment: [String: String], stdout: String = "/dev/null", stderr: String = "/dev/null") throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        // Test threads (like GCD's) block most signals, and a spawned process inherits that mask: tmux and
        // vigil would then never see SIGWINCH or SIGTERM. Start children with nothing blocked, default handlers.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t(), all = sigset_t()
        sigemptyset(&empty)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, path, &actions, &attributes, argv, envp)
        guard rc == 0 else { throw SpawnError(path: path, code: rc) }
        return pid
    }
}

/// What a finished child left: its exit status (128+N when killed by signal N) and its output.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

extension ChildProcess {
    /// Runs a command to completion with no terminal attached, killing it after `timeout` seconds.
    /// `environment` is added to this process's own.
    public static func run(_ path: String, _ arguments: [String], environment: [String: String] = [:],
                           timeout: TimeInterval = 60) throws -> ProcessResult {
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { _, new in new }
        let dir = FileManager.default.temporaryDirectory.path
        let outPath = "\(dir)/vigil-out-\(UUID().uuidString)", errPath = "\(dir)/vigil-err-\(UUID().uuidString)"
        defer { unlink(outPath); unlink(errPath) }
        let pid = try spawn(path, arguments, environment: env, stdout: outPath, stderr: errPath)
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { break }
            if r < 0 { throw SpawnError(path: path, code: errno) }
            if Date() > deadline { kill(pid, SIGKILL) }
            usleep(10_000)
        }
        let exitStatus: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return ProcessResult(status: exitStatus,
                             stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
                             stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
    }
}

extension ChildProcess {
    /// SIGTERM, then SIGKILL after `grace` seconds; waits for it and returns its exit status (128 + signal when killed).
    @discardableResult
    public static func terminate(_ pid: pid_t, grace: TimeInterval = 15) -> Int32 {
        kill(pid, SIGTERM)
        var status: Int32 = 0
        let deadline = Date().addingTimeInterval(grace)
        while waitpid(pid, &status, WNOHANG) == 0 {
            if Date() > deadline { kill(pid, SIGKILL) }
            usleep(20_000)
        }
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }
}

public struct SpawnError: Error, CustomStringConvertible {
    public let path: String
    public let code: Int32
    public var description: String { "could not start \(path): error \(code)" }
}
