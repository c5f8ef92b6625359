import Foundation

/// A pipeline's track record: success rates, the current failure streak, and its usual durations.
public struct PipelineStats: Codable, Sendable, Equatable {
    /// Finished runs in the last 24 h / 7 d, and how many of them succeeded.
    public var finished24h: Int
    public var succeeded24h: Int
    public var finished7d: Int
    public var succeeded7d: Int
    /// Failed finished runs in a row, newest first (0 when the newest finished run succeeded).
    public var failureStreak: Int
    /// Median and 95th percentile duration of recent successful runs; nil with fewer than `minimumSample`.
    public var durationP50: TimeInterval?
    public var durationP95: TimeInterval?

    /// Percentiles of fewer runs than this say nothing useful.
    public static let minimumSample = 5

    public init(finished24h: Int = 0, succeeded24h: Int = 0, finished7d: Int = 0, succeeded7d: Int = 0,
                failureStreak: Int = 0, durationP50: TimeInterval? = nil, durationP95: TimeInterval? = nil) {
        self.finished24h = finished24h
        self.succeeded24h = succeeded24h
        self.finished7d = finished7d
        self.succeeded7d = succeeded7d
        self.failureStreak = failureStreak
        self.durationP50 = durationP50
        self.durationP95 = durationP95
    }

    public var successRate24h: Double? { finished24h > 0 ? Double(succeeded24h) / Double(finished24h) : nil }
    public var successRate7d: Double? { finished7d > 0 ? Double(succeeded7d) / Double(finished7d) : nil }

    /// A run is slow when it took (or, still running, has taken) longer than the pipeline's own p95.
    public func isSlow(_ run: PipelineRun, now: Date) -> Bool {
        guard let p95 = durationP95, let d = run.duration(now: now) else { return false }
        return d > p95
    }

    /// Stats from runs (any order): finished runs are counted by their slot (logical date, else start).
    /// Skipped runs count as neither success nor failure.
    public static func of(_ runs: [PipelineRun], successfulDurations: [TimeInterval]? = nil, now: Date) -> PipelineStats {
        func slot(_ r: PipelineRun) -> Date? { r.logicalDate ?? r.startedAt }
        let finished = runs.filter { $0.state.isTerminal && $0.state != .skipped }
            .sorted { (slot($0) ?? .distantPast) > (slot($1) ?? .distantPast) }
        var stats = PipelineStats()
        for r in finished {
            guard let s = slot(r) else { continue }
            let age = now.timeIntervalSince(s)
            if age <= 86_400 {
                stats.finished24h += 1
                if r.state == .success { stats.succeeded24h += 1 }
            }
            if age <= 7 * 86_400 {
                stats.finished7d += 1
                if r.state == .success { stats.succeeded7d += 1 }
            }
        }
        stats.failureStreak = finished.prefix { $0.state.isFailure }.count
        let durations = successfulDurations ?? finished.filter { $0.state == .success }.compactMap { $0.duration(now: now) }
        if durations.count >= minimumSample {
            stats.durationP50 = percentile(durations, 0.5)
            stats.durationP95 = percentile(durations, 0.95)
        }
        return stats
    }

    /// Nearest-rank percentile (the value at rank ceil(p * n)): always one of the observed durations.
    public static func percentile(_ values: [Double], _ p: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return sorted[min(sorted.count, max(1, rank)) - 1]
    }
}

public enum PipelineTier {
    /// The most critical (lowest) tier of the datasets a pipeline produces directly, per lineage; else its own.
    public static func inherited(_ pipeline: Pipeline, lineage: LineageGraph, datasetTiers: [String: Int]) -> Int? {
        let produced = lineage.directDownstream(of: LineageEdge.pipeline(source: pipeline.source, id: pipeline.pipelineID))
            .filter { $0.hasPrefix("dataset:") }
            .compactMap { datasetTiers[String($0.dropFirst("dataset:".count))] }
        return ([pipeline.tier].compactMap { $0 } + produced).min()
    }
}
