import Foundation
import VigilCore

/// One row of the Health pane.
public struct HealthRow: Sendable, Equatable {
    public var summary: PipelineSummary
    public var health: PipelineHealth

    public var pipeline: Pipeline { summary.pipeline }
}

public enum HealthViewModel {
    /// Pipelines ordered by what needs attention first: tier (inherited from the datasets they produce), then
    /// health, then age (the problem that has lasted longest, i.e. the oldest newest run, first).
    /// Keys computed once per row, then indexes sorted (see FreshnessViewModel.rows).
    public static func rows(_ snapshot: PlatformSnapshot, filter: String) -> [HealthRow] {
        let now = snapshot.now
        let needle = TextSearch.Needle(filter)
        var keyed: [(tier: Int, rank: Int, started: Date, index: Int)] = []
        var rows: [HealthRow] = []
        for p in snapshot.pipelines where matches(p, needle) {
            let row = HealthRow(summary: p, health: p.health(now: now))
            keyed.append((p.pipeline.tier ?? 9, row.health.attentionRank,
                          p.lastRun.flatMap { $0.startedAt ?? $0.logicalDate } ?? .distantPast, rows.count))
            rows.append(row)
        }
        keyed.sort { a, b in
            if a.tier != b.tier { return a.tier < b.tier }
            if a.rank != b.rank { return a.rank < b.rank }
            if a.started != b.started { return a.started < b.started }
            return rows[a.index].pipeline.pipelineID < rows[b.index].pipeline.pipelineID
        }
        return keyed.map { rows[$0.index] }
    }

    /// "92% 97%": success over 24 h and 7 d ("—" where nothing finished).
    public static func successText(_ s: PipelineStats) -> String {
        func pct(_ r: Double?) -> String { r.map { "\(Int(($0 * 100).rounded(.down)))%" } ?? "—" }
        return pct(s.successRate24h) + " " + pct(s.successRate7d)
    }

    static func matches(_ p: PipelineSummary, _ needle: TextSearch.Needle) -> Bool {
        needle.isEmpty || needle.found(in: p.pipeline.pipelineID) || needle.found(in: p.pipeline.source)
            || (p.pipeline.owner.map(needle.found(in:)) ?? false)
    }

    /// Counts by health for the header.
    public static func counts(_ snapshot: PlatformSnapshot) -> [PipelineHealth: Int] {
        var counts: [PipelineHealth: Int] = [:]
        for p in snapshot.pipelines { counts[p.health(now: snapshot.now), default: 0] += 1 }
        return counts
    }
}
