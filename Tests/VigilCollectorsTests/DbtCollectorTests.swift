import Foundation
import Testing
import VigilTestSupport
import VigilCollectors
import VigilCore
import VigilStore

/// A clock the test moves by hand.
private final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Date
    init(_ start: Date) { value = start }
    var now: Date { lock.withLock { value } }
    func advance(_ seconds: TimeInterval) { lock.withLock { value = value.addingTimeInterval(seconds) } }
}

/// The collector writes what the real artifacts say, writes nothing when they did not change,
/// and keeps the last good data when a file goes bad.
@Suite struct DbtCollectorTests {
    let start = dbtUTC("2026-11-26T21:30:00Z")

    private func collector(_ store: Store, _ dir: DbtFixtures.TargetDir, _ clock: TestClock) -> DbtCollector {
        DbtCollector(store: store, sourceName: "dbt-prod", targetDir: dir.url, clock: { clock.now })
    }

    @Test func firstPollWritesTheProjectRunDatasetsAndLineage() async throws {
        let store = try TestStore.fresh()
        let dir = try DbtFixtures.TargetDir()
        defer { dir.remove() }
        let clock = TestClock(start)
        let result = await collector(store, dir, clock).collect()
        guard case let .updated(summary) = result else { Issue.record("expected an update, got \(result)"); return }
        #expect(summary.pipelineID == "opsdemo")
        #expect(summary.runID == "92c67a8d-7bfb-4520-98a4-351ba019ca08")
        #expect(summary.taskInstances == 13 && summary.datasets == 6 && summary.lineageEdges == 7)
        #expect(summary.freshnessSamples == 5)  // 3 sources + 2 built models
        #expect(summary.checks == 7)  // the tests that ran
        #expect(summary.warning == nil)

        let snapshot = try store.snapshot(now: start)
        #expect(snapshot.sources == [SourceStatus(name: "dbt-prod", kind: .dbt, health: .ok, lastAttemptAt: start,
                                                  lastSuccessAt: start, lastError: nil)])
        let pipeline = try #require(snapshot.pipelines.first)
        #expect(snapshot.pipelines.count == 1)
        #expect(pipeline.pipeline.id == "dbt-prod/opsdemo")
        #expect(pipeline.recentRuns.map(\.runID) == ["92c67a8d-7bfb-4520-98a4-351ba019ca08"])
        // A test failed, but every model that ran built: the data is wrong (its checks say so), the run is not.
        #expect(pipeline.health(now: start) == .healthy)
        #expect(pipeline.failedTasks.isEmpty)

        let tasks = try store.taskInstances(source: "dbt-prod", pipelineID: "opsdemo",
                                            runID: "92c67a8d-7bfb-4520-98a4-351ba019ca08")
        #expect(tasks.count == 13)
        #expect(tasks.first { $0.taskID == "unique_stg_orders_order_id.e3b841c71a" }?.errorMessage
                == "Got 1 result, configured to fail if != 0 (1 failure)")

        #expect(snapshot.datasets.map(\.dataset.name) == ["analytics.fct_revenue", "analytics.stg_customers",
                                                          "analytics.stg_orders", "raw.customers", "raw.orders", "raw.payments"])
        let customers = try #require(snapshot.datasets.first { $0.dataset.name == "raw.customers" })
        #expect(sameInstant(customers.lastLoadedAt, dbtUTC("2026-11-26T18:22:49Z", plus: 0.663281)))
        #expect(customers.state(now: start) == .error)
        let revenue = try #require(snapshot.datasets.first { $0.dataset.name == "analytics.fct_revenue" })
        #expect(revenue.lastLoadedAt == nil)  // skipped in this build: never seen built
        #expect(revenue.dataset.producedBy == "opsdemo")
        #expect(revenue.quality == nil)  // its tests were skipped

        let orders = try #require(snapshot.datasets.first { $0.dataset.name == "analytics.stg_orders" }?.quality)
        #expect(orders.state == .fail)
        #expect(orders.checks.map(\.name) == ["unique_stg_orders_order_id", "not_null_stg_orders_amount", "not_null_stg_orders_order_id"])
        #expect(orders.failing.map(\.failures) == [1])
        #expect(orders.failing.first?.message == "Got 1 result, configured to fail if != 0")
        #expect(orders.passRate24h == 2.0 / 3.0)
        let stgCustomers = try #require(snapshot.datasets.first { $0.dataset.name == "analytics.stg_customers" }?.quality)
        #expect(stgCustomers.state == .warn)
        #expect(snapshot.datasets.first { $0.dataset.name == "raw.orders" }?.quality?.state == .pass)

        #expect(snapshot.lineage.count == 7)
        #expect(snapshot.lineage.contains(LineageEdge(upstream: LineageNode.pipeline(source: "dbt-prod", id: "opsdemo"),
                                                      downstream: LineageNode.dataset("analytics.fct_revenue"))))
    }

    @Test func unchangedFilesWriteNothing() async throws {
        let store = try TestStore.fresh()
        let dir = try DbtFixtures.TargetDir()
        defer { dir.remove() }
        let clock = TestClock(start)
        let dbt = collector(store, dir, clock)
        _ = await dbt.collect()
        let token = try store.changeToken()
        clock.advance(60)
        #expect(await dbt.collect() == .unchanged)
        #expect(try store.changeToken() == token)
        #expect(try store.freshnessHistory(dataset: "raw.orders", since: .distantPast).count == 1)
    }

    @Test func aNewInvocationAddsARunWithoutDuplicatingSourceSamples() async throws {
        let store = try TestStore.fresh()
        let dir = try DbtFixtures.TargetDir()
        defer { dir.remove() }
        let clock = TestClock(start)
        let dbt = collector(store, dir, clock)
        _ = await dbt.collect()
        try dir.put("run_results.json", DbtFixtures.data("run_results_run_with_error.json"))
        clock.advance(60)
        guard case let .updated(summary) = await dbt.collect() else { Issue.record("expected an update"); return }
        #expect(summary.runID == "e2397ff7-8592-436b-8dd4-172d83f0699f")
        #expect(summary.freshnessSamples == 3)  // three models built; sources.json did not change
        let runs = try store.runs(source: "dbt-prod", pipelineID: "opsdemo")
        #expect(Set(runs.map(\.runID)) == ["92c67a8d-7bfb-4520-98a4-351ba019ca08", "e2397ff7-8592-436b-8dd4-172d83f0699f"])
        #expect(runs.first?.runType == "run")
        #expect(try store.freshnessHistory(dataset: "raw.orders", since: .distantPast).count == 1)
        let revenue = try #require(try store.snapshot(now: start).datasets.first { $0.dataset.name == "analytics.fct_revenue" })
        #expect(sameInstant(revenue.lastLoadedAt, dbtUTC("2026-11-26T21:24:55Z", plus: 0.717066)))
    }

    /// Test results are recorded once per invocation; an invocation without tests (`dbt run`) keeps the last
    /// results of the tests the manifest still defines.
    @Test func testResultsAreRecordedOncePerInvocation() async throws {
        let store = try TestStore.fresh()
        let dir = try DbtFixtures.TargetDir()
        defer { dir.remove() }
        let clock = TestClock(start)
        let dbt = collector(store, dir, clock)
        _ = await dbt.collect()
        // sources.json changes (a freshness run): the same run_results.json records nothing again.
        try dir.put("sources.json", text: try DbtFixtures.text("sources.json") + "\n")
        clock.advance(60)
        guard case let .updated(again) = await dbt.collect() else { Issue.record("expected an update"); return }
        #expect(again.checks == 0)
        try dir.put("run_results.json", DbtFixtures.data("run_results_run_with_error.json"))
        clock.advance(60)
        guard case let .updated(run) = await dbt.collect() else { Issue.record("expected an update"); return }
        #expect(run.checks == 0)
        let quality = try #require(try store.snapshot(now: clock.now).datasets.first { $0.dataset.name == "analytics.stg_orders" }?.quality)
        #expect(quality.state == .fail && quality.checks.count == 3)
        #expect(quality.passRate24h == 2.0 / 3.0)  // still the one build's three results
        // The `dbt run` failed on a model: that run is failed, and its failed task is the model.
        let pipeline = try #require(try store.snapshot(now: clock.now).pipelines.first)
        #expect(pipeline.health(now: clock.now) == .failing)
        #expect(pipeline.failedTasks.map(\.taskID) == ["broken_model"])
    }

    /// A failed run's failed tasks (what why-stale names) are its models, never the tests that failed beside them.
    @Test func aFailedRunsFailedTasksAreNotItsTests() async throws {
        var json = try #require(try JSONSerialization.jsonObject(with: DbtFixtures.data("run_results_build.json")) as? [String: Any])
        var results = try #require(json["results"] as? [[String: Any]])
        let i = try #require(results.firstIndex { $0["unique_id"] as? String == "model.opsdemo.stg_customers" })
        results[i]["status"] = "error"
        results[i]["message"] = "Database Error in model stg_customers: permission denied for schema raw"
        json["results"] = results
        let store = try TestStore.fresh()
        let dir = try DbtFixtures.TargetDir()
        defer { dir.remove() }
        try dir.put("run_results.json", try JSONSerialization.data(withJSONObject: json))
        _ = await collector(store, dir, TestClock(start)).collect()
        let pipeline = try #require(try store.snapshot(now: start).pipelines.first)
        #expect(pipeline.health(now: start) == .failing)
        // unique_stg_orders_order_id failed too, and is still a failed task in the run's task list.
        #expect(pipeline.failedTasks.map(\.taskID) == ["stg_customers"])
        let tasks = try store.taskInstances(source: "dbt-prod", pipelineID: "opsdemo", runID: "92c67a8d-7bfb-4520-98a4-351ba019ca08")
        #expect(tasks.filter { $0.state == .failed }.map(\.taskID).sorted() == ["stg_customers", "unique_stg_orders_order_id.e3b841c71a"])
    }

    /// A model, source or test gone from the manifest leaves the panes (with a `removed` event); its history stays.
    @Test func whatTheManifestNoLongerHasIsRetired() async throws {
        let store = try TestStore.fresh()
        let dir = try DbtFixtures.TargetDir()
        defer { dir.remove() }
        let clock = TestClock(start)
        let dbt = collector(store, dir, clock)
        _ = await dbt.collect()

        var json = try #require(try JSONSerialization.jsonObject(with: DbtFixtures.data("manifest.json")) as? [String: Any])
        var nodes = try #require(json["nodes"] as? [String: Any])
        nodes = nodes.filter { !$0.key.contains("fct_revenue") && !$0.key.contains("not_null_stg_customers_email") }
        json["nodes"] = nodes
        var sources = try #require(json["sources"] as? [String: Any])
        sources["source.opsdemo.raw.payments"] = nil
        json["sources"] = sources
        try dir.put("manifest.json", try JSONSerialization.data(withJSONObject: json))
        clock.advance(60)
        guard case let .updated(summary) = await dbt.collect() else { Issue.record("expected an update"); return }
        #expect(summary.datasets == 4)

        let snapshot = try store.snapshot(now: clock.now)
        #expect(snapshot.datasets.map(\.dataset.name) == ["analytics.stg_customers", "analytics.stg_orders", "raw.customers", "raw.orders"])
        let removed = try store.datasetEvents(dataset: "raw.payments")
        #expect(removed.map(\.kind) == [.removed] && sameInstant(removed.first?.at, clock.now))
        #expect(removed.first?.text == "no longer listed by dbt-prod")
        #expect(try store.datasetEvents(dataset: "analytics.fct_revenue").map(\.kind) == [.removed])
        #expect(try store.freshnessHistory(dataset: "raw.payments", since: .distantPast).count == 1)  // kept
        // The removed test's check is gone; the dataset keeps its others.
        let customers = try #require(snapshot.datasets.first { $0.dataset.name == "analytics.stg_customers" }?.quality)
        #expect(customers.checks.map(\.name).sorted() == ["not_null_stg_customers_customer_id", "unique_stg_customers_customer_id"])
        #expect(customers.state == .pass)

        // Back in the manifest, back in the panes.
        try dir.put("manifest.json", DbtFixtures.data("manifest.json"))
        clock.advance(60)
        _ = await dbt.collect()
        #expect(try store.snapshot(now: clock.now).datasets.count == 6)
    }

    /// With the warehouse it builds into, the collector stores each dataset's identity.
    @Test func identitiesAreStoredWithTheWarehouse() async throws {
        let store = try TestStore.fresh()
        let dir = try DbtFixtures.TargetDir()
        defer { dir.remove() }
        let warehouse = try #require(PostgresLocation.of(dsn: "host=127.0.0.1 port=54329 dbname=warehouse user=vigil", environment: [:]))
        let now = start
        let dbt = DbtCollector(store: store, sourceName: "dbt-prod", targetDir: dir.url, warehouse: warehouse, clock: { now })
        _ = await dbt.collect()
        let datasets = try store.snapshot(now: start).datasets
        #expect(datasets.first { $0.dataset.name == "raw.customers" }?.dataset.identity
                == DatasetIdentity(namespace: "postgres://127.0.0.1:54329", name: "warehouse.raw.customers"))
        #expect(datasets.allSatisfy { $0.dataset.identity?.name == "warehouse.\($0.dataset.name)" })
        var index: DatasetNameIndex?
        try store.write { index = try $0.datasetNameIndex() }
        #expect(index?.resolve("postgres://127.0.0.1:54329/warehouse.analytics.stg_orders") == "analytics.stg_orders")
    }

    @Test func aBadFileAfterAGoodPollMarksTheSourceDownAndKeepsTheData() async throws {
        let store = try TestStore.fresh()
        let dir = try DbtFixtures.TargetDir()
        defer { dir.remove() }
        let clock = TestClock(start)
        let dbt = collector(store, dir, clock)
        _ = await dbt.collect()
        let good = try store.snapshot(now: start)

        let text = try DbtFixtures.text("run_results_build.json")
        try dir.put("run_results.json", text: String(text.prefix(4000)))
        clock.advance(60)
        #expect(await dbt.collect() == .failed(.malformed(file: "run_results.json", reason: "not valid JSON (truncated or corrupt)")))
        let bad = try store.snapshot(now: start)
        let status = try #require(bad.sources.first)
        #expect(status.health == .down)
        #expect(status.lastAttemptAt == start.addingTimeInterval(60))
        #expect(status.lastSuccessAt == start)
        #expect(status.lastError == "run_results.json is not a usable dbt artifact: not valid JSON (truncated or corrupt)")
        #expect(bad.pipelines == good.pipelines)
        #expect(bad.datasets == good.datasets)
        #expect(bad.lineage == good.lineage)

        // The same bad file is not reported again; the fixed file brings the source back.
        let token = try store.changeToken()
        #expect(await dbt.collect() == .unchanged)
        #expect(try store.changeToken() == token)
        try dir.put("run_results.json", DbtFixtures.data("run_results_build.json"))
        clock.advance(60)
        guard case .updated = await dbt.collect() else { Issue.record("expected recovery"); return }
        #expect(try store.snapshot(now: start).sources.first?.health == .ok)
    }

    @Test func aNewerSchemaIsReportedNotCrashed() async throws {
        let store = try TestStore.fresh()
        let dir = try DbtFixtures.TargetDir()
        defer { dir.remove() }
        try dir.put("manifest.json", text: try DbtFixtures.text("manifest.json")
            .replacingOccurrences(of: "dbt/manifest/v12.json", with: "dbt/manifest/v13.json"))
        let result = await collector(store, dir, TestClock(start)).collect()
        #expect(result == .failed(.unsupportedVersion(file: "manifest.json", found: "manifest/v13",
                                                      supported: "manifest/v12 (dbt 1.8 and later)")))
        let snapshot = try store.snapshot(now: start)
        #expect(snapshot.sources.first?.health == .down)
        #expect(snapshot.sources.first?.lastError?.contains("manifest.json has unsupported schema manifest/v13") == true)
        #expect(snapshot.pipelines.isEmpty)
    }

    @Test func missingTargetDirAndMissingRunResultsAreNotFoundStates() async throws {
        let store = try TestStore.fresh()
        let dir = try DbtFixtures.TargetDir([("manifest.json", "manifest.json")])
        defer { dir.remove() }
        let clock = TestClock(start)
        let dbt = collector(store, dir, clock)
        #expect(await dbt.collect() == .failed(.notFound(file: "run_results.json", directory: dir.url.path)))
        #expect(try store.snapshot(now: start).sources.first?.health == .down)
        #expect(try store.snapshot(now: start).pipelines.isEmpty)

        let absent = dir.url.appendingPathComponent("target")
        let lost = DbtCollector(store: store, sourceName: "dbt-lost", targetDir: absent, clock: { clock.now })
        #expect(await lost.collect() == .failed(.targetDirNotFound(path: absent.path)))
        let status = try #require(try store.snapshot(now: start).sources.first { $0.name == "dbt-lost" })
        #expect(status.health == .down)
        #expect(status.lastError?.hasPrefix("dbt target directory not found: \(absent.path)") == true)

        // Once dbt has run, the same collector picks the files up.
        try dir.put("run_results.json", DbtFixtures.data("run_results_build.json"))
        guard case .updated = await dbt.collect() else { Issue.record("expected an update once run_results.json exists"); return }
    }

    @Test func aBadSourcesFileDegradesButStillWritesTheRun() async throws {
        let store = try TestStore.fresh()
        let dir = try DbtFixtures.TargetDir()
        defer { dir.remove() }
        try dir.put("sources.json", text: "{\"metadata\": {\"dbt_schema_version\": \"https://schemas.getdbt.com/dbt/sources/v3.json\"}}")
        let result = await collector(store, dir, TestClock(start)).collect()
        guard case let .updated(summary) = result else { Issue.record("expected an update, got \(result)"); return }
        #expect(summary.warning == .malformed(file: "sources.json", reason: "missing key 'results'"))
        #expect(summary.freshnessSamples == 2)  // the two built models only
        let snapshot = try store.snapshot(now: start)
        #expect(snapshot.sources.first?.health == .degraded)
        #expect(snapshot.sources.first?.lastError == "sources.json is not a usable dbt artifact: missing key 'results'")
        #expect(snapshot.pipelines.first?.recentRuns.count == 1)
    }
}
