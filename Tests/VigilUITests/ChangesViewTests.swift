import Foundation
import Testing
@testable import VigilCore
@testable import VigilUI

/// The Changes pane: rows newest first with what each feeds and the incidents that named it; `/` filters; ⏎ opens
/// a change; pane 6 is on the number keys.
@Suite struct ChangesViewTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    var snapshot: PlatformSnapshot {
        var s = PlatformSnapshot(now: now, lineage: [
            LineageEdge(upstream: .pipeline(source: "af", id: "payments_ingest"), downstream: .dataset("raw.payments")),
            LineageEdge(upstream: .dataset("raw.payments"), downstream: .pipeline(source: "dbt", id: "analytics")),
            LineageEdge(upstream: .pipeline(source: "dbt", id: "analytics"), downstream: .dataset("analytics.fct_revenue")),
        ], incidents: [IncidentSummary(incident: Incident(id: "INC-3", title: "raw.payments stale", severity: .sev2, openedAt: now,
                                                          causeChangeID: "af:dag_version:pipeline:af/payments_ingest:5"),
                                       timeline: [], stepProgress: [])])
        s.changes = [
            Change(id: "af:dag_version:pipeline:af/payments_ingest:5", at: now.addingTimeInterval(-720), source: "af", kind: .dagVersion,
                   title: "payments_ingest version 4 → 5", subjects: ["pipeline:af/payments_ingest"], ref: "5", author: "dave",
                   detail: "retries 1 → 2"),
            Change(id: "m", at: now.addingTimeInterval(-86_400), source: "manual", kind: .manual, title: "Warehouse upgraded"),
        ]
        return s
    }

    @Test func rowsCarryDownstreamAndNamingIncidentsAndFilter() {
        let rows = ChangesViewModel.rows(snapshot, filter: "")
        #expect(rows.map(\.id) == ["af:dag_version:pipeline:af/payments_ingest:5", "m"])
        #expect(rows[0].downstream.map(\.name) == ["raw.payments", "dbt/analytics", "analytics.fct_revenue"])
        #expect(rows[0].incidents == ["INC-3"])
        #expect(rows[1].downstream.isEmpty && rows[1].incidents.isEmpty)
        #expect(ChangesViewModel.rows(snapshot, filter: "WAREHOUSE").map(\.id) == ["m"])
        #expect(ChangesViewModel.rows(snapshot, filter: "dave").count == 1, "author")
        #expect(ChangesViewModel.rows(snapshot, filter: "inc-3").count == 1, "the naming incident")
        #expect(ChangesViewModel.rows(snapshot, filter: "release note").map(\.id) == ["m"], "kind")
        #expect(ChangesViewModel.namesText(["a", "b", "c", "d"]) == "a, b +2")
    }

    @Test func sixOpensTheChangesPaneAndEnterShowsTheChange() {
        var c = ConsoleDriver(TestDataSource(snapshot), pane: .health, sink: nil)
        c.send(.input(.key(.char("6"))))
        #expect(c.state.pane == .changes)
        #expect(c.text.contains("payments_ingest version 4 → 5"))
        #expect(c.text.contains("named by INC-3"))
        c.send(.input(.key(.enter)))
        let text = c.text
        #expect(text.contains("Change  payments_ingest version 4 → 5") || text.contains(" Change payments_ingest version 4 → 5"), "\(text)")
        #expect(text.contains("retries 1 → 2"))
        #expect(text.contains("analytics.fct_revenue"))
        #expect(text.contains("Feeds downstream"))
        c.send(.input(.key(.escape)))
        c.type("/manual")
        c.send(.input(.key(.enter)))
        #expect(c.text.contains("Warehouse upgraded") && !c.text.contains("payments_ingest version"))
    }

    /// The console filters the rows prepared with the data (off the UI thread) rather than building them again:
    /// what it shows for a filter is what the view model gives for it.
    @Test(arguments: ["", "dave", "INC-3", "release note", "raw.payments", "zzz"])
    func theChangesPaneFiltersThePreparedRowsAsTheViewModelDoes(filter: String) {
        var c = ConsoleDriver(TestDataSource(snapshot), pane: .changes, sink: nil)
        c.type("/" + filter)
        #expect(c.state.changeRows.map(\.id) == ChangesViewModel.rows(snapshot, filter: filter).map(\.id))
        #expect(c.state.changeRows.map(\.downstream) == ChangesViewModel.rows(snapshot, filter: filter).map(\.downstream))
    }

    @Test func thePaletteJumpsToTheChangesPane() {
        var c = ConsoleDriver(TestDataSource(snapshot), pane: .health, sink: nil)
        c.type(":changes")
        c.send(.input(.key(.enter)))
        #expect(c.state.pane == .changes)
        #expect(c.text.contains(" 6 Changes"))
    }
}
