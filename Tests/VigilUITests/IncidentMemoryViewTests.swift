import Foundation
import Testing
@testable import VigilCore
@testable import VigilUI

/// The incident view's memory: the changes before it (★ the one detection named) and similar past incidents.
@Suite struct IncidentMemoryViewTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func changesBeforeAndSimilarPastIncidentsShowAboveTheTimeline() {
        let named = Change(id: "af:dag_version:pipeline:af/crm:7", at: now.addingTimeInterval(-3_600), source: "af", kind: .dagVersion,
                           title: "crm version 6 → 7", subjects: ["pipeline:af/crm"], ref: "7")
        let other = Change(id: "wh:schema:dataset:raw.customers:9", at: now.addingTimeInterval(-7_200), source: "wh", kind: .schema,
                           title: "raw.customers: column tier added", subjects: ["dataset:raw.customers"])
        let incident = Incident(id: "INC-9", title: "raw.customers stale", severity: .sev2, openedAt: now.addingTimeInterval(-600),
                                affectedDatasets: ["raw.customers"], affectedPipelines: ["af/crm"], causeKey: "pipeline:af/crm",
                                signalAt: now.addingTimeInterval(-900), kind: .pipeline, causeChangeID: named.id)
        let past = Incident(id: "INC-2", title: "raw.customers stale", severity: .sev2, state: .resolved,
                            openedAt: now.addingTimeInterval(-40 * 86_400), resolvedAt: now.addingTimeInterval(-40 * 86_400 + 5_400),
                            lead: "ana", causeKey: "pipeline:af/crm", kind: .pipeline, resolution: .upstream)
        var snapshot = PlatformSnapshot(now: now, lineage: [LineageEdge(upstream: .pipeline(source: "af", id: "crm"), downstream: .dataset("raw.customers"))],
                                        incidents: [IncidentSummary(incident: incident, timeline: [], stepProgress: [])])
        snapshot.changes = [named, other]
        snapshot.similar["INC-9"] = [SimilarIncident(incident: past, reasons: ["same cause pipeline", "same kind"], score: 105,
                                                     duration: 5_400, resolvedText: "resolved as upstream", notes: ["CRM vendor outage"], steps: [])]
        snapshot.similar["INC-9"]?.append(SimilarIncident(incident: Incident(id: "INC-1", title: "crm slow", severity: .sev3, state: .resolved,
                                                                            openedAt: now.addingTimeInterval(-90 * 86_400)),
                                                           reasons: ["same cause pipeline"], score: 100, duration: nil, resolvedText: nil,
                                                           notes: [], steps: ["Step 1 done: Look at the lag"]))
        let c = ConsoleDriver(TestDataSource(snapshot), pane: .incidents, width: 140, height: 30)
        let lines = c.text.split(separator: "\n").map(String.init)
        let changes = lines.firstIndex { $0.contains("Changes before") }
        let similar = lines.firstIndex { $0.contains("Similar past incidents") }
        let timeline = lines.firstIndex { $0.contains("Timeline (relative to detection)") }
        #expect(changes != nil && similar != nil && timeline != nil, "\(c.text)")
        guard let changes, let similar, let timeline else { return }
        #expect(changes < similar && similar < timeline)
        #expect(lines[changes + 1].contains("★") && lines[changes + 1].contains("crm version 6 → 7") && lines[changes + 1].contains("45m before"))
        #expect(lines[changes + 2].contains("raw.customers: column tier added") && !lines[changes + 2].contains("★"))
        let row = lines[similar + 1]
        #expect(row.contains("INC-2") && row.contains("40d ago") && row.contains("took 1h30m") && row.contains("lead ana"))
        #expect(row.contains("upstream") && row.contains("same cause pipeline, same kind"), "\(row)")
        #expect(lines[similar + 2].contains("notes") && lines[similar + 2].contains("CRM vendor outage"), "what was learnt, under its head")
        #expect(lines[similar + 3].contains("INC-1") && lines[similar + 4].contains("steps") && lines[similar + 4].contains("Look at the lag"),
                "no steps for INC-2, so the next head follows its notes: \(c.text)")
    }
}
