import Foundation
import Testing
import VigilCore
@testable import VigilStore

/// Postmortem action items in the store: numbered per incident, done and reopened in place, each write on the
/// incident's timeline; read with the incident, in the snapshot, as the open list and as the report's inputs.
@Suite struct ActionItemsStoreTests {
    /// A UTC midnight (2023-11-15 00:00) plus days.
    func d(_ days: Double) -> Date { Date(timeIntervalSince1970: 1_700_006_400 + days * 86_400) }

    func incident(_ id: String, opened: Double = 0) -> Incident {
        Incident(id: id, title: "\(id) title", severity: .sev2, state: .resolved, openedAt: d(opened), resolvedAt: d(opened + 0.1))
    }

    @Test func addDoneReopenAndTheTimeline() throws {
        let store = try freshStore()
        var added: [ActionItem] = []
        try store.write { w in
            try w.upsertIncident(incident("INC-1"))
            try w.upsertIncident(incident("INC-2"))
            added.append(try w.addActionItem(incidentID: "INC-1", text: "Add a retry", owner: "bob", due: d(7), at: d(1), by: "ana"))
            added.append(try w.addActionItem(incidentID: "INC-1", text: "Page earlier", owner: nil, due: nil, at: d(1), by: "ana"))
            added.append(try w.addActionItem(incidentID: "INC-2", text: "Test the import", owner: "carol", due: nil, at: d(1), by: "ana"))
        }
        // Numbered within each incident.
        #expect(added.map(\.id) == ["INC-1#1", "INC-1#2", "INC-2#1"])
        #expect(added[0] == ActionItem(incidentID: "INC-1", number: 1, text: "Add a retry", owner: "bob", due: d(7), createdAt: d(1), createdBy: "ana"))

        var done: ActionItem?, missing: ActionItem?
        try store.write { w in
            done = try w.markActionItemDone(incidentID: "INC-1", number: 1, at: d(3), by: "bob")
            missing = try w.markActionItemDone(incidentID: "INC-1", number: 9, at: d(3), by: "bob")
        }
        #expect(done?.doneAt == d(3) && done?.doneBy == "bob")
        #expect(missing == nil)
        #expect(try store.actionItems(incidentID: "INC-1").map(\.isDone) == [true, false])

        try store.write { w in try w.reopenActionItem(incidentID: "INC-1", number: 1, at: d(4), by: "ana") }
        let items = try store.actionItems(incidentID: "INC-1")
        #expect(items.map(\.number) == [1, 2])
        #expect(items[0].doneAt == nil && items[0].doneBy == nil, "reopened: open again, the history is on the timeline")
        // A number is never reused: the next one follows the largest.
        var third: ActionItem?
        try store.write { w in third = try w.addActionItem(incidentID: "INC-1", text: "Third", owner: nil, due: nil, at: d(5), by: "ana") }
        #expect(third?.number == 3)

        let timeline = try #require(try store.incident(id: "INC-1")).timeline
        #expect(timeline.allSatisfy { $0.kind == .actionItem })
        #expect(timeline.map(\.text) == ["#1 Add a retry (owner bob, due 2023-11-22)", "#2 Page earlier", "#1 done: Add a retry",
                                         "#1 reopened: Add a retry", "#3 Third"])
        #expect(timeline.map(\.actor) == ["ana", "ana", "bob", "ana", "ana"])
        #expect(timeline.map(\.at) == [d(1), d(1), d(3), d(4), d(5)])
        // The timeline stays append-only around them; the items table holds the state.
        let refused = #expect(throws: (any Error).self) {
            try store.database.write { db in try db.execute(sql: "UPDATE timeline_events SET text = 'x' WHERE kind = 'action_item'") }
        }
        #expect(refused.map { "\($0)".contains("append-only") } == true)
        // The incident carries its items, by number, wherever it is read.
        #expect(try store.incident(id: "INC-1")?.actionItems.map(\.number) == [1, 2, 3])
        let snapshot = try store.snapshot(now: d(2))
        #expect(snapshot.incidents.first { $0.id == "INC-2" }?.actionItems.map(\.text) == ["Test the import"])
        #expect(try store.actionItems(incidentID: "INC-9").isEmpty)
    }

    @Test func theOpenListLeadsWithTheSoonestDue() throws {
        let store = try freshStore()
        try store.write { w in
            for id in ["INC-1", "INC-2"] { try w.upsertIncident(incident(id)) }
            try w.addActionItem(incidentID: "INC-2", text: "no due day", owner: nil, due: nil, at: d(1), by: "ana")
            try w.addActionItem(incidentID: "INC-2", text: "due day 9", owner: nil, due: d(9), at: d(1), by: "ana")
            try w.addActionItem(incidentID: "INC-1", text: "due day 3", owner: nil, due: d(3), at: d(1), by: "ana")
            try w.addActionItem(incidentID: "INC-1", text: "done", owner: nil, due: d(2), at: d(1), by: "ana")
            try w.markActionItemDone(incidentID: "INC-1", number: 2, at: d(2), by: "ana")
        }
        let open = try store.openActionItems()
        #expect(open.map(\.text) == ["due day 3", "due day 9", "no due day"])
        // Against day 5: the first is overdue (its day ended), the others not.
        #expect(open.map { $0.isOverdue(at: d(5)) } == [true, false, false])
    }

    @Test func theReportReadsTheItemsOpenAtTheWindowsEnd() throws {
        try withTempDirectory { dir in
            let store = try Store(path: storeFile(in: dir))
            try store.write { w in
                // INC-1 was opened long before the window: its open follow-ups still count.
                try w.upsertIncident(incident("INC-1", opened: -40))
                try w.upsertIncident(incident("INC-2", opened: 1))
                try w.addActionItem(incidentID: "INC-1", text: "open", owner: "bob", due: d(2), at: d(-39), by: "ana")
                try w.addActionItem(incidentID: "INC-1", text: "done in the window", owner: nil, due: nil, at: d(-39), by: "ana")
                try w.markActionItemDone(incidentID: "INC-1", number: 2, at: d(5), by: "ana")
                try w.addActionItem(incidentID: "INC-2", text: "done after the window", owner: nil, due: nil, at: d(2), by: "ana")
                try w.markActionItemDone(incidentID: "INC-2", number: 1, at: d(12), by: "ana")
                try w.addActionItem(incidentID: "INC-2", text: "made after the window", owner: nil, due: nil, at: d(11), by: "ana")
            }
            let inputs = try store.reliabilityInputs(from: d(0), to: d(10), datasets: [], pipelines: [])
            #expect(inputs.actionItems.map(\.item.text) == ["open", "done after the window"])
            #expect(inputs.actionItems.map(\.incident.id) == ["INC-1", "INC-2"])
            #expect(inputs.incidents.map(\.incident.id) == ["INC-2"], "the window's incidents are still those opened in it")
            let report = ReliabilityReport.compute(inputs)
            #expect(report.actionItems.filter { $0.kind == .postmortem }.map(\.text) == ["open", "done after the window"])
            #expect(report.actionItems.first?.overdue == true)
        }
    }

    /// A store written before v15 (at v14) opens with the table added, its incidents and timelines intact, and takes items.
    @Test func aVersionThirteenStoreGainsActionItems() throws {
        try withTempDirectory { dir in
            let path = try olderStore(in: dir, upTo: "v13-changes", sql: """
                INSERT INTO incidents (id, title, severity, state, opened_at, resolved_at, resolution)
                  VALUES ('INC-4', 'raw.orders stale', 2, 'resolved', 1700006400, 1700010000, 'fixed');
                INSERT INTO timeline_events (incident_id, at, kind, actor, text) VALUES
                  ('INC-4', 1700006400, 'detected', 'vigil', 'raw.orders stale'),
                  ('INC-4', 1700010000, 'resolved', 'ana', 'resolved as fixed');
                """)
            let store = try Store(path: path)
            let before = try #require(try store.incident(id: "INC-4"))
            #expect(before.actionItems.isEmpty)
            #expect(before.timeline.map(\.kind) == [.detected, .resolved])
            #expect(before.incident.resolution == .fixed)
            try store.write { w in try w.addActionItem(incidentID: "INC-4", text: "Alert sooner", owner: "ana", due: nil, at: d(1), by: "ana") }
            let after = try #require(try store.incident(id: "INC-4"))
            #expect(after.actionItems.map(\.text) == ["Alert sooner"])
            #expect(after.timeline.map(\.kind) == [.detected, .resolved, .actionItem])
            let applied = try store.appliedMigrations()
            #expect(applied.contains("v15-action-items"))
        }
    }
}
