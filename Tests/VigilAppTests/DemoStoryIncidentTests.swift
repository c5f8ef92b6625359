import Foundation
import Testing
import VigilTestSupport
import VigilApp
import VigilCollectors
import VigilCore
import VigilStore

/// The demo's tier-1 breach is detected, not scripted: one incident for the failing customer_sync, with the
/// severity from the table, the stale-table runbook attached, the same-cause breach on its timeline, and the
/// people's part (alice) played on it.
@Suite struct DemoStoryIncidentTests {
    let t0 = DemoScenario.snapshotStart
    let cause = "pipeline:airflow-prod/customer_sync"

    func played(minutes: Double) async throws -> PlatformSnapshot {
        let store = try TestStore.fresh()
        let collector = DemoCollector(store: store, seed: 42, start: t0)
        try await collector.backfill()
        try await DemoDetection.play(collector, store: store, to: t0.addingTimeInterval(minutes * 60))
        return try store.snapshot()
    }

    @Test func tenMinutesInOneDetectedIncidentWithItsCauseRunbookAndPeople() async throws {
        let snap = try await played(minutes: 10)
        let story = snap.incidents.filter { $0.incident.causeKey == cause }
        #expect(story.count == 1)
        let s = try #require(story.first)
        // customer_sync is tier 1 (it produces raw.customers) and 3+ tier-1 datasets are downstream: Sev1.
        #expect(s.incident.severity == .sev1)
        #expect(s.incident.openedAt == t0.addingTimeInterval(60))
        #expect(s.incident.runbookID == "stale-tier1-table")
        #expect(s.incident.affectedPipelines == ["airflow-prod/customer_sync"])
        #expect(s.incident.affectedDatasets == ["raw.customers"])
        #expect(s.incident.state == .acknowledged && s.incident.lead == "alice")
        #expect(s.timeline.map(\.kind) == [.detected, .signal, .acknowledged, .note, .stepDone])
        #expect(s.timeline[0].actor == "vigil" && s.timeline[0].text.contains("push_to_crm failed"))
        #expect(s.timeline[1].text.hasPrefix("same cause: raw.customers (tier 1) stale"))
        #expect(s.status(ofStep: 0)?.status == .done)
        #expect(s.incident.kind == .pipeline)
        // The others: the scripted lower-severity ones, and fct_refunds failing its relationships test, a data
        // correctness incident of its own (tier 2, nothing tier-1 downstream: SEV3) while every pipeline is green.
        #expect(snap.incidents.count == 4)
        let correctness = try #require(snap.incidents.first { $0.incident.kind == .correctness })
        #expect(correctness.incident.severity == .sev3)
        #expect(correctness.incident.affectedDatasets == ["analytics.fct_refunds"])
        #expect(correctness.incident.title.hasPrefix("analytics.fct_refunds fails a check: relationships_fct_refunds_charge_id"))
    }

    /// Before the CRM comes back the two tier-1 tables behind raw.customers breach as well: two more breaches with
    /// the same cause land on the same incident's timeline.
    @Test func fortyMinutesInTwoMoreSameCauseBreachesAreOnTheTimeline() async throws {
        let snap = try await played(minutes: 40)
        let story = snap.incidents.filter { $0.incident.causeKey == cause }
        #expect(story.count == 1)
        let s = try #require(story.first)
        let same = s.timeline.filter { $0.kind == .signal && $0.text.hasPrefix("same cause:") }.map(\.text)
        #expect(same.count == 3, "\(same)")
        #expect(same.contains { $0.hasPrefix("same cause: raw.customers (tier 1) stale") })
        #expect(same.contains { $0.hasPrefix("same cause: staging.stg_customers (tier 1) stale") })
        #expect(same.contains { $0.hasPrefix("same cause: analytics.dim_customers (tier 1) stale") })
        #expect(s.incident.affectedDatasets == ["raw.customers", "staging.stg_customers", "analytics.dim_customers"])
        // Still one incident per cause, not one per table.
        #expect(snap.incidents.filter { $0.incident.state.isOpen }.count == 3,
                "\(snap.incidents.filter { $0.incident.state.isOpen }.map { ($0.incident.id, $0.incident.title, $0.incident.causeKey ?? "-") })")
    }

    @Test func twoHoursInItIsResolvedAfterRecoveryWasSaidOnce() async throws {
        let snap = try await played(minutes: 120)
        let story = snap.incidents.filter { $0.incident.causeKey == cause }
        #expect(story.count == 1)
        let s = try #require(story.first)
        #expect(s.incident.state == .resolved)
        #expect(s.incident.resolvedAt == t0.addingTimeInterval(110 * 60))
        #expect(s.timeline.filter { $0.kind == .recovered }.map(\.text) == [IncidentDetector.recoveredText])
        #expect(s.timeline.last?.kind == .resolved)
        #expect((0..<7).allSatisfy { s.status(ofStep: $0) != nil })
        let raw = try #require(snap.datasets.first { $0.dataset.name == "raw.customers" })
        #expect(raw.state(now: snap.now) == .fresh)
        // raw.customers stays stale a few minutes after customer_sync recovers: it stays with this incident.
        #expect(snap.incidents.filter { $0.incident.causeKey?.hasPrefix("dataset:") == true || $0.incident.causeKey?.contains("customer") == true }.count == 1,
                "\(snap.incidents.map { ($0.incident.id, $0.incident.causeKey ?? "-", $0.incident.openedAt.timeIntervalSince(t0) / 60, $0.timeline.map(\.text)) })")
    }
}
