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
    public static func rows(_ snapshot: PlatformSnapshot, filter: String) -> [HealthRow] {
        let now = snapshot.now
        return snapshot.pipelines
            .filter { matches($0, filter) }
            .map { HealthRow(summary: $0, health: $0.health(now: now)) }
            .sorted { a, b in
                let ta = a.pipeline.tier ?? 9, tb = b.pipeline.tier ?? 9
                if ta != tb { return ta < tb }
                if a.health.attentionRank != b.health.attentionRank { return a.health.attentionRank < b.health.attentionRank }
                let sa = a.summary.lastRun.flatMap { $0.startedAt ?? $0.logicalDate } ?? .distantPast
                let sb = b.summary.lastRun.flatMap { $0.startedAt ?? $0.logicalDate } ?? .distantPast
                if sa != sb { return sa < sb }
                return a.pipeline.pipelineID < b.pipeline.pipelineID
            }
    }

    /// "92% 97%": success over 24 h and 7 d ("—" where nothing finished).
    public static func successText(_ s: PipelineStats) -> String {
        func pct(_ r: Double?) -> String { r.map { "\(Int(($0 * 100).rounded(.down)))%" } ?? "—" }
        return pct(s.successRate24h) + " " + pct(s.successRate7d)
    }

    static func matches(_ p: PipelineSummary, _ filter: String) -> Bool {
        guard !filter.isEmpty else { return true }
        return p.pipeline.pipelineID.localizedCaseInsensitiveContains(filter)
            || p.pipeline.source.localizedCaseInsensitiveContains(filter)
            || (p.pipeline.owner?.localizedCaseInsensitiveContains(filter) ?? false)
    }

    /// Counts by health for the header.
    public static func counts(_ snapshot: PlatformSnapshot) -> [PipelineHealth: Int] {
        var counts: [PipelineHealth: Int] = [:]
        for p in snapshot.pipelines { counts[p.health(now: snapshot.now), default: 0] += 1 }
        return counts
    }
}
