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

    /// The platform's (or any group's) runs: finished and succeeded counts summed; durations and streaks belong to
    /// one pipeline and stay empty.
    public init(summing all: [PipelineStats]) {
        self.init()
        for s in all {
            finished24h += s.finished24h
            succeeded24h += s.succeeded24h
            finished7d += s.finished7d
            succeeded7d += s.succeeded7d
        }
    }

    public var successRate24h: Double? { Self.rate(succeeded24h, of: finished24h) }
    public var successRate7d: Double? { Self.rate(succeeded7d, of: finished7d) }

    private static func rate(_ succeeded: Int, of finished: Int) -> Double? {
        finished > 0 ? Double(succeeded) / Double(finished) : nil
    }

    /// A run is slow when it took (or, still running, has taken) longer than the pipeline's own p95.
    public func isSlow(_ run: PipelineRun, now: Date) -> Bool {
        guard let p95 = durationP95, let d = run.duration(now: now) else { return false }
        return d > p95
    }

    /// How many of the newest successful runs the duration percentiles are taken over.
    public static let durationSample = 30

    /// The stats of runs in any order: they are put newest first (by slot, then run id, as the store's recency
    /// index orders them) and tallied.
    public static func of(_ runs: [PipelineRun], now: Date) -> PipelineStats {
        let newestFirst = runs.sorted { a, b in
            switch (a.slot, b.slot) {
            case let (x?, y?) where x != y: return x > y
            case (nil, _?): return false
            case (_?, nil): return true
            default: return a.runID > b.runID
            }
        }
        var tally = Tally(now: now)
        for run in newestFirst { tally.add(run.state, slot: run.slot, duration: run.finishedDuration) }
        return tally.stats
    }

    /// The rule, fed one run at a time, newest first (slot descending, runs without a slot last):
    /// - finished runs (success, failed, upstream failed; skipped ones count as neither) whose slot is within the last
    ///   24 h / 7 d, not in the future, count towards the success rates;
    /// - the failure streak is the failed finished runs before the newest finished run that did not fail;
    /// - p50 and p95 are nearest-rank percentiles of the newest `durationSample` successful runs' durations, with at
    ///   least `minimumSample` of them.
    /// The store walks its recency index with it and stops once `isComplete`.
    public struct Tally: Sendable {
        public let now: Date
        private var counts = PipelineStats()
        private var durations: [TimeInterval] = []
        private var streakOpen = true
        private var lastSlot: Date?

        public init(now: Date) { self.now = now }

        public mutating func add(_ state: RunState?, slot: Date?, duration: TimeInterval?) {
            lastSlot = slot
            guard let state else { return }
            let finished = state.isTerminal && state != .skipped
            if finished, streakOpen {
                if state.isFailure { counts.failureStreak += 1 } else { streakOpen = false }
            }
            if finished, let slot, slot <= now {
                let age = now.timeIntervalSince(slot)
                if age <= 7 * 86_400 {
                    counts.finished7d += 1
                    if state == .success { counts.succeeded7d += 1 }
                }
                if age <= 86_400 {
                    counts.finished24h += 1
                    if state == .success { counts.succeeded24h += 1 }
                }
            }
            if state == .success, let duration, durations.count < PipelineStats.durationSample {
                durations.append(duration)
            }
        }

        /// Nothing older than the last run added can change the stats: it is past the 7 days, the durations are all
        /// known and the streak has ended.
        public var isComplete: Bool {
            guard let lastSlot else { return false }
            return !streakOpen && durations.count >= PipelineStats.durationSample
                && lastSlot < now.addingTimeInterval(-7 * 86_400)
        }

        public var stats: PipelineStats {
            var out = counts
            if durations.count >= PipelineStats.minimumSample {
                out.durationP50 = PipelineStats.percentile(durations, 0.5)
                out.durationP95 = PipelineStats.percentile(durations, 0.95)
            }
            return out
        }
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
        let produced = lineage.directDownstream(of: LineageNode(pipeline)).compactMap { $0.datasetName.flatMap { datasetTiers[$0] } }
        return ([pipeline.tier].compactMap { $0 } + produced).min()
    }
}

private extension PipelineRun {
    /// The slot a run stands for: its logical date, else its start (manual runs).
    var slot: Date? { logicalDate ?? startedAt }
    /// How long a run that ended took.
    var finishedDuration: TimeInterval? { startedAt.flatMap { s in endedAt.map { $0.timeIntervalSince(s) } } }
}
