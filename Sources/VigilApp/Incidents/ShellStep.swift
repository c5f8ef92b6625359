import Foundation
import VigilCollectors

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
        let r = BoundedProcess.run(["/bin/sh", "-c", command], mergeStderr: true, timeout: timeout, keep: .tail(64 * 1024))
        if r.startError != nil { return ShellResult(exitStatus: nil, output: "could not start /bin/sh", timedOut: false) }
        var text = TypedText.block(String(decoding: r.stdout, as: UTF8.self))
        if text.count > 2_000 { text = "…" + String(text.suffix(2_000)) }
        return ShellResult(exitStatus: r.exitStatus, output: text, timedOut: r.timedOut)
    }
}
