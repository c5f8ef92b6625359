import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import VigilCollectors
import VigilCore
import VigilStore

/// AirflowCollector against a real Airflow 2.10.5 (REST API v1, basic auth) started by scripts/airflow2-integration
/// (DAGs in Tests/Integration/airflow2_dags): the store must say what Airflow's REST API says, read here
/// independently with URLSession and JSONSerialization. Serialized: the webserver has two workers on a busy machine.
@Suite(.serialized, .enabled(if: Airflow2Environment.url != nil))
struct Airflow2IntegrationTests {
    let source = "airflow2-it"
    let api: RawAirflow2
    let directory: URL
    let store: Store
    /// What vigil2_produce's outlet names, and the table it stands for (its identity).
    static let ordersURI = "postgres://127.0.0.1:54329/warehouse/raw/orders"

    init() throws {
        api = try RawAirflow2()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-af2it-\(UUID().uuidString)")
        store = try Store(path: directory.appendingPathComponent("vigil.db").path)
    }

    /// A collector with a small page size, so every list of more than 3 items takes several pages.
    func pollOK() async throws -> AirflowPollSummary {
        var settings = AirflowSettings(name: source, baseURL: api.base,
                                       credentials: .password(username: api.username, password: api.password))
        settings.requestTimeout = 30
        settings.pageSize = 3
        let result = await AirflowCollector(store: store, settings: settings).collect()
        guard case let .updated(summary) = result else { throw IntegrationFailure("poll did not update the store: \(result)") }
        return summary
    }

    private func pipelines() throws -> [String: Pipeline] {
        Dictionary(uniqueKeysWithValues: try store.snapshot().pipelines.filter { $0.pipeline.source == source }
            .map { ($0.pipeline.pipelineID, $0.pipeline) })
    }

    @Test func everyRunIsReadAcrossPagesWithAirflowsStateAndSpan() async throws {
        let summary = try await pollOK()
        #expect(summary.api == .v1)
        let all = try await api.list("/api/v1/dags/~/dagRuns?limit=100", key: "dag_runs")
        #expect(summary.runs == all.count)
        // vigil2_produce, vigil2_consume (on the dataset), vigil2_retry_fail, and five of vigil2_many: 3 pages of 3;
        // vigil2_actions gains runs as the actions tests act on it (AirflowActionsIntegrationTests).
        let runs = all.filter { $0["dag_id"] as? String != "vigil2_actions" }
        #expect(runs.count == 8)
        for run in runs {
            let dag = try #require(run["dag_id"] as? String)
            let runID = try #require(run["dag_run_id"] as? String)
            let mine = try #require(try store.runs(source: source, pipelineID: dag).first { $0.runID == runID },
                                    "run \(runID) of \(dag) not stored")
            #expect(mine.state.rawValue == run["state"] as? String)
            #expect(mine.runType == run["run_type"] as? String)
            #expect(sameSecond(mine.startedAt, RawAirflow.date(run["start_date"])), "start of \(dag)")
            #expect(sameSecond(mine.endedAt, RawAirflow.date(run["end_date"])), "end of \(dag)")
        }
        #expect(try store.runs(source: source, pipelineID: "vigil2_many").count == 5)
        #expect(try store.runs(source: source, pipelineID: "vigil2_consume").first?.runType == "dataset_triggered")
    }

    @Test func theFailedTryIsTwoOfTwoWithTheExceptionTheDAGRaised() async throws {
        _ = try await pollOK()
        let run = try #require(try store.runs(source: source, pipelineID: "vigil2_retry_fail").first)
        #expect(run.state == .failed)
        let raw = try await api.taskInstances(dag: "vigil2_retry_fail", runID: run.runID)
        #expect(raw["push_to_crm"]?["state"] as? String == "failed")
        #expect(raw["push_to_crm"]?["try_number"] as? Int == 2 && raw["push_to_crm"]?["max_tries"] as? Int == 1)
        #expect(raw["notify"]?["state"] as? String == "upstream_failed")

        let tasks = Dictionary(uniqueKeysWithValues: try store.taskInstances(source: source, pipelineID: "vigil2_retry_fail",
                                                                             runID: run.runID).map { ($0.taskID, $0) })
        let push = try #require(tasks["push_to_crm"])
        #expect(push.state == .failed && push.tryNumber == 2 && push.maxTries == 2)
        #expect(tasks["notify"]?.state == .upstreamFailed && tasks["notify"]?.errorMessage == nil)

        // The text log of try 2 ends with the traceback of what vigil2_retry_fail.py raises, from its cause.
        let log = try await api.text("/api/v1/dags/vigil2_retry_fail/dagRuns/\(RawAirflow.segment(run.runID))"
                                     + "/taskInstances/push_to_crm/logs/2?full_content=true")
        let raised = "RuntimeError: CRM refused the batch (vigil airflow 2 integration test)"
        let cause = "ConnectionError: crm.example:443 refused the connection"
        #expect(log.contains("\n\(raised)\n") && log.contains("\n\(cause)\n"))
        #expect(push.errorMessage == "\(raised)\ncaused by \(cause)")
    }

    @Test func theImportErrorDegradesTheSource() async throws {
        let summary = try await pollOK()
        let errors = try await api.list("/api/v1/importErrors", key: "import_errors")
        #expect(errors.count == 1)
        let exception = try #require((errors.first?["stack_trace"] as? String)?.split(whereSeparator: \.isNewline).last)
        #expect(exception.hasPrefix("ModuleNotFoundError"))
        #expect(summary.health == .degraded)
        #expect(summary.notes.count == 1, "\(summary.notes)")
        #expect(summary.notes.first?.contains("broken_dag.py") == true && summary.notes.first?.contains(exception) == true)
        let stored = try #require(try store.snapshot().sources.first { $0.name == source })
        #expect(stored.health == .degraded && stored.lastError?.contains("broken_dag.py") == true)
    }

    /// Each DAG's tasks, upstream first: what the Health pane counts ("tasks N").
    @Test func everyDAGListsItsTasks() async throws {
        let summary = try await pollOK()
        let dags = try await api.list("/api/v1/dags?limit=100", key: "dags").compactMap { $0["dag_id"] as? String }
        #expect(Set(dags) == ["vigil2_produce", "vigil2_consume", "vigil2_retry_fail", "vigil2_many", "vigil2_actions"])
        #expect(summary.taskListsRead == dags.count, "\(summary.notes)")
        let stored = try pipelines()
        for dag in dags {
            let raw = try await api.object("/api/v1/dags/\(dag)/tasks")
            let ids = try #require(raw["tasks"] as? [RawAirflow.Object]).compactMap { $0["task_id"] as? String }
            #expect(Set(stored[dag]?.tasks ?? []) == Set(ids) && stored[dag]?.tasks.count == ids.count, "\(dag)")
        }
        #expect(stored["vigil2_retry_fail"]?.tasks == ["push_to_crm", "notify"])
        #expect(stored["vigil2_produce"]?.tasks == ["extract", "load_orders"])
    }

    /// The outlet and the schedule on it become lineage; the dataset event is freshness for the known table the URI
    /// names (raw.orders, whose identity is postgres://127.0.0.1:54329 warehouse.raw.orders).
    @Test func datasetsBecomeLineageAndTheirEventsFreshnessOfTheTableTheyName() async throws {
        try store.write { w in
            try w.upsertDataset(Dataset(name: "raw.orders", tier: 1, policy: FreshnessPolicy(warnAfter: 3600, errorAfter: 7200),
                                        source: "warehouse",
                                        identity: .postgres(host: "127.0.0.1", port: 54329, database: "warehouse",
                                                            schema: "raw", table: "orders")))
        }
        let summary = try await pollOK()
        let events = try await api.list("/api/v1/datasets/events?order_by=-timestamp", key: "dataset_events")
        let event = try #require(events.first { $0["dataset_uri"] as? String == Self.ordersURI })
        #expect(event["source_dag_id"] as? String == "vigil2_produce")
        #expect(summary.freshnessSamples == 1)
        let history = try store.freshnessHistory(dataset: "raw.orders", since: .distantPast)
        #expect(history.count == 1)
        let loaded = try #require(history.first?.loadedAt)
        let timestamp = try #require(RawAirflow.date(event["timestamp"]))
        #expect(abs(loaded.timeIntervalSince(timestamp)) < 0.001)

        // Joined onto raw.orders when read, on both sides of the dataset.
        let lineage = try store.snapshot().lineage
        #expect(lineage.contains(LineageEdge(upstream: .pipeline(source: source, id: "vigil2_produce"), downstream: .dataset("raw.orders"))))
        #expect(lineage.contains(LineageEdge(upstream: .dataset("raw.orders"), downstream: .pipeline(source: source, id: "vigil2_consume"))))
    }
}

/// A CI run that lost the environment would skip these tests and still pass: make that a failure.
@Suite struct Airflow2IntegrationGateTests {
    @Test(.enabled(if: IntegrationEnvironment.isCI))
    func ciProvidesAirflow2() {
        #expect(Airflow2Environment.url != nil,
                "CI=true but VIGIL_AIRFLOW2_URL is unset: scripts/test must run scripts/airflow2-integration before swift test")
        #expect(Airflow2Environment.passwordFile != nil, "CI=true but VIGIL_AIRFLOW2_PASSWORD_FILE is unset")
        #expect(Airflow2Environment.opsPasswordFile != nil, "CI=true but VIGIL_AIRFLOW2_OPS_PASSWORD_FILE is unset")
    }
}

/// What scripts/test (via scripts/airflow2-integration) hands these tests.
enum Airflow2Environment {
    static let url = IntegrationEnvironment.variables["VIGIL_AIRFLOW2_URL"]
    static let passwordFile = IntegrationEnvironment.variables["VIGIL_AIRFLOW2_PASSWORD_FILE"]
    /// User vigil-ops's, who may write (the actions tests).
    static let opsPasswordFile = IntegrationEnvironment.variables["VIGIL_AIRFLOW2_OPS_PASSWORD_FILE"]
}

/// Airflow 2's REST API v1 with basic auth, read with URLSession and JSONSerialization (not the collector's client).
struct RawAirflow2: RawAirflowReading {
    let base: URL
    let username = "vigil"
    let password: String

    init() throws {
        base = try #require(Airflow2Environment.url.flatMap(URL.init(string:)), "VIGIL_AIRFLOW2_URL is not a URL")
        let file = try #require(Airflow2Environment.passwordFile,
                                "set VIGIL_AIRFLOW2_PASSWORD_FILE (scripts/airflow2-integration prints it)")
        password = try String(contentsOfFile: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        try #require(!password.isEmpty, "\(file) is empty")
    }

    private func get(_ path: String, accept: String) async throws -> Data {
        var request = URLRequest(url: try #require(URL(string: base.absoluteString + path)))
        request.setValue("Basic " + Data("\(username):\(password)".utf8).base64EncodedString(), forHTTPHeaderField: "Authorization")
        request.setValue(accept, forHTTPHeaderField: "Accept")
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else { throw IntegrationFailure("\(path) answered HTTP \(status)") }
        return data
    }

    func object(_ path: String) async throws -> RawAirflow.Object {
        try #require(try JSONSerialization.jsonObject(with: try await get(path, accept: "application/json")) as? RawAirflow.Object,
                     "not a JSON object")
    }

    func text(_ path: String) async throws -> String {
        String(decoding: try await get(path, accept: "text/plain"), as: UTF8.self)
    }

    /// One page holds them all here (limit 100); `total_entries` proves it.
    func list(_ path: String, key: String) async throws -> [RawAirflow.Object] {
        let page = try await object(path)
        let items = try #require(page[key] as? [RawAirflow.Object], "no \(key) in \(path)")
        #expect(page["total_entries"] as? Int == items.count, "\(path) has more than one page")
        return items
    }

    func taskInstances(dag: String, runID: String) async throws -> [String: RawAirflow.Object] {
        let items = try await list("/api/v1/dags/\(dag)/dagRuns/\(RawAirflow.segment(runID))/taskInstances", key: "task_instances")
        return Dictionary(uniqueKeysWithValues: try items.map { (try #require($0["task_id"] as? String), $0) })
    }
}
