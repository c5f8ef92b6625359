import Foundation
import Testing
import VigilTestSupport

/// The team store's database goes away under a console and a collector, then comes back: the console says so on
/// every pane while it keeps showing the last good data, and recovers by itself; the collector's commit read while the
/// database was down is in the store once it is back. A PostgreSQL cluster of the test's own (scripts/postgres-up on
/// another port), since stopping the shared one would break the tests beside it.
@Suite(.serialized, .enabled(if: TeamStore.adminDSN != nil, "needs PostgreSQL (VIGIL_TEST_STORE_DSN says it is installed)"))
struct StoreFaultEndToEndTests {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Cluster {
        let dir: String
        let port = "54349"

        func script(_ name: String) throws -> ProcessResult {
            try runProcess(StoreFaultEndToEndTests.repoRoot.appendingPathComponent("scripts/\(name)").path, [],
                           environment: ProcessInfo.processInfo.environment.merging(["VIGIL_PG_DIR": dir, "VIGIL_PG_PORT": port]) { $1 },
                           timeout: 120)
        }
    }

    @Test func theStoreGoesAwayAndComesBack() throws {
        let home = try makeTempDirectory("store-fault")
        let cluster = Cluster(dir: home.appendingPathComponent("pg").path)
        defer {
            _ = try? cluster.script("postgres-down")
            try? FileManager.default.removeItem(at: home)
        }
        let up = try cluster.script("postgres-up")
        #expect(up.status == 0, "\(up.stderr)")
        let dsn = up.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(dsn.hasSuffix(":\(cluster.port)/warehouse"), "\(dsn)")

        let repo = home.appendingPathComponent("dags").path
        func git(_ args: [String]) throws -> ProcessResult {
            try runProcess("/usr/bin/env", ["git", "-C", repo, "-c", "user.name=Ada", "-c", "user.email=ada@example.com"] + args)
        }
        try FileManager.default.createDirectory(atPath: repo, withIntermediateDirectories: true)
        #expect(try git(["init", "-q", "-b", "main"]).status == 0)
        #expect(try git(["commit", "-q", "--allow-empty", "-m", "before the outage"]).status == 0)
        let config = home.appendingPathComponent("vigil.yaml").path
        try "store: \(dsn)\nchanges:\n  - repo: \(repo)\n    branch: main\n    interval: 1s\n".write(toFile: config, atomically: true, encoding: .utf8)
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_STATE_HOME"] = home.path
        #expect(try runProcess(VigilBinary.path, ["store", "migrate", "--config", config], environment: environment).status == 0)

        let log = home.appendingPathComponent("collect.log").path
        let collector = try ChildProcess.spawn(VigilBinary.path, ["collect", "--config", config], environment: environment,
                                               stdout: log, stderr: log)
        defer {
            kill(collector, SIGINT)
            var status: Int32 = 0
            waitpid(collector, &status, 0)
        }
        let tmux = try TmuxSession(width: 160, height: 30, directory: home)
        try tmux.type(vigilCommandLine("console --config \(config) --pane changes", home: home))
        _ = try tmux.waitFor("the first commit") { $0.contains("Changes  1") && $0.contains("before the outage") }

        #expect(try cluster.script("postgres-down").status == 0)
        let down = try tmux.waitFor("the console to say the store is unreachable") { $0.contains("store unreachable since") }
        #expect(down.contains("Changes  1") && down.contains("before the outage"), "the last good data stays: \(down)")
        #expect(down.contains("showing last good data"), "\(down)")
        try tmux.press("1")
        let health = try tmux.waitFor("the Health pane") { $0.contains("Pipeline health") }
        #expect(health.contains("unreachable since"), "said on every pane: \(health)")
        // A commit while the database is down: the collector reads it, cannot write it, and keeps trying.
        #expect(try git(["commit", "-q", "--allow-empty", "-m", "during the outage"]).status == 0)
        Thread.sleep(forTimeInterval: 3)

        let back = try cluster.script("postgres-up")
        #expect(back.status == 0, "\(back.stderr)")
        try tmux.press("6")
        let recovered = try tmux.waitFor("the console to recover with the commit made during the outage", timeout: 30) {
            !$0.contains("unreachable") && $0.contains("Changes  2") && $0.contains("during the outage")
        }
        #expect(recovered.contains("before the outage"))
        let collected = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(collected.contains("dags:") && collected.contains("unreachable"), "the collector said what failed: \(collected)")
        try tmux.press("q")
        #expect(try tmux.waitForExit() == 0)
    }
}
