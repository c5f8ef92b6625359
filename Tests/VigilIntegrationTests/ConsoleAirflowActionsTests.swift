import Foundation
import Testing
import VigilTestSupport

/// The on-call engineer's path through the real console against real Airflow 3.3.2: jump to the DAG with `:`, open its
/// failed run, read the try's log, clear the task (the dry run listed first), see Airflow's answer; and the same key
/// refused, with the reason, by a console whose source has no `actions:` credential. An extension of the serialized
/// Airflow suite: it clears a task of `vigil_actions`, the DAG the actions tests own.
extension AirflowIntegrationTests {
    @Test(.enabled(if: AirflowEnvironment.opsPasswordFile != nil && IntegrationEnvironment.variables["VIGIL_BIN"] != nil))
    func theConsoleReadsAFailedTrysLogAndClearsIt() async throws {
        let viewer = try #require(AirflowEnvironment.passwordFile)
        let ops = try #require(AirflowEnvironment.opsPasswordFile)
        let bin = try #require(IntegrationEnvironment.variables["VIGIL_BIN"])
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-console-actions-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // A failed run of vigil_actions to start from (the DAG has no schedule: trigger one and let it fail).
        _ = try await ActionsScenario(try .airflow3()).newestRunWithTheTaskFailed()

        func console(actions: Bool) throws -> TmuxSession {
            let config = try writeAirflowConfig(in: dir, name: actions ? "vigil" : "viewer", passwordFile: viewer,
                                                actions: actions ? "    actions:\n      username: vigil-ops\n      password_file: \(ops)\n" : "")
            let tmux = try startConsole(in: dir, config: config, bin: bin, arguments: "--user alice")
            try tmux.waitFor("Airflow's DAGs", timeout: 60) { $0.contains("vigil_actions") }
            // : jumps to the DAG's runs; / keeps the failed ones; ⏎ opens the newest, on its failed task.
            try tmux.press(":")
            try tmux.tmux(["send-keys", "-t", tmux.session, "-l", "vigil_actions"])
            try tmux.waitFor("the DAG in the palette") { $0.contains("pipeline") && $0.contains("vigil_actions") }
            try tmux.press("Enter")
            try tmux.waitFor("the DAG's runs", timeout: 60) { $0.contains("Runs of vigil_actions") && $0.contains("✗ failed") }
            try tmux.press("/")
            try tmux.tmux(["send-keys", "-t", tmux.session, "-l", "failed"])
            try tmux.press("Enter", "Enter")
            try tmux.waitFor("the run's task instances", timeout: 60) { $0.contains("Task instances") && $0.contains("fail_on_purpose") }
            return tmux
        }

        let tmux = try console(actions: true)
        // ⏎ on the failed task: its try's log, fetched from Airflow with the viewer credential.
        try tmux.press("Enter")
        // The task list can show the same error (its ERROR column and detail), so the wait is for the log view's title too.
        try tmux.waitFor("the try's log", timeout: 60) {
            $0.contains("Log fail_on_purpose try ") && $0.contains("RuntimeError: vigil actions: this task fails on purpose")
        }
        try tmux.press("Escape")
        try tmux.waitFor(text: "Task instances")

        // c: the dry run's list first, nothing done until y.
        try tmux.press("c")
        let confirm = try tmux.waitFor("the dry run", timeout: 60) { $0.contains("Will rerun (dry run)") && $0.contains("(y/n)") }
        #expect(confirm.contains("clear task fail_on_purpose of run"))
        #expect(confirm.contains("(1 task instance will rerun)"))
        // d: the same clear with its downstream task (after, upstream_failed), Airflow's dry run asked again; d again: back.
        try tmux.press("d")
        let both = try tmux.waitFor("the dry run with downstream", timeout: 60) { $0.contains("(2 task instances will rerun)") }
        #expect(both.contains("clear task fail_on_purpose and its downstream of run") && both.contains("after in run"))
        try tmux.press("d")
        try tmux.waitFor("the dry run without downstream", timeout: 60) { $0.contains("(1 task instance will rerun)") }
        try tmux.press("y")
        let done = try tmux.waitFor("Airflow's answer", timeout: 60) { $0.contains("Airflow cleared 1 task instance (fail_on_purpose)") }
        #expect(done.contains("✓ clear task fail_on_purpose"))
        try tmux.press("q")
        #expect(try tmux.waitForExit() == 0)
        let logFile = try String(contentsOf: dir.appendingPathComponent("vigil.log"), encoding: .utf8)
        #expect(logFile.contains("action by alice: clear task fail_on_purpose"))
        #expect(!logFile.contains(try String(contentsOfFile: ops, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)),
                "the actions password never lands in the log")

        // Without an actions: credential the same key says why, and nothing is sent.
        let viewerConsole = try console(actions: false)
        try viewerConsole.press("c")
        try viewerConsole.waitFor("the refusal") { $0.contains("✗ source prod-airflow has no actions: credential") }
        try viewerConsole.press("q")
        #expect(try viewerConsole.waitForExit() == 0)
    }
}
