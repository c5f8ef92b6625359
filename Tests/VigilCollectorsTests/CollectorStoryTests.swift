import Foundation
import Testing
import VigilCollectors
import VigilCore
import VigilStore

/// The story as the console sees it: through the store.
@Suite struct CollectorStoryTests {
    let t0 = Fixtures.t0

    func started() throws -> (Store, DemoCollector) {
        let store = try Store.inMemory()
        let collector = DemoCollector(store: store, seed: 42, start: t0)
        try collector.backfill()
        return (store, collector)
    }

    @Test func backfillWritesHistoryDefinitionsAndEarlierIncidents() throws {
        let (store, _) = try started()
        let snap = try store.snapshot(now: t0)
        #expect(snap.isDemo)
        #expect(try store.meta("clock") == String(t0.timeIntervalSince1970))
        #expect(snap.sources.map(\.name) == ["airflow-prod", "dagster-analytics", "warehouse"])
        #expect(snap.pipelines.count == Fixtures.platform.pipelines.count)
        #expect(snap.datasets.count == Fixtures.platform.datasets.count)
        #expect(snap.datasets.allSatisfy { $0.lastLoadedAt != nil && $0.lastObservedAt == t0 })
        #expect(Set(snap.lineage) == Set(Fixtures.platform.lineage))
        #expect(snap.runbooks.map(\.id) == ["failing-dag-task", "stale-tier1-table"])
        #expect(snap.pipelines.allSatisfy { !$0.recentRuns.isEmpty })
        // 26h of 15-minute samples.
        let history = try store.freshnessHistory(dataset: "raw.orders", since: t0.addingTimeInterval(-27 * 3600))
        #expect(history.count == 105)
        let orders = try store.runs(source: "airflow-prod", pipelineID: "ingest_orders", limit: 500)
        #expect(orders.count == 104)
        #expect(try store.taskInstances(source: "airflow-prod", pipelineID: "ingest_orders", runID: orders.last!.runID).count == 4)

        let incidents = snap.incidents.map(\.incident)
        #expect(incidents.count == 2)
        let open = incidents.first { $0.state.isOpen }
        #expect(open?.severity == .sev4 && open?.state == .acknowledged && open?.lead == "carol")
        let resolved = incidents.first { !$0.state.isOpen }
        #expect(resolved?.severity == .sev3 && resolved?.resolvedAt != nil)
        #expect(snap.incidents.allSatisfy { $0.timeline.first?.kind == .detected })
    }

    @Test func tenMinutesInTheIncidentIsOpenAndCustomerSyncFailed() throws {
        let (store, collector) = try started()
        try collector.tick(to: t0.addingTimeInterval(10 * 60))
        let snap = try store.snapshot()
        #expect(snap.now == t0.addingTimeInterval(600))
        let raw = snap.datasets.first { $0.dataset.name == "raw.customers" }!
        #expect(raw.state(now: snap.now) == .error)
        #expect(raw.lastLoadedAt == t0.addingTimeInterval(-117 * 60))

        let story = snap.incidents.first { $0.incident.runbookID == "stale-tier1-table" }!
        #expect(story.incident.severity == .sev2)
        #expect(story.incident.state == .acknowledged && story.incident.lead == "alice")
        #expect(story.incident.title.contains("raw.customers"))
        #expect(story.incident.affectedDatasets.contains("raw.customers"))
        #expect(story.timeline.map(\.kind) == [.detected, .acknowledged, .note, .stepDone])
        #expect(story.timeline.first?.actor == "vigil" && story.timeline.first?.text.contains("raw.customers") == true)
        #expect(story.status(ofStep: 0)?.status == .done)

        let sync = snap.pipelines.first { $0.pipeline.pipelineID == "customer_sync" }!
        let newest = sync.recentRuns.first!
        #expect(newest.state == .failed)
        #expect(sync.health(now: snap.now) == .failing)
        let push = try store.taskInstances(source: "airflow-prod", pipelineID: "customer_sync", runID: newest.runID)
            .first { $0.taskID == "push_to_crm" }!
        #expect(push.state == .failed && push.tryNumber == 2 && push.maxTries == 2)
        #expect(push.errorMessage?.contains("503") == true)
    }

    @Test func snapshotMomentShowsTwoStepsDone() throws {
        let (store, collector) = try started()
        try collector.tick(to: DemoScenario.snapshotNow)
        let story = try store.snapshot().incidents.first { $0.incident.runbookID == "stale-tier1-table" }!
        #expect(story.incident.state == .acknowledged)
        #expect(story.status(ofStep: 0)?.status == .done && story.status(ofStep: 1)?.status == .done)
        #expect(story.status(ofStep: 2) == nil)
    }

    @Test func ninetyMinutesInTheIncidentIsResolvedAndDataFresh() throws {
        let (store, collector) = try started()
        for minute in stride(from: 5, through: 90, by: 5) { try collector.tick(to: t0.addingTimeInterval(Double(minute) * 60)) }
        let snap = try store.snapshot()
        let raw = snap.datasets.first { $0.dataset.name == "raw.customers" }!
        #expect(raw.state(now: snap.now) == .fresh)
        let story = snap.incidents.first { $0.incident.runbookID == "stale-tier1-table" }!
        #expect(story.incident.state == .resolved)
        #expect(story.incident.resolvedAt == t0.addingTimeInterval(70 * 60))
        let kinds = story.timeline.map(\.kind)
        #expect(kinds.first == .detected && kinds.last == .resolved)
        #expect(kinds.contains(.stepSkipped) && kinds.contains(.mitigated))
        #expect(story.timeline.contains { $0.text == "CRM API back; re-ran customer_sync" && $0.at == t0.addingTimeInterval(45 * 60) })
        #expect(story.status(ofStep: 3)?.status == .skipped && story.status(ofStep: 3)?.note != nil)
        // Every step of the runbook is accounted for by the time the incident is resolved.
        #expect((0..<7).allSatisfy { story.status(ofStep: $0) != nil })
        #expect(Set(snap.incidents.map(\.incident.id)).count == 3)
        #expect(snap.sources.allSatisfy { $0.health == .ok })
        let sync = snap.pipelines.first { $0.pipeline.pipelineID == "customer_sync" }!
        #expect(sync.recentRuns.first?.state == .success)
    }

    @Test func dagsterDegradedShowsInTheStore() throws {
        let (store, collector) = try started()
        try collector.tick(to: t0.addingTimeInterval(22 * 60))
        let dagster = try store.snapshot().sources.first { $0.name == "dagster-analytics" }!
        #expect(dagster.health == .degraded && dagster.lastError == "GraphQL timeout after 10s (partial data)")
    }

    @Test func aRestartedCollectorResumesWithoutReplaying() throws {
        let end = t0.addingTimeInterval(90 * 60)
        let (store, collector) = try started()
        try collector.tick(to: t0.addingTimeInterval(5 * 60))
        let restarted = DemoCollector(store: store, seed: 42, start: t0)
        try restarted.backfill()
        #expect(restarted.simulatedNow == t0.addingTimeInterval(5 * 60))
        try restarted.tick(to: end)

        let (straight, uninterrupted) = try started()
        try uninterrupted.tick(to: t0.addingTimeInterval(5 * 60))
        try uninterrupted.tick(to: end)
        let snap = try store.snapshot(now: end)
        #expect(snap == (try straight.snapshot(now: end)))
        #expect(snap.incidents.count == 3)
    }

    @Test func lowSeverityIncidentOpensWhenTheExportCrossesWarn() throws {
        let (store, _) = try started()
        let incident = try store.snapshot(now: t0).incidents.first { $0.incident.severity == .sev4 }!
        let opened = incident.incident.openedAt
        #expect(opened < t0 && opened > t0.addingTimeInterval(-6 * 3600))
        #expect(Fixtures.state("exports.hubspot_contacts", at: opened) == .warn)
        #expect(Fixtures.state("exports.hubspot_contacts", at: opened.addingTimeInterval(-180)) == .fresh)
        #expect(incident.incident.runbookID == "failing-dag-task")
        #expect(incident.stepProgress.count == 2)
    }
}
