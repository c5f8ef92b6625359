import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import VigilApp
import VigilCollectors
import VigilConfig
import VigilCore
import VigilStore
import VigilTestSupport

/// DagsterCollector against a real Dagster 1.13 started by scripts/dagster-integration (definitions in
/// Tests/Integration/dagster_defs): after one pass the store must say what Dagster's GraphQL API says, read here
/// independently (URLSession and JSONSerialization, not the collector's client or decoders).
@Suite(.enabled(if: DagsterEnvironment.url != nil))
struct DagsterIntegrationTests {
    let source = "dagster-it"
    let dagster: RawDagster
    let directory: URL
    let store: Store

    init() throws {
        dagster = try RawDagster()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-dgit-\(UUID().uuidString)")
        store = try Store(path: directory.appendingPathComponent("vigil.db").path)
    }

    /// One pass of the collector a `sources:` entry builds, through CollectorRunner as `vigil collect --once` does
    /// (on a thread of its own: it blocks while the pass runs), with `datasets` declared in the config. Its log lines.
    private func collectOnce(datasets: [DatasetConfig] = [], token: SecretReference? = nil) async throws -> String {
        let config = VigilConfiguration(sources: [SourceConfig(name: source, kind: .dagster, url: dagster.base, token: token)],
                                        datasets: datasets)
        let lines = LogLines()
        let runner = CollectorRunner(configuration: config, store: store, log: { lines.append($0) })
        try runner.declareDatasets()
        try await OwnThread.run { runner.runOnce() }
        return lines.all.joined(separator: "\n")
    }

    /// Vigil's state for each of Dagster's run statuses (the mapping's table, restated so a change to it shows here).
    static let states: [String: RunState] = ["SUCCESS": .success, "FAILURE": .failed, "CANCELED": .skipped,
                                             "QUEUED": .queued, "NOT_STARTED": .queued, "STARTING": .running,
                                             "STARTED": .running, "CANCELING": .running]

    @Test func everyJobsLatestRunAgreesWithDagsterAfterOnePass() async throws {
        let log = try await collectOnce()
        let latest = try await dagster.latestRunPerJob()
        // The runs scripts/dagster-integration left: each job's latest in the state it waited for.
        #expect(latest.mapValues(\.status) == ["ok_job": "SUCCESS", "nightly_job": "SUCCESS", "ingest_job": "SUCCESS",
                                                "report_job": "FAILURE", "queued_job": "QUEUED", "canceled_job": "CANCELED"])
        let snapshot = try store.snapshot()
        let stored = Dictionary(uniqueKeysWithValues: snapshot.pipelines.filter { $0.pipeline.source == source }
            .map { ($0.pipeline.pipelineID, $0) })
        // Every job Dagster lists is a pipeline, and its newest stored run is Dagster's latest, in the same state.
        #expect(Set(stored.keys) == Set(try await dagster.jobs()), "\(log)")
        for (job, run) in latest {
            let summary = try #require(stored[job], "no pipeline \(job) in the store")
            #expect(summary.lastRun?.runID == run.id, "\(job)")
            #expect(summary.lastRun?.state == Self.states[run.status], "\(job): Dagster says \(run.status)")
        }
        #expect(stored["nightly_job"]?.pipeline.isPaused == true && stored["ok_job"]?.pipeline.isPaused == false)
        #expect(stored["report_job"]?.health(now: Date()) == .failing)
        // The code location that fails to load degrades the source, named.
        let status = try #require(snapshot.sources.first { $0.name == source })
        #expect(status.kind == .dagster && status.health == .degraded)
        #expect(status.lastError?.contains("code location 'broken_defs' failed to load") == true)
        #expect(status.lastError?.contains("vigil_missing_module") == true)
    }

    @Test func theFailedStepCarriesTheExceptionDagsterRecorded() async throws {
        _ = try await collectOnce()
        let run = try #require(try await dagster.latestRunPerJob()["report_job"])
        let recorded = try await dagster.stepFailureCause(runID: run.id, step: "revenue_report")
        #expect(recorded.hasPrefix("Exception: simulated failure: upstream revenue table locked"))
        let steps = try store.taskInstances(source: source, pipelineID: "report_job", runID: run.id)
        let step = try #require(steps.first { $0.taskID == "revenue_report" })
        #expect(step.state == .failed)
        let error = try #require(step.errorMessage)
        #expect(error.hasPrefix(recorded.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(error.contains("defs.py\", line") && error.contains("raised as dagster._core.errors.DagsterExecutionStepExecutionError"))
        #expect(error.utf8.count <= AirflowMapping.maxTaskErrorBytes && TextSanitizer.clean(error) == error)
    }

    @Test func theFailedAssetCheckIsAFailingQualityCheckOfTheJoinedDataset() async throws {
        // The config names the tables; Dagster's assets join onto them by their dagster/table_name and dagster/uri.
        let policy = FreshnessPolicy(warnAfter: 3600, errorAfter: 7200)
        _ = try await collectOnce(datasets: [
            DatasetConfig(name: "raw.orders", tier: 1, freshness: policy, aliases: ["warehouse.raw.orders"]),
            DatasetConfig(name: "raw.customers", tier: 2, freshness: policy,
                          aliases: ["postgres://127.0.0.1:5432/warehouse/raw/customers"]),
        ])
        let execution = try await dagster.latestCheckExecution(asset: "raw_orders", check: "raw_orders_min_rows")
        #expect(execution.status == "FAILED" && execution.severity == "ERROR")
        let snapshot = try store.snapshot()
        let orders = try #require(snapshot.datasets.first { $0.dataset.name == "raw.orders" })
        let check = try #require(orders.quality?.checks.first { $0.name == "raw_orders_min_rows" })
        #expect(check.state == .fail && check.source == source && check.message == execution.description)
        #expect(orders.quality?.state == .fail)
        // Materializations are the joined datasets' loads, at Dagster's timestamps.
        for (dataset, asset) in [("raw.orders", "raw_orders"), ("raw.customers", "customers")] {
            let stored = try #require(snapshot.datasets.first { $0.dataset.name == dataset })
            let materialized = try await dagster.latestMaterialization(asset: asset)
            #expect(abs((stored.lastLoadedAt?.timeIntervalSince1970 ?? 0) - materialized.timeIntervalSince1970) < 0.002, "\(dataset)")
        }
        // No dataset of Dagster's own stands in for them; the report, named by no one else, is Dagster's.
        #expect(!snapshot.datasets.contains { $0.dataset.name == "warehouse.raw.orders" })
        #expect(snapshot.datasets.first { $0.dataset.name == "revenue_report" }?.dataset.source == source)
        // Lineage: both tables feed the report, each written by ingest_job.
        #expect(snapshot.lineage.contains(LineageEdge(upstream: .dataset("raw.orders"), downstream: .dataset("revenue_report"))))
        #expect(snapshot.lineage.contains(LineageEdge(upstream: .dataset("raw.customers"), downstream: .dataset("revenue_report"))))
        #expect(snapshot.lineage.contains(LineageEdge(upstream: .pipeline(source: source, id: "ingest_job"),
                                                      downstream: .dataset("raw.orders"))))
    }

    @Test func aTokenIsSentYetNeverReachesTheStoreOrTheLog() async throws {
        // Open-source Dagster ignores the Dagster+ header: the pass reads as it would without it.
        let token = "dagster-plus-\(UUID().uuidString)"
        let file = directory.appendingPathComponent("dagster-token")
        try Data(token.utf8).write(to: file)
        chmod(file.path, 0o600)
        let log = try await collectOnce(token: .file(file.path))
        let status = try #require(try store.snapshot().sources.first { $0.name == source })
        #expect(status.health == .degraded && status.lastSuccessAt != nil, "\(log)")
        #expect(!log.contains(token))
        for name in ["vigil.db", "vigil.db-wal", "vigil.db-shm"] {
            let path = directory.appendingPathComponent(name).path
            guard let bytes = FileManager.default.contents(atPath: path) else { continue }
            #expect(bytes.range(of: Data(token.utf8)) == nil, "the token is in \(name)")
        }
    }
}

/// A CI run that lost the environment would skip these tests and still pass: make that a failure.
@Suite struct DagsterIntegrationGateTests {
    @Test(.enabled(if: IntegrationEnvironment.isCI))
    func ciProvidesDagster() {
        #expect(DagsterEnvironment.url != nil,
                "CI=true but VIGIL_DAGSTER_URL is unset: scripts/test must run scripts/dagster-integration before swift test")
    }
}

/// What scripts/test (via scripts/dagster-integration) hands these tests.
enum DagsterEnvironment {
    static let url = IntegrationEnvironment.variables["VIGIL_DAGSTER_URL"]
}

/// Dagster's GraphQL read with URLSession and JSONSerialization, with queries of its own.
struct RawDagster {
    typealias Object = [String: Any]
    let base: URL

    init() throws {
        base = try #require(DagsterEnvironment.url.flatMap(URL.init(string:)), "VIGIL_DAGSTER_URL is not a URL")
    }

    private func query(_ text: String) async throws -> Object {
        var request = URLRequest(url: base.appendingPathComponent("graphql"))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONSerialization.data(withJSONObject: ["query": text])
        let (data, _) = try await URLSession.shared.data(for: request)
        let body = try #require(try JSONSerialization.jsonObject(with: data) as? Object, "not JSON: \(text)")
        return try #require(body["data"] as? Object, "no data: \(body)")
    }

    /// Each job's newest run (Dagster lists runs newest first).
    func latestRunPerJob() async throws -> [String: (id: String, status: String)] {
        let data = try await query("{ runsOrError(limit: 500) { ... on Runs { results { runId jobName status } } } }")
        let runs = try #require((data["runsOrError"] as? Object)?["results"] as? [Object])
        var latest: [String: (id: String, status: String)] = [:]
        for run in runs {
            guard let job = run["jobName"] as? String, latest[job] == nil else { continue }
            latest[job] = (run["runId"] as? String ?? "", run["status"] as? String ?? "")
        }
        return latest
    }

    /// Every job of every loaded code location.
    func jobs() async throws -> [String] {
        let data = try await query("""
            { repositoriesOrError { ... on RepositoryConnection { nodes { jobs { name } } } } }
            """)
        let repositories = try #require((data["repositoriesOrError"] as? Object)?["nodes"] as? [Object])
        return repositories.flatMap { ($0["jobs"] as? [Object] ?? []).compactMap { $0["name"] as? String } }
    }

    /// The message of the exception the step raised (the cause Dagster wraps).
    func stepFailureCause(runID: String, step: String) async throws -> String {
        let data = try await query("""
            { logsForRun(runId: "\(runID)", limit: 1000) { ... on EventConnection { events {
              ... on ExecutionStepFailureEvent { stepKey error { cause { message } } } } } } }
            """)
        let events = try #require((data["logsForRun"] as? Object)?["events"] as? [Object])
        let failure = try #require(events.first { $0["stepKey"] as? String == step }, "no failure of \(step)")
        return try #require(((failure["error"] as? Object)?["cause"] as? Object)?["message"] as? String)
    }

    func latestCheckExecution(asset: String, check: String) async throws -> (status: String, severity: String?, description: String?) {
        let data = try await query("""
            { assetCheckExecutions(assetKey: {path: ["\(asset)"]}, checkName: "\(check)", limit: 1) {
              status evaluation { severity description } } }
            """)
        let execution = try #require((data["assetCheckExecutions"] as? [Object])?.first, "\(check) never ran")
        let evaluation = execution["evaluation"] as? Object
        return (execution["status"] as? String ?? "", evaluation?["severity"] as? String,
                evaluation?["description"] as? String)
    }

    func latestMaterialization(asset: String) async throws -> Date {
        let data = try await query("""
            { assetOrError(assetKey: {path: ["\(asset)"]}) { ... on Asset { assetMaterializations(limit: 1) { timestamp } } } }
            """)
        let events = try #require((data["assetOrError"] as? Object)?["assetMaterializations"] as? [Object])
        let text = try #require(events.first?["timestamp"] as? String, "\(asset) never materialized")
        return Date(timeIntervalSince1970: try #require(Double(text)) / 1000)
    }
}
