import Foundation

/// What a runbook command did: its exit status (nil when killed at the timeout) and its output.
public struct ShellResult: Sendable, Equatable {
    public var exitStatus: Int32?
    public var output: String
    public var timedOut: Bool

    public var succeeded: Bool { exitStatus == 0 }

    /// "exit 0" / "exit 2" / "timed out after 60 s", then the output's last lines (at most 2,000 characters).
    public var summary: String {
        let head = timedOut ? "timed out" : "exit \(exitStatus.map(String.init) ?? "?")"
        let body = output.isEmpty ? "" : "\n" + output
        return head + body
    }
}

/// Runs a runbook step's command with `/bin/sh -c`, stdin from /dev/null, stdout and stderr together, killed after
/// `timeout` seconds. Output is cleaned of escape sequences and cut to its last 2,000 characters (the end of a
/// command's output is where the answer usually is).
public enum ShellStep {
    public static func run(_ command: String, timeout: TimeInterval = 60) -> ShellResult {
        let outPath = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-step-\(UUID().uuidString)").path
        defer { unlink(outPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own process group, so the timeout kills what the command started too; default signal handling.
        var empty = sigset_t(), all = sigset_t()
        sigemptyset(&empty)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))
        let words: [String] = ["/bin/sh", "-c", command]
        let argv = words.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, "/bin/sh", &actions, &attributes, argv, environ) == 0 else {
            return ShellResult(exitStatus: nil, output: "could not start /bin/sh", timedOut: false)
        }
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        var timedOut = false
        while waitpid(pid, &status, WNOHANG) == 0 {
            if Date() > deadline && !timedOut {
                kill(-pid, SIGKILL)
                timedOut = true
            }
            usleep(20_000)
        }
        let exit: Int32? = timedOut ? nil : ((status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f))
        let raw = (try? Data(contentsOf: URL(fileURLWithPath: outPath))) ?? Data()
        var text = TypedText.block(String(decoding: raw.suffix(64 * 1024), as: UTF8.self))
        if text.count > 2_000 { text = "…" + String(text.suffix(2_000)) }
        return ShellResult(exitStatus: exit, output: text, timedOut: timedOut)
    }
}
