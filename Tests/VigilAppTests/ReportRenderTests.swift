import Foundation
import Testing
@testable import VigilApp
import VigilCore

/// `vigil report`'s renderers: Markdown, JSON and HTML of a small report with a hostile incident title and dataset name.
@Suite struct ReportRenderTests {
    static let from = Date(timeIntervalSince1970: 1_793_577_600)  // Monday 2026-11-02 00:00 UTC
    static let to = from.addingTimeInterval(14 * 86_400)
    static let hostile = "<script>alert(1)</script> \u{1B}[31m| *bold* & \"quoted\""

    static var report: ReliabilityReport {
        let opened = from.addingTimeInterval(86_400)
        let incident = Incident(id: "INC-9", title: hostile, severity: .sev1, openedAt: opened, affectedDatasets: ["<img src=x onerror=alert(2)>"],
                                causeKey: "dataset:x", signalAt: opened.addingTimeInterval(-600), kind: .freshness, causeChangeID: "c1")
        let dataset = ReportDataset(name: "<img src=x onerror=alert(2)>", tier: 1, target: 0.99, intervals: [
            FreshnessInterval(start: from, end: from.addingTimeInterval(13 * 86_400), state: .fresh),
            FreshnessInterval(start: from.addingTimeInterval(13 * 86_400), end: to, state: .error),
        ])
        let change = Change(id: "c1", at: opened.addingTimeInterval(-3_600), source: "af", kind: .dagVersion, title: "v2",
                            subjects: ["dataset:<img src=x onerror=alert(2)>"])
        return ReliabilityReport.compute(ReliabilityInputs(
            from: from, to: to, incidents: [IncidentSummary(incident: incident, timeline: [], stepProgress: [])],
            changes: [change], datasets: [dataset], runs: [ReportRunCount(pipeline: "af/p", day: from, finished: 4, succeeded: 3)]))
    }

    @Test func htmlEscapesHostileTextAndDrawsCharts() {
        let html = ReportRender.html(Self.report)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("\u{1B}"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("&lt;img src=x onerror=alert(2)&gt;"))
        // Five inline charts, nothing fetched: no scripts, no external URLs other than the SVG namespace.
        #expect(html.components(separatedBy: "<svg ").count - 1 == 5)
        #expect(!html.contains("src=\"http") && !html.contains("href=\"http"))
        #expect(html.contains("@media print"))
        #expect(html.contains("background: #ffffff"))
        // The tier table: tier 1 change failure rate 1/1.
        #expect(html.contains("100.0% (1/1 changes)"))
        // Empty weeks show "—", never NaN.
        #expect(!html.lowercased().contains("nan"))
    }

    @Test func markdownTablesAreSafe() {
        let md = ReportRender.markdown(Self.report)
        #expect(md.contains("| Figure | All tiers | Tier 1 | Tier 2 | Tier 3 |"))
        #expect(md.contains("| Incidents | 1 | 1 | 0 | 0 |"))
        #expect(md.contains("| Pipeline success rate | 75.0% (3/4 runs) | — (0/0 runs) | — (0/0 runs) | — (0/0 runs) |"))
        #expect(md.contains("| 2026-W45 |") && md.contains("| 2026-W46 |"))
        // The hostile title: one line, no escape sequence, pipes and markup escaped.
        #expect(!md.contains("\u{1B}"))
        #expect(md.contains("\\<script\\>alert(1)\\</script\\>"))
        #expect(md.contains("\\| \\*bold\\*"))
        #expect(md.contains("- [ ] INC-9 (SEV1, tier 1): "))
        #expect(!md.lowercased().contains("nan"))
    }

    @Test func jsonRoundTripsWithStableKeys() throws {
        let report = Self.report
        let json = try ReportRender.json(report)
        let back = try ReportRender.decodeJSON(json)
        #expect(back == report)
        // Every figure key is present, null where there is no figure.
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["from", "to", "scopes", "topDatasets", "topPipelines", "actionItems"])
        let scopes = try #require(object["scopes"] as? [[String: Any]])
        let tier3 = try #require(scopes.first { $0["scope"] as? String == "tier3" }?["total"] as? [String: Any])
        #expect(tier3["alertPrecision"] is NSNull)
        #expect(tier3.keys.count == 27)
        #expect(object["from"] as? String == "2026-11-02T00:00:00Z")
    }

    /// Postmortem action items in each format: number, text, owner, due day, overdue; hostile text escaped.
    @Test func postmortemActionItemsRender() throws {
        let opened = Self.from.addingTimeInterval(86_400)
        let incident = Incident(id: "INC-9", title: "orders stale", severity: .sev2, state: .resolved, openedAt: opened,
                                resolvedAt: opened.addingTimeInterval(3_600), resolution: .fixed)
        func item(_ n: Int, _ text: String, owner: String?, due: String?) -> IncidentActionItem {
            IncidentActionItem(item: ActionItem(incidentID: "INC-9", number: n, text: text, owner: owner,
                                                due: due.flatMap(ActionItem.dueDay(parsing:)), createdAt: opened, createdBy: "ana"),
                               incident: incident)
        }
        let report = ReliabilityReport.compute(ReliabilityInputs(
            from: Self.from, to: Self.to, incidents: [IncidentSummary(incident: incident, timeline: [], stepProgress: [])],
            actionItems: [item(1, Self.hostile, owner: "<b>bob</b>", due: "2026-11-05"), item(2, "Page sooner", owner: nil, due: nil)]))

        let md = ReportRender.markdown(report)
        #expect(md.contains("- [ ] INC-9 #1 (SEV2): \\<script\\>alert(1)\\</script\\> \\| \\*bold\\* & \"quoted\" — owner \\<b\\>bob\\</b\\> · due 2026-11-05 · overdue\n"))
        #expect(md.contains("- [ ] INC-9 #2 (SEV2): Page sooner — no owner, no due day\n"))
        #expect(md.contains("- Action items: postmortem action items not done by the window's end"))
        #expect(!md.contains("Vigil stores no postmortem action items"))
        #expect(!md.contains("\u{1B}"))

        let html = ReportRender.html(report)
        #expect(html.contains("<li><b>INC-9 #1</b> (SEV2): &lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("<b>owner &lt;b&gt;bob&lt;/b&gt; · due 2026-11-05 · overdue</b></li>"), "overdue stands out")
        #expect(html.contains("<li><b>INC-9 #2</b> (SEV2): Page sooner — no owner, no due day</li>"))
        #expect(!html.contains("<script") && !html.contains("\u{1B}"))

        let json = try ReportRender.json(report)
        #expect(try ReportRender.decodeJSON(json) == report)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let items = try #require(object["actionItems"] as? [[String: Any]])
        #expect(items.map { $0["kind"] as? String } == ["postmortem", "postmortem"])
        #expect(items[0]["overdue"] as? Bool == true && items[0]["number"] as? Int == 1 && items[0]["due"] as? String == "2026-11-05T00:00:00Z")
        // Every key present on every kind: null where it does not apply.
        #expect(Set(items[1].keys) == ["incidentID", "title", "severity", "tier", "kind", "openedAt", "number", "text", "owner", "due", "overdue"])
        #expect(items[1]["owner"] is NSNull && items[1]["due"] is NSNull && items[1]["overdue"] as? Bool == false)
    }

    @Test func emptyReportRenders() throws {
        let empty = ReliabilityReport.compute(ReliabilityInputs(from: Self.from, to: Self.to))
        let md = ReportRender.markdown(empty)
        #expect(md.contains("| MTTR p50 / p90 | — / — (0 resolved) |"))
        #expect(md.contains("None spent error budget."))
        let html = ReportRender.html(empty)
        #expect(html.contains(">no data</text>"))
        #expect(try ReportRender.decodeJSON(try ReportRender.json(empty)) == empty)
    }
}
