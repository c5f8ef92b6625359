import Foundation
import Testing
import VigilApp
import VigilCollectors
import VigilConfig
import VigilCore
import VigilStore
import VigilTestSupport

/// The gateway the console's effects call, against a loopback server answering like Airflow 2.10.5 (its answers
/// captured in Tests/VigilCollectorsTests/Fixtures/airflow-2.10.5; basic auth, so each request shows its credential):
/// refusals come before anything is sent, writes carry the actions credential only, logs the viewer's, and every
/// action lands on the incident's timeline and in the log. The gateway blocks until Airflow answers, so it is called as
/// the console calls it, from a thread of its own.
@Suite struct OrchestratorGatewayTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("VigilCollectorsTests/Fixtures/airflow-2.10.5")
    static let run = "manual__2026-12-03T10:33:45.021447+00:00"
    static let runPath = "manual__2026-12-03T10%3A33%3A45.021447%2B00%3A00"
    static let environment = ["VIEWER_PW": "viewer-s3cret-41c", "OPS_PW": "ops-s3cret-9f2"]
    static let viewer = "Basic " + Data("vigil:viewer-s3cret-41c".utf8).base64EncodedString()
    static let ops = "Basic " + Data("vigil-ops:ops-s3cret-9f2".utf8).base64EncodedString()
    static let clear = OrchestratorAction.clearTask(source: "airflow-it", pipelineID: "vigil2_actions", runID: run,
                                                    taskID: "fail_on_purpose")

    /// Log lines the gateway wrote.
    final class Lines: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [String] = []
        func append(_ line: String) { lock.withLock { lines.append(line) } }
        var all: [String] { lock.withLock { lines } }
    }

    struct Rig {
        let server: LoopbackHTTPServer
        let store: Store
        let lines = Lines()
        let gateway: ConfiguredOrchestrators

        /// `answers`: other captured answers by path, with their status.
        init(actions: Bool = true, readOnly: Bool = false, answers: [String: (file: String, status: Int)] = [:]) throws {
            server = try LoopbackHTTPServer()
            func file(_ name: String) throws -> Data { try Data(contentsOf: OrchestratorGatewayTests.fixtures.appendingPathComponent(name)) }
            var table: [String: CannedResponse] = [
                "/api/v1/dags/vigil2_actions/clearTaskInstances": .json(try file("clear_dry_run_vigil2_actions_fail_on_purpose.json")),
                "/api/v1/dags/vigil2_actions/dagRuns/\(OrchestratorGatewayTests.runPath)/taskInstances/fail_on_purpose/logs/1":
                    .text(String(decoding: try file("task_log_vigil2_actions_fail_on_purpose_try1.txt"), as: UTF8.self)),
            ]
            for (path, answer) in answers { table[path] = .json(try file(answer.file), status: answer.status) }
            server.respond(table)
            store = try TestStore.fresh()
            var airflow = SourceConfig(name: "airflow-it", kind: .airflow, url: server.baseURL, api: .v1, username: "vigil",
                                       password: .env("VIEWER_PW"))
            if actions { airflow.actions = ActionsCredential(username: "vigil-ops", password: .env("OPS_PW")) }
            let config = VigilConfiguration(readOnly: readOnly, sources: [
                airflow,
                SourceConfig(name: "analytics", kind: .dbt, targetDir: "/nonexistent/target"),
                SourceConfig(name: "warehouse", kind: .postgres, dsn: .env("DSN")),
                SourceConfig(name: "demo", kind: .demo),
            ])
            let lines = self.lines
            gateway = ConfiguredOrchestrators(configuration: config, store: store, log: { lines.append($0) },
                                              environment: OrchestratorGatewayTests.environment)
        }
    }

    @Test func refusalsSayWhyBeforeAnythingIsSent() throws {
        let rig = try Rig(actions: false)
        defer { rig.server.stop() }
        #expect(rig.gateway.actionRefusal(source: "airflow-it")
            == "source airflow-it has no actions: credential (a user that may write, kept apart from the read-only one)")
        #expect(rig.gateway.actionRefusal(source: "analytics") == "dbt sources take no actions")
        #expect(rig.gateway.actionRefusal(source: "warehouse") == "postgres sources take no actions")
        #expect(rig.gateway.actionRefusal(source: "demo") == "the demo takes no actions")
        #expect(rig.gateway.actionRefusal(source: "nope") == "no source nope in the config")
        #expect(throws: OrchestratorRefusal(rig.gateway.actionRefusal(source: "airflow-it")!)) {
            try rig.gateway.perform(Self.clear, actor: "alice", incidentID: nil)
        }
        #expect(throws: OrchestratorRefusal.self) { try rig.gateway.preview(Self.clear) }
        // The viewer credential is there, and never used in its place.
        #expect(rig.server.requests.isEmpty)
        #expect(rig.lines.all == ["action by alice refused: \(Self.clear.summary) on airflow-it: "
            + rig.gateway.actionRefusal(source: "airflow-it")!])

        let readOnly = try Rig(readOnly: true)
        defer { readOnly.server.stop() }
        #expect(readOnly.gateway.actionRefusal(source: "airflow-it") == "read-only: actions are off")
        let allowed = try Rig()
        defer { allowed.server.stop() }
        #expect(allowed.gateway.actionRefusal(source: "airflow-it") == nil)
    }

    @Test func anActionWritesWithTheActionsCredentialAndLandsOnTheTimeline() async throws {
        let rig = try Rig()
        defer { rig.server.stop() }
        let id = try IncidentActions(store: rig.store, actor: "bob").open(title: "vigil2_actions failing", severity: .sev3)
        let preview = try await OwnThread.run { try rig.gateway.preview(Self.clear) }
        #expect(preview.affected == ["fail_on_purpose in run \(Self.run)"])
        let outcome = try await OwnThread.run { try rig.gateway.perform(Self.clear, actor: "alice", incidentID: id) }
        let answer = "Airflow cleared 1 task instance (fail_on_purpose) of run \(Self.run); the run is queued to go again"
        #expect(outcome.text == answer)

        let writes = rig.server.requests.filter { $0.method != "GET" }
        #expect(writes.count == 3)  // two dry runs, one clear
        #expect(writes.allSatisfy { $0.authorization == Self.ops })
        let last = try #require(try store(rig).timeline.last)
        #expect(last.kind == .action && last.actor == "alice")
        #expect(last.text == "\(Self.clear.summary) on airflow-it: \(answer)")
        #expect(rig.lines.all == ["action by alice for \(id): \(Self.clear.summary) on airflow-it: \(answer)"])
        #expect(!rig.lines.all.joined().contains("s3cret"))
    }

    @Test func aRefusedActionIsRecordedAsFailedAndThrown() async throws {
        let rig = try Rig(answers: ["/api/v1/dags/vigil2_actions/clearTaskInstances": ("error_403_viewer_cannot_clear.json", 403)])
        defer { rig.server.stop() }
        let id = try IncidentActions(store: rig.store, actor: "bob").open(title: "vigil2_actions failing", severity: .sev3)
        let error = await #expect(throws: AirflowError.self) {
            try await OwnThread.run { try rig.gateway.perform(Self.clear, actor: "alice", incidentID: id) }
        }
        let said = "source 'airflow-it': the actions credential may not \(Self.clear.summary) (HTTP 403: Forbidden); "
            + "give its user a role that may (Airflow 3: user or op; Airflow 2: User or Op)"
        #expect(error?.description == said)
        let last = try #require(try store(rig).timeline.last)
        #expect(last.kind == .action && last.text == "\(Self.clear.summary) on airflow-it failed: \(said)")
        #expect(rig.lines.all.last == "action by alice for \(id): \(Self.clear.summary) on airflow-it failed: \(said)")
    }

    @Test func anActionWithoutAnIncidentIsOnlyLogged() async throws {
        let rig = try Rig()
        defer { rig.server.stop() }
        _ = try await OwnThread.run { try rig.gateway.perform(Self.clear, actor: "alice", incidentID: nil) }
        #expect(rig.lines.all.count == 1 && rig.lines.all[0].hasPrefix("action by alice: \(Self.clear.summary)"))
        // A missing incident does not undo what Airflow did: the outcome says it was not recorded.
        let outcome = try await OwnThread.run { try rig.gateway.perform(Self.clear, actor: "alice", incidentID: "INC-9") }
        #expect(outcome.text.hasSuffix("(not recorded on INC-9: no incident INC-9 in the store)"))
    }

    @Test func logsAreReadWithTheViewerCredential() async throws {
        let rig = try Rig()
        defer { rig.server.stop() }
        let ref = TaskLogRef(source: "airflow-it", pipelineID: "vigil2_actions", runID: Self.run, taskID: "fail_on_purpose",
                             tryNumber: 1)
        let log = try await OwnThread.run { try rig.gateway.taskLog(ref) }
        #expect(log.lines.contains("RuntimeError: vigil actions: this task fails on purpose (airflow 2)"))
        #expect(rig.server.requests.map(\.authorization) == [Self.viewer])
        #expect(throws: OrchestratorRefusal("postgres sources have no task logs")) {
            try rig.gateway.taskLog(TaskLogRef(source: "warehouse", pipelineID: "p", runID: "r", taskID: "t", tryNumber: 1))
        }
    }

    @Test func aDbtNodesLogIsItsStoredMessage() throws {
        let rig = try Rig()
        defer { rig.server.stop() }
        let task = TaskInstance(source: "analytics", pipelineID: "opsdemo", runID: "inv-1", taskID: "stg_orders", state: .failed,
                                operatorName: "model", errorMessage: "Database Error in model stg_orders")
        try rig.store.write { try $0.upsertTaskInstance(task) }
        let log = try rig.gateway.taskLog(TaskLogRef(task))
        #expect(log.lines.prefix(2) == ["dbt model stg_orders in run inv-1: failed", "Database Error in model stg_orders"])
    }

    private func store(_ rig: Rig) throws -> IncidentSummary {
        try #require(try rig.store.incident(id: "INC-1"))
    }
}
