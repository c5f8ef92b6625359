import Foundation
import VigilCore

/// Standup mode: full screen, read-only, large numbers, no cursor; one page at a time, rotating.
struct StandupScreen {
    enum Page: Int, CaseIterable {
        case lastDay, slos, incidents, mttr, changes

        var title: String {
            switch self {
            case .lastDay: return "Last 24 hours"
            case .slos: return "Freshness SLOs by tier"
            case .incidents: return "Open incidents"
            case .mttr: return "Time to resolve"
            case .changes: return "Changes and alerts"
            }
        }
    }

    let state: ConsoleState
    let standup: StandupState

    func draw(into buffer: inout CellBuffer) {
        let snapshot = state.snapshot
        let area = buffer.area
        let page = standup.page
        // Generous type on a big screen, compact on 80x24.
        let scale = area.width >= 160 && area.height >= 48 ? 2 : 1
        var top: Line = [Span(" VIGIL STANDUP ", Style(.header, .bold)), Span(" \(page.rawValue + 1)/\(Page.allCases.count) ", .dim),
                         Span(page.title, Style(.title, .bold))]
        if snapshot.isDemo { top.append(Span("  DEMO", Style(.demoBadge, .bold))) }
        // The keys only when there is room; the clock and the pause mark always.
        let keys = area.width >= 110 ? "  space pause  ←→ step  esc back " : " "
        let right = (standup.paused ? "‖ paused  " : "") + TimeText.clock(snapshot.now) + keys
        let rightWidth = DisplayWidth.of(right)
        buffer.put(line: top, x: 0, y: 0, maxWidth: area.width - rightWidth - 1)
        buffer.put(right, x: max(0, area.width - rightWidth), y: 0, style: Style(standup.paused ? .warn : .dim))
        let body = Rect(x: 1, y: 2, width: area.width - 2, height: area.height - 3)
        // Worked out off the UI thread with the data read for standup; until that read is in, say so.
        guard let f = state.standupFigures else {
            buffer.put(ConsoleRenderer(state: state).spinner + " Gathering the last 24 hours, the SLOs and 8 weeks of incidents…",
                       x: body.x + 1, y: body.y + 1, style: Style(.dim), maxWidth: body.width - 2)
            return
        }
        switch page {
        case .lastDay: drawLastDay(f, into: &buffer, area: body, scale: scale)
        case .slos: drawSLOs(f, into: &buffer, area: body, scale: scale)
        case .incidents: drawIncidents(f, into: &buffer, area: body, scale: scale, now: snapshot.now)
        case .mttr: drawMTTR(f, into: &buffer, area: body, scale: scale)
        case .changes: drawChanges(f, into: &buffer, area: body, scale: scale)
        }
    }

    /// Big-number tiles side by side: label, number, a line under it.
    private func tiles(_ items: [(label: String, value: String, role: StyleRole, note: String)], into buffer: inout CellBuffer,
                       area: Rect, scale: Int) -> Int {
        guard !items.isEmpty else { return area.y }
        let width = area.width / items.count
        for (i, item) in items.enumerated() {
            let x = area.x + i * width
            buffer.put(item.label, x: x, y: area.y, style: Style(.dim, .bold), maxWidth: width - 1)
            var s = scale
            while s > 1 && BigText.width(item.value, scale: s) > width - 2 { s -= 1 }
            if BigText.width(item.value, scale: s) <= width - 1 {
                BigText.draw(item.value, into: &buffer, x: x, y: area.y + 1, scale: s, style: Style(item.role, .bold))
            } else {
                buffer.put(item.value, x: x, y: area.y + 1, style: Style(item.role, .bold), maxWidth: width - 1)
            }
            buffer.put(item.note, x: x, y: area.y + 2 + BigText.height(scale: scale), style: Style(.dim), maxWidth: width - 1)
        }
        return area.y + 4 + BigText.height(scale: scale)
    }

    private func percent(_ r: Double?) -> String {
        guard let r else { return "—" }
        if r >= 1 { return "100%" }
        return String(format: r >= 0.995 ? "%.1f%%" : "%.0f%%", (r * 1000).rounded(.down) / 10)
    }

    private func drawLastDay(_ f: StandupFigures, into buffer: inout CellBuffer, area: Rect, scale: Int) {
        var y = tiles([
            ("RUNS", "\(f.runs24h)", .base, "\(f.running) running now"),
            ("FAILED", "\(f.failed24h)", f.failed24h > 0 ? .error : .ok, "runs"),
            ("LATE", "\(f.late)", f.late > 0 ? .warn : .ok, "pipelines now"),
            ("SUCCEEDED", percent(f.successRate24h), (f.successRate24h ?? 1) < 0.95 ? .warn : .ok, "of finished runs"),
        ], into: &buffer, area: area, scale: scale)
        guard y < area.maxY else { return }
        buffer.put("Failing now", x: area.x, y: y, style: Style(.title, .bold))
        y += 1
        if f.failingPipelines.isEmpty { buffer.put("  none", x: area.x, y: y, style: Style(.ok)) }
        for p in f.failingPipelines.prefix(max(0, area.maxY - y)) {
            buffer.put(line: [Span("  ✗ ", .error), Span.untrusted(p.pipeline.pipelineID, Style(.base, .bold)),
                              Span(p.pipeline.tier.map { "  T\($0)" } ?? "", .dim),
                              Span(p.stats.failureStreak > 1 ? "  \(p.stats.failureStreak) failed in a row" : "", .error)],
                       x: area.x, y: y, maxWidth: area.width)
            y += 1
        }
    }

    private func drawSLOs(_ f: StandupFigures, into buffer: inout CellBuffer, area: Rect, scale: Int) {
        _ = tiles(f.tiers.map { t in
            let target = FreshnessObjective.defaultTarget(tier: t.tier)
            let role: StyleRole = t.attainment.map { $0 < target ? .error : .ok } ?? .dim
            let budget = t.lowestBudget.map { "budget ≥ \(Int(($0 * 100).rounded(.down)))%" } ?? "no history yet"
            let extra = (t.stale > 0 ? "  \(t.stale) stale" : "") + (t.paging > 0 ? "  \(t.paging) PAGE" : "")
            return ("TIER \(t.tier) (\(t.datasets)) SLO \(percent(target))", percent(t.attainment), role, budget + extra)
        }, into: &buffer, area: area, scale: scale)
    }

    private func drawIncidents(_ f: StandupFigures, into buffer: inout CellBuffer, area: Rect, scale: Int, now: Date) {
        var y = tiles([
            ("OPEN", "\(f.openIncidents.count)", f.openIncidents.isEmpty ? .ok : .error, "incidents not resolved"),
            ("SEV1-2", "\(f.openIncidents.filter { $0.severity <= .sev2 }.count)", .warn, "of them"),
        ], into: &buffer, area: area, scale: scale)
        for i in f.openIncidents.prefix(max(0, (area.maxY - y) / scale)) {
            let mark = StatusGlyphs.of(i.state)
            buffer.put(line: [Span(i.severity.label + " ", Style(StatusGlyphs.role(of: i.severity), .bold)),
                              Span.untrusted(i.id + "  ", Style(.base, .bold)), Span("\(mark.glyph) \(mark.word)  ", mark.role),
                              Span("open " + TimeText.age(i.openedAt, now: now) + "  ", .dim),
                              Span.untrusted("lead " + (i.lead ?? "nobody") + "  ", Style(i.lead == nil ? .warn : .base)),
                              Span.untrusted(i.title)],
                       x: area.x, y: y, maxWidth: area.width)
            y += scale
        }
    }

    private func drawMTTR(_ f: StandupFigures, into buffer: inout CellBuffer, area: Rect, scale: Int) {
        func d(_ t: TimeInterval?) -> String { t.map { DurationFormat.compact($0) } ?? "—" }
        let counts = Severity.allCases.map { "\($0.label) \(f.bySeverity30d[$0] ?? 0)" }.joined(separator: "  ")
        var y = tiles([
            ("MTTR 7 DAYS", d(f.mttr7d), .base, "mean time to resolve"),
            ("MTTR 30 DAYS", d(f.mttr30d), .base, counts),
        ], into: &buffer, area: area, scale: scale)
        guard y + 2 < area.maxY else { return }
        buffer.put("MTTR by week, last 8 weeks (oldest left)", x: area.x, y: y, style: Style(.title, .bold))
        y += 1
        let spark = Sparkline.text(f.weeklyMTTR)
        var line: Line = [Span("  ")]
        for ch in spark { line.append(Span(String(repeating: String(ch), count: 3 * scale) + " ", .running)) }
        buffer.put(line: line, x: area.x, y: y, maxWidth: area.width)
        buffer.put("  " + f.weeklyMTTR.map { d($0).padding(toLength: 3 * scale + 1, withPad: " ", startingAt: 0) }.joined(),
                   x: area.x, y: y + 1, style: Style(.dim), maxWidth: area.width)
    }
}

extension StandupScreen {
    /// Change failure rate and alert precision, 7 and 30 days: how often a change breaks something, and how often an
    /// alert was worth waking up for.
    private func drawChanges(_ f: StandupFigures, into buffer: inout CellBuffer, area: Rect, scale: Int) {
        func failure(_ r: ReliabilityFigures) -> (String, String, StyleRole, String) {
            (percent(r.changeFailureRate), "", r.changeFailureRate.map { $0 > 0.15 ? .warn : .ok } ?? .dim,
             r.changes == 0 ? "no changes seen" : "\(r.failedChanges) of \(r.changes) changes caused an incident")
        }
        func precision(_ r: ReliabilityFigures) -> (String, String, StyleRole, String) {
            (percent(r.alertPrecision), "", r.alertPrecision.map { $0 < 0.8 ? .warn : .ok } ?? .dim,
             (r.alertsClassified == 0 ? "no alert resolved with a resolution" : "\(r.alertsActionable) of \(r.alertsClassified) actionable")
                + (r.alertsUnclassified > 0 ? ", \(r.alertsUnclassified) unclassified" : ""))
        }
        let c7 = failure(f.reliability7d), c30 = failure(f.reliability30d)
        let p7 = precision(f.reliability7d), p30 = precision(f.reliability30d)
        var y = tiles([
            ("CHANGE FAILURE 7 DAYS", c7.0, c7.2, c7.3),
            ("CHANGE FAILURE 30 DAYS", c30.0, c30.2, c30.3),
        ], into: &buffer, area: area, scale: scale)
        guard y < area.maxY else { return }
        y = tiles([
            ("ALERT PRECISION 7 DAYS", p7.0, p7.2, p7.3),
            ("ALERT PRECISION 30 DAYS", p30.0, p30.2, p30.3),
        ], into: &buffer, area: Rect(x: area.x, y: y, width: area.width, height: area.maxY - y), scale: scale)
        guard y < area.maxY else { return }
        buffer.put("Alert precision: resolved as fixed or upstream, of alerts resolved with a resolution (vigil report explains each figure).",
                   x: area.x, y: y, style: Style(.dim), maxWidth: area.width)
    }
}

/// Which standup page shows, whether rotation is paused, and when the page last turned.
public struct StandupState: Sendable, Equatable {
    var interval: TimeInterval
    var lastTurn: Date
    var paused = false
    var pageIndex = 0
    /// `vigil standup`: Esc does not lead back to a console that was never open; q quits.
    var only: Bool

    var page: StandupScreen.Page {
        let n = StandupScreen.Page.allCases.count
        return StandupScreen.Page(rawValue: ((pageIndex % n) + n) % n) ?? .lastDay
    }
}
