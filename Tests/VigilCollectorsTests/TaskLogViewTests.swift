import Foundation
import Testing
import VigilCollectors
import VigilCore

/// Task logs for the console's log view: a try's whole log from Airflow 3 (structured events) and 2 (text), read with
/// the viewer credential and capped; a dbt node's message and compiled SQL.
@Suite struct TaskLogViewTests {
    typealias F = AirflowFixtures
    static let viewerPassword = "viewer-s3cret-41c"

    static func logs(_ api: AirflowAPI, _ route: @escaping ReplayTransport.Route) -> (AirflowTaskLogs, ReplayTransport) {
        let transport = ReplayTransport(route)
        let settings = AirflowSettings(name: "airflow-it", baseURL: URL(string: "http://airflow.example:8080")!, api: api,
                                       credentials: .password(username: "vigil", password: viewerPassword))
        return (AirflowTaskLogs(settings: settings, transport: transport), transport)
    }

    static func ref(_ run: String, task: String = "fail_on_purpose", tryNumber: Int = 1, dag: String = "vigil_actions") -> TaskLogRef {
        TaskLogRef(source: "airflow-it", pipelineID: dag, runID: run, taskID: task, tryNumber: tryNumber)
    }

    @Test func anAirflow3LogReadsLikeItsUIWithTheTraceback() async throws {
        let (logs, transport) = Self.logs(.v2) { sent in
            if sent.path == "/auth/token" { return HTTPResponse(status: 201, body: F.loginBody("jwt-viewer")) }
            return .ok(try F.v2("task_log_vigil_actions_fail_on_purpose_try1.json"))
        }
        let log = try await logs.log(Self.ref(AirflowActionsTests.run3))
        let request = try #require(transport.requests.last)
        #expect(request.method == "GET")
        #expect(request.path == "/api/v2/dags/vigil_actions/dagRuns/manual__2026-12-03T10%3A31%3A36.057648%2B00%3A00"
            + "/taskInstances/fail_on_purpose/logs/1")
        #expect(request.authorization == "Bearer jwt-viewer")
        #expect(log.truncationNote == nil)
        let failed = try #require(log.lines.firstIndex { $0.hasSuffix("ERROR - Task failed with exception") })
        #expect(log.lines[failed].hasPrefix("2026-12-03T10:31:"))
        let rest = Array(log.lines[(failed + 1)...])
        #expect(rest.first == "Traceback (most recent call last):")
        #expect(rest.contains { $0.hasPrefix("  File \"") && $0.contains("vigil_actions.py\", line ") && $0.hasSuffix(", in fail_on_purpose") })
        #expect(rest.contains("RuntimeError: vigil actions: this task fails on purpose"))
        #expect(log.lines.contains { $0.hasSuffix("Z INFO - ▸ Pre Execute") })
        #expect(!log.lines.contains { $0.contains("::endgroup::") || $0.contains("::group::") })
    }

    @Test func anAirflow2LogIsItsTextAskedForInFull() async throws {
        let text = try F.v1Text("task_log_vigil2_actions_fail_on_purpose_try1.txt")
        let (logs, transport) = Self.logs(.v1) { _ in .ok(Data(text.utf8)) }
        let log = try await logs.log(Self.ref(AirflowActionsTests.run2, dag: "vigil2_actions"))
        let request = try #require(transport.requests.last)
        #expect(request.accept == "text/plain" && request.query == ["full_content": "true"])
        #expect(request.authorization == AirflowActionsTests.basic("vigil", Self.viewerPassword))
        #expect(log.lines == text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
            .dropLast(text.hasSuffix("\n") ? 1 : 0))
        #expect(log.lines.contains("RuntimeError: vigil actions: this task fails on purpose (airflow 2)"))
    }

    @Test func theCredentialsVigilUsesAreMaskedInALog() async throws {
        let text = "[2026-12-03T10:00:00.000+0000] {x.py:1} INFO - connecting with \(Self.viewerPassword)\n"
        let (logs, _) = Self.logs(.v1) { _ in .ok(Data(text.utf8)) }
        let log = try await logs.log(Self.ref("r"))
        #expect(log.lines == ["[2026-12-03T10:00:00.000+0000] {x.py:1} INFO - connecting with •••"])
    }

    @Test func aLongLogKeepsItsTailAndSaysHowMuchWasCut() async throws {
        let text = (1...12_000).map { "line \($0)" }.joined(separator: "\n")
        let (logs, _) = Self.logs(.v1) { _ in .ok(Data(text.utf8)) }
        let log = try await logs.log(Self.ref("r"))
        #expect(log.lines.count == 5_000 && log.lines.first == "line 7001" && log.lines.last == "line 12000")
        #expect(log.truncationNote == "showing the last 5,000 of 12,000 lines: 7,000 lines (67.3 KB) cut")
    }

    @Test func theCapsCountBytesToo() {
        let lines = (1...400).map { String(repeating: "\($0 % 10)", count: 10_239) }  // 10 KB a line with its newline
        let tail = TaskLog.tail(lines)
        #expect(tail.lines.count == 204 && tail.lines.last == lines.last)
        #expect(tail.truncationNote == "showing the last 204 of 400 lines: 196 lines (1.9 MB) cut")
        let head = TaskLog.head(lines, maxLines: 3)
        #expect(head.lines == Array(lines.prefix(3)))
        #expect(head.truncationNote?.hasPrefix("showing the first 3 of 400 lines: 397 lines") == true)
        #expect(TaskLog.tail(["a", "b"]) == TaskLog(lines: ["a", "b"]))
    }

    /// Python's order: the cause first, then the exception raised while handling it, with its separator.
    @Test func aChainedExceptionPrintsLikePython() {
        let raised = AirflowV2.ExceptionDetail(excType: "RuntimeError", excValue: "CRM refused the batch",
                                               frames: [.init(filename: "/dags/d.py", lineno: 12, name: "push")])
        let cause = AirflowV2.ExceptionDetail(excType: "ConnectionError", excValue: "refused", excNotes: ["retry later"],
                                              isCause: true, frames: [.init(filename: "/dags/d.py", lineno: 9, name: "push")])
        let event = AirflowV2.LogEvent(event: "Task failed with exception", level: "error", errorDetail: [raised, cause],
                                       timestamp: "2026-12-03T10:00:00Z")
        #expect(AirflowMapping.logLines(AirflowV2.TaskLog(content: [event])) == [
            "2026-12-03T10:00:00Z ERROR - Task failed with exception",
            "Traceback (most recent call last):",
            "  File \"/dags/d.py\", line 9, in push",
            "ConnectionError: refused",
            "retry later",
            "",
            "The above exception was the direct cause of the following exception:",
            "",
            "Traceback (most recent call last):",
            "  File \"/dags/d.py\", line 12, in push",
            "RuntimeError: CRM refused the batch",
        ])
    }
}

/// A dbt node's "log": its stored result and the SQL dbt compiled for it, found through the real manifest.
@Suite struct DbtTaskLogTests {
    static func target() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-dbtlog-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: DbtFixtures.url("manifest.json"),
                                         to: dir.appendingPathComponent("manifest.json"))
        return dir
    }

    static func ref(_ task: String) -> TaskLogRef {
        TaskLogRef(source: "analytics", pipelineID: "opsdemo", runID: "inv-1", taskID: task, tryNumber: 1)
    }

    @Test func aModelShowsItsMessageThenItsCompiledSQL() throws {
        let dir = try Self.target()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sqlFile = dir.appendingPathComponent("compiled/opsdemo/models/staging/stg_orders.sql")
        try FileManager.default.createDirectory(at: sqlFile.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("select *\nfrom raw.orders\n".utf8).write(to: sqlFile)
        let task = TaskInstance(source: "analytics", pipelineID: "opsdemo", runID: "inv-1", taskID: "stg_orders",
                                state: .failed, operatorName: "model",
                                errorMessage: "Database Error in model stg_orders\n  relation \"raw.orders\" does not exist")
        let log = DbtTaskLog.log(Self.ref("stg_orders"), task: task, targetDir: dir.path)
        #expect(log.lines == [
            "dbt model stg_orders in run inv-1: failed",
            "Database Error in model stg_orders",
            "  relation \"raw.orders\" does not exist",
            "",
            "compiled SQL: \(sqlFile.path)",
            "select *",
            "from raw.orders",
        ])
        #expect(log.truncationNote == nil)
    }

    /// A generic test is defined in a .yml: dbt writes its SQL under the .yml's path, in a file of the test's name.
    @Test func aTestsCompiledSQLIsUnderItsYAMLAndMayNotBeThereYet() throws {
        let dir = try Self.target()
        defer { try? FileManager.default.removeItem(at: dir) }
        let log = DbtTaskLog.log(Self.ref("unique_stg_orders_order_id.e3b841c71a"), task: nil, targetDir: dir.path)
        #expect(log.lines == [
            "dbt node unique_stg_orders_order_id.e3b841c71a in run inv-1: not in the store",
            "",
            "compiled SQL: " + dir.appendingPathComponent(
                "compiled/opsdemo/models/staging/schema.yml/unique_stg_orders_order_id.sql").path,
            "(not there: dbt writes it when it compiles, runs or builds the node)",
        ])
    }

    @Test func withoutAManifestTheMessageStillShows() {
        let task = TaskInstance(source: "analytics", pipelineID: "opsdemo", runID: "inv-1", taskID: "stg_orders", state: .success,
                                operatorName: "model")
        let log = DbtTaskLog.log(Self.ref("stg_orders"), task: task, targetDir: "/nonexistent/target")
        #expect(log.lines.prefix(3) == ["dbt model stg_orders in run inv-1: success", "(no message)", ""])
        #expect(log.lines.last?.hasPrefix("compiled SQL: unknown, /nonexistent/target/manifest.json cannot be read") == true)
    }
}
