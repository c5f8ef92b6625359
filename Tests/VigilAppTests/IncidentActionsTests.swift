import Foundation
import Testing
import VigilTestSupport
import VigilApp
import VigilCore
import VigilStore

/// Incident actions: each appends who/when/what to the timeline, states move triggered → acknowledged →
/// mitigated → resolved, and a refused action changes nothing.
@Suite struct IncidentActionsTests {
    final class Clock: @unchecked Sendable {
        var now = Date(timeIntervalSince1970: 1_800_000_000)
        func advance(_ s: TimeInterval) { now = now.addingTimeInterval(s) }
    }

    @Test func aWholeIncidentLifecycleIsOnTheTimelineInOrder() throws {
        let store = try TestStore.fresh()
        let clock = Clock()
        let ana = IncidentActions(store: store, actor: "ana") { clock.now }
        let bob = IncidentActions(store: store, actor: "bob") { clock.now }
        let id = try ana.open(title: "CRM sync \u{1B}[31mfailing\u{1B}[0m", severity: .sev3)
        #expect(id == "INC-1")
        clock.advance(120)
        try bob.acknowledge(id)
        #expect(throws: IncidentActions.Failure.notAllowed(id: id, state: .acknowledged, action: "acknowledge")) { try ana.acknowledge(id) }
        clock.advance(60)
        try bob.note(id, "Relancé la tâche ✓ 日本語\nsecond line")
        try ana.setSeverity(id, .sev2)
        try ana.setLead(id)
        clock.advance(600)
        try ana.mitigate(id, "paused the consumer")
        clock.advance(1_200)
        try ana.resolve(id, as: .upstream, "CRM back")
        #expect(throws: IncidentActions.Failure.notAllowed(id: id, state: .resolved, action: "resolve")) { try ana.resolve(id, as: .fixed) }
        #expect(throws: IncidentActions.Failure.notFound("INC-9")) { try ana.note("INC-9", "x") }
        #expect(throws: IncidentActions.Failure.emptyText("the note")) { try ana.note(id, " \u{1B}[2J ") }

        let s = try #require(try store.incident(id: id))
        #expect(s.incident.title == "CRM sync failing")
        #expect(s.incident.state == .resolved && s.incident.severity == .sev2 && s.incident.lead == "ana")
        #expect(s.incident.resolution == .upstream, "the first resolution stands; the refused second one changed nothing")
        #expect(s.timeline.last?.text == "resolved as upstream: CRM back")
        #expect(s.timeline.map(\.kind) == [.detected, .acknowledged, .note, .severityChanged, .leadChanged, .mitigated, .resolved])
        #expect(s.timeline.map(\.actor) == ["ana", "bob", "bob", "ana", "ana", "ana", "ana"])
        #expect(s.timeline[1].text == "acknowledged; bob leads")
        #expect(s.timeline[2].text == "Relancé la tâche ✓ 日本語\nsecond line")
        #expect(s.timeline[4].text == "lead bob → ana")
        let m = IncidentMetrics(s)
        #expect(m.timeToAcknowledge == 120 && m.timeToMitigate == 780 && m.timeToResolve == 1_980 && m.timeToDetect == nil)

        let md = try Postmortem.markdown(s, store: store, now: clock.now)
        #expect(md.hasPrefix("# Postmortem: INC-1: CRM sync failing\n"))
        #expect(md.contains("**acknowledge**: 2m  ·  **mitigate**: 13m  ·  **resolve**: 33m"))
        // Timeline rows in order, relative to detection, with who.
        let rows = md.split(separator: "\n").filter { $0.hasPrefix("| 20") }
        #expect(rows.count == 7)
        #expect(rows[1].contains("| +2m | bob | **acknowledged**"))
        #expect(rows[2].contains("Relancé la tâche ✓ 日本語 second line"))
        #expect(rows[6].contains("| +33m | ana | **resolved**: resolved as upstream: CRM back |"))
        #expect(md.contains("## Action items"))
    }

    @Test func aDetectedIncidentsPostmortemShowsImpactAndBudgetBurned() throws {
        let store = try TestStore.fresh()
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        let policy = FreshnessPolicy(warnAfter: 1_800, errorAfter: 3_600)
        try store.write { w in
            try w.upsertDataset(Dataset(name: "raw.customers", tier: 1, policy: policy, source: "wh"))
            try w.recordFreshness(FreshnessSample(dataset: "raw.customers", observedAt: t0, loadedAt: t0))
            // Stale from t0+1h to t0+2h, then loaded again.
            try w.recordFreshness(FreshnessSample(dataset: "raw.customers", observedAt: t0.addingTimeInterval(7_200), loadedAt: t0))
            try w.recordFreshness(FreshnessSample(dataset: "raw.customers", observedAt: t0.addingTimeInterval(7_300), loadedAt: t0.addingTimeInterval(7_250)))
            try w.upsertIncident(Incident(id: "INC-1", title: "raw.customers stale", severity: .sev2, state: .resolved,
                                          openedAt: t0.addingTimeInterval(3_900), resolvedAt: t0.addingTimeInterval(7_300),
                                          affectedDatasets: ["raw.customers"], causeKey: "pipeline:af/customer_sync",
                                          signalAt: t0.addingTimeInterval(3_600)))
        }
        let s = try #require(try store.incident(id: "INC-1"))
        let md = try Postmortem.markdown(s, store: store, now: t0.addingTimeInterval(8_000))
        #expect(md.contains("**Time to detect**: 5m"))
        #expect(md.contains("**Cause**: pipeline `af/customer_sync`"))
        // 3,650 s of error inside [signal, resolved]; tier 1 budget = 0.5% of 28 d = 12,096 s → 30.2%.
        #expect(md.contains("| `raw.customers` | T1 | 1h | 30.2% of 3h21m |"), "\(md)")
    }
}
