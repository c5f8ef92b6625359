import Foundation
import VigilCore

extension StoreWriter {
    /// Raw samples are kept this long (the dataset detail draws 24 h of lag).
    static let sampleRetention: TimeInterval = 3 * 86_400
    /// Intervals are kept this long: longer than any SLO window Vigil lets you set (90 days).
    static let intervalRetention: TimeInterval = 90 * 86_400

    /// Drops what is past keeping: raw samples after three days, intervals after 90.
    func prune(dataset: String, now: Double) throws {
        try db.cachedStatement(sql: "DELETE FROM freshness_samples WHERE dataset = ? AND observed_at < ?")
            .execute(arguments: [dataset, now - Self.sampleRetention])
        try db.cachedStatement(sql: "DELETE FROM freshness_intervals WHERE dataset = ? AND \"end\" < ?")
            .execute(arguments: [dataset, now - Self.intervalRetention])
    }

    /// Appends the intervals between the dataset's previous observation and `sample`, merging into the last
    /// stored interval when it touches and has the same state. Out-of-order observations add nothing.
    func extendIntervals(with sample: FreshnessSample, policy: FreshnessPolicy, loaded: Date?, observed: Date?) throws {
        guard let observed, sample.observedAt > observed else { return }
        let previous = FreshnessSample(dataset: sample.dataset, observedAt: observed, loadedAt: loaded)
        // Loads only move forward (see recordFreshness).
        let newestLoad = [loaded, sample.loadedAt].compactMap { $0 }.max()
        let next = FreshnessSample(dataset: sample.dataset, observedAt: sample.observedAt, loadedAt: newestLoad)
        for interval in FreshnessIntervals.between(previous, next, policy: policy) {
            try append(interval, dataset: sample.dataset)
        }
    }

    func append(_ interval: FreshnessInterval, dataset: String) throws {
        let last = try SQLRow.fetchOne(db.cachedStatement(sql: """
            SELECT start, "end", state FROM freshness_intervals WHERE dataset = ? ORDER BY start DESC LIMIT 1
            """), arguments: [dataset])
        if let last, last["state"] as String == interval.state.rawValue, (last["end"] as Double) == interval.start.unixSeconds {
            try db.cachedStatement(sql: "UPDATE freshness_intervals SET \"end\" = ? WHERE dataset = ? AND start = ?")
                .execute(arguments: [interval.end.unixSeconds, dataset, last["start"] as Double])
        } else {
            try db.cachedStatement(sql: Self.upsertSQL("freshness_intervals", key: ["dataset", "start"],
                                                       columns: ["dataset", "start", "\"end\"", "state"])).execute(arguments: [dataset, interval.start.unixSeconds, interval.end.unixSeconds, interval.state.rawValue])
        }
    }
}

extension StoreWriter {
    /// Appends already-computed freshness intervals of a dataset (oldest first), merging as `recordFreshness`
    /// does. For generated stores (the benchmark's month of history); collectors record observations instead.
    public func appendFreshnessHistory(_ intervals: [FreshnessInterval], dataset: String) throws {
        for interval in intervals { try append(interval, dataset: dataset) }
        try touchDataset(dataset)
    }
}
