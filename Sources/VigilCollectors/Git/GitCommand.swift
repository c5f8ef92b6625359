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
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_TERMINAL_PROMPT"] = "0"
        environment["GIT_OPTIONAL_LOCKS"] = "0"
        environment["LC_ALL"] = "C"
        environment["GIT_PAGER"] = "cat"
        let r = BoundedProcess.run(["git"] + arguments, environment: environment, timeout: timeout, keep: .head(maxBytes))
        if let error = r.startError { return GitOutput(exitStatus: nil, stdout: "", stderr: error) }
        if r.timedOut { return GitOutput(exitStatus: nil, stdout: "", stderr: "git timed out after \(Int(timeout)) s") }
        return GitOutput(exitStatus: r.exitStatus, stdout: String(decoding: r.stdout, as: UTF8.self),
                         stderr: String(decoding: r.stderr, as: UTF8.self))
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
