import Foundation
import VigilCore

/// Pane 1: every pipeline, what needs attention first, with a strip of its recent runs (like Airflow's grid).
struct HealthScreen {
    let state: ConsoleState

    static let stripLength = 24

    @discardableResult
    func draw(into buffer: inout CellBuffer, area: Rect) -> Rect? {
        let snapshot = state.snapshot
        let rows = state.healthRows
        let (titleArea, rest) = area.splitTop(1)
        let (tableArea, detailArea) = rest.splitBottom(2)
        SectionTitle.draw(into: &buffer, area: titleArea, title: "Pipeline health", shown: rows.count,
                          total: snapshot.pipelines.count, filter: state.filter(for: .pane(.health)),
                          note: "by tier, then failing, late, running; newest run on the right; ↑ slower than its p95")
        let now = snapshot.now
        // Rows from a source that cannot be read are its last good data: mark the source on the row too.
        let downSources = Set(SourcesViewModel.down(snapshot).map(\.name))
        let table = Table(columns: [
            Column("STATE", .fixed(10)),
            Column("PIPELINE", .flex(3)),
            Column("SOURCE", .fixed(14), priority: 3),
            Column("TIER", .fixed(4)),
            Column("LAST RUN", .fixed(13)),
            Column("STARTED", .fixed(9), alignRight: true),
            Column("DURATION", .fixed(9), alignRight: true, priority: 1),
            Column("OK 24H 7D", .fixed(9), alignRight: true, priority: 4),
            Column("RECENT RUNS", .fixed(Self.stripLength), priority: 2),
        ], rowCount: rows.count, emptyText: emptyText(snapshot)) { i in
            let row = rows[i]
            let mark = StatusGlyphs.of(row.health)
            let last = row.summary.lastRun
            let lastMark = last.map { StatusGlyphs.of($0.state) }
            return [
                [Span("\(mark.glyph) \(mark.word)", Style(mark.role, .bold))],
                [Span.untrusted(row.pipeline.pipelineID)],
                downSources.contains(row.pipeline.source)
                    ? [Span.untrusted("✗ " + row.pipeline.source, Style(.error))]
                    : [Span.untrusted(row.pipeline.source, Style(.dim))],
                [Span(row.pipeline.tier.map { "T\($0)" } ?? "—", StatusGlyphs.role(ofTier: row.pipeline.tier))],
                lastMark.map { [Span("\($0.glyph) \($0.word)", $0.role)] } ?? [Span("—", .dim)],
                [Span(last.map { TimeText.age($0.startedAt ?? $0.logicalDate, now: now) } ?? "—", .dim)],
                durationCell(last, stats: row.summary.stats, now: now),
                [Span(HealthViewModel.successText(row.summary.stats),
                      (row.summary.stats.successRate24h ?? 1) < 0.9 ? .warn : .dim)],
                RunStrip.line(row.summary.recentRuns, length: Self.stripLength),
            ]
        }
        let listBody = state.drawList(table, view: .pane(.health), into: &buffer, area: tableArea)
        let state = state.list(.pane(.health))
        if rows.indices.contains(state.selected) { drawDetail(rows[state.selected], into: &buffer, area: detailArea, now: now) }
        return listBody
    }

    /// The last run's duration, marked "↑" when slower than the pipeline's own p95.
    private func durationCell(_ run: PipelineRun?, stats: PipelineStats, now: Date) -> Line {
        guard let run else { return [Span("—", .dim)] }
        let text = TimeText.duration(run.duration(now: now))
        return stats.isSlow(run, now: now) ? [Span(text + " ↑", Style(.warn, .bold))] : [Span(text + "  ")]
    }

    private func emptyText(_ snapshot: PlatformSnapshot) -> String {
        if snapshot.pipelines.isEmpty { return "No pipelines in the store yet. Is a collector running? (vigil demo shows a simulated platform)" }
        return "No pipeline matches the filter. Esc clears it."
    }

    private func drawDetail(_ row: HealthRow, into buffer: inout CellBuffer, area: Rect, now: Date) {
        guard area.height >= 2 else { return }
        let runs = row.summary.recentRuns
        let failures = runs.filter { $0.state.isFailure }.count
        let lastSuccess = runs.first { $0.state == .success }
        let p = row.pipeline
        buffer.put(String(repeating: "─", count: area.width), x: area.x, y: area.y, style: Style(.border))
        buffer.put(line: Facts.line([
            ("pipeline", Span.untrusted(p.pipelineID, Style(.title, .bold))),
            ("schedule", Span.untrusted(p.schedule ?? "none")),
            ("owner", Span.untrusted(p.owner ?? "—")),
            ("tasks", Span("\(p.tasks.count)")),
            ("last success", Span(TimeText.age(lastSuccess?.endedAt, now: now))),
            ("failed", Span("\(failures)/\(runs.count) runs", failures > 0 ? .error : .base)),
            ("ok 24h/7d", Span(HealthViewModel.successText(row.summary.stats).replacingOccurrences(of: " ", with: "/"))),
            ("streak", Span(row.summary.stats.failureStreak == 0 ? "0" : "\(row.summary.stats.failureStreak) failed in a row",
                            row.summary.stats.failureStreak > 0 ? .error : .base)),
            ("p50/p95", Span(TimeText.duration(row.summary.stats.durationP50) + "/" + TimeText.duration(row.summary.stats.durationP95))),
            ("durations", Span(Sparkline.text(runs.prefix(24).reversed().map { $0.duration(now: now) }), .dim)),
        ]), x: area.x, y: area.y + 1, maxWidth: area.width)
    }
}

/// The last runs of a pipeline as one glyph each, oldest left, newest right (Airflow's grid, one row).
enum RunStrip {
    static func line(_ runsNewestFirst: [PipelineRun], length: Int) -> Line {
        let runs = runsNewestFirst.prefix(length).reversed()
        var line: Line = []
        if runs.count < length { line.append(Span(String(repeating: " ", count: length - runs.count))) }
        for run in runs {
            let mark = StatusGlyphs.of(run.state)
            if let last = line.last, last.style.role == mark.role {
                line[line.count - 1].text.append(mark.glyph)
            } else {
                line.append(Span(String(mark.glyph), mark.role))
            }
        }
        return line
    }
}
