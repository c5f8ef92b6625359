import Foundation
import VigilCore
import VigilUI

/// `vigil report`'s outputs of one `ReliabilityReport`: Markdown for review docs, JSON for other tools, and one
/// self-contained HTML page (inline SVG charts, no scripts, no network, prints on white).
/// Every name and title from the store is untrusted: cleaned (`TypedText.line`) and escaped for its format.
public enum ReportRender {
    // MARK: - Shared formatting ("—" where there is no figure)

    static func pct(_ v: Double?) -> String { v.map { String(format: "%.1f%%", $0 * 100) } ?? "—" }
    static func dur(_ v: TimeInterval?) -> String { v.map { DurationFormat.compact(max(0, $0)) } ?? "—" }
    static func num(_ v: Double?) -> String { v.map { String(format: "%.1f", $0) } ?? "—" }

    static func day(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd HH:mm"
        return f.string(from: date) + " UTC"
    }

    static func scopeTitle(_ s: ReportScope) -> String { s.tier.map { "Tier \($0)" } ?? "All tiers" }

    /// The figure rows of the per-tier table: label and the text of one scope's figures.
    static var rows: [(String, (ReliabilityFigures) -> String)] { [
        ("Incidents", { "\($0.incidents)" }),
        ("Incidents per week", { num($0.incidentsPerWeek) }),
        ("Incidents per 30 days", { num($0.incidentsPer30Days) }),
        ("TTD p50 / p90", { "\(dur($0.ttdP50)) / \(dur($0.ttdP90))" }),
        ("TTA p50 / p90", { "\(dur($0.ttaP50)) / \(dur($0.ttaP90))" }),
        ("MTTR p50 / p90", { "\(dur($0.mttrP50)) / \(dur($0.mttrP90)) (\($0.resolved) resolved)" }),
        ("Freshness SLO attainment", { pct($0.freshnessAttainment) + " (\($0.datasetsMeasured) datasets)" }),
        ("Error budget spent", { pct($0.errorBudgetSpent) }),
        ("Pipeline success rate", { pct($0.pipelineSuccessRate) + " (\($0.runsSucceeded)/\($0.runsFinished) runs)" }),
        ("Data quality pass rate", { pct($0.qualityPassRate) + " (\($0.checksPassed)/\($0.checkResults) checks)" }),
        ("Change failure rate", { pct($0.changeFailureRate) + " (\($0.failedChanges)/\($0.changes) changes)" }),
        ("Deployment frequency", { num($0.changesPerWeek) + " changes/week" }),
        ("Alert precision", { pct($0.alertPrecision) + " (\($0.alertsActionable)/\($0.alertsClassified); \($0.alertsUnclassified) unclassified)" }),
    ] }

    /// The weekly trend columns (all tiers).
    static var weekColumns: [(String, (ReliabilityFigures) -> String)] { [
        ("Incidents", { "\($0.incidents)" }),
        ("MTTR p50", { dur($0.mttrP50) }),
        ("SLO attainment", { pct($0.freshnessAttainment) }),
        ("Budget spent", { pct($0.errorBudgetSpent) }),
        ("Pipeline success", { pct($0.pipelineSuccessRate) }),
        ("Quality pass", { pct($0.qualityPassRate) }),
        ("Changes", { "\($0.changes)" }),
        ("Change failure", { pct($0.changeFailureRate) }),
        ("Alert precision", { pct($0.alertPrecision) }),
    ] }

    static let definitions = [
        "Incidents count in the period they were opened in; times use only what had happened by its end (MTTR over incidents resolved by then). p50/p90 are nearest-rank.",
        "An incident's or change's tier is the most critical tier of the datasets and pipelines it names; ones naming none are in All tiers only.",
        "Freshness SLO attainment: good time / measured time over the tier's datasets; error budget spent: bad and unknown time / (1 − target) × period.",
        "Change failure rate: changes made in the period named as the cause of an incident opened in the window, over all changes made. Deployment frequency: changes per week.",
        "Alert precision: detection-opened incidents resolved as fixed or upstream, over those resolved with a resolution; resolved ones without one are counted as unclassified.",
        "Action items: postmortem action items not done by the window's end, of any incident (overdue: its due day had ended by then), overdue first; then the window's incidents still open at its end and those resolved without a resolution.",
    ]

    /// An action item's line, unescaped: what (a postmortem item's text, else the incident's title) and where it stands.
    /// Renderers escape each part for their format, after the incident's id and a postmortem item's number ("INC-3 #2").
    static func actionParts(_ a: ReportActionItem) -> (what: String, status: String) {
        switch a.kind {
        case .postmortem:
            let status = ActionItem.details(owner: a.owner, due: a.due, done: nil, overdue: a.overdue)
            return (a.text ?? "", status.isEmpty ? "no owner, no due day" : status)
        case .open: return (a.title, "still open")
        case .classify: return (a.title, "resolved without a resolution; classify it")
        }
    }

    // MARK: - Markdown

    /// Safe inside a Markdown table cell: one clean line, pipes and Markdown/HTML specials escaped.
    static func mdCell(_ text: String) -> String {
        var out = ""
        for ch in TypedText.line(text) {
            switch ch {
            case "|", "\\", "`", "*", "_", "[", "]", "<", ">", "#": out += "\\\(ch)"
            default: out.append(ch)
            }
        }
        return out
    }

    public static func markdown(_ r: ReliabilityReport) -> String {
        var md: [String] = []
        md.append("# DataOps scorecard")
        md.append("")
        md.append("Window: \(day(r.from)) – \(day(r.to))")
        md.append("")
        md.append("## Figures by tier")
        md.append("")
        md.append("| Figure | " + r.scopes.map(scopeTitle).joined(separator: " | ") + " |")
        md.append("|---|" + r.scopes.map { _ in "---:|" }.joined())
        for (label, value) in rows {
            md.append("| \(label) | " + r.scopes.map { value($0.total) }.joined(separator: " | ") + " |")
        }
        md.append("")
        md.append("## Weekly trend (all tiers)")
        md.append("")
        md.append("| Week | " + weekColumns.map(\.0).joined(separator: " | ") + " |")
        md.append("|---|" + weekColumns.map { _ in "---:|" }.joined())
        for w in r.all.weeks {
            md.append("| \(w.label) | " + weekColumns.map { $0.1(w.figures) }.joined(separator: " | ") + " |")
        }
        md.append("")
        md.append("## Top error budget cost")
        md.append("")
        for (title, list) in [("Datasets", r.topDatasets), ("Pipelines", r.topPipelines)] {
            md.append("### \(title)")
            md.append("")
            if list.isEmpty {
                md.append("None spent error budget.")
            } else {
                md.append("| \(title.dropLast()) | Tier | Budget spent | Share of budget |")
                md.append("|---|---:|---:|---:|")
                for c in list {
                    md.append("| \(mdCell(c.name)) | \(c.tier.map(String.init) ?? "—") | \(dur(c.spent)) | \(pct(c.shareOfBudget)) |")
                }
            }
            md.append("")
        }
        md.append("## Open action items")
        md.append("")
        if r.actionItems.isEmpty {
            md.append("None.")
        } else {
            for a in r.actionItems {
                let (what, status) = actionParts(a)
                md.append("- [ ] \(mdCell(a.incidentID))\(a.number.map { " #\($0)" } ?? "") (\(a.severity.label)\(a.tier.map { ", tier \($0)" } ?? "")): \(mdCell(what)) — \(mdCell(status))")
            }
        }
        md.append("")
        md.append("## How the figures are computed")
        md.append("")
        for d in definitions { md.append("- \(d)") }
        return md.joined(separator: "\n") + "\n"
    }

    // MARK: - JSON

    /// Sorted keys, ISO 8601 dates, every figure key present (null where there is none).
    public static func json(_ r: ReliabilityReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(r), as: UTF8.self)
    }

    public static func decodeJSON(_ text: String) throws -> ReliabilityReport {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(ReliabilityReport.self, from: Data(text.utf8))
    }

    // MARK: - HTML

    /// Escaped for HTML text and attribute values (the SVG snapshot's XML escaping, after cleaning).
    static func h(_ text: String) -> String { SVGText.escape(TypedText.line(text)) }

    public static func html(_ r: ReliabilityReport) -> String {
        var out = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>DataOps scorecard \(h(day(r.from))) – \(h(day(r.to)))</title>
        <style>
        body { background: #ffffff; color: #1a1a1a; font: 14px/1.4 -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; margin: 24px; }
        h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 24px 0 8px; border-bottom: 1px solid #ccc; }
        table { border-collapse: collapse; margin: 4px 0 12px; } th, td { border: 1px solid #ccc; padding: 3px 8px; }
        th { background: #f0f0f0; text-align: left; white-space: nowrap; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
        .charts { display: flex; flex-wrap: wrap; gap: 12px; } .chart { border: 1px solid #ddd; padding: 4px; }
        .muted { color: #555; } ul { margin: 4px 0; }
        @media print { body { margin: 0; } .chart, table { break-inside: avoid; } h2 { break-after: avoid; } }
        </style>
        </head>
        <body>
        <h1>DataOps scorecard</h1>
        <p class="muted">Window: \(h(day(r.from))) – \(h(day(r.to)))</p>
        <h2>Weekly trend (all tiers)</h2>
        <div class="charts">

        """
        let weeks = r.all.weeks
        let labels = weeks.map(\.label)
        out += chart(title: "Incidents per week", labels: labels, series: [("incidents", "#c0392b", weeks.map { Double($0.figures.incidents) })],
                     bars: true, percent: false)
        out += chart(title: "MTTR p50 (hours)", labels: labels, series: [("MTTR p50", "#8e44ad", weeks.map { $0.figures.mttrP50.map { $0 / 3_600 } })],
                     bars: false, percent: false)
        out += chart(title: "Freshness SLO attainment", labels: labels,
                     series: [("attainment", "#2471a3", weeks.map(\.figures.freshnessAttainment))], bars: false, percent: true)
        out += chart(title: "Pipeline success and quality pass rate", labels: labels,
                     series: [("pipeline success", "#1e8449", weeks.map(\.figures.pipelineSuccessRate)),
                              ("quality pass", "#d68910", weeks.map(\.figures.qualityPassRate))], bars: false, percent: true)
        out += chart(title: "Change failure rate and alert precision", labels: labels,
                     series: [("change failure", "#c0392b", weeks.map(\.figures.changeFailureRate)),
                              ("alert precision", "#2471a3", weeks.map(\.figures.alertPrecision))], bars: false, percent: true)
        out += "</div>\n<h2>Figures by tier</h2>\n<table>\n<tr><th>Figure</th>"
        out += r.scopes.map { "<th>\(h(scopeTitle($0)))</th>" }.joined() + "</tr>\n"
        for (label, value) in rows {
            out += "<tr><th>\(h(label))</th>" + r.scopes.map { "<td class=\"n\">\(h(value($0.total)))</td>" }.joined() + "</tr>\n"
        }
        out += "</table>\n<h2>Weekly figures (all tiers)</h2>\n<table>\n<tr><th>Week</th>"
        out += weekColumns.map { "<th>\(h($0.0))</th>" }.joined() + "</tr>\n"
        for w in weeks {
            out += "<tr><th>\(h(w.label))</th>" + weekColumns.map { "<td class=\"n\">\(h($0.1(w.figures)))</td>" }.joined() + "</tr>\n"
        }
        out += "</table>\n<h2>Top error budget cost</h2>\n"
        for (title, list) in [("Datasets", r.topDatasets), ("Pipelines", r.topPipelines)] {
            if list.isEmpty {
                out += "<p>\(h(title)): none spent error budget.</p>\n"
                continue
            }
            out += "<table>\n<tr><th>\(h(String(title.dropLast())))</th><th>Tier</th><th>Budget spent</th><th>Share of budget</th></tr>\n"
            for c in list {
                out += "<tr><td>\(h(c.name))</td><td class=\"n\">\(c.tier.map(String.init) ?? "—")</td>"
                    + "<td class=\"n\">\(h(dur(c.spent)))</td><td class=\"n\">\(h(pct(c.shareOfBudget)))</td></tr>\n"
            }
            out += "</table>\n"
        }
        out += "<h2>Open action items</h2>\n"
        if r.actionItems.isEmpty {
            out += "<p>None.</p>\n"
        } else {
            out += "<ul>\n"
            for a in r.actionItems {
                let (what, status) = actionParts(a)
                out += "<li><b>\(h(a.incidentID))\(a.number.map { " #\($0)" } ?? "")</b> (\(h(a.severity.label))\(a.tier.map { ", tier \($0)" } ?? "")): \(h(what)) — "
                    + (a.overdue ? "<b>\(h(status))</b>" : h(status)) + "</li>\n"
            }
            out += "</ul>\n"
        }
        out += "<h2>How the figures are computed</h2>\n<ul class=\"muted\">\n"
        // Our own text: escaped, not cut to a title's length.
        out += definitions.map { "<li>\(SVGText.escape($0))</li>\n" }.joined()
        out += "</ul>\n</body>\n</html>\n"
        return out
    }

    /// One trend chart as inline SVG: bars (one series) or lines with dots; a missing value leaves a gap.
    /// Percent charts run 0–100%; others from 0 to the largest value (at least 1).
    static func chart(title: String, labels: [String], series: [(name: String, color: String, values: [Double?])],
                      bars: Bool, percent: Bool) -> String {
        let width = 360.0, height = 200.0, left = 44.0, right = 10.0, top = 28.0, bottom = 34.0
        let plotW = width - left - right, plotH = height - top - bottom
        // Counts get whole-number grid lines: the top is the largest value rounded up to a multiple of 4.
        let largest = series.flatMap { $0.values.compactMap { $0 } }.max() ?? 1
        let maxValue = percent ? 1.0 : largest > 4 ? (largest / 4).rounded(.up) * 4 : max(1, largest)
        let n = max(1, labels.count)
        let step = plotW / Double(n)
        func x(_ i: Int) -> Double { left + step * (Double(i) + 0.5) }
        func y(_ v: Double) -> Double { top + plotH * (1 - min(1, max(0, v / maxValue))) }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }
        func tick(_ v: Double) -> String { percent ? "\(Int((v * 100).rounded()))%" : (maxValue >= 10 ? "\(Int(v.rounded()))" : String(format: "%.1f", v)) }
        var s = "<div class=\"chart\"><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" "
            + "viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(h(title))\">\n"
        s += "<title>\(h(title))</title>\n"
        s += "<rect x=\"0\" y=\"0\" width=\"\(Int(width))\" height=\"\(Int(height))\" fill=\"#ffffff\"/>\n"
        s += "<text x=\"\(f(left))\" y=\"16\" font-size=\"13\" font-weight=\"bold\" fill=\"#1a1a1a\">\(h(title))</text>\n"
        for k in 0...4 {
            let v = maxValue * Double(k) / 4
            s += "<line x1=\"\(f(left))\" y1=\"\(f(y(v)))\" x2=\"\(f(width - right))\" y2=\"\(f(y(v)))\" stroke=\"#dddddd\"/>"
            s += "<text x=\"\(f(left - 4))\" y=\"\(f(y(v) + 4))\" font-size=\"10\" text-anchor=\"end\" fill=\"#555555\">\(h(tick(v)))</text>\n"
        }
        for (i, label) in labels.enumerated() {
            s += "<text x=\"\(f(x(i)))\" y=\"\(f(height - bottom + 14))\" font-size=\"10\" text-anchor=\"middle\" fill=\"#555555\">\(h(label))</text>\n"
        }
        for (index, one) in series.enumerated() {
            if bars {
                for (i, v) in one.values.enumerated() {
                    guard let v else { continue }
                    let barW = step * 0.6
                    s += "<rect x=\"\(f(x(i) - barW / 2))\" y=\"\(f(y(v)))\" width=\"\(f(barW))\" height=\"\(f(top + plotH - y(v)))\" fill=\"\(one.color)\"/>\n"
                }
            } else {
                // Lines join consecutive known points; a gap breaks the line.
                var path = "", pen = false
                for (i, v) in one.values.enumerated() {
                    guard let v else { pen = false; continue }
                    path += (pen ? "L" : "M") + "\(f(x(i))) \(f(y(v))) "
                    pen = true
                }
                if !path.isEmpty {
                    s += "<path d=\"\(path)\" fill=\"none\" stroke=\"\(one.color)\" stroke-width=\"2.5\"/>\n"
                }
                for (i, v) in one.values.enumerated() {
                    guard let v else { continue }
                    s += "<circle cx=\"\(f(x(i)))\" cy=\"\(f(y(v)))\" r=\"3.5\" fill=\"\(one.color)\"/>\n"
                }
            }
            if series.count > 1 {
                let lx = left + Double(index) * 150
                s += "<rect x=\"\(f(lx))\" y=\"\(f(height - 12))\" width=\"10\" height=\"10\" fill=\"\(one.color)\"/>"
                s += "<text x=\"\(f(lx + 14))\" y=\"\(f(height - 3))\" font-size=\"10\" fill=\"#1a1a1a\">\(h(one.name))</text>\n"
            }
        }
        if series.allSatisfy({ $0.values.allSatisfy { $0 == nil } }) {
            s += "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(top + plotH / 2))\" font-size=\"12\" text-anchor=\"middle\" fill=\"#555555\">no data</text>\n"
        }
        s += "</svg></div>\n"
        return s
    }
}
