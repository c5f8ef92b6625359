import Foundation
import VigilCore

/// Column sorts: each sortable column has an upper-case letter (drawn underlined in its title); pressing it sorts
/// the list by that column, pressing it again reverses. Without one, lists keep their attention order.
/// Letters avoid the keys that act (S standup, G last row, N previous match, T trigger, P pause).
enum Sorting {
    struct Column<Row>: Sendable {
        var letter: Character
        var title: String
        var less: @Sendable (Row, Row) -> Bool
    }

    private static func by<Row, K: Comparable>(_ letter: Character, _ title: String, _ key: @escaping @Sendable (Row) -> K) -> Column<Row> {
        Column(letter: letter, title: title) { key($0) < key($1) }
    }

    private static func text(_ s: String) -> String { s.lowercased() }
    private static let never = Date.distantPast

    static let health: [Column<HealthRow>] = [
        by("E", "STATE") { $0.health.attentionRank },
        by("I", "PIPELINE") { text($0.pipeline.pipelineID) },
        by("O", "SOURCE") { text($0.pipeline.source) },
        by("R", "TIER") { $0.pipeline.tier ?? 9 },
        by("L", "LAST RUN") { $0.summary.lastRun?.state.rawValue ?? "" },
        by("A", "STARTED") { $0.summary.lastRun.flatMap { $0.startedAt ?? $0.logicalDate } ?? never },
        by("D", "DURATION") { $0.summary.lastRun?.duration(now: .distantFuture) ?? 0 },
        by("K", "OK 24H 7D") { $0.summary.stats.successRate24h ?? 2 },
    ]

    static let freshness: [Column<FreshnessRow>] = [
        by("E", "STATE") { $0.state.attentionRank },
        by("D", "DATASET") { text($0.dataset.name) },
        by("R", "TIER") { $0.dataset.tier },
        by("L", "LAG") { $0.lag ?? .infinity },
        by("A", "ATTAIN") { $0.summary.slo?.attainment ?? 2 },
        by("B", "BUDGET LEFT") { $0.summary.slo?.budgetRemainingRatio ?? 2 },
        by("U", "BURN") { $0.summary.slo?.burnRates[.h1] ?? 0 },
        by("Q", "QUALITY") { $0.summary.quality?.passRate24h ?? 2 },
        by("Y", "PRODUCED BY") { text($0.dataset.producedBy ?? "") },
    ]

    static let incidents: [Column<IncidentSummary>] = [
        by("D", "ID") { Int($0.incident.id.drop { !$0.isNumber }) ?? 0 },
        by("V", "SEV") { $0.incident.severity.rawValue },
        by("E", "STATE") { IncidentState.allCases.firstIndex(of: $0.incident.state) ?? 0 },
        by("O", "OPENED") { $0.incident.openedAt },
        by("A", "LEAD") { text($0.incident.lead ?? "") },
        by("I", "TITLE") { text($0.incident.title) },
    ]

    static let sources: [Column<SourceStatus>] = [
        by("H", "HEALTH") { $0.health.rawValue },
        by("O", "SOURCE") { text($0.name) },
        by("K", "KIND") { $0.kind.rawValue },
        by("L", "LAST SUCCESS") { $0.lastSuccessAt ?? never },
        by("F", "FAILURES") { $0.consecutiveFailures },
        by("A", "PASS") { $0.lastPassSeconds ?? 0 },
    ]

    static let runs: [Column<PipelineRun>] = [
        by("E", "STATE") { $0.state.rawValue },
        by("R", "RUN ID") { $0.runID },
        by("L", "LOGICAL DATE") { $0.logicalDate ?? never },
        by("A", "STARTED") { $0.startedAt ?? never },
        by("D", "DURATION") { $0.duration(now: .distantFuture) ?? 0 },
        by("Y", "TYPE") { $0.runType },
    ]

    static let tasks: [Column<TaskInstance>] = [
        by("E", "STATE") { $0.state.rawValue },
        by("K", "TASK") { text($0.taskID) },
        by("R", "TRY") { $0.tryNumber },
        by("A", "STARTED") { $0.startedAt ?? never },
        by("D", "DURATION") { $0.duration(now: .distantFuture) ?? 0 },
        by("O", "OPERATOR") { $0.operatorName ?? "" },
    ]

    /// Letters and titles of the sortable columns of a view.
    static func columns(for view: ViewID) -> [(letter: Character, title: String)] {
        func pairs<R>(_ cs: [Column<R>]) -> [(letter: Character, title: String)] { cs.map { ($0.letter, $0.title) } }
        switch view {
        case .pane(.health): return pairs(health)
        case .pane(.freshness): return pairs(freshness)
        case .pane(.incidents): return pairs(incidents)
        case .pane(.sources): return pairs(sources)
        case .route(.pipelineRuns): return pairs(runs)
        case .route(.runTasks): return pairs(tasks)
        default: return []
        }
    }

    /// Rows in the chosen order (stable: ties keep the attention order), or as they are without a sort.
    static func apply<Row>(_ order: SortOrder?, to rows: [Row], columns: [Column<Row>]) -> [Row] {
        guard let order, let column = columns.first(where: { $0.letter == order.letter }) else { return rows }
        let indexed = rows.enumerated().sorted { a, b in
            if column.less(a.element, b.element) { return !order.descending }
            if column.less(b.element, a.element) { return order.descending }
            return a.offset < b.offset
        }
        return indexed.map(\.element)
    }

    /// What the table header shows: the letter to underline per column title, and the sorted column's arrow.
    static func header(for view: ViewID, order: SortOrder?) -> Table.SortHeader? {
        let cols = columns(for: view)
        guard !cols.isEmpty else { return nil }
        var letters: [String: Character] = [:]
        for c in cols { letters[c.title] = c.letter }
        let active = order.flatMap { o in cols.first { $0.letter == o.letter }.map { ($0.title, o.descending) } }
        return Table.SortHeader(letters: letters, activeTitle: active?.0, descending: active?.1 ?? false)
    }
}
