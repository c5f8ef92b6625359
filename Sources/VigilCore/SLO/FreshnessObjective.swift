import Foundation

/// A dataset's freshness SLO: the share of a rolling window it must spend within `error_after`.
public struct FreshnessObjective: Codable, Sendable, Equatable {
    /// Target share of good time, e.g. 0.995.
    public var target: Double
    /// Rolling window length, in seconds (default 28 days).
    public var window: TimeInterval

    public static let defaultWindow: TimeInterval = 28 * 86_400

    public init(target: Double, window: TimeInterval = FreshnessObjective.defaultWindow) {
        self.target = target
        self.window = window
    }

    /// Tier 1: 99.5%, tier 2: 99%, tier 3 (and anything else): 95%.
    public static func defaultTarget(tier: Int) -> Double {
        switch tier {
        case 1: return 0.995
        case 2: return 0.99
        default: return 0.95
        }
    }

    public static func `default`(tier: Int, window: TimeInterval = defaultWindow) -> FreshnessObjective {
        FreshnessObjective(target: defaultTarget(tier: tier), window: window)
    }

    /// The error budget as a share of time: 1 - target.
    public var budgetRatio: Double { max(0, 1 - target) }

    /// The whole window's budget as time.
    public var budgetTime: TimeInterval { budgetRatio * window }
}
