import Foundation
import Testing
import VigilTestSupport

/// The "done when": the console shows what the real Airflow says, live, and shows it going down and
/// coming back. An extension of the serialized Airflow suite because it stops the API server the others read.
extension AirflowIntegrationTests {
    @Test func theConsoleShowsAirflowGoingDownAndComingBack() async throws {
        let passwordFile = try #require(AirflowEnvironment.passwordFile)
        let bin = try #require(IntegrationEnvironment.variables["VIGIL_BIN"], "set VIGIL_BIN to the built vigil (scripts/test does)")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-console-af-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let tmux = try startConsole(in: dir, config: try writeAirflowConfig(in: dir, name: "vigil", passwordFile: passwordFile), bin: bin)
        // What Airflow holds, live: the failing and running DAGs are on the Health pane.
        // All three rows: a capture can come between two flushes of one frame.
        let health = try tmux.waitFor("Airflow's DAGs", timeout: 60) {
            $0.contains("vigil_retry_fail") && $0.contains("vigil_running") && $0.contains("vigil_paused")
        }
        #expect(health.contains("✗ FAILING  vigil_retry_fail"))
        // Running, unless the API-server outage test before this one got its task killed by Airflow's supervisor:
        // the console says what Airflow's newest run says.
        let running = try await api.list("/api/v2/dags/vigil_running/dagRuns?order_by=-logical_date&limit=1", key: "dag_runs")
        #expect(health.contains(running.first?["state"] as? String == "running" ? "▶ RUNNING  vigil_running" : "✗ FAILING  vigil_running"))
        #expect(health.contains("‖ PAUSED   vigil_paused"))
        try tmux.press("5")
        try tmux.waitFor("the source degraded by the broken DAG file") { $0.contains("◐ degraded") && $0.contains("broken_dag.py") }

        try await Scripts.run("airflow-down", "api-server")
        let down: String
        do {
            down = try tmux.waitFor("the down banner", timeout: 60) { $0.contains("✗ prod-airflow down") }
        } catch {
            try await Scripts.run("airflow-up", "api-server")
            throw error
        }
        try await Scripts.run("airflow-up", "api-server")
        #expect(down.contains("showing its last good data"))
        #expect(down.contains("✗ down     prod-airflow"))

        // Back by itself (after its backoff), with no restart of the console.
        try tmux.waitFor("prod-airflow read again", timeout: 120) { !$0.contains("prod-airflow down") && $0.contains("◐ degraded") }
        try tmux.press("1")
        try tmux.waitFor(text: "vigil_retry_fail")
        try tmux.press("q")
        #expect(try tmux.waitForExit() == 0)
    }
}

extension AirflowIntegrationTests {
    /// A vigil.yaml naming this Airflow as `prod-airflow` (read every 2 s) with the read-only user, and `actions`
    /// (YAML lines under the source) when given; the store is NAME.db next to it.
    func writeAirflowConfig(in dir: URL, name: String, passwordFile: String, actions: String = "") throws -> URL {
        let config = dir.appendingPathComponent("\(name).yaml")
        try Data(("""
            store: ./\(name).db
            sources:
              - name: prod-airflow
                kind: airflow
                url: \(api.base.absoluteString)
                username: \(api.username)
                password_file: \(passwordFile)
                interval: 2s

            """ + actions).utf8).write(to: config)
        return config
    }

    /// `vigil console` on that config in a 160x40 tmux, as a person would start it.
    func startConsole(in dir: URL, config: URL, bin: String, arguments: String = "") throws -> TmuxSession {
        let tmux = try TmuxSession(width: 160, height: 40, directory: dir)
        try tmux.type("clear; TERM=xterm-256color SWIFT_BACKTRACE=interactive=no XDG_STATE_HOME=\(dir.path) "
                      + "\(bin) console --config \(config.path) \(arguments); echo EXIT=$?")
        return tmux
    }
}
