import Foundation
import Testing
import VigilTestSupport
import VigilCollectors
import VigilCore
import VigilStore

/// The story as the console sees it: through the store. (The tier-1 incident is opened by Vigil's detection, which
/// lives in VigilApp: see DemoStoryIncidentTests there.)
@Suite struct CollectorStoryTests {
    let t0 = Fixtures.t0

    func started() async throws -> (Store, DemoCollector) {
        let store = try TestStore.fresh()
        let collector = DemoCollector(store: store, seed: 42, start: t0)
        try await collector.backfill()
        return (store, collector)
    }

    @Test func backfillWritesHistoryDefinitionsAndEarlierIncidents() async throws {
        let (store, _) = try await started()
        let snap = try store.snapshot(now: t0)
        #expect(snap.isDemo)
        #expect(try store.meta("clock") == String(t0.timeIntervalSince1970))
        #expect(snap.sources.map(\.name) == ["airflow-prod", "dagster-analytics", "spark-analytics", "warehouse"])
        #expect(snap.sources.map(\.kind) == [.demo, .dagster, .openlineage, .demo])
        #expect(snap.pipelines.count == Fixtures.platform.pipelines.count)
        #expect(snap.datasets.count == Fixtures.platform.datasets.count)
        #expect(snap.datasets.allSatisfy { $0.lastLoadedAt != nil && $0.lastObservedAt == t0 })
        // Airflow reports what its DAGs write by asset URI; joined onto the tables, the graph is the platform's
        // own, plus the file the partner-feeds DAG writes that no dataset stands for (listed as not placed).
        let file = LineageEdge(upstream: .pipeline(source: "airflow-prod", id: "export_partner_feeds"), downstream: .dataset(DemoPlatform.partnerFeedFile))
        #expect(Set(snap.lineage) == Set(Fixtures.platform.lineage).union([file]))
        #expect(snap.unplaced == ["airflow-prod": [DemoPlatform.partnerFeedFile]])
        #expect(snap.datasets.first { $0.dataset.name == "raw.customers" }?.dataset.identity?.description
                == "postgres://warehouse.internal:5432/prod.raw.customers")
        #expect(snap.runbooks.map(\.id) == ["failing-dag-task", "stale-tier1-table"])
        #expect(snap.pipelines.allSatisfy { !$0.recentRuns.isEmpty })
        // 26h of 15-minute samples.
        let history = try store.freshnessHistory(dataset: "raw.orders", since: t0.addingTimeInterval(-27 * 3600))
        #expect(history.count == 105)
        let orders = try store.runs(source: "airflow-prod", pipelineID: "ingest_orders", limit: 500)
        #expect(orders.count == 104)
        #expect(try store.taskInstances(source: "airflow-prod", pipelineID: "ingest_orders", runID: orders.last!.runID).count == 4)

        // The Spark job reaches the store only through its OpenLineage events, taken in as `vigil serve` takes them.
        let spark = try #require(snap.pipelines.first { $0.pipeline.source == "spark-analytics" })
        let sparkRun = try #require(spark.recentRuns.first { $0.state == .success })
        let sparkTasks = try store.taskInstances(source: "spark-analytics", pipelineID: "sessionize_clickstream", runID: sparkRun.runID)
        #expect(Set(sparkTasks.map(\.taskID)) == ["read_clickstream", "sessionize", "write_session_paths"])
        #expect(sparkTasks.allSatisfy { $0.state == .success })

        let incidents = snap.incidents.map(\.incident)
        #expect(incidents.count == 2)
        let open = incidents.first { $0.state.isOpen }
        #expect(open?.severity == .sev4 && open?.state == .acknowledged && open?.lead == "carol")
        let resolved = incidents.first { !$0.state.isOpen }
        #expect(resolved?.severity == .sev3 && resolved?.resolvedAt != nil)
        #expect(snap.incidents.allSatisfy { $0.timeline.first?.kind == .detected })
    }

    @Test func dagsterDegradedShowsInTheStore() async throws {
        let (store, collector) = try await started()
        // The demo's Dagster is read by the real Dagster collector: in the story's window its assets query times out.
        try await collector.tick(to: t0.addingTimeInterval(22 * 60))
        let dagster = try #require(try store.snapshot().sources.first { $0.name == "dagster-analytics" })
        #expect(dagster.kind == .dagster && dagster.health == .degraded)
        #expect(dagster.lastError?.hasPrefix("assets unknown:") == true && dagster.lastError?.contains("10") == true,
                "\(dagster.lastError ?? "none")")
        try await collector.tick(to: t0.addingTimeInterval(31 * 60))
        let recovered = try #require(try store.snapshot().sources.first { $0.name == "dagster-analytics" })
        #expect(recovered.health == .ok && recovered.lastError == nil)
    }

    @Test func aRestartedCollectorResumesWithoutReplaying() async throws {
        let end = t0.addingTimeInterval(90 * 60)
        let (store, collector) = try await started()
        try await collector.tick(to: t0.addingTimeInterval(5 * 60))
        let restarted = DemoCollector(store: store, seed: 42, start: t0)
        try await restarted.backfill()
        #expect(restarted.simulatedNow == t0.addingTimeInterval(5 * 60))
        try await restarted.tick(to: end)

        let (straight, uninterrupted) = try await started()
        try await uninterrupted.tick(to: t0.addingTimeInterval(5 * 60))
        try await uninterrupted.tick(to: end)
        let snap = try store.snapshot(now: end)
        #expect(snap == (try straight.snapshot(now: end)))
        // The two scripted incidents; the story's tier-1 incident is opened by detection (VigilApp's DemoDetection).
        #expect(snap.incidents.count == 2)
    }

    @Test func lowSeverityIncidentOpensWhenTheExportCrossesWarn() async throws {
        let (store, _) = try await started()
        let incident = try store.snapshot(now: t0).incidents.first { $0.incident.severity == .sev4 }!
        let opened = incident.incident.openedAt
        #expect(opened < t0 && opened > t0.addingTimeInterval(-6 * 3600))
        #expect(Fixtures.state("exports.hubspot_contacts", at: opened) == .warn)
        #expect(Fixtures.state("exports.hubspot_contacts", at: opened.addingTimeInterval(-180)) == .fresh)
        #expect(incident.incident.runbookID == "failing-dag-task")
        #expect(incident.stepProgress.count == 2)
    }
}
