import Foundation
import Testing
import VigilApp
import VigilCore

/// `vigil incident show`'s similar past incidents: a head line (id, when, how long, lead, how resolved, why), then
/// the title, the resolved entry, notes and steps, all cleaned.
@Suite struct SimilarIncidentTextTests {
    @Test func eachPastIncidentSaysWhenHowLongWhoHowAndWhy() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let opened = now.addingTimeInterval(-3 * 86_400)
        let past = Incident(id: "INC-2", title: "raw.customers stale\u{1B}[2J", severity: .sev2, state: .resolved, openedAt: opened,
                            resolvedAt: opened.addingTimeInterval(5_400), lead: "ana", resolution: .upstream)
        let similar = SimilarIncident(incident: past, reasons: ["same cause pipeline", "2 shared datasets"], score: 140, duration: 5_400,
                                      resolvedText: "resolved as upstream: CRM back", notes: ["vendor outage"],
                                      steps: ["step 1 done: Look at the lag"])
        let lines = SimilarIncidentText.lines([similar], now: now)
        #expect(lines[0].hasPrefix("INC-2  3d ago ("))
        #expect(lines[0].hasSuffix("took 1h30m  lead ana  upstream — same cause pipeline, 2 shared datasets"), "\(lines[0])")
        #expect(lines[1] == "  raw.customers stale", "escape sequences never reach the terminal")
        #expect(Array(lines.dropFirst(2)) == ["  resolved as upstream: CRM back", "  note: vendor outage", "  step 1 done: Look at the lag"])
    }
}
