import Foundation
import VigilCore

/// The figures standup mode shows, from the snapshot and the incident history.
struct StandupFigures: Sendable {
    var runs24h: Int
    var failed24h: Int
    var running: Int
    var late: Int
    var successRate24h: Double?
    var failingPipelines: [PipelineSummary]
    /// Per tier 1...3: datasets, mean attainment, lowest budget left, how many page.
    var tiers: [(tier: Int, datasets: Int, attainment: Double?, lowestBudget: Double?, paging: Int, stale: Int)]
    var openIncidents: [Incident]
    var mttr7d: TimeInterval?
    var mttr30d: TimeInterval?
    var bySeverity30d: [Severity: Int]
    /// Mean time to resolve per week, oldest first, for the last 8 weeks (nil: nothing resolved that week).
    var weeklyMTTR: [TimeInterval?]
    /// Change failure rate and alert precision (with their counts) of the last 7 and 30 days: the scorecard's rule
    /// (`ReliabilityReport.incidentFigures`) on the incident history and the snapshot's changes.
    var reliability7d: ReliabilityFigures
    var reliability30d: ReliabilityFigures

    init(snapshot s: PlatformSnapshot, history: [Incident]) {
        let now = s.now
        let total = PipelineStats(summing: s.pipelines.map(\.stats))
        runs24h = total.finished24h
        failed24h = total.finished24h - total.succeeded24h
        running = s.pipelines.filter { $0.health(now: now) == .running }.count
        late = s.pipelines.filter { $0.health(now: now) == .late }.count
        successRate24h = total.successRate24h
        failingPipelines = s.pipelines.filter { $0.health(now: now) == .failing }
            .sorted { ($0.pipeline.tier ?? 9, $0.pipeline.pipelineID) < ($1.pipeline.tier ?? 9, $1.pipeline.pipelineID) }
        tiers = (1...3).map { tier in
            let ds = s.datasets.filter { $0.dataset.tier == tier }
            let attained = ds.compactMap { $0.slo?.attainment }
            return (tier, ds.count, attained.isEmpty ? nil : attained.reduce(0, +) / Double(attained.count),
                    ds.compactMap { $0.slo?.budgetRemainingRatio }.min(), ds.filter { $0.slo?.alert == .page }.count,
                    ds.filter { $0.state(now: now) == .error }.count)
        }
        openIncidents = s.incidents.map(\.incident).filter { $0.state.isOpen }.sorted { ($0.severity, $0.openedAt) < ($1.severity, $1.openedAt) }
        let all = Dictionary((history + s.incidents.map(\.incident)).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }).values
        func mttr(_ from: Date, _ to: Date) -> TimeInterval? {
            let times = all.filter { $0.openedAt >= from && $0.openedAt < to }.compactMap { i in i.resolvedAt.map { $0.timeIntervalSince(i.openedAt) } }
            return times.isEmpty ? nil : times.reduce(0, +) / Double(times.count)
        }
        mttr7d = mttr(now.addingTimeInterval(-7 * 86_400), now)
        mttr30d = mttr(now.addingTimeInterval(-30 * 86_400), now)
        var counts: [Severity: Int] = [:]
        for i in all where now.timeIntervalSince(i.openedAt) <= 30 * 86_400 { counts[i.severity, default: 0] += 1 }
        bySeverity30d = counts
        weeklyMTTR = (0..<8).reversed().map { w in
            mttr(now.addingTimeInterval(-Double(w + 1) * 7 * 86_400), now.addingTimeInterval(-Double(w) * 7 * 86_400))
        }
        // Up to `now` inclusive: what happened this second counts.
        let summaries = all.sorted { $0.id < $1.id }.map { IncidentSummary(incident: $0, timeline: [], stepProgress: []) }
        let end = now.addingTimeInterval(1)
        reliability7d = ReliabilityReport.incidentFigures(incidents: summaries, changes: s.changes,
                                                          from: now.addingTimeInterval(-7 * 86_400), to: end)
        reliability30d = ReliabilityReport.incidentFigures(incidents: summaries, changes: s.changes,
                                                           from: now.addingTimeInterval(-30 * 86_400), to: end)
    }
}
