import Foundation
import Testing
import VigilTestSupport

/// Locates the built `vigil` executable: $VIGIL_BIN, else next to the test bundle in the build folder.
enum VigilBinary {
    static var path: String { locate("vigil", variable: "VIGIL_BIN") }

    /// The developers' `vigil-dev` (bench, stress): $VIGIL_DEV_BIN, else beside the test bundle like `vigil`.
    static var devPath: String { locate("vigil-dev", variable: "VIGIL_DEV_BIN") }

    private static func locate(_ name: String, variable: String) -> String {
        if let env = ProcessInfo.processInfo.environment[variable], !env.isEmpty { return env }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent(name).path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/\(name)").path
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

/// The shell line that starts vigil in a pane with a known terminal and reports its exit status.
func vigilCommandLine(_ arguments: String, home: URL) -> String {
    "clear; TERM=xterm-256color SWIFT_BACKTRACE=interactive=no XDG_STATE_HOME=\(home.path) XDG_CONFIG_HOME=\(home.path) \(VigilBinary.path) \(arguments); echo EXIT=$?"
}
