import Foundation
import VigilCore

/// One row of the Health pane.
public struct HealthRow: Sendable, Equatable {
    public var summary: PipelineSummary
    public var health: PipelineHealth

    public var pipeline: Pipeline { summary.pipeline }
}

public enum HealthViewModel {
    /// Pipelines ordered by what needs attention first: health, then tier, then the newest activity.
    public static func rows(_ snapshot: PlatformSnapshot, filter: String) -> [HealthRow] {
        let now = snapshot.now
        return snapshot.pipelines
            .filter { matches($0, filter) }
            .map { HealthRow(summary: $0, health: $0.health(now: now)) }
            .sorted { a, b in
                if a.health.attentionRank != b.health.attentionRank { return a.health.attentionRank < b.health.attentionRank }
                let ta = a.pipeline.tier ?? 9, tb = b.pipeline.tier ?? 9
                if ta != tb { return ta < tb }
                return a.pipeline.pipelineID < b.pipeline.pipelineID
            }
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
