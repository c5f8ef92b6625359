import Foundation
import VigilCore

/// dbt's freshness block: `{warn_after: {count, period}, error_after: {count, period}, filter}`, as in a source's
/// `freshness` / `config.freshness` in the manifest and each result's `criteria` in sources.json.
/// Either threshold may be absent or `{count: null, period: null}`.
public struct DbtFreshnessCriteria: Decodable, Equatable, Sendable {
    public struct Threshold: Decodable, Equatable, Sendable {
        public var count: Int?
        /// "minute", "hour" or "day".
        public var period: String?

        public init(count: Int?, period: String?) {
            self.count = count
            self.period = period
        }

        /// nil when unset or when the period is not one dbt defines.
        public var seconds: TimeInterval? {
            guard let count, count > 0 else { return nil }
            switch period {
            case "minute": return TimeInterval(count) * 60
            case "hour": return TimeInterval(count) * 3600
            case "day": return TimeInterval(count) * 86_400
            default: return nil
            }
        }
    }

    public var warnAfter: Threshold?
    public var errorAfter: Threshold?

    enum CodingKeys: String, CodingKey {
        case warnAfter = "warn_after", errorAfter = "error_after"
    }

    public init(warnAfter: Threshold?, errorAfter: Threshold?) {
        self.warnAfter = warnAfter
        self.errorAfter = errorAfter
    }

    /// Vigil's policy needs both thresholds. With only error_after, warn equals it (dbt never warns first);
    /// with only warn_after, error is twice warn (Vigil's choice: it must turn red eventually). nil when neither is set.
    public var policy: FreshnessPolicy? {
        switch (warnAfter?.seconds, errorAfter?.seconds) {
        case let (warn?, error?): return FreshnessPolicy(warnAfter: min(warn, error), errorAfter: error)
        case let (nil, error?): return FreshnessPolicy(warnAfter: error, errorAfter: error)
        case let (warn?, nil): return FreshnessPolicy(warnAfter: warn, errorAfter: 2 * warn)
        case (nil, nil): return nil
        }
    }
}
