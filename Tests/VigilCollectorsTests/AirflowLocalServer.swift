import Foundation
import VigilCollectors
import VigilCore
import VigilStore
import VigilTestSupport

/// The captured Airflow 3.3.2 answers, served over a real socket by `LoopbackHTTPServer`: the table of
/// `airflow3()` (AirflowFixtures.swift), keyed by the path as it appears on the wire.
enum LocalAirflow {
    typealias F = AirflowFixtures
    static let token = "jwt-local"

    /// A healthy Airflow with no import errors, so a good pass leaves the source ok (not degraded).
    static func healthy() throws -> [String: CannedResponse] {
        [
            "/auth/token": .json(F.loginBody(token), status: 201),
            "/api/v2/version": .json(try F.v2("version.json")),
            "/api/v2/monitor/health": .json(try F.v2("monitor_health.json")),
            "/api/v2/dags": .json(try F.v2("dags.json")),
            "/api/v2/dags/~/dagRuns": .json(try F.v2("dag_runs_all_get.json")),
            "/api/v2/dags/customer_sync/dagRuns/\(F.manualCustomerSyncPath)/taskInstances":
                .json(try F.v2("task_instances_customer_sync_failed.json")),
            "/api/v2/dags/customer_sync/dagRuns/\(F.scheduledCustomerSyncPath)/taskInstances":
                .json(try F.v2("task_instances_all_failed.json")),
            "/api/v2/dags/slow_backfill/dagRuns/research_slow_1/taskInstances":
                .json(try F.v2("task_instances_slow_backfill_running.json")),
            // import_errors.json lists broken_dag.py; this is its shape with nothing in it.
            "/api/v2/importErrors": .json(Data(#"{"import_errors": [], "total_entries": 0}"#.utf8)),
            "/api/v2/assets/events": .json(try F.v2("asset_events.json")),
            "/api/v2/assets": .json(try F.v2("assets.json")),
            // Only customer_sync's task list was captured: every DAG answers it.
            "/api/v2/dags/customer_sync/tasks": .json(try F.v2("dag_tasks_customer_sync.json")),
            "/api/v2/dags/daily_revenue/tasks": .json(try F.v2("dag_tasks_customer_sync.json")),
            "/api/v2/dags/slow_backfill/tasks": .json(try F.v2("dag_tasks_customer_sync.json")),
        ]
    }
}

/// One loopback server answering like a healthy Airflow 3.3.2, and an AirflowCollector with the real
/// URLSessionTransport pointed at it, writing into its own store, on a clock the test moves.
final class LocalAirflowRig: Sendable {
    static let source = "prod-airflow"
    static let password = "s3cret-pw-4e1b"
    let server: LoopbackHTTPServer
    let store: Store
    let clock: AirflowTestClock
    let collector: AirflowCollector
    let settings: AirflowSettings
    /// The store file's directory, when the store is on disk.
    let directory: URL?

    init(start: Date, onDisk: Bool = false, password: String = LocalAirflowRig.password,
         adjust: (inout AirflowSettings) -> Void = { _ in }) throws {
        server = try LoopbackHTTPServer()
        server.respond(try LocalAirflow.healthy())
        if onDisk {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-lsft-\(UUID().uuidString)")
            store = try Store(path: directory.appendingPathComponent("vigil.db").path)
            self.directory = directory
        } else {
            store = try TestStore.fresh()
            directory = nil
        }
        clock = AirflowTestClock(start)
        var settings = AirflowSettings(name: Self.source, baseURL: server.baseURL, api: .v2,
                                       credentials: .password(username: "vigil", password: password))
        settings.requestTimeout = 5
        adjust(&settings)
        self.settings = settings
        let clock = self.clock
        // No transport given: the collector builds its URLSessionTransport from the settings, as in production.
        collector = AirflowCollector(store: store, settings: settings, clock: { clock.now })
    }

    func stop() {
        server.stop()
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }

    /// One poll, a poll interval after the last one.
    func collect() async -> AirflowPollResult {
        clock.advance(await collector.nextDelay)
        return await collector.collect()
    }

    var status: SourceStatus? { (try? store.snapshot())?.sources.first { $0.name == Self.source } }

    /// Every stored run by DAG.
    func storedRuns() throws -> [String: [PipelineRun]] {
        var runs: [String: [PipelineRun]] = [:]
        for summary in try store.snapshot().pipelines where summary.pipeline.source == Self.source {
            runs[summary.pipeline.pipelineID] = try store.runs(source: Self.source, pipelineID: summary.pipeline.pipelineID)
        }
        return runs
    }

    func storedTaskInstances() throws -> [TaskInstance] {
        try storedRuns().values.flatMap { $0 }.flatMap {
            try store.taskInstances(source: Self.source, pipelineID: $0.pipelineID, runID: $0.runID)
        }
    }
}
