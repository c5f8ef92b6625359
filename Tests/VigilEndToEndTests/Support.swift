import Foundation
import Testing
import VigilTestSupport

/// Locates the built `vigil` executable: $VIGIL_BIN, else next to the test bundle in the build folder.
enum VigilBinary {
    static var path: String {
        if let env = ProcessInfo.processInfo.environment["VIGIL_BIN"], !env.isEmpty { return env }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("vigil").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/vigil").path
    }
}

/// Runs a command to completion with no terminal attached (see ChildProcess.run).
func runProcess(_ path: String, _ arguments: [String], environment: [String: String] = [:], timeout: TimeInterval = 60) throws -> ProcessResult {
    try ChildProcess.run(path, arguments, environment: environment, timeout: timeout)
}

/// A background `vigil demo --collector-only` writer, stopped with SIGTERM.
final class DemoWriter {
    let pid: pid_t

    init(store: String, speed: Double = 10) throws {
        pid = try ChildProcess.spawn(VigilBinary.path, ["demo", "--collector-only", "--store", store, "--speed", "\(speed)"],
                        environment: ProcessInfo.processInfo.environment)
    }

    func stop() {
        kill(pid, SIGTERM)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }
}

func makeTempDirectory(_ name: String) throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-\(name)-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}

/// A private tmux server with one session, driven like a person would: send keys, read the screen.
final class TmuxSession {
    let socket: String
    let session = "vigil"

    init(width: Int = 120, height: Int = 40, directory: URL) throws {
        socket = "vigil-test-\(UUID().uuidString.prefix(8))"
        try tmux(["new-session", "-d", "-x", "\(width)", "-y", "\(height)", "-s", session, "-c", directory.path])
        // Wider history is not needed; keep the pane exactly the window size.
        try tmux(["set-option", "-g", "status", "off"])
    }

    deinit { _ = try? tmux(["kill-server"]) }

    @discardableResult
    func tmux(_ args: [String]) throws -> String {
        let r = try runProcess("/usr/bin/env", ["tmux", "-L", socket] + args, timeout: 20)
        if r.status != 0 { throw TmuxError(message: "tmux \(args.joined(separator: " ")): \(r.stderr)") }
        return r.stdout
    }

    /// Types a shell command line into the pane and presses Enter.
    func type(_ line: String) throws {
        try tmux(["send-keys", "-t", session, "-l", line])
        try tmux(["send-keys", "-t", session, "Enter"])
    }

    func press(_ keys: String...) throws {
        for key in keys { try tmux(["send-keys", "-t", session, key]) }
    }

    func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", session]) }

    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", session, "-x", "\(width)", "-y", "\(height)"])
    }

    func display(_ format: String) throws -> String {
        try tmux(["display-message", "-p", "-t", session, format]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Polls the screen until `predicate` holds; never a fixed sleep.
    @discardableResult
    func waitFor(_ what: String, timeout: TimeInterval = 30, _ predicate: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if predicate(last) { return last }
            usleep(100_000)
        }
        throw TmuxError(message: "timed out waiting for \(what); screen was:\n\(last)")
    }

    /// Waits for the shell's "EXIT=<status>" line and returns the status.
    func waitForExit(timeout: TimeInterval = 30) throws -> Int {
        let screen = try waitFor("vigil to exit", timeout: timeout) { $0.range(of: #"EXIT=\d+"#, options: .regularExpression) != nil }
        let match = screen[screen.range(of: #"EXIT=\d+"#, options: .regularExpression)!]
        return Int(match.dropFirst("EXIT=".count)) ?? -1
    }

    @discardableResult
    func waitFor(text: String, timeout: TimeInterval = 30) throws -> String {
        try waitFor("'\(text)'", timeout: timeout) { $0.contains(text) }
    }
}

struct TmuxError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// The shell line that starts vigil in a pane with a known terminal and reports its exit status.
func vigilCommandLine(_ arguments: String, home: URL) -> String {
    "clear; TERM=xterm-256color SWIFT_BACKTRACE=interactive=no XDG_STATE_HOME=\(home.path) XDG_CONFIG_HOME=\(home.path) \(VigilBinary.path) \(arguments); echo EXIT=$?"
}
