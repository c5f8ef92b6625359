import Foundation
import Testing
import VigilApp
import VigilCollectors
import VigilConfig
import VigilCore
import VigilStore
import VigilTestSupport

/// The console's actions through the gateway against the real Airflows, on the DAG kept for them (vigil_actions,
/// vigil2_actions: fail_on_purpose fails on every try, after ends upstream_failed), so the states the other tests read
/// never change. Written as the user vigil-ops (may write), refused as the viewer vigil; each checked by reading
/// Airflow's API directly. Extensions of the serialized suites: nothing else reads Airflow while these act, and each
/// waits for the runs it started to end.
extension AirflowIntegrationTests {
    @Test(.enabled(if: AirflowEnvironment.opsPasswordFile != nil))
    func actionsClearAFailedTaskWhichRerunsAndItsLogHoldsTheError() async throws {
        try await ActionsScenario(try .airflow3()).clearAFailedTask()
    }

    @Test(.enabled(if: AirflowEnvironment.opsPasswordFile != nil))
    func actionsTriggerARunAndPauseAndUnpause() async throws {
        let scenario = try ActionsScenario(try .airflow3())
        try await scenario.triggerARun()
        try await scenario.pauseAndUnpause()
    }

    @Test(.enabled(if: AirflowEnvironment.opsPasswordFile != nil))
    func actionsWithoutWriteRightsOrCredentialChangeNothing() async throws {
        try await ActionsScenario(try .airflow3()).refusalsChangeNothing()
    }

    @Test(.enabled(if: AirflowEnvironment.opsPasswordFile != nil && IntegrationEnvironment.variables["VIGIL_BIN"] != nil))
    func actionsFromTheCommandLine() async throws {
        try await ActionsScenario(try .airflow3()).commandLine()
    }
}

extension Airflow2IntegrationTests {
    @Test(.enabled(if: Airflow2Environment.opsPasswordFile != nil))
    func actionsClearAFailedTaskWhichRerunsAndItsLogHoldsTheError() async throws {
        try await ActionsScenario(try .airflow2()).clearAFailedTask()
    }

    @Test(.enabled(if: Airflow2Environment.opsPasswordFile != nil))
    func actionsTriggerARunAndPauseAndUnpause() async throws {
        let scenario = try ActionsScenario(try .airflow2())
        try await scenario.triggerARun()
        try await scenario.pauseAndUnpause()
    }

    @Test(.enabled(if: Airflow2Environment.opsPasswordFile != nil))
    func actionsWithoutWriteRightsOrCredentialChangeNothing() async throws {
        try await ActionsScenario(try .airflow2()).refusalsChangeNothing()
    }

    @Test(.enabled(if: Airflow2Environment.opsPasswordFile != nil && IntegrationEnvironment.variables["VIGIL_BIN"] != nil))
    func actionsFromTheCommandLine() async throws {
        try await ActionsScenario(try .airflow2()).commandLine()
    }
}

/// Airflow's API read directly (not with Vigil's client), either version: RawAirflow, RawAirflow2.
protocol RawAirflowReading: Sendable {
    func object(_ path: String) async throws -> RawAirflow.Object
}

/// One real Airflow as the actions tests see it.
struct ActionsAirflow {
    let api: AirflowAPI
    let base: URL
    let raw: any RawAirflowReading
    let dag: String
    let viewerFile: String
    let opsFile: String

    static func airflow3() throws -> ActionsAirflow {
        let raw = try RawAirflow()
        return ActionsAirflow(api: .v2, base: raw.base, raw: raw, dag: "vigil_actions",
                              viewerFile: try #require(AirflowEnvironment.passwordFile),
                              opsFile: try #require(AirflowEnvironment.opsPasswordFile))
    }

    static func airflow2() throws -> ActionsAirflow {
        let raw = try RawAirflow2()
        return ActionsAirflow(api: .v1, base: raw.base, raw: raw, dag: "vigil2_actions",
                              viewerFile: try #require(Airflow2Environment.passwordFile),
                              opsFile: try #require(Airflow2Environment.opsPasswordFile))
    }
}

struct ActionsScenario {
    let airflow: ActionsAirflow
    let source = "airflow-actions-it"
    let store: Store
    let directory: URL
    let task = "fail_on_purpose"
    var prefix: String { "/api/\(airflow.api.rawValue)/dags/\(airflow.dag)" }

    init(_ airflow: ActionsAirflow) throws {
        self.airflow = airflow
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-actions-it-\(UUID().uuidString)")
        store = try Store(path: directory.appendingPathComponent("vigil.db").path)
    }

    /// The gateway over a config naming this Airflow with the viewer credential, and `actions` as its actions: one.
    func gateway(actions: ActionsCredential?, log: @escaping @Sendable (String) -> Void = { _ in }) -> ConfiguredOrchestrators {
        var config = SourceConfig(name: source, kind: .airflow, url: airflow.base, api: airflow.api == .v2 ? .v2 : .v1,
                                  username: "vigil", password: .file(airflow.viewerFile), timeout: 30)
        config.actions = actions
        return ConfiguredOrchestrators(configuration: VigilConfiguration(sources: [config]), store: store, log: log)
    }

    var opsCredential: ActionsCredential { ActionsCredential(username: "vigil-ops", password: .file(airflow.opsFile)) }

    // MARK: - The scenarios

    func clearAFailedTask() async throws {
        try await waitUntilNoRunIsGoing()
        let runID = try await newestRunWithTheTaskFailed()
        let before = try await taskInstance(runID)
        let tryBefore = try #require(before["try_number"] as? Int)
        let lines = LogLines()
        let gateway = gateway(actions: opsCredential, log: lines.append)
        let incident = try IncidentActions(store: store, actor: "bob").open(title: "\(airflow.dag) failing", severity: .sev3)
        let action = OrchestratorAction.clearTask(source: source, pipelineID: airflow.dag, runID: runID, taskID: task)

        // The dry run lists exactly the failed instance, says its downstream one stays, and changes nothing.
        let preview = try await OwnThread.run { try gateway.preview(action) }
        let v2 = airflow.api == .v2
        #expect(preview.affected == ["\(task) in run \(runID)" + (v2 ? " (failed)" : "")])
        #expect(preview.note == "not cleared, downstream: after" + (v2 ? " (upstream_failed)" : ""))
        let unchanged = try await taskInstance(runID)
        #expect(unchanged["state"] as? String == "failed" && unchanged["try_number"] as? Int == tryBefore)

        let cleared = Date()
        let outcome = try await OwnThread.run { try gateway.perform(action, actor: "alice", incidentID: incident) }
        #expect(outcome.text == "Airflow cleared 1 task instance (\(task)) of run \(runID); the run is queued to go again")
        // It runs again: out of failed at once (cleared: no state, then scheduled, queued, running), and the run with it;
        // then its next try fails as the DAG makes it, and the run ends failed again (after stays upstream_failed).
        // Out of its failed try: running again, or (this test held up on a loaded machine) failed again on a later try.
        let right = try await taskInstance(runID)
        #expect(right["state"] as? String != "failed" || (right["try_number"] as? Int ?? 0) > tryBefore, "\(right)")
        let run = try await object("\(prefix)/dagRuns/\(RawAirflow.segment(runID))")
        // Queued or running again; or, when this test was held up for seconds (a loaded CI machine), already failed
        // again by a rerun that ended after the clear.
        let endedAfterClear = (run["end_date"] as? String).flatMap { try? Date($0, strategy: .iso8601) }.map { $0 > cleared }
        #expect(["queued", "running"].contains(run["state"] as? String ?? "")
                || (run["state"] as? String == "failed" && endedAfterClear == true), "\(run)")
        let rerun = try await eventually("\(task) to fail again at try \(tryBefore + 1)", seconds: 180) {
            let ti = try await taskInstance(runID)
            return ti["state"] as? String == "failed" && ti["try_number"] as? Int == tryBefore + 1 ? ti : nil
        }
        #expect(rerun["try_number"] as? Int == tryBefore + 1)
        _ = try await eventually("run \(runID) to end", seconds: 120) {
            let run = try await object("\(prefix)/dagRuns/\(RawAirflow.segment(runID))")
            return run["state"] as? String == "failed" ? run : nil
        }
        #expect(try await taskInstance(runID, "after")["state"] as? String == "upstream_failed")

        // On the incident's timeline and in the log: who, what, Airflow's answer.
        let timeline = try #require(try store.incident(id: incident)).timeline
        #expect(timeline.last?.kind == .action && timeline.last?.actor == "alice")
        #expect(timeline.last?.text == "\(action.summary) on \(source): \(outcome.text)")
        #expect(lines.all == ["action by alice for \(incident): \(action.summary) on \(source): \(outcome.text)"])

        // The log of the new try, read with the viewer credential, holds the exception the task raised.
        let log = try await OwnThread.run {
            try gateway.taskLog(TaskLogRef(source: source, pipelineID: airflow.dag, runID: runID, taskID: task,
                                           tryNumber: tryBefore + 1))
        }
        #expect(log.lines.contains { $0.hasPrefix("RuntimeError: vigil actions: this task fails on purpose") }, "\(log.lines)")
        #expect(log.truncationNote == nil)

        // With its downstream (the console's d, the CLI's --downstream): the dry run lists both instances and notes
        // nothing left; carried out, Airflow clears both.
        let both = OrchestratorAction.clearTask(source: source, pipelineID: airflow.dag, runID: runID, taskID: task, downstream: true)
        let previewBoth = try await OwnThread.run { try gateway.preview(both) }
        #expect(Set(previewBoth.affected) == ["\(task) in run \(runID)" + (v2 ? " (failed)" : ""),
                                             "after in run \(runID)" + (v2 ? " (upstream_failed)" : "")])
        #expect(previewBoth.note == nil)
        let clearedBoth = try await OwnThread.run { try gateway.perform(both, actor: "alice", incidentID: incident) }
        #expect(clearedBoth.text.hasPrefix("Airflow cleared 2 task instances ("), "\(clearedBoth.text)")
        #expect(clearedBoth.text.contains(task) && clearedBoth.text.contains("after"))
        // Airflow's answer listed both as cleared (above). Their states are not checked here: on a loaded machine the
        // rerun can fail the task and mark after upstream_failed again before this test reads them.
        _ = try await eventually("run \(runID) to end again", seconds: 180) {
            let run = try await object("\(prefix)/dagRuns/\(RawAirflow.segment(runID))")
            return run["state"] as? String == "failed" ? run : nil
        }
    }

    func triggerARun() async throws {
        try await waitUntilNoRunIsGoing()
        let before = Set(try await runs().compactMap { $0["dag_run_id"] as? String })
        let gateway = gateway(actions: opsCredential)
        let action = OrchestratorAction.triggerRun(source: source, pipelineID: airflow.dag)
        #expect(try await OwnThread.run { try gateway.preview(action) } == ActionPreview(affected: ["a new run of DAG \(airflow.dag)"]))
        let outcome = try await OwnThread.run { try gateway.perform(action, actor: "alice", incidentID: nil) }
        let runs = try await runs()
        let new = runs.filter { !before.contains($0["dag_run_id"] as? String ?? "") }
        #expect(new.count == 1)
        let run = try #require(new.first)
        let runID = try #require(run["dag_run_id"] as? String)
        #expect(outcome.text.hasPrefix("Airflow created run \(runID) of DAG \(airflow.dag) ("))
        #expect(run["run_type"] as? String == "manual" && run["note"] as? String == "triggered from Vigil by alice")
        // Left as it was found: the run ends (failed, as the DAG makes it) before the next test reads Airflow.
        _ = try await eventually("the triggered run to end", seconds: 180) {
            let run = try await object("\(prefix)/dagRuns/\(RawAirflow.segment(runID))")
            return ["failed", "success"].contains(run["state"] as? String ?? "") ? run : nil
        }
    }

    func pauseAndUnpause() async throws {
        let gateway = gateway(actions: opsCredential)
        #expect(try await isPaused() == false)
        let paused = try await OwnThread.run {
            try gateway.perform(.setPaused(source: source, pipelineID: airflow.dag, paused: true), actor: "alice", incidentID: nil)
        }
        let nowPaused = try await isPaused()
        // Unpaused again whatever was seen, so the DAG is left as the setup made it.
        let unpaused = try await OwnThread.run {
            try gateway.perform(.setPaused(source: source, pipelineID: airflow.dag, paused: false), actor: "alice", incidentID: nil)
        }
        #expect(nowPaused == true && paused.text == "DAG \(airflow.dag) is paused now")
        #expect(try await isPaused() == false && unpaused.text == "DAG \(airflow.dag) is unpaused now")
    }

    /// The viewer put under actions: is refused by Airflow in words; a source without actions: is refused by Vigil
    /// before anything is sent. Either way Airflow is as it was.
    func refusalsChangeNothing() async throws {
        try await waitUntilNoRunIsGoing()
        let runID = try await newestRunWithTheTaskFailed()
        let tryBefore = try await taskInstance(runID)["try_number"] as? Int
        let runsBefore = try await runs().count
        let clear = OrchestratorAction.clearTask(source: source, pipelineID: airflow.dag, runID: runID, taskID: task)
        let actions: [OrchestratorAction] = [clear, .triggerRun(source: source, pipelineID: airflow.dag),
                                             .setPaused(source: source, pipelineID: airflow.dag, paused: true)]

        let viewer = gateway(actions: ActionsCredential(username: "vigil", password: .file(airflow.viewerFile)))
        for action in actions {
            let error = await #expect(throws: AirflowError.self) {
                try await OwnThread.run { try viewer.perform(action, actor: "alice", incidentID: nil) }
            }
            #expect(error?.description.hasPrefix("source '\(source)': the actions credential may not \(action.summary) "
                + "(HTTP 403") == true, "\(String(describing: error))")
        }
        let none = gateway(actions: nil)
        let reason = "source \(source) has no actions: credential (a user that may write, kept apart from the read-only one)"
        #expect(none.actionRefusal(source: source) == reason)
        for action in actions {
            #expect(throws: OrchestratorRefusal(reason)) { try none.perform(action, actor: "alice", incidentID: nil) }
        }
        #expect(try await taskInstance(runID)["try_number"] as? Int == tryBefore)
        #expect(try await taskInstance(runID)["state"] as? String == "failed")
        #expect(try await runs().count == runsBefore)
        #expect(try await isPaused() == false)
    }

    /// `vigil airflow`: a clear without --yes is the dry run and changes nothing; a log prints cleaned lines; a source
    /// without actions: refuses with the reason and exit status 1.
    func commandLine() async throws {
        let bin = try #require(IntegrationEnvironment.variables["VIGIL_BIN"])
        try await waitUntilNoRunIsGoing()
        let runID = try await newestRunWithTheTaskFailed()
        let before = try await taskInstance(runID)
        let config = directory.appendingPathComponent("vigil.yaml")
        func write(actions: Bool) throws {
            try Data(("""
                store: ./vigil.db
                sources:
                  - name: \(source)
                    kind: airflow
                    url: \(airflow.base.absoluteString)
                    username: vigil
                    password_file: \(airflow.viewerFile)

                """ + (actions ? """
                    actions:
                      username: vigil-ops
                      password_file: \(airflow.opsFile)

                """ : "")).utf8).write(to: config)
        }
        try write(actions: true)
        let dry = try ChildProcess.run(bin, ["airflow", "clear", "--config", config.path, source, airflow.dag, runID, task])
        let v2 = airflow.api == .v2
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout == """
            would clear task \(task) of run \(runID) in DAG \(airflow.dag):
              \(task) in run \(runID)\(v2 ? " (failed)" : "")
            not cleared, downstream: after\(v2 ? " (upstream_failed)" : "")

            """)
        #expect(dry.stderr.contains("dry run: nothing changed"))
        let after = try await taskInstance(runID)
        #expect(after["state"] as? String == "failed" && after["try_number"] as? Int == before["try_number"] as? Int)

        let tryNumber = try #require(before["try_number"] as? Int)
        let log = try ChildProcess.run(bin, ["airflow", "log", "--config", config.path, source, airflow.dag, runID, task,
                                             "--try", String(tryNumber)])
        #expect(log.status == 0, "\(log.stderr)")
        #expect(log.stdout.contains("\nRuntimeError: vigil actions: this task fails on purpose"))

        try write(actions: false)
        let refused = try ChildProcess.run(bin, ["airflow", "pause", "--config", config.path, source, airflow.dag])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("source \(source) has no actions: credential"), "\(refused.stderr)")
        #expect(try await isPaused() == false)
    }

    // MARK: - Reading Airflow

    func object(_ path: String) async throws -> RawAirflow.Object { try await airflow.raw.object(path) }

    func runs() async throws -> [RawAirflow.Object] {
        try #require(try await object("\(prefix)/dagRuns?limit=100")["dag_runs"] as? [RawAirflow.Object])
    }

    func taskInstance(_ runID: String, _ task: String? = nil) async throws -> RawAirflow.Object {
        try await object("\(prefix)/dagRuns/\(RawAirflow.segment(runID))/taskInstances/\(task ?? self.task)")
    }

    func isPaused() async throws -> Bool? { try await object(prefix)["is_paused"] as? Bool }

    /// The newest run whose fail_on_purpose failed (the setup leaves one; every test leaves them so).
    func newestRunWithTheTaskFailed() async throws -> String {
        let ids = try await runs().sorted { ($0["start_date"] as? String ?? "") > ($1["start_date"] as? String ?? "") }
            .compactMap { $0["dag_run_id"] as? String }
        for id in ids where try await taskInstance(id)["state"] as? String == "failed" { return id }
        throw IntegrationFailure("no run of \(airflow.dag) has \(task) failed: \(ids)")
    }

    /// A test starts with no run of the DAG queued or running, so what it sees change is its own doing.
    func waitUntilNoRunIsGoing() async throws {
        _ = try await eventually("no run of \(airflow.dag) going", seconds: 180) {
            try await runs().allSatisfy { ["failed", "success"].contains($0["state"] as? String ?? "") } ? true : nil
        }
    }

    /// Polls every second until `check` gives a value, for up to `seconds`.
    func eventually<T>(_ what: String, seconds: TimeInterval, _ check: () async throws -> T?) async throws -> T {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let value = try await check() { return value }
            try await Task.sleep(for: .seconds(1))
        }
        throw IntegrationFailure("timed out after \(Int(seconds)) s waiting for \(what)")
    }
}

/// Log lines the gateway wrote.
final class LogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}
