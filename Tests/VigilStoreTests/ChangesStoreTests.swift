import Foundation
import Testing
import VigilCore
@testable import VigilStore

/// Changes are stored once each, cleaned on the way in, read newest first by window and in snapshots; marks are per
/// source; an incident's resolution and named change round-trip.
@Suite struct ChangesStoreTests {
    func change(_ id: String, at: Date, title: String = "t") -> Change {
        Change(id: id, at: at, source: "af", kind: .dagVersion, title: title, subjects: ["pipeline:af/p"], ref: "5")
    }

    @Test func aChangeSeenTwiceIsStoredOnceAndTextIsCleaned() throws {
        try withTempDirectory { dir in
            let store = try Store(path: storeFile(in: dir))
            try store.write { w in
                #expect(try w.recordChange(change("a", at: t(0), title: "p version 4 → 5 \u{1B}[31mred\u{1B}[0m\nnext"), at: t(10)))
                #expect(try !w.recordChange(change("a", at: t(5), title: "changed later"), at: t(20)))
                try w.recordChange(change("b", at: t(100)), at: t(110))
                try w.recordChange(change("old", at: t(-40 * 86_400)), at: t(110))
            }
            let all = try store.changes(from: t(-50 * 86_400), to: t(200))
            #expect(all.map(\.id) == ["b", "a", "old"])
            #expect(all[1].title == "p version 4 → 5 red next")
            #expect(all[1].at == t(0))
            #expect(all[1].subjects == ["pipeline:af/p"] && all[1].ref == "5" && all[1].kind == .dagVersion)
            #expect(try store.changes(from: t(0), to: t(100)).map(\.id) == ["a"], "the window is [from, to)")
            #expect(try store.snapshot(now: t(200)).changes.map(\.id) == ["b", "a"], "a snapshot reads the last 35 days")
        }
    }

    @Test func marksArePerSourceAndMove() throws {
        try withTempDirectory { dir in
            let store = try Store(path: storeFile(in: dir))
            try store.write { w in
                try w.setChangeMarks(source: "af", ["dag:p": "4", "dag:q": "1"], at: t(0))
                try w.setChangeMarks(source: "af", ["dag:p": "5"], at: t(10))
                try w.setChangeMarks(source: "dbt", ["model.x": "abc"], at: t(10))
            }
            #expect(try store.changeMarks(source: "af") == ["dag:p": "5", "dag:q": "1"])
            #expect(try store.changeMarks(source: "dbt") == ["model.x": "abc"])
        }
    }

    @Test func resolutionAndNamedChangeRoundTrip() throws {
        try withTempDirectory { dir in
            let store = try Store(path: storeFile(in: dir))
            let incident = Incident(id: "INC-1", title: "x", severity: .sev2, state: .resolved, openedAt: t(0), resolvedAt: t(60),
                                    resolution: .noise, causeChangeID: "af:dag_version:pipeline:af/p:5")
            try store.write { try $0.upsertIncident(incident) }
            #expect(try store.incident(id: "INC-1")?.incident == incident)
        }
    }

    /// The Changes view names the incidents of the whole change window, not only the week of incidents a snapshot holds.
    @Test func aSnapshotMapsChangesToTheIncidentsThatNamedThem() throws {
        try withTempDirectory { dir in
            let store = try Store(path: storeFile(in: dir))
            let now = t(40 * 86_400)
            try store.write { w in
                for (id, opened, cause) in [("INC-1", t(0), "c1"), ("INC-2", t(20 * 86_400), "c2"), ("INC-3", t(30 * 86_400), "c2"),
                                            ("INC-4", t(31 * 86_400), nil)] as [(String, Date, String?)] {
                    try w.upsertIncident(Incident(id: id, title: id, severity: .sev3, state: .resolved, openedAt: opened,
                                                  resolvedAt: opened.addingTimeInterval(60), causeChangeID: cause))
                }
            }
            let snapshot = try store.snapshot(now: now)
            #expect(snapshot.changeIncidents == ["c2": ["INC-2", "INC-3"]], "INC-1 is older than the 35-day window; INC-4 names none")
            #expect(!snapshot.incidents.contains { $0.incident.id == "INC-2" }, "a snapshot's incidents stop at a week")
        }
    }
}
