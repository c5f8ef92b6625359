import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import VigilCollectors
import VigilCore
import VigilStore
import VigilTestSupport

/// AirflowCollector against a real Airflow 3.3.2 started by scripts/airflow-integration (DAGs in
/// Tests/Integration/airflow_dags): the store must say what Airflow's REST API says, read here independently.
/// Serialized: one test stops and restarts the API server the others read.
@Suite(.serialized, .enabled(if: AirflowEnvironment.url != nil))
struct AirflowIntegrationTests {
    let source = "airflow-it"
    let api: RawAirflow
    let directory: URL
    let store: Store

    init() throws {
        api = try RawAirflow()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-afit-\(UUID().uuidString)")
        store = try Store(path: directory.appendingPathComponent("vigil.db").path)
    }

    func collector(password: String? = nil) -> AirflowCollector {
        var settings = AirflowSettings(name: source, baseURL: api.base,
                                       credentials: .password(username: api.username, password: password ?? api.password))
        settings.requestTimeout = 30  // a loaded CI machine's Airflow can take more than 5 s on a big page
        return AirflowCollector(store: store, settings: settings)
    }

    /// One successful pass into this test's store.
    func pollOK(_ collector: AirflowCollector) async throws -> AirflowPollSummary {
        let result = await collector.collect()
        guard case let .updated(summary) = result else { throw IntegrationFailure("poll did not update the store: \(result)") }
        return summary
    }

    /// Polls until a pass updates the store, for up to `seconds`; the last failure is reported if none does.
    func pollUntilOK(_ collector: AirflowCollector, within seconds: TimeInterval) async throws -> AirflowPollSummary {
        let deadline = Date().addingTimeInterval(seconds)
        var last: AirflowPollResult?
        while Date() < deadline {
            let result = await collector.collect()
            if case let .updated(summary) = result { return summary }
            last = result
            try await Task.sleep(for: .seconds(2))
        }
        throw IntegrationFailure("no poll updated the store within \(Int(seconds)) s; last: \(String(describing: last))")
    }

    private func storedSource() throws -> SourceStatus {
        try #require(try store.snapshot().sources.first { $0.name == source }, "no source \(source) in the store")
    }

    private func storedRuns() throws -> [String: [PipelineRun]] {
        var runs: [String: [PipelineRun]] = [:]
        for summary in try store.snapshot().pipelines where summary.pipeline.source == source {
            runs[summary.pipeline.pipelineID] = try store.runs(source: source, pipelineID: summary.pipeline.pipelineID)
        }
        return runs
    }

    @Test func everyDAGWithItsPausedFlag() async throws {
        _ = try await pollOK(collector())
        let dags = try await api.list("/api/v2/dags?limit=100", key: "dags")
        let expected = Dictionary(uniqueKeysWithValues: try dags.map { dag in
            (try #require(dag["dag_id"] as? String), try #require(dag["is_paused"] as? Bool))
        })
        // What scripts/airflow-integration set up; if Airflow stops reporting it, the rest proves less.
        #expect(expected == ["vigil_ok": false, "vigil_retry_fail": false, "vigil_running": false, "vigil_paused": true,
                             "vigil_hostile": false, "vigil_actions": false])
        let stored = try store.snapshot().pipelines.filter { $0.pipeline.source == source }
        #expect(Dictionary(uniqueKeysWithValues: stored.map { ($0.pipeline.pipelineID, $0.pipeline.isPaused) }) == expected)
    }

    @Test func everyRunWithAirflowsStateIdAndSpan() async throws {
        _ = try await pollOK(collector())
        // vigil_actions gains runs as the actions tests act on it (AirflowActionsIntegrationTests): the others' stay.
        let runs = try await api.list("/api/v2/dags/~/dagRuns?limit=100", key: "dag_runs")
            .filter { $0["dag_id"] as? String != "vigil_actions" }
        #expect(runs.count == 4)
        let stored = try storedRuns()
        #expect(stored["vigil_paused"] == [])
        for run in runs {
            let dag = try #require(run["dag_id"] as? String)
            let runID = try #require(run["dag_run_id"] as? String)
            let mine = try #require(stored[dag]?.first { $0.runID == runID }, "run \(runID) of \(dag) not stored")
            #expect(stored[dag]?.count == 1)
            #expect(mine.state.rawValue == run["state"] as? String)
            #expect(mine.runType == run["run_type"] as? String)
            #expect(sameSecond(mine.startedAt, RawAirflow.date(run["start_date"])), "start of \(dag)")
            #expect(sameSecond(mine.endedAt, RawAirflow.date(run["end_date"])), "end of \(dag)")
        }
        // The outcomes the DAGs were written to produce.
        #expect(stored["vigil_ok"]?.first?.state == .success)
        #expect(stored["vigil_retry_fail"]?.first?.state == .failed)
        #expect(stored["vigil_running"]?.first?.state == .running)
        #expect(stored["vigil_running"]?.first?.endedAt == nil)
        #expect(stored["vigil_hostile"]?.first?.state == .failed)
    }

    @Test func theFailingTaskStopsAtTryTwoOfTwoAndItsDownstreamIsUpstreamFailed() async throws {
        _ = try await pollOK(collector())
        let run = try #require(try store.runs(source: source, pipelineID: "vigil_retry_fail").first)
        let raw = try await api.taskInstances(dag: "vigil_retry_fail", runID: run.runID)
        let push = try #require(raw["push_to_crm"])
        #expect(push["state"] as? String == "failed")
        #expect(push["try_number"] as? Int == 2)
        #expect(push["max_tries"] as? Int == 1)  // Airflow counts retries; Vigil counts tries

        let tasks = Dictionary(uniqueKeysWithValues: try store.taskInstances(source: source, pipelineID: "vigil_retry_fail",
                                                                             runID: run.runID).map { ($0.taskID, $0) })
        #expect(Set(tasks.keys) == Set(raw.keys))
        let stored = try #require(tasks["push_to_crm"])
        #expect(stored.state == .failed)
        #expect(stored.tryNumber == 2 && stored.maxTries == 2)
        #expect(sameSecond(stored.startedAt, RawAirflow.date(push["start_date"])))
        #expect(sameSecond(stored.endedAt, RawAirflow.date(push["end_date"])))
        #expect(raw["notify"]?["state"] as? String == "upstream_failed")
        #expect(tasks["notify"]?.state == .upstreamFailed)

        // Its error is the exception its last try's log holds, as Airflow answers it.
        let log = try await api.object("/api/v2/dags/vigil_retry_fail/dagRuns/\(RawAirflow.segment(run.runID))"
                                       + "/taskInstances/push_to_crm/logs/2")
        let events = try #require(log["content"] as? [RawAirflow.Object])
        let detail = try #require(events.compactMap { $0["error_detail"] as? [RawAirflow.Object] }.last?.first)
        let exception = "\(try #require(detail["exc_type"] as? String)): \(try #require(detail["exc_value"] as? String))"
        #expect(exception == "RuntimeError: CRM refused the batch (vigil integration test)")
        #expect(stored.errorMessage == exception)
        #expect(tasks["notify"]?.errorMessage == nil)
    }

    @Test func theSleepingTaskIsRunning() async throws {
        _ = try await pollOK(collector())
        let run = try #require(try store.runs(source: source, pipelineID: "vigil_running").first)
        let raw = try #require(try await api.taskInstances(dag: "vigil_running", runID: run.runID)["long_sleep"])
        #expect(raw["state"] as? String == "running")
        let stored = try #require(try store.taskInstances(source: source, pipelineID: "vigil_running", runID: run.runID)
            .first { $0.taskID == "long_sleep" })
        #expect(stored.state == .running)
        #expect(stored.tryNumber == 1 && stored.maxTries == 1)
        #expect(sameSecond(stored.startedAt, RawAirflow.date(raw["start_date"])))
        #expect(stored.endedAt == nil)
    }

    /// Every component healthy, one broken DAG file: degraded, and the import error is the only note.
    @Test func theImportErrorDegradesTheSource() async throws {
        let summary = try await pollOK(collector())
        let health = try await api.object("/api/v2/monitor/health")
        for component in ["metadatabase", "scheduler", "dag_processor"] {
            #expect((health[component] as? [String: Any])?["status"] as? String == "healthy", "\(component)")
        }
        let errors = try await api.list("/api/v2/importErrors", key: "import_errors")
        #expect(errors.count == 1)
        let error = try #require(errors.first)
        let file = try #require(error["filename"] as? String)
        let exception = try #require((error["stack_trace"] as? String)?.split(whereSeparator: \.isNewline).last)
            .trimmingCharacters(in: .whitespaces)
        #expect(exception.hasPrefix("ModuleNotFoundError"))

        #expect(summary.health == .degraded)
        #expect(summary.notes.count == 1, "\(summary.notes)")
        let note = try #require(summary.notes.first)
        #expect(note.contains((file as NSString).lastPathComponent) && note.contains(exception), "\(note)")
        let stored = try storedSource()
        #expect(stored.health == .degraded)
        #expect(stored.lastError?.contains("broken_dag.py") == true)
        #expect(stored.lastSuccessAt != nil)
    }

    @Test func aWrongPasswordFailsWith401AndIsNeverStored() async throws {
        _ = try await pollOK(collector())
        let wrong = "wrong-\(UUID().uuidString)"
        let result = await collector(password: wrong).collect()
        guard case let .failed(error) = result else { throw IntegrationFailure("expected a failure, got \(result)") }
        guard case let .unauthorized(name, _, status, _) = error else { throw IntegrationFailure("expected 401, got \(error)") }
        #expect(name == source && status == 401)
        #expect(error.description.contains("'\(source)'") && error.description.contains("401"))

        let stored = try storedSource()
        #expect(stored.health == .down)
        let lastError = try #require(stored.lastError)
        #expect(lastError.contains(source) && lastError.contains("401"))
        #expect(!lastError.contains(wrong) && !lastError.contains(api.password))
        // The bytes on disk, WAL included: neither the wrong nor the right password.
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(files.contains("vigil.db"))
        for file in files {
            let bytes = try Data(contentsOf: directory.appendingPathComponent(file))
            #expect(bytes.range(of: Data(wrong.utf8)) == nil, "wrong password in \(file)")
            #expect(bytes.range(of: Data(api.password.utf8)) == nil, "password in \(file)")
        }
    }

    @Test func anAPIServerOutageMarksTheSourceDownAndKeepsTheRuns() async throws {
        let collector = collector()
        _ = try await pollOK(collector)
        let before = try storedRuns()
        #expect(before.filter { $0.key != "vigil_actions" }.values.map(\.count).reduce(0, +) == 4)
        let lastSuccess = try storedSource().lastSuccessAt

        try await Scripts.run("airflow-down", "api-server")
        let result = await collector.collect()
        // Start it again before any expectation can stop this test, so later tests find it up.
        try await Scripts.run("airflow-up", "api-server")
        guard case let .failed(error) = result else { throw IntegrationFailure("expected a failure, got \(result)") }
        guard case .unreachable = error else { throw IntegrationFailure("expected unreachable, got \(error)") }
        let down = try storedSource()
        #expect(down.health == .down)
        #expect(down.lastError?.contains(source) == true)
        #expect(down.lastSuccessAt == lastSuccess)
        #expect(try storedRuns() == before)

        // A freshly restarted API server can be slow to answer its first requests on a loaded machine: the
        // collector recovers by itself on a later poll, which is the behaviour under test.
        let summary = try await pollUntilOK(collector, within: 90)
        // Back to where it was before the outage: only the broken DAG file keeps it from ok.
        #expect(summary.health == .degraded && summary.notes.count == 1, "\(summary.notes)")
        let back = try storedSource()
        #expect(back.health == .degraded && back.lastError?.contains("broken_dag.py") == true)
        #expect(try storedRuns().keys == before.keys)
    }
}

/// A CI run that lost the environment would skip these tests and still pass: make that a failure.
@Suite struct AirflowIntegrationGateTests {
    @Test(.enabled(if: IntegrationEnvironment.isCI))
    func ciProvidesAirflow() {
        #expect(AirflowEnvironment.url != nil,
                "CI=true but VIGIL_AIRFLOW_URL is unset: scripts/test must run scripts/airflow-integration before swift test")
        #expect(AirflowEnvironment.passwordFile != nil, "CI=true but VIGIL_AIRFLOW_PASSWORD_FILE is unset")
        #expect(AirflowEnvironment.opsPasswordFile != nil, "CI=true but VIGIL_AIRFLOW_OPS_PASSWORD_FILE is unset")
    }
}

/// What scripts/test (via scripts/airflow-integration) hands these tests.
enum AirflowEnvironment {
    static let url = IntegrationEnvironment.variables["VIGIL_AIRFLOW_URL"]
    static let passwordFile = IntegrationEnvironment.variables["VIGIL_AIRFLOW_PASSWORD_FILE"]
    /// User vigil-ops's, who may write (the actions tests).
    static let opsPasswordFile = IntegrationEnvironment.variables["VIGIL_AIRFLOW_OPS_PASSWORD_FILE"]
    static let username = IntegrationEnvironment.variables["VIGIL_AIRFLOW_USER"] ?? "vigil"
}

/// Airflow's REST API read with URLSession and JSONSerialization, on purpose not with the collector's client or
/// decoders, so the tests compare the store with what Airflow says rather than with the collector's reading of it.
struct RawAirflow: RawAirflowReading {
    typealias Object = [String: Any]
    let base: URL
    let username = AirflowEnvironment.username
    let password: String

    init() throws {
        base = try #require(AirflowEnvironment.url.flatMap(URL.init(string:)), "VIGIL_AIRFLOW_URL is not a URL")
        let file = try #require(AirflowEnvironment.passwordFile, "set VIGIL_AIRFLOW_PASSWORD_FILE (scripts/airflow-integration prints it)")
        password = try String(contentsOfFile: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        try #require(!password.isEmpty, "\(file) is empty")
    }

    private func send(_ request: URLRequest) async throws -> Object {
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else {
            throw IntegrationFailure("\(request.url?.path ?? "") answered HTTP \(status)")
        }
        return try #require(try JSONSerialization.jsonObject(with: data) as? Object, "not a JSON object")
    }

    /// A fresh access token (a JWT) for this user.
    func token() async throws -> String {
        var request = URLRequest(url: base.appendingPathComponent("auth/token"))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONSerialization.data(withJSONObject: ["username": username, "password": password])
        return try #require(try await send(request)["access_token"] as? String)
    }

    /// GET with a fresh token; `path` may carry a query.
    func object(_ path: String) async throws -> Object {
        var request = URLRequest(url: try #require(URL(string: base.absoluteString + path)))
        request.setValue("Bearer \(try await token())", forHTTPHeaderField: "Authorization")
        return try await send(request)
    }

    /// One page is all there is here (a handful of items); `total_entries` proves it.
    func list(_ path: String, key: String) async throws -> [Object] {
        let page = try await object(path)
        let items = try #require(page[key] as? [Object], "no \(key) in \(path)")
        #expect(page["total_entries"] as? Int == items.count, "\(path) has more than one page")
        return items
    }

    /// The run's task instances by task id (none of these DAGs maps tasks).
    func taskInstances(dag: String, runID: String) async throws -> [String: Object] {
        let run = Self.segment(runID)
        let items = try await list("/api/v2/dags/\(dag)/dagRuns/\(run)/taskInstances", key: "task_instances")
        return Dictionary(uniqueKeysWithValues: try items.map { (try #require($0["task_id"] as? String), $0) })
    }

    /// A path segment: everything but letters and digits percent-encoded.
    static func segment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }

    /// Airflow's timestamps end in Z, with or without fractional seconds; null stays nil.
    static func date(_ value: Any?) -> Date? {
        guard let text = value as? String else { return nil }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}

/// Equal to the second; both nil counts as equal.
func sameSecond(_ a: Date?, _ b: Date?) -> Bool {
    guard let a, let b else { return a == nil && b == nil }
    return a.timeIntervalSince1970.rounded(.down) == b.timeIntervalSince1970.rounded(.down)
}

/// The repository's scripts, run from the checkout these tests were compiled from.
enum Scripts {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// posix_spawn and waitpid, not Foundation's Process: its waitUntilExit never returned here once the script
    /// had exited (the child stayed a zombie). Signals are unblocked and reset in the child: test threads block
    /// most of them, and an API server started with SIGTERM blocked could not be stopped by scripts/airflow-down.
    /// Output goes to files, not pipes: the server the script starts would hold a pipe open forever.
    /// Returns what the script printed; `environment` is added to the test process's own.
    @discardableResult
    static func run(_ name: String, _ arguments: String..., environment: [String: String] = [:],
                    timeout: TimeInterval = 180) async throws -> String {
        let path = root.appendingPathComponent("scripts/\(name)").path
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-script-\(UUID().uuidString)").path
        let out = log + ".out"
        defer { unlink(log); unlink(out) }
        let pid = try ChildProcess.spawn(path, arguments,
                                         environment: ProcessInfo.processInfo.environment.merging(environment) { $1 },
                                         stdout: out, stderr: log)
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while waitpid(pid, &status, WNOHANG) != pid {
            if Date() > deadline { kill(pid, SIGKILL) }
            try await Task.sleep(for: .milliseconds(50))
        }
        guard status == 0 else {
            let stderr = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            throw IntegrationFailure("scripts/\(name) \(arguments.joined(separator: " ")) failed (wait status \(status)): \(stderr)")
        }
        return (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
    }
}
