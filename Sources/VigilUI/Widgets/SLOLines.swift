import Foundation
import VigilCore

/// A dataset's SLO in two lines: objective, attainment, budget and its exhaustion, alert; then each burn rate,
/// coloured when above the smallest threshold that uses its window.
enum SLOLines {
    static func draw(_ r: FreshnessSLOReport, into buffer: inout CellBuffer, x: Int, y: Int, width: Int, now: Date) -> Int {
        var facts: [(String, Span)] = [
            ("SLO", Span(String(format: "%.2f%%", r.objective.target * 100) + " over " + DurationFormat.compact(r.objective.window), Style(.title, .bold))),
            ("attainment", Span(FreshnessViewModel.attainmentText(r), (r.attainment ?? 1) < r.objective.target ? .error : .ok)),
        ]
        var budget = FreshnessViewModel.budgetBar(r, width: 17)
        if r.budgetRemainingRatio != nil {
            budget.append(Span(" (" + (r.budgetRemaining < 0 ? "-" : "") + DurationFormat.compact(abs(r.budgetRemaining)) + ")", .dim))
        }
        let budgetText = budget.map(\.text).joined()
        facts.append(("budget left", Span(budgetText, budget.first?.style ?? Style(.base))))
        if let exhaustion = r.budgetExhaustion {
            facts.append(("runs out", Span(exhaustion <= now ? "already spent" : "in " + DurationFormat.compact(exhaustion.timeIntervalSince(now)), .error)))
        }
        if r.unknownTime > 0 { facts.append(("unseen", Span(DurationFormat.compact(r.unknownTime), .dim))) }
        var line = Facts.line(facts)
        line += FreshnessViewModel.burnBadge(r)
        buffer.put(line: line, x: x, y: y, maxWidth: width)
        var burn: Line = [Span(" burn rate ", .dim)]
        for w in BurnWindow.allCases {
            let threshold = BurnAlertRule.pairs.filter { $0.long == w || $0.short == w }
                .map { BurnAlertRule.threshold($0, window: r.objective.window) }.min()
            let rate = r.burnRates[w]
            let role: StyleRole = rate.flatMap { v in threshold.map { v > $0 } } == true ? .error : .base
            burn.append(Span(w.rawValue + " ", .dim))
            burn.append(Span(rate.map { String(format: "%.1fx", $0) } ?? "—", role))
            burn.append(Span("  "))
        }
        burn.append(Span("(page: 1h+5m > \(format(BurnAlertRule.threshold(BurnAlertRule.pairs[0], window: r.objective.window)))x)", .dim))
        buffer.put(line: burn, x: x, y: y + 1, maxWidth: width)
        return y + 2
    }

    static func format(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : String(format: "%.2f", v) }
}
