import Foundation
import Testing
import VigilTestSupport
import VigilApp
import VigilCore
import VigilStore

/// The detector over a real store: a tier-1 breach opens exactly one incident with its cause; more breaches with
/// the same cause land on its timeline; recovery is said once; nothing is ever closed by the detector.
@Suite struct IncidentDetectorTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    func ago(_ minutes: Double) -> Date { now.addingTimeInterval(-minutes * 60) }
    let policy = FreshnessPolicy(warnAfter: 3_600, errorAfter: 7_200)

    func platform(_ store: Store, failing: Bool) throws {
        try store.write { w in
            try w.upsertPipeline(Pipeline(source: "af", pipelineID: "customer_sync", scheduleInterval: 3_600))
            try w.upsertRun(PipelineRun(source: "af", pipelineID: "customer_sync", runID: "r1", state: failing ? .failed : .success,
                                        logicalDate: ago(50), startedAt: ago(50), endedAt: ago(42)))
            try w.upsertTaskInstance(TaskInstance(source: "af", pipelineID: "customer_sync", runID: "r1", taskID: "push_to_crm",
                                                  state: failing ? .failed : .success, tryNumber: 2, maxTries: 2,
                                                  startedAt: ago(45), endedAt: ago(42)))
            for (name, tier) in [("raw.customers", 1), ("analytics.fct_revenue", 2)] {
                try w.upsertDataset(Dataset(name: name, tier: tier, policy: policy, source: "wh"))
            }
            try w.replaceLineage(source: "config", edges: [
                LineageEdge(upstream: .pipeline(source: "af", id: "customer_sync"), downstream: .dataset("raw.customers")),
                LineageEdge(upstream: .dataset("raw.customers"), downstream: .dataset("analytics.fct_revenue")),
            ])
        }
    }

    func observe(_ store: Store, _ name: String, loaded: Double, at minutesAgo: Double = 0) throws {
        try store.write { try $0.recordFreshness(FreshnessSample(dataset: name, observedAt: ago(minutesAgo), loadedAt: ago(loaded))) }
    }

    @Test func oneBreachOneIncidentThenSameCauseSignalsThenRecovery() throws {
        let store = try TestStore.fresh()
        try platform(store, failing: true)
        try observe(store, "raw.customers", loaded: 130)
        // Stale too, but tier 2 and not burning yet: no signal of its own for now.
        try observe(store, "analytics.fct_revenue", loaded: 125)
        let detector = IncidentDetector(store: store) { _, _ in "stale-tier1-table" }

        #expect(try detector.run(now: now) == ["opened INC-1 (SEV2, pipeline): raw.customers stale: customer_sync.push_to_crm failed (try 2/2)"])
        #expect(try detector.run(now: now).isEmpty, "a repeat pass opens nothing")
        var incidents = try store.snapshot(now: now).incidents
        #expect(incidents.count == 1)
        let opened = try #require(incidents.first)
        #expect(opened.incident.severity == .sev2)
        #expect(opened.incident.causeKey == "pipeline:af/customer_sync")
        #expect(opened.incident.affectedDatasets == ["raw.customers"])
        #expect(opened.incident.affectedPipelines == ["af/customer_sync"])
        #expect(opened.incident.runbookID == "stale-tier1-table")
        #expect(opened.timeline.map(\.kind) == [.detected])
        // The DAG is tier 1 too (it produces a tier-1 table) and failing: one more signal, same cause.
        #expect(opened.timeline[0].text == "detected: raw.customers (tier 1) stale 2h10m (signal since 10m ago); "
                + "customer_sync (tier 1) failing: push_to_crm failed (try 2/2) (signal since 42m ago); "
                + "cause: customer_sync.push_to_crm failed 42m ago (try 2/2)")

        // The downstream table turns out to be tier 1: its breach has the same cause and joins the same incident.
        try store.write { try $0.upsertDataset(Dataset(name: "analytics.fct_revenue", tier: 1, policy: self.policy, source: "wh")) }
        let appended = try detector.run(now: now)
        #expect(appended == ["INC-1: 1 more signal(s) with the same cause"])
        incidents = try store.snapshot(now: now).incidents
        #expect(incidents.count == 1)
        #expect(incidents[0].incident.affectedDatasets == ["raw.customers", "analytics.fct_revenue"])
        #expect(incidents[0].timeline.last?.text.hasPrefix("same cause: analytics.fct_revenue (tier 1) stale") == true)

        // Everything loads and the DAG succeeds: recovery is said once; the incident stays open for a person.
        try platform(store, failing: false)
        try observe(store, "raw.customers", loaded: 1, at: 0)
        try observe(store, "analytics.fct_revenue", loaded: 1, at: 0)
        let later = now.addingTimeInterval(60)
        #expect(try detector.run(now: later) == ["INC-1: everything it lists is healthy again"])
        #expect(try detector.run(now: later).isEmpty)
        let final = try #require(try store.snapshot(now: later).incidents.first)
        #expect(final.incident.state == .triggered)
        #expect(final.timeline.map(\.kind) == [.detected, .signal, .recovered])
    }

    /// The runbook attached is the most specific whose applies_to selects what the incident is about.
    /// Root cause with change context: the newest change to the failing DAG (or upstream) in the day before its failed
    /// run started is named on the incident and its first timeline entry; a change after the run started, or to a
    /// pipeline elsewhere, is not.
    @Test func theChangeBeforeTheFailedRunIsNamed() throws {
        let store = try TestStore.fresh()
        try platform(store, failing: true)
        try observe(store, "raw.customers", loaded: 130)
        func version(_ n: Int, minutesAgo: Double, dag: String = "customer_sync") -> Change {
            Change(id: Change.id(source: "af", kind: .dagVersion, subject: "pipeline:af/\(dag)", ref: "\(n)"), at: ago(minutesAgo),
                   source: "af", kind: .dagVersion, title: "\(dag) version \(n - 1) → \(n) (bundle dags-folder)",
                   subjects: ["pipeline:af/\(dag)"], ref: "\(n)")
        }
        try store.write { w in
            try w.recordChange(version(4, minutesAgo: 300), at: self.now)
            try w.recordChange(version(5, minutesAgo: 62), at: self.now)         // 12m before the run started (50m ago)
            try w.recordChange(version(6, minutesAgo: 45), at: self.now)         // after it started: not the cause
            try w.recordChange(version(9, minutesAgo: 55, dag: "elsewhere"), at: self.now)
        }
        _ = try IncidentDetector(store: store).run(now: now)
        let opened = try #require(try store.snapshot(now: now).incidents.first)
        #expect(opened.incident.causeChangeID == "af:dag_version:pipeline:af/customer_sync:5")
        #expect(opened.timeline[0].text.hasSuffix(
            "; changed before: customer_sync version 4 → 5 (bundle dags-folder), 12m before the failed run started"))
    }

    @Test func theMostSpecificApplicableRunbookAttaches() throws {
        let store = try TestStore.fresh()
        try platform(store, failing: true)
        try observe(store, "raw.customers", loaded: 130)
        try store.write { w in
            try w.upsertRunbook(Runbook(id: "failing-dag-task", title: "Failing DAG task", steps: [RunbookStep(title: "read the log")],
                                        appliesTo: [.pipeline("*")]))
            try w.upsertRunbook(Runbook(id: "stale-tier1-table", title: "Stale tier-1 table", steps: [RunbookStep(title: "why")],
                                        appliesTo: [.tier(1)]))
            try w.upsertRunbook(Runbook(id: "orders-only", title: "Orders", steps: [RunbookStep(title: "x")],
                                        appliesTo: [.dataset("raw.orders")]))
        }
        let detector = IncidentDetector(store: store, runbookFor: IncidentDetector.matchingRunbook)
        _ = try detector.run(now: now)
        #expect(try store.snapshot(now: now).incidents.first?.incident.runbookID == "stale-tier1-table")
    }
}
