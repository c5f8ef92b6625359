import Foundation
import Testing
import VigilTestSupport

/// `vigil init`, `check` and `collect --once` as a user runs them, on real dbt 1.11 artifacts.
@Suite struct CollectTests {
    /// The real dbt artifacts the collector tests use (see their README for where they came from).
    static let dbtFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("VigilCollectorsTests/Fixtures/dbt-1.11")

    @Test func initWritesAConfigThatChecksClean() throws {
        let dir = try makeTempDirectory("init")
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = dir.appendingPathComponent("vigil.yaml").path
        let first = try runProcess(VigilBinary.path, ["init", "--config", config])
        #expect(first.status == 0)
        let mode = try FileManager.default.attributesOfItem(atPath: config)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try runProcess(VigilBinary.path, ["init", "--config", config]).status != 0)
        #expect(try runProcess(VigilBinary.path, ["check", "--config", config]).status == 0)
    }

    @Test func checkNamesLineAndFieldOfEachMistake() throws {
        let dir = try makeTempDirectory("check")
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = dir.appendingPathComponent("vigil.yaml")
        try Data("sources:\n  - name: wh\n    kind: postgres\n    dsn_env: WAREHOUSE_DSN\n    intervall: 60s\n".utf8).write(to: config)
        let r = try runProcess(VigilBinary.path, ["check", "--config", config.path])
        #expect(r.status == 1)
        #expect(r.stdout.contains("vigil.yaml:5: sources[0].intervall: unknown key 'intervall' (did you mean 'interval'?)"))
    }

    /// A directory with real dbt artifacts in target/ and a vigil.yaml that collects them.
    static func dbtWorkspace(_ dir: URL) throws -> URL {
        let target = dir.appendingPathComponent("target")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        for (from, to) in [("manifest.json", "manifest.json"), ("run_results_build.json", "run_results.json"), ("sources.json", "sources.json")] {
            try FileManager.default.copyItem(at: Self.dbtFixtures.appendingPathComponent(from), to: target.appendingPathComponent(to))
        }
        let config = dir.appendingPathComponent("vigil.yaml")
        try Data("""
            store: ./vigil.db
            sources:
              - name: analytics
                kind: dbt
                target_dir: ./target
            datasets:
              - name: marts.exec_summary
                tier: 1
                freshness: {warn_after: 1h, error_after: 2h}
            """.utf8).write(to: config)
        return config
    }

    @Test func collectOnceFillsTheStoreFromDbtArtifacts() throws {
        let dir = try makeTempDirectory("collect")
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = try Self.dbtWorkspace(dir)
        let collect = try runProcess(VigilBinary.path, ["collect", "--once", "--config", config.path])
        #expect(collect.status == 0)
        #expect(collect.stdout.contains("analytics: dbt run"))
        let status = try runProcess(VigilBinary.path, ["status", "--config", config.path, "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        let sources = try #require(object["sources"] as? [[String: Any]])
        #expect(sources.first?["name"] as? String == "analytics")
        #expect(sources.first?["state"] as? String == "ok")
        let datasets = try #require(object["datasets"] as? [[String: Any]])
        // The config's own dataset is declared with its tier, next to what dbt reported.
        #expect(datasets.contains { $0["name"] as? String == "marts.exec_summary" && $0["tier"] as? Int == 1 })
        #expect(datasets.count > 1)
        let pipelines = try #require(object["pipelines"] as? [[String: Any]])
        #expect(pipelines.count == 1)
    }

    /// The "done when": the console shows a source going down and coming back, live, keeping its data.
    @Test func consoleShowsASourceGoingDownAndComingBack() throws {
        let dir = try makeTempDirectory("downup")
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = try Self.dbtWorkspace(dir)
        // Poll every second so the test does not wait a minute for each change.
        let yaml = try String(contentsOf: config, encoding: .utf8)
            .replacingOccurrences(of: "target_dir: ./target", with: "target_dir: ./target\n    interval: 1s")
        try Data(yaml.utf8).write(to: config)
        let tmux = try TmuxSession(width: 120, height: 40, directory: dir)
        try tmux.type(vigilCommandLine("console --config \(config.path)", home: dir))
        try tmux.waitFor(text: "opsdemo")
        try tmux.press("5")
        try tmux.waitFor("analytics ok in the Sources pane") { $0.contains("● ok       analytics") }

        // dbt's target directory disappears (a failed deploy, a wiped volume): the source goes down.
        let target = dir.appendingPathComponent("target"), away = dir.appendingPathComponent("target.away")
        try FileManager.default.moveItem(at: target, to: away)
        let down = try tmux.waitFor("the down banner") { $0.contains("✗ analytics down") && $0.contains("showing its last good data") }
        #expect(down.contains("✗ down     analytics"))
        // Its pipeline is still listed: last good data is kept.
        try tmux.press("1")
        let health = try tmux.waitFor(text: "opsdemo")
        #expect(health.contains("✗ analytics down"))

        // The directory comes back: the banner goes and the source is ok again, without a restart.
        try FileManager.default.moveItem(at: away, to: target)
        let back = try tmux.waitFor("the banner to clear") { !$0.contains("showing its last good data") && $0.contains("opsdemo") }
        #expect(!back.contains("analytics down"))
        try tmux.press("5")
        try tmux.waitFor("analytics ok again") { $0.contains("● ok       analytics") }
        try tmux.press("q")
        #expect(try tmux.waitForExit() == 0)
    }

    @Test func consoleRunsTheCollectorsWhenNoCollectorIsRunning() throws {
        let dir = try makeTempDirectory("inproc")
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = try Self.dbtWorkspace(dir)
        let tmux = try TmuxSession(width: 120, height: 40, directory: dir)
        try tmux.type(vigilCommandLine("console --config \(config.path)", home: dir))
        // The dbt project's pipeline appears without any `vigil collect` running.
        try tmux.waitFor(text: "opsdemo")
        // While the console collects, a second collector is refused rather than writing twice.
        let second = try runProcess(VigilBinary.path, ["collect", "--once", "--config", config.path])
        #expect(second.status == 1)
        #expect(second.stderr.contains("another collector is already writing"))
        try tmux.press("q")
        #expect(try tmux.waitForExit() == 0)
        #expect(try runProcess(VigilBinary.path, ["collect", "--once", "--config", config.path]).status == 0)
    }
}
