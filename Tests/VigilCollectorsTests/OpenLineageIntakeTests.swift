import Foundation
import Testing
import VigilTestSupport
import VigilCore
import VigilStore
@testable import VigilCollectors

/// The receiver's write path on a real store: each accepted event once, merged, refused events writing nothing.
@Suite struct OpenLineageIntakeTests {
    static let now = Date(timeIntervalSince1970: 1_796_284_800)

    static func intake(_ store: Store, configured: Set<String> = []) -> OpenLineageIntake {
        OpenLineageIntake(store: store, configuredSources: configured, clock: { now })
    }

    static func receive(_ intake: OpenLineageIntake, _ names: [String]) throws -> [OpenLineageIntake.Outcome] {
        try names.map { try intake.receive(OpenLineageFixtures.data($0)).get() }
    }

    @Test func pythonClientEventsLandOnceAndMerge() throws {
        let store = try TestStore.fresh()
        let intake = Self.intake(store)
        let outcomes = try Self.receive(intake, OpenLineageFixtures.pythonClient)
        #expect(outcomes.allSatisfy { if case .written = $0 { true } else { false } })

        let tasks = try store.taskInstances(source: "airflow-prod", pipelineID: "orders_etl",
                                            runID: "01934f2e-0000-7000-8000-000000000001")
        let byID = Dictionary(uniqueKeysWithValues: tasks.map { ($0.taskID, $0) })
        let load = try #require(byID["load_orders"])
        // START then RUNNING then COMPLETE: success, with the START's start time and the COMPLETE's end.
        #expect(load.state == .success && load.startedAt != nil && load.endedAt != nil)
        #expect(byID["load_customers"]?.state == .failed)
        #expect(byID["load_customers"]?.errorMessage?.contains("UndefinedTable") == true)

        let snapshot = try store.snapshot(now: Self.now)
        let source = try #require(snapshot.sources.first { $0.name == "airflow-prod" })
        #expect(source.kind == .openlineage && source.health == .ok)
        // The source's last success is the latest event time (ol-011's), not the arrival time.
        #expect(abs((source.lastSuccessAt?.timeIntervalSince1970 ?? 0) - 1_796_279_619.038625) < 0.01)
        #expect(snapshot.pipelines.first { $0.pipeline.pipelineID == "orders_etl" }?.pipeline.tasks.sorted()
                == ["load_customers", "load_orders"])
        #expect(snapshot.lineage.contains(LineageEdge(
            upstream: .pipeline(source: "airflow-prod", id: "orders_etl"),
            downstream: .dataset("postgres://db.example.internal:5432/analytics.public.orders_daily"))))

        // Every event again, as an emitter retrying: nothing changes.
        let token = try store.changeToken()
        let again = try Self.receive(intake, OpenLineageFixtures.pythonClient)
        #expect(again.allSatisfy { if case .duplicate = $0 { true } else { false } })
        #expect(try store.changeToken() == token)
    }

    @Test func aLateStartDoesNotUndoACompletion() throws {
        let store = try TestStore.fresh()
        _ = try Self.receive(Self.intake(store), ["ol-003.json", "ol-002.json", "ol-001.json"])
        let task = try #require(try store.taskInstances(source: "airflow-prod", pipelineID: "orders_etl",
                                                        runID: "01934f2e-0000-7000-8000-000000000001").first)
        #expect(task.state == .success && task.startedAt != nil && task.endedAt != nil)
    }

    @Test func refusedEventsWriteNothing() throws {
        let store = try TestStore.fresh()
        let intake = Self.intake(store, configured: ["airflow-prod"])
        let token = try store.changeToken()
        for name in ["truncated", "unknown eventType", "runId missing", "wrong schema"] {
            guard case let .failure(.rejected(r)) = intake.receive(try OpenLineageDecodingTests.corpus(name)) else {
                Issue.record("\(name) was not refused"); continue
            }
            #expect(r.status >= 400 && r.status < 500)
        }
        // A namespace named like a configured source is refused, not mixed into it.
        guard case let .failure(.rejected(r)) = intake.receive(try OpenLineageFixtures.data("ol-001.json")) else {
            Issue.record("namespace clash accepted"); return
        }
        #expect(r.status == 422 && r.reason.contains("vigil.yaml"))
        #expect(try store.changeToken() == token)
    }

    /// dbt-ol's checks join the dataset the warehouse identity names; pushed lineage is added to, never replaced.
    @Test func checksGoToTheKnownDatasetAndLineageAccumulates() throws {
        let store = try TestStore.fresh()
        try store.write { w in
            try w.upsertDataset(Dataset(name: "analytics.stg_orders", tier: 1,
                                        policy: FreshnessPolicy(warnAfter: 3600, errorAfter: 7200), source: "dbt",
                                        identity: .postgres(host: "127.0.0.1", port: 29020, database: "warehouse",
                                                            schema: "analytics", table: "stg_orders")))
        }
        _ = try Self.receive(Self.intake(store), OpenLineageFixtures.dbtArtifacts)
        let snapshot = try store.snapshot(now: Self.now)
        let quality = try #require(snapshot.datasets.first { $0.dataset.name == "analytics.stg_orders" }?.quality)
        #expect(quality.state == .fail)
        #expect(Set(quality.checks.map(\.name)) == ["accepted_values_stg_orders_status__paid",
                                                    "not_null_stg_orders_customer_id", "unique_stg_orders_id"])
        // The model's run wrote stg_orders from shop.orders, and each test job read stg_orders: edges from several
        // events, all kept, joined onto the known dataset.
        let dbt = LineageNode.pipeline(source: "dbt-vigil-demo", id: "dbt-run-vigil_demo")
        #expect(snapshot.lineage.contains(LineageEdge(upstream: dbt, downstream: .dataset("analytics.stg_orders"))))
        #expect(snapshot.lineage.contains(LineageEdge(upstream: .dataset("postgres://127.0.0.1:29020/warehouse.shop.orders"),
                                                      downstream: dbt)))
        let run = try #require(try store.runs(source: "dbt-vigil-demo", pipelineID: "dbt-run-vigil_demo").first)
        #expect(run.state == .failed)
    }

    @Test func anEventFromTheFutureCountsAsHeardNow() throws {
        let store = try TestStore.fresh()
        let early = OpenLineageIntake(store: store, clock: { Date(timeIntervalSince1970: 1_796_279_000) })  // 06:23:20
        _ = try early.receive(OpenLineageFixtures.data("ol-001.json")).get()   // sent at 06:33:38
        let source = try #require(try store.snapshot(now: Self.now).sources.first)
        #expect(source.lastSuccessAt == Date(timeIntervalSince1970: 1_796_279_000))
    }

    @Test func quietNamespaceIsFlaggedOnceAndClearedByItsNextEvent() throws {
        let store = try TestStore.fresh()
        _ = try Self.receive(Self.intake(store), ["ol-001.json"])
        let expected = ["airflow-prod": 3600.0, "nightly": 86400.0]
        // ol-001 is at 06:33:38: on time at 07:00, quiet at 08:00; "nightly" never sent anything.
        #expect(try OpenLineageQuiet.sweep(store: store, expected: expected, now: Date(timeIntervalSince1970: 1_796_281_200)) == ["nightly"])
        let late = Date(timeIntervalSince1970: 1_796_284_800)
        #expect(try OpenLineageQuiet.sweep(store: store, expected: expected, now: late) == ["airflow-prod"])
        #expect(try OpenLineageQuiet.sweep(store: store, expected: expected, now: late.addingTimeInterval(60)) == [])
        let flagged = try #require(try store.snapshot(now: late).sources.first { $0.name == "airflow-prod" })
        #expect(flagged.health == .degraded && flagged.lastError == "no OpenLineage event within the expected 1h")
        _ = try Self.receive(Self.intake(store), ["ol-003.json"])
        #expect(try store.snapshot(now: late).sources.first { $0.name == "airflow-prod" }?.health == .ok)
    }
}
