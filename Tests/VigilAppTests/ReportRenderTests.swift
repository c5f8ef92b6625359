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
