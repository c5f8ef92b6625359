import Foundation

/// What one `git` invocation left: its exit status (nil when killed at the timeout) and its output.
public struct GitOutput: Sendable, Equatable {
    public var exitStatus: Int32?
    public var stdout: String
    public var stderr: String

    public var succeeded: Bool { exitStatus == 0 }
}

/// Runs the `git` CLI read-only: the one way Vigil asks git anything (the git collector's commits, a dbt project's
/// HEAD). No shell (arguments are passed as they are), stdin from /dev/null, no prompts, no optional locks (a read
/// never refreshes the index of a repository someone is working in), killed with its process group after `timeout`.
/// Output is cut at `maxBytes`.
public enum GitCommand {
    public static func run(_ arguments: [String], timeout: TimeInterval = 10, maxBytes: Int = 1 << 20) -> GitOutput {
        let dir = FileManager.default.temporaryDirectory.path
        let outPath = "\(dir)/vigil-git-\(UUID().uuidString)", errPath = "\(dir)/vigil-git-err-\(UUID().uuidString)"
        defer { unlink(outPath); unlink(errPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own process group (the timeout kills what git started too); nothing blocked, default handlers.
        var empty = sigset_t(), all = sigset_t()
        sigemptyset(&empty)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_TERMINAL_PROMPT"] = "0"
        environment["GIT_OPTIONAL_LOCKS"] = "0"
        environment["LC_ALL"] = "C"
        environment["GIT_PAGER"] = "cat"
        let argv = (["git"] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, "git", &actions, &attributes, argv, envp)
        guard rc == 0 else {
            return GitOutput(exitStatus: nil, stdout: "", stderr: "could not start git (\(String(cString: strerror(rc))))")
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
        func read(_ path: String) -> String {
            guard let handle = FileHandle(forReadingAtPath: path) else { return "" }
            defer { try? handle.close() }
            let data = (try? handle.read(upToCount: maxBytes)) ?? nil
            return String(decoding: data ?? Data(), as: UTF8.self)
        }
        if timedOut {
            return GitOutput(exitStatus: nil, stdout: "", stderr: "git timed out after \(Int(timeout)) s")
        }
        let exit: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return GitOutput(exitStatus: exit, stdout: read(outPath), stderr: read(errPath))
    }

    /// The commit checked out in `directory`, when it is in a git work tree; nil otherwise (not a repository, no
    /// commit yet, git missing or slow).
    public static func head(of directory: String, timeout: TimeInterval = 5) -> String? {
        let out = run(["-C", directory, "rev-parse", "--verify", "--quiet", "HEAD"], timeout: timeout, maxBytes: 200)
        guard out.succeeded else { return nil }
        let sha = out.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        return sha.count >= 7 && sha.allSatisfy(\.isHexDigit) ? sha : nil
    }
}
