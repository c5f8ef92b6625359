import Foundation
import VigilCore

/// One row of the Freshness pane. It points into the snapshot's datasets rather than holding a copy: rows are
/// copied on every filter key (20,000 of them), and a copy is a reference and an index instead of a whole summary.
public struct FreshnessRow: Sendable, Equatable {
    let list: SharedDatasets
    let index: Int
    public var state: FreshnessState
    public var lag: TimeInterval?

    public var summary: DatasetSummary { list.items[index] }
    public var dataset: Dataset { list.items[index].dataset }
    /// The dataset's name, read in place (finding the selected row again scans every row: no summary copies).
    var name: String { list.items[index].dataset.name }

    public static func == (a: FreshnessRow, b: FreshnessRow) -> Bool {
        a.state == b.state && a.lag == b.lag && a.summary == b.summary
    }
}

/// A snapshot's datasets, shared by the rows built from them.
final class SharedDatasets: Sendable {
    let items: [DatasetSummary]
    init(_ items: [DatasetSummary]) { self.items = items }
}

public enum FreshnessViewModel {
    /// Datasets ordered by risk: tier, then state (a burn alert counts as error), then budget left, then how far
    /// past `error_after` they are. Sort keys are computed once per row, then indexes sorted: at 20,000 datasets
    /// comparing whole rows (and recomputing keys in the comparator) took most of a frame.
    public static func rows(_ snapshot: PlatformSnapshot, filter: String) -> [FreshnessRow] {
        let now = snapshot.now
        let needle = TextSearch.Needle(filter)
        let datasets = snapshot.datasets
        let shared = SharedDatasets(datasets)
        var keyed: [(tier: Int, urgency: Int, budget: Double, overdue: Double, row: FreshnessRow)] = []
        keyed.reserveCapacity(datasets.count)
        // By index, each dataset read where it is stored (a `for d in` copies every summary, retaining its fields).
        for i in datasets.indices where matches(datasets[i], needle) {
            let row = FreshnessRow(list: shared, index: i, state: datasets[i].state(now: now), lag: datasets[i].lag(now: now))
            let slo = datasets[i].slo
            keyed.append((datasets[i].dataset.tier, urgency(state: row.state, alert: slo?.alert), slo?.budgetRemainingRatio ?? 1,
                          (row.lag ?? .infinity) / datasets[i].dataset.policy.errorAfter, row))
        }
        keyed.sort { a, b in
            if a.tier != b.tier { return a.tier < b.tier }
            if a.urgency != b.urgency { return a.urgency < b.urgency }
            if a.budget != b.budget { return a.budget < b.budget }
            if a.overdue != b.overdue { return a.overdue > b.overdue }
            return datasets[a.row.index].dataset.name < datasets[b.row.index].dataset.name
        }
        return keyed.map(\.row)
    }

    /// `matches` on a row's dataset, read where it is stored (a row's `summary` would copy it).
    /// The same for a row, reading the two names in place: passing the row's summary on copied it (every field
    /// retained and released), which at 20,000 datasets was most of a filter key's frame.
    static func matches(_ row: FreshnessRow, _ needle: TextSearch.Needle) -> Bool {
        guard !needle.isEmpty else { return true }
        return row.list.items.withUnsafeBufferPointer { items in
            needle.found(in: items[row.index].dataset.name) || (items[row.index].dataset.producedBy.map(needle.found(in:)) ?? false)
        }
    }

    /// Whether a dataset's name or producing pipeline contains the filter (case-insensitive).
    static func matches(_ d: DatasetSummary, _ needle: TextSearch.Needle) -> Bool {
        needle.isEmpty || needle.found(in: d.dataset.name) || (d.dataset.producedBy.map(needle.found(in:)) ?? false)
    }

    /// State's attention rank, with a dataset paging on its burn rate as urgent as one in error.
    static func urgency(state: FreshnessState, alert: BurnAlert?) -> Int {
        switch alert ?? BurnAlert.none {
        case .page: return min(state.attentionRank, FreshnessState.error.attentionRank)
        case .ticket: return min(state.attentionRank, FreshnessState.warn.attentionRank)
        case .none: return state.attentionRank
        }
    }

    /// Datasets whose burn rate pages, for the header.
    public static func pageCount(_ snapshot: PlatformSnapshot) -> Int {
        snapshot.datasets.indices.count { snapshot.datasets[$0].slo?.alert == .page }
    }

    /// "99.62%", or "—" before any history.
    public static func attainmentText(_ slo: FreshnessSLOReport?) -> String {
        guard let a = slo?.attainment else { return "—" }
        if a >= 1 { return "100%" }
        return String(format: "%.2f%%", (a * 100 * 100).rounded(.down) / 100)
    }

    /// Error budget left as a bar and a percentage: "▰▰▰▱▱ 61%"; overspent budgets read "spent".
    public static func budgetBar(_ slo: FreshnessSLOReport?, width: Int) -> Line {
        guard let slo, let ratio = slo.budgetRemainingRatio else { return [Span("—", .dim)] }
        let cells = max(1, width - 5)
        if ratio <= 0 { return [Span(String(repeating: "▱", count: cells), .error), Span(" spent", Style(.error, .bold))] }
        let filled = Int((ratio * Double(cells)).rounded(.up))
        let role: StyleRole = ratio < 0.25 ? .error : ratio < 0.5 ? .warn : .ok
        let percent = String(format: "%3d%%", Int((ratio * 100).rounded(.down)))
        return [Span(String(repeating: "▰", count: filled), role), Span(String(repeating: "▱", count: cells - filled), .dim),
                Span(" " + percent, role)]
    }

    /// One block per hour, height = lag against 1.25 × error_after, each coloured by the state that lag means.
    public static func lagSparkline(_ values: [TimeInterval?], policy: FreshnessPolicy) -> Line {
        let text = Sparkline.text(values, ceiling: policy.errorAfter * 1.25)
        var line: Line = []
        for (ch, v) in zip(text, values) {
            let role: StyleRole = v.map { policy.state(lag: $0) == .error ? .error : policy.state(lag: $0) == .warn ? .warn : .ok } ?? .dim
            if let last = line.last, last.style.role == role { line[line.count - 1].text.append(ch) } else { line.append(Span(String(ch), role)) }
        }
        return line
    }

    /// The QUALITY column: "✗ 2 fail" (checks failing or erroring), "▲ warn", "✓ 98%" (share of results that passed
    /// over 7 days), or "—" for a dataset without checks.
    public static func qualityCell(_ quality: DatasetQuality?) -> Line {
        guard let quality, let state = quality.state else { return [Span("—", .dim)] }
        let mark = StatusGlyphs.of(state)
        switch state {
        case .fail, .error:
            return [Span("\(mark.glyph) \(quality.failing.count) \(mark.word)", Style(mark.role, .bold))]
        case .warn:
            return [Span("\(mark.glyph) \(mark.word)", mark.role)]
        case .pass:
            let rate = quality.passRate7d.map { String(format: "%d%%", Int(($0 * 100).rounded(.down))) } ?? mark.word
            return [Span("\(mark.glyph) \(rate)", mark.role)]
        }
    }

    /// PAGE / TICKET badge, or nothing.
    public static func burnBadge(_ slo: FreshnessSLOReport?) -> Line {
        switch slo?.alert ?? BurnAlert.none {
        case .page: return [Span("PAGE", Style(.error, [.bold, .reverse]))]
        case .ticket: return [Span("TICKET", Style(.warn, .bold))]
        case .none: return []
        }
    }

    public static func counts(_ snapshot: PlatformSnapshot) -> [FreshnessState: Int] {
        var counts: [FreshnessState: Int] = [:]
        for i in snapshot.datasets.indices { counts[snapshot.datasets[i].state(now: snapshot.now), default: 0] += 1 }
        return counts
    }

    /// A bar of `width` cells showing lag against the thresholds: filled up to the lag,
    /// with the warn and error marks drawn as "|" so the scale reads without colour.
    public static func lagBar(lag: TimeInterval?, policy: FreshnessPolicy, width: Int) -> Line {
        guard width >= 4 else { return [] }
        guard let lag else { return [Span(String(repeating: "·", count: width), .dim)] }
        let scale = policy.errorAfter * 1.25
        func col(_ t: TimeInterval) -> Int { min(width - 1, Int((t / scale) * Double(width))) }
        let filled = lag >= scale ? width : col(lag)
        let warnCol = col(policy.warnAfter), errorCol = col(policy.errorAfter)
        let role: StyleRole = lag >= policy.errorAfter ? .error : lag >= policy.warnAfter ? .warn : .ok
        var line: Line = []
        for i in 0..<width {
            let mark: String
            let r: StyleRole
            if i == warnCol || i == errorCol { mark = "|"; r = i < filled ? role : .dim }
            else if i < filled { mark = "■"; r = role }
            else { mark = "·"; r = .dim }
            if let last = line.last, last.style.role == r { line[line.count - 1].text += mark } else { line.append(Span(mark, r)) }
        }
        return line
    }
}
