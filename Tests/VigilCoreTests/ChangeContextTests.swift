import Foundation
import Testing
@testable import VigilCore

/// Which changes root cause names before a failure, on:
///   af/payments_ingest ─▶ raw.payments ─▶ dbt/analytics ─▶ analytics.fct_revenue
///   af/crm_sync ─▶ raw.customers (not upstream of fct_revenue)
@Suite struct ChangeContextTests {
    let failure = Date(timeIntervalSince1970: 1_800_000_000)
    func before(_ minutes: Double) -> Date { failure.addingTimeInterval(-minutes * 60) }
    let lineage = LineageGraph([
        LineageEdge(upstream: .pipeline(source: "af", id: "payments_ingest"), downstream: .dataset("raw.payments")),
        LineageEdge(upstream: .dataset("raw.payments"), downstream: .pipeline(source: "dbt", id: "analytics")),
        LineageEdge(upstream: .pipeline(source: "dbt", id: "analytics"), downstream: .dataset("analytics.fct_revenue")),
        LineageEdge(upstream: .pipeline(source: "af", id: "crm_sync"), downstream: .dataset("raw.customers")),
    ])

    func change(_ id: String, _ minutesBefore: Double, _ subjects: [String], kind: ChangeKind = .dagVersion) -> Change {
        Change(id: id, at: before(minutesBefore), source: "af", kind: kind, title: id, subjects: subjects)
    }

    @Test func theNewestChangeUpstreamWithinTheWindowComesFirst() {
        let changes = [
            change("payments v5", 12, ["pipeline:af/payments_ingest"]),
            change("crm v9", 3, ["pipeline:af/crm_sync"]),                      // not upstream: ignored
            change("after", -5, ["pipeline:af/payments_ingest"]),              // after the failure: ignored
            change("too old", 25 * 60, ["pipeline:af/payments_ingest"]),       // outside 24 h: ignored
            change("model edit", 40, ["dataset:analytics.fct_revenue"], kind: .dbtManifest),
            change("schema", 90, ["dataset:raw.payments"], kind: .schema),
        ]
        let found = ChangeContext.before(failure, touching: .dataset("analytics.fct_revenue"), lineage: lineage, changes: changes)
        #expect(found.map(\.change.id) == ["payments v5", "model edit", "schema"])
        #expect(found.first?.touched == .pipeline(source: "af", id: "payments_ingest"))
        #expect(abs((found.first?.lead ?? 0) - 12 * 60) < 0.001)
        #expect(found.first?.phrase(before: "the first failed try") == "payments v5, 12m before the first failed try")
    }

    @Test func aChangeToTheFailingNodeItselfCountsAndDownstreamOnesDoNot() {
        let changes = [change("own", 5, ["pipeline:dbt/analytics"]), change("below", 1, ["dataset:analytics.fct_revenue"])]
        let found = ChangeContext.before(failure, touching: .pipeline(source: "dbt", id: "analytics"), lineage: lineage, changes: changes)
        #expect(found.map(\.change.id) == ["own"])
    }

    @Test func theWindowIsAParameterAndItsEdgeIsIncluded() {
        let changes = [change("edge", 60, ["pipeline:af/payments_ingest"]), change("past", 61, ["pipeline:af/payments_ingest"])]
        let found = ChangeContext.before(failure, touching: .dataset("raw.payments"), lineage: lineage, changes: changes, window: 3_600)
        #expect(found.map(\.change.id) == ["edge"])
    }

    @Test func aChangeNamingNothingIsNeverACause() {
        let found = ChangeContext.before(failure, touching: .dataset("raw.payments"), lineage: lineage,
                                         changes: [change("repo commit", 1, [], kind: .commit)])
        #expect(found.isEmpty)
    }

    @Test func downstreamOfAChangeListsWhatItFeeds() {
        let c = change("payments v5", 0, ["pipeline:af/payments_ingest"])
        #expect(ChangeContext.downstream(of: c, lineage: lineage) ==
                [.dataset("raw.payments"), .pipeline(source: "dbt", id: "analytics"), .dataset("analytics.fct_revenue")])
    }

    @Test func anIncidentsChangesReachItsCauseAndWhatItListsAndKeepTheNamedOne() {
        let changes = [
            change("payments v5", 12, ["pipeline:af/payments_ingest"]),
            change("crm v9", 3, ["pipeline:af/crm_sync"]),
            change("model edit", 40, ["dataset:analytics.fct_revenue"], kind: .dbtManifest),
            change("unrelated", 5, ["pipeline:af/elsewhere"]),
            change("named long ago", 30 * 60, ["pipeline:af/payments_ingest"]),
        ]
        let incident = Incident(id: "INC-1", title: "t", severity: .sev2, openedAt: failure.addingTimeInterval(600),
                                affectedDatasets: ["analytics.fct_revenue"], affectedPipelines: ["af/crm_sync"],
                                causeKey: "checks:dataset:analytics.fct_revenue", signalAt: failure, causeChangeID: "named long ago")
        let found = ChangeContext.before(incident: incident, lineage: lineage, changes: changes)
        #expect(found.map(\.change.id) == ["crm v9", "payments v5", "model edit", "named long ago"])
        #expect(found[1].lead == 12 * 60)
    }
}
