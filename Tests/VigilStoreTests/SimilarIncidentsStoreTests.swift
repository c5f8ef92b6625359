import Foundation
import Testing
import VigilCore
@testable import VigilStore

/// Past incidents for memory: `resolvedIncidents` reads 180 days with timelines; a snapshot carries the similar
/// incidents of its open incidents only, each winner with its full timeline.
@Suite struct SimilarIncidentsStoreTests {
    @Test func snapshotCarriesSimilarForOpenIncidentsAndShowReadsTheLastHalfYear() throws {
        try withTempDirectory { dir in
            let store = try Store(path: storeFile(in: dir))
            let now = t(200 * 86_400)
            func incident(_ id: String, daysAgo: Double, open: Bool = false, cause: String = "pipeline:af/crm") -> Incident {
                let opened = now.addingTimeInterval(-daysAgo * 86_400)
                return Incident(id: id, title: id, severity: .sev2, state: open ? .triggered : .resolved, openedAt: opened,
                                resolvedAt: open ? nil : opened.addingTimeInterval(3_600), lead: "ana",
                                affectedDatasets: ["raw.customers"], causeKey: cause, kind: .pipeline, resolution: open ? nil : .fixed)
            }
            try store.write { w in
                for i in [incident("INC-1", daysAgo: 190), incident("INC-2", daysAgo: 30), incident("INC-3", daysAgo: 20, cause: "pipeline:af/x"),
                          incident("INC-4", daysAgo: 0.1, open: true)] {
                    try w.upsertIncident(i)
                    try w.appendTimeline(TimelineEvent(incidentID: i.id, at: i.openedAt, kind: .detected, actor: "vigil", text: "detected: \(i.id)"))
                    if let r = i.resolvedAt {
                        try w.appendTimeline(TimelineEvent(incidentID: i.id, at: r.addingTimeInterval(-60), kind: .note, actor: "ana", text: "restarted"))
                        try w.appendTimeline(TimelineEvent(incidentID: i.id, at: r, kind: .resolved, actor: "ana", text: "resolved as fixed"))
                    }
                }
            }
            let past = try store.resolvedIncidents(before: now)
            #expect(past.map(\.id) == ["INC-3", "INC-2"], "180 days back, newest first, resolved only")
            #expect(past[1].timeline.map(\.kind) == [.detected, .note, .resolved])

            let snapshot = try store.snapshot(now: now)
            #expect(Array(snapshot.similar.keys) == ["INC-4"])
            let similar = try #require(snapshot.similar["INC-4"])
            #expect(similar.map(\.id) == ["INC-2", "INC-3"])
            #expect(similar[0].reasons.first == "same cause pipeline")
            #expect(similar[0].notes == ["restarted"] && similar[0].resolvedText == "resolved as fixed" && similar[0].duration == 3_600)
            #expect(similar[1].reasonText == "1 shared dataset, same kind")

            // Kept while the incidents are the same, ranked and read again when a timeline (or an incident) moves.
            #expect(try store.snapshot(now: now).similar == snapshot.similar)
            try store.write { w in
                try w.appendTimeline(TimelineEvent(incidentID: "INC-2", at: now, kind: .note, actor: "ana", text: "root cause: CRM token expired"))
            }
            #expect(try store.snapshot(now: now).similar["INC-4"]?.first?.notes == ["restarted", "root cause: CRM token expired"])
            try store.write { w in
                var open = incident("INC-4", daysAgo: 0.1, open: true)
                open.causeKey = "pipeline:af/x"
                try w.upsertIncident(open)
            }
            #expect(try store.snapshot(now: now).similar["INC-4"]?.map(\.id) == ["INC-3", "INC-2"], "the other cause ranks first now")
        }
    }
}
