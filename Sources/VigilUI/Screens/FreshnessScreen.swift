import Foundation
import VigilCore

/// Pane 2: datasets by risk, with lag drawn against their warn/error thresholds.
struct FreshnessScreen {
    let state: ConsoleState

    static let barWidth = 20
    static let budgetWidth = 12

    @discardableResult
    func draw(into buffer: inout CellBuffer, area: Rect) -> Rect? {
        let snapshot = state.snapshot
        let rows = state.freshnessRows
        let (titleArea, tableArea) = area.splitTop(1)
        SectionTitle.draw(into: &buffer, area: titleArea, title: "Dataset freshness", shown: rows.count,
                          total: snapshot.datasets.count, filter: state.filter(for: .pane(.freshness)),
                          note: "by tier, then state and budget left; lag over 24 h, newest on the right")
        let table = Table(columns: [
            Column("STATE", .fixed(9)),
            Column("DATASET", .flex(3)),
            Column("TIER", .fixed(4)),
            Column("LAG", .fixed(7), alignRight: true),
            Column("ERR AFTER", .fixed(9), alignRight: true, priority: 4),
            Column("ATTAIN", .fixed(7), alignRight: true, priority: 1),
            Column("BUDGET LEFT", .fixed(Self.budgetWidth), priority: 1),
            Column("BURN", .fixed(6), priority: 0),
            Column("QUALITY", .fixed(9), priority: 0),
            Column("LAST 24H", .fixed(24), priority: 2),
            Column("PRODUCED BY", .flex(1), priority: 3),
        ], rowCount: rows.count, emptyText: snapshot.datasets.isEmpty
            ? "No datasets in the store yet. Is a collector running?"
            : "No dataset matches the filter. Esc clears it.") { i in
            let row = rows[i]
            let mark = StatusGlyphs.of(row.state)
            let policy = row.dataset.policy
            return [
                [Span("\(mark.glyph) \(mark.word)", Style(mark.role, .bold))],
                [Span.untrusted(row.dataset.name)],
                [Span("T\(row.dataset.tier)", StatusGlyphs.role(ofTier: row.dataset.tier))],
                [Span(row.lag.map(DurationFormat.compact) ?? "never", mark.role)],
                [Span(DurationFormat.compact(policy.errorAfter), .dim)],
                [Span(FreshnessViewModel.attainmentText(row.summary.slo),
                      (row.summary.slo?.attainment ?? 1) < (row.summary.slo?.objective.target ?? 0) ? .error : .base)],
                FreshnessViewModel.budgetBar(row.summary.slo, width: Self.budgetWidth),
                FreshnessViewModel.burnBadge(row.summary.slo),
                FreshnessViewModel.qualityCell(row.summary.quality),
                FreshnessViewModel.lagSparkline(Array(row.summary.lagByHour), policy: policy),
                [Span.untrusted(row.dataset.producedBy ?? "—", Style(.dim))],
            ]
        }
        let listBody = state.drawList(table, view: .pane(.freshness), into: &buffer, area: tableArea)
        return listBody
    }
}
