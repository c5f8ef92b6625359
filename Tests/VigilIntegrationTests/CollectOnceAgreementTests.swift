import Foundation
import Testing
import VigilCore
import VigilStore
import VigilTestSupport

/// The issue's "done when": `vigil collect --once` against the real Airflow, dbt target and PostgreSQL fills the
/// store, and `vigil status --format json` agrees with each system on every pipeline and dataset.
/// An extension of the serialized Airflow suite: it must not run while that suite stops the API server.
extension AirflowIntegrationTests {
    @Test func collectOnceThenStatusAgreesWithAirflowDbtAndPostgres() async throws {
        let (dir, config, bin) = try fullStack()
        defer { try? FileManager.default.removeItem(at: dir) }
        let targetDir = try #require(IntegrationEnvironment.dbtTargetDir)

        let collect = try ChildProcess.run(bin, ["collect", "--once", "--config", config.path], timeout: 120)
        #expect(collect.status == 0, "collect --once failed: \(collect.stderr)")
        let status = try ChildProcess.run(bin, ["status", "--format", "json", "--config", config.path])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any],
                                  "status printed no JSON: \(status.stdout) \(status.stderr)")
        let generatedAt = try #require(RawAirflow.date(report["generated_at"]))

        // Both sources were read.
        let sources = try #require(report["sources"] as? [[String: Any]])
        let byName = Dictionary(uniqueKeysWithValues: sources.compactMap { s in (s["name"] as? String).map { ($0, s) } })
        #expect(byName["analytics"]?["state"] as? String == "ok")
        // The warehouse is read; the table that does not exist degrades it and is named.
        #expect(byName["warehouse"]?["state"] as? String == "degraded")
        #expect((byName["warehouse"]?["last_error"] as? String)?.contains("raw.missing_table") == true)
        // The Airflow under test holds an import error, which Vigil reports as degraded (still read).
        #expect(byName["prod-airflow"]?["state"] as? String == "degraded", "\(byName["prod-airflow"] ?? [:]); collect said: \(collect.stdout) \(collect.stderr)")
        #expect(byName["prod-airflow"]?["consecutive_failures"] as? Int == 0)
        #expect(byName["prod-airflow"]?["last_pass_s"] is Double)

        let pipelines = try #require(report["pipelines"] as? [[String: Any]])
        func pipeline(_ source: String, _ id: String) -> [String: Any]? {
            pipelines.first { $0["source"] as? String == source && $0["id"] as? String == id }
        }

        // Airflow: every DAG, with its newest run's id and state, and paused DAGs said to be paused.
        let dags = try await api.list("/api/v2/dags?limit=100", key: "dags")
        #expect(pipelines.filter { $0["source"] as? String == "prod-airflow" }.count == dags.count)
        for dag in dags {
            let id = try #require(dag["dag_id"] as? String)
            let stored = try #require(pipeline("prod-airflow", id), "status lacks DAG \(id)")
            let runs = try await api.list("/api/v2/dags/\(id)/dagRuns?order_by=-logical_date&limit=100", key: "dag_runs")
            let lastRun = stored["last_run"] as? [String: Any]
            if let newest = runs.first {
                #expect(lastRun?["id"] as? String == newest["dag_run_id"] as? String, "\(id)")
                #expect(lastRun?["state"] as? String == newest["state"] as? String, "\(id)")
            } else {
                #expect(stored["last_run"] is NSNull, "\(id) has no runs in Airflow")
            }
            if dag["is_paused"] as? Bool == true { #expect(stored["state"] as? String == "paused", "\(id)") }
        }
        #expect(pipeline("prod-airflow", "vigil_retry_fail")?["state"] as? String == "failing")
        // vigil_running's 30-minute task runs unless the API-server outage test (earlier in this serialized suite)
        // lasted long enough for Airflow's task supervisor to kill it: Vigil says what Airflow's newest run says.
        let runningNow = try await api.list("/api/v2/dags/vigil_running/dagRuns?order_by=-logical_date&limit=1", key: "dag_runs")
        #expect(pipeline("prod-airflow", "vigil_running")?["state"] as? String
                == (runningNow.first?["state"] as? String == "running" ? "running" : "failing"))
        #expect(pipeline("prod-airflow", "vigil_ok")?["state"] as? String == "healthy")

        // dbt: the project's run is the invocation in run_results.json. A test failed but no model did: the data of
        // the dataset it tests is wrong (its check says so), the run did not fail.
        let dbt = try RawDbtArtifacts(directory: targetDir)
        let project = try #require(pipeline("analytics", dbt.projectName))
        let run = try #require(project["last_run"] as? [String: Any])
        #expect(run["id"] as? String == dbt.invocationID)
        #expect(dbt.results.contains { $0["status"] as? String == "fail" })
        #expect(run["state"] as? String == "success")
        #expect(project["state"] as? String == "healthy")
        // The only postgres source is taken as the warehouse dbt builds into: models and sources carry their identity.
        let store = try Store(path: dir.appendingPathComponent("vigil.db").path, readOnly: true)
        let identities = Dictionary(uniqueKeysWithValues: try store.snapshot().datasets.map { ($0.dataset.name, $0.dataset.identity?.description) })
        #expect(identities["analytics.fct_orders"] == "postgres://127.0.0.1:54329/warehouse.analytics.fct_orders")
        #expect(identities["raw.orders"] == "postgres://127.0.0.1:54329/warehouse.raw.orders")
        #expect(try store.snapshot().datasets.first { $0.dataset.name == "analytics.dim_customers" }?.quality?.state == .fail)

        // Datasets: every source dbt checked, its lag measured from max_loaded_at as dbt read it.
        let datasets = try #require(report["datasets"] as? [[String: Any]])
        for result in dbt.sourceResults {
            let uniqueID = try #require(result["unique_id"] as? String)
            let name = try #require(dbt.relationName(uniqueID))
            let stored = try #require(datasets.first { $0["name"] as? String == name }, "status lacks \(name)")
            let maxLoadedAt = try #require((result["max_loaded_at"] as? String).flatMap(parseTimestamp))
            let lag = try #require(stored["lag_s"] as? Double, "\(name) has no lag")
            // generated_at is printed to the second.
            #expect(abs(lag - generatedAt.timeIntervalSince(maxLoadedAt)) < 1.5, "\(name): lag \(lag)")
        }
        // And the warehouse collector's max(loaded_at) is what PostgreSQL holds, with the config's tier.
        for (table, tier) in [("raw.customers", 1), ("raw.payments", 1)] {
            let loaded = try #require(try Postgres.epoch("select max(loaded_at) from \(table)"))
            let stored = try #require(datasets.first { $0["name"] as? String == table })
            #expect(abs((stored["lag_s"] as? Double ?? -1) - generatedAt.timeIntervalSince(loaded)) < 1.5, "\(table)")
            #expect(stored["tier"] as? Int == tier)
        }
        let missing = try #require(datasets.first { $0["name"] as? String == "raw.missing_table" })
        #expect(missing["lag_s"] is NSNull)
        #expect(missing["freshness_state"] as? String == "unknown")
    }

    /// A store and vigil.yaml reading the real Airflow, the dbt target and the PostgreSQL warehouse. raw.customers and
    /// raw.payments are declared tier 1, measured by the warehouse, and produced by the Airflow DAG whose task fails
    /// at try 2 of 2.
    /// Airflow 3, dbt and PostgreSQL with a config that names no producer: vigil_retry_fail's outlet assets, dbt's
    /// sources and the warehouse tables are joined by their identities.
    func fullStack() throws -> (dir: URL, config: URL, bin: String) {
        let targetDir = try #require(IntegrationEnvironment.dbtTargetDir, "set VIGIL_DBT_TARGET_DIR (scripts/dbt-integration)")
        let passwordFile = try #require(AirflowEnvironment.passwordFile)
        let bin = try #require(IntegrationEnvironment.variables["VIGIL_BIN"], "set VIGIL_BIN to the built vigil (scripts/test does)")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-agree-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let config = dir.appendingPathComponent("vigil.yaml")
        let runbooks = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("runbooks").path
        try Data("""
            store: ./vigil.db
            runbooks: \(runbooks)
            sources:
              - name: prod-airflow
                kind: airflow
                url: \(api.base.absoluteString)
                username: \(api.username)
                password_file: \(passwordFile)
                # Airflow 3 on a loaded CI machine (two Airflows, PostgreSQL and the test run on two cores) has taken
                # over the default 10 s to answer right after the outage test restarted its API server.
                timeout: 60s
              - name: analytics
                kind: dbt
                target_dir: \(targetDir)
              - name: warehouse
                kind: postgres
                dsn_env: VIGIL_PG_DSN
            datasets:
              - name: raw.customers
                tier: 1
                freshness: {warn_after: 1h, error_after: 2h}
                loaded_at: loaded_at
              - name: raw.payments
                tier: 1
                freshness: {warn_after: 1h, error_after: 2h}
                loaded_at: loaded_at
              - name: raw.missing_table
                tier: 3
                freshness: {warn_after: 1h, error_after: 2h}
                loaded_at: loaded_at
            """.utf8).write(to: config)
        return (dir, config, bin)
    }
}
