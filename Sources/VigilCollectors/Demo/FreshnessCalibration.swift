import Foundation
import VigilCore

/// Picks freshness thresholds the way a team would after watching a table for a while: a floor set by the
/// producer's schedule (hourly: warn 2h / error 4h, daily: 26h / 30h), raised to cover the worst lag the
/// table shows when nothing goes wrong (deep chains inherit their inputs' lag), so the demo is green
/// except where something actually failed.
enum FreshnessCalibration {
    /// `calm`: the same world without random trouble, whose worst lag is what the table normally shows.
    static func policy(for dataset: DatasetModel, calm: SimulationCore) -> FreshnessPolicy {
        if let pinned = storyPolicies[dataset.name] { return pinned }
        let (floorWarn, _) = floor(interval: interval(of: dataset, calm))
        // Headroom over the normal worst case: a quarter interval, between 15 minutes and an hour.
        let headroom = min(3600, max(900, interval(of: dataset, calm) / 4))
        let normal = ((worstLag(dataset.name, calm: calm) + headroom) / 900).rounded(.up) * 900
        let warn = max(floorWarn, normal)
        return FreshnessPolicy(warnAfter: warn, errorAfter: warn + errorGap(dataset, calm))
    }

    private static func interval(of dataset: DatasetModel, _ calm: SimulationCore) -> TimeInterval {
        dataset.producer.map { calm.models[$0].cadence.interval } ?? dataset.external?.interval ?? 3600
    }

    /// Warn→error gap: never tighter than any input's, so a model does not hit error before the table starving it.
    static func errorGap(_ dataset: DatasetModel, _ calm: SimulationCore) -> TimeInterval {
        let own = floor(interval: interval(of: dataset, calm)).1
        return dataset.upstream.compactMap { calm.datasetModels[$0] }.map { errorGap($0, calm) }.reduce(own, max)
    }

    /// The story's chain keeps fixed thresholds so the cascade plays the same for every seed.
    static let storyPolicies: [String: FreshnessPolicy] = [
        "raw.customers": FreshnessPolicy(warnAfter: DemoStory.rawCustomersPolicyWarn, errorAfter: DemoStory.rawCustomersPolicyError),
        // Tier-1 tables right behind raw.customers: they breach too before the CRM comes back (+18 and +33 minutes),
        // and Vigil puts both breaches on the one incident about customer_sync.
        "staging.stg_customers": FreshnessPolicy(warnAfter: 1.5 * 3600, errorAfter: 2.25 * 3600),
        "analytics.dim_customers": FreshnessPolicy(warnAfter: 1.75 * 3600, errorAfter: 2.5 * 3600),
        "analytics.fct_revenue": FreshnessPolicy(warnAfter: 2.5 * 3600, errorAfter: 4.5 * 3600),
    ]

    /// Warn floor and the warn→error gap for a producer interval.
    static func floor(interval: TimeInterval) -> (TimeInterval, TimeInterval) {
        switch interval {
        case ...900: return (3600, 3600)
        case ...3600: return (7200, 7200)
        case ...7200: return (3 * 3600, 3 * 3600)
        case ...21600: return (8 * 3600, 6 * 3600)
        default: return (26 * 3600, 4 * 3600)
        }
    }

    /// Worst lag over two days well before the story (no scripted trouble there), sampled every 5 minutes.
    static func worstLag(_ name: String, calm: SimulationCore) -> TimeInterval {
        let from = calm.start.addingTimeInterval(-4 * 86400)
        var worst: TimeInterval = 0
        for step in 0..<(2 * 24 * 12) {
            let t = from.addingTimeInterval(Double(step) * 300)
            if let loaded = calm.loadedAt(name, at: t) { worst = max(worst, t.timeIntervalSince(loaded)) }
        }
        return worst
    }
}
