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

    @Test func actionItemsShowOpenFirstOverdueMarkedDoneChecked() {
        let day: TimeInterval = 86_400
        let incident = Incident(id: "INC-4", title: "orders stale", severity: .sev3, state: .resolved,
                                openedAt: now.addingTimeInterval(-3 * day), resolvedAt: now.addingTimeInterval(-2 * day))
        func item(_ n: Int, _ text: String, owner: String? = nil, dueIn: Double? = nil, done: Bool = false) -> ActionItem {
            ActionItem(incidentID: "INC-4", number: n, text: text, owner: owner,
                       due: dueIn.map { Date(timeIntervalSince1970: ((now.timeIntervalSince1970 / day).rounded(.down) + $0) * day) },
                       createdAt: now.addingTimeInterval(-day), createdBy: "ana",
                       doneAt: done ? now.addingTimeInterval(-3_600) : nil, doneBy: done ? "carol" : nil)
        }
        let items = [item(1, "Document the backfill calendar", owner: "carol", done: true),
                     item(2, "Alert on volume drops \u{1B}[2J", owner: "dave", dueIn: -2),
                     item(3, "Import-test DAGs in CI", dueIn: 5)]
        let summary = IncidentSummary(incident: incident, timeline: [], stepProgress: [], actionItems: items)
        let c = ConsoleDriver(TestDataSource(PlatformSnapshot(now: now, incidents: [summary])), pane: .incidents, width: 140, height: 30)
        // Empty rows kept, so a line's index is its row in the frame.
        let lines = c.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let head = lines.firstIndex(where: { $0.contains("Action items") }),
              let timeline = lines.firstIndex(where: { $0.contains("Timeline (relative to detection)") }) else {
            Issue.record("no action items block: \(c.text)")
            return
        }
        #expect(head < timeline)
        #expect(lines[head].contains("2 open · 1 done · 1 overdue"), "\(lines[head])")
        // Open ones first, by number; the overdue one says so; the done one last, checked.
        #expect(lines[head + 1].contains("☐ #2 Alert on volume drops") && lines[head + 1].contains("owner dave · due") && lines[head + 1].hasSuffix("overdue"))
        #expect(lines[head + 2].contains("☐ #3 Import-test DAGs in CI") && !lines[head + 2].contains("overdue"))
        #expect(lines[head + 3].contains("✓ #1 Document the backfill calendar") && lines[head + 3].contains("done") && lines[head + 3].contains("by carol"))
        #expect(!c.text.unicodeScalars.contains { $0.value == 0x1B })
        // The overdue one is in the error colour, the done one dimmed.
        let frame = c.frame()
        let row = head + 1
        let glyph = (0..<frame.width).first { frame[$0, row].grapheme == "☐" }
        #expect(glyph.map { frame[$0, row].style.role } == .error)
        let doneRow = head + 3
        let text = (0..<frame.width).first { frame[$0, doneRow].grapheme == "D" }
        #expect(text.map { frame[$0, doneRow].style.role } == .dim)
    }
}
