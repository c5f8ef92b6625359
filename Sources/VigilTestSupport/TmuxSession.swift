import Foundation

/// A private tmux server with one session, driven like a person would: send keys, read the screen.
public final class TmuxSession {
    public let socket: String
    public let session = "vigil"
    /// Files (e.g. the console's log next to its store) whose text a timed-out wait adds to its error.
    public var logs: [String] = []

    public init(width: Int = 120, height: Int = 40, directory: URL) throws {
        socket = "vigil-test-\(UUID().uuidString.prefix(8))"
        try tmux(["new-session", "-d", "-x", "\(width)", "-y", "\(height)", "-s", session, "-c", directory.path])
        // Wider history is not needed; keep the pane exactly the window size.
        try tmux(["set-option", "-g", "status", "off"])
    }

    deinit { _ = try? tmux(["kill-server"]) }

    @discardableResult
    public func tmux(_ args: [String]) throws -> String {
        let r = try ChildProcess.run("/usr/bin/env", ["tmux", "-L", socket] + args, timeout: 20)
        if r.status != 0 { throw TmuxError(message: "tmux \(args.joined(separator: " ")): \(r.stderr)") }
        return r.stdout
    }

    /// Types a shell command line into the pane and presses Enter.
    public func type(_ line: String) throws {
        try tmux(["send-keys", "-t", session, "-l", line])
        try tmux(["send-keys", "-t", session, "Enter"])
    }

    public func press(_ keys: String...) throws {
        for key in keys { try tmux(["send-keys", "-t", session, key]) }
    }

    public func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", session]) }

    public func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", session, "-x", "\(width)", "-y", "\(height)"])
    }

    public func display(_ format: String) throws -> String {
        try tmux(["display-message", "-p", "-t", session, format]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Polls the screen until `predicate` holds; never a fixed sleep.
    @discardableResult
    public func waitFor(_ what: String, timeout: TimeInterval = 30, _ predicate: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if predicate(last) { return last }
            usleep(100_000)
        }
        let attached = logs.compactMap { path in
            (try? String(contentsOfFile: path, encoding: .utf8)).map { "\n\(path):\n\($0.suffix(4_000))" }
        }
        throw TmuxError(message: "timed out waiting for \(what); screen was:\n\(last)" + attached.joined())
    }

    /// Waits for the shell's "EXIT=<status>" line and returns the status.
    public func waitForExit(timeout: TimeInterval = 30) throws -> Int {
        let screen = try waitFor("vigil to exit", timeout: timeout) { $0.range(of: #"EXIT=\d+"#, options: .regularExpression) != nil }
        let match = screen[screen.range(of: #"EXIT=\d+"#, options: .regularExpression)!]
        return Int(match.dropFirst("EXIT=".count)) ?? -1
    }

    @discardableResult
    public func waitFor(text: String, timeout: TimeInterval = 30) throws -> String {
        try waitFor("'\(text)'", timeout: timeout) { $0.contains(text) }
    }
}

public struct TmuxError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
    public init(message: String) { self.message = message }
}
