import GRDB
import Foundation
import Testing
import VigilCore
@testable import VigilStore

@Suite struct TimelineTests {
    private func event(_ at: TimeInterval, _ kind: TimelineEventKind, _ text: String) -> TimelineEvent {
        TimelineEvent(incidentID: "INC-1", at: t(at), kind: kind, actor: "ana", text: text)
    }

    private func timeline(_ store: Store) throws -> [TimelineEvent] {
        try #require(try store.snapshot(now: t(0)).incidents.first).timeline
    }

    @Test func appendsAreKeptInOrderAndNeverMerged() throws {
        let store = try freshStore()
        let note = event(10, .note, "restarted the scheduler")
        try store.write { w in
            try w.upsertIncident(Fixture.incident("INC-1", severity: .sev2, opened: 0))
            try w.appendTimeline(event(0, .detected, "fct_revenue is stale"))
            try w.appendTimeline(note)
        }
        // The same event twice is two entries: the timeline records, it does not upsert.
        try store.write { w in
            try w.appendTimeline(note)
            try w.appendTimeline(event(10, .acknowledged, "same second, later append"))
        }
        #expect(try timeline(store).map(\.kind) == [.detected, .note, .note, .acknowledged])
        #expect(try timeline(store)[1] == note)
    }

    @Test func oldestFirstEvenWhenAppendedLate() throws {
        let store = try freshStore()
        try store.write { w in
            try w.upsertIncident(Fixture.incident("INC-1", severity: .sev2, opened: 0))
            try w.appendTimeline(event(50, .mitigated, "rolled back"))
            try w.appendTimeline(event(5, .signal, "collector saw the failure first"))
        }
        #expect(try timeline(store).map(\.at) == [t(5), t(50)])
    }

    @Test func storedRowsRejectUpdateAndDelete() throws {
        let store = try freshStore()
        try store.write { w in
            try w.appendTimeline(event(0, .detected, "original"))
            try w.recordStepProgress(RunbookStepProgress(incidentID: "INC-1", runbookID: "rb", stepIndex: 0,
                                                         status: .done, actor: "ana", at: t(1)))
        }
        for sql in ["UPDATE timeline_events SET text = 'rewritten'", "DELETE FROM timeline_events",
                    "UPDATE runbook_progress SET status = 'skipped'", "DELETE FROM runbook_progress"] {
            let error = #expect(throws: (any Error).self, "\(sql) must be refused") {
                try store.database.write { db in try db.execute(sql: sql) }
            }
            #expect(error.map { "\($0)".contains("append-only") } == true, "refused as append-only: \(String(describing: error))")
        }
        let texts = try store.database.read { db in try String.fetchAll(db, sql: "SELECT text FROM timeline_events") }
        #expect(texts == ["original"])
    }

    /// Before v10 detection's recovery was a signal told apart by its text: opening such a store gives those rows (and
    /// only those) the kind `recovered`, and the timeline is append-only again afterwards.
    @Test func upgradingGivesRecoveryItsOwnKind() throws {
        let recovered = "everything this incident lists is healthy again: resolve it once confirmed"
        try withTempDirectory { dir in
            let path = try olderStore(in: dir, upTo: "v9-quality", sql: """
                INSERT INTO incidents (id, title, severity, state, opened_at) VALUES ('INC-1', 'stale', 2, 'triggered', 0);
                INSERT INTO timeline_events (incident_id, at, kind, actor, text) VALUES
                  ('INC-1', 0, 'detected', 'vigil', 'raw.orders stale'),
                  ('INC-1', 1, 'signal', 'vigil', ?1),
                  ('INC-1', 2, 'note', 'ana', ?1),
                  ('INC-1', 3, 'signal', 'vigil', 'same cause: ' || ?1),
                  ('INC-1', 4, 'resolved', 'ana', ?1);
                """, arguments: [recovered])
            let store = try Store(path: path)
            #expect(try timeline(store).map(\.kind) == [.detected, .recovered, .recovered, .signal, .resolved])
            #expect(throws: DatabaseError.self) {
                try store.database.write { db in try db.execute(sql: "UPDATE timeline_events SET kind = 'note'") }
            }
        }
    }
}
