import Foundation

/// A dataset's SLO figures at one moment, from its freshness intervals.
///
/// How time counts (also in README):
///   * good: within `error_after` (fresh or warn); bad: in error (including never loaded);
///   * unknown: no collector could see the dataset. For attainment and the error budget unknown time is not
///     good: it spends budget like bad time. Burn rates, which decide alerts, use only time that was seen, so a
///     collector outage shows as a down source, not as a page for every dataset it reads.
///   * the window starts at the first observation when the dataset is younger than the window.
public struct FreshnessSLOReport: Codable, Sendable, Equatable {
    public var objective: FreshnessObjective
    /// Good time / time measured in the window; nil before the first observation.
    public var attainment: Double?
    public var goodTime: TimeInterval
    public var badTime: TimeInterval
    public var unknownTime: TimeInterval
    /// Start of the measured part of the window.
    public var measuredSince: Date?
    /// Budget spent in the window (bad + unknown), against `objective.budgetTime`.
    public var budgetSpent: TimeInterval
    /// Burn rate per look-back window; nil where nothing was seen in it.
    public var burnRates: BurnRates
    public var alert: BurnAlert
    /// When the budget runs out at the current (1h) burn; nil when not burning. Already spent: `now`.
    public var budgetExhaustion: Date?

    public var budgetRemaining: TimeInterval { objective.budgetTime - budgetSpent }

    /// Remaining budget as a share of the whole (negative once overspent); nil with no budget (a 100% target).
    public var budgetRemainingRatio: Double? {
        objective.budgetTime > 0 ? budgetRemaining / objective.budgetTime : nil
    }

    public static func compute(_ intervals: [FreshnessInterval], objective: FreshnessObjective, now: Date) -> FreshnessSLOReport {
        // Sums over the clipped intervals without building them: this runs for every dataset of every snapshot.
        let window = Sums(intervals, from: now.addingTimeInterval(-objective.window), to: now)
        let good = window.good, bad = window.bad
        let measuredSince = window.first
        // Time after the last interval (nothing reported since) is unknown too.
        let tail = window.last.map { max(0, now.timeIntervalSince($0)) } ?? 0
        let unknown = window.unknown + tail
        let measured = measuredSince.map { now.timeIntervalSince($0) } ?? 0
        let attainment: Double? = measured > 0 ? min(1, max(0, good / measured)) : nil
        var rates = BurnRates()
        for w in BurnWindow.allCases {
            rates[w] = burnRate(intervals, over: w.seconds, objective: objective, now: now)
        }
        let spent = bad + unknown
        var exhaustion: Date?
        if spent > 0, spent >= objective.budgetTime {
            exhaustion = now
        } else if let r = rates[.h1], r > 0 {
            // Budget left / budget spent per second at the current 1h burn.
            exhaustion = now.addingTimeInterval((objective.budgetTime - spent) / (r * objective.budgetRatio))
        }
        return FreshnessSLOReport(objective: objective, attainment: attainment, goodTime: good, badTime: bad,
                                  unknownTime: unknown, measuredSince: measuredSince, budgetSpent: spent,
                                  burnRates: rates, alert: BurnAlertRule.evaluate(rates, window: objective.window),
                                  budgetExhaustion: exhaustion)
    }

    /// Bad share of the seen time in the last `seconds`, over the budget share; nil when nothing was seen.
    public static func burnRate(_ intervals: [FreshnessInterval], over seconds: TimeInterval,
                                objective: FreshnessObjective, now: Date) -> Double? {
        let sums = Sums(intervals, from: now.addingTimeInterval(-seconds), to: now)
        let seen = sums.good + sums.bad
        guard seen > 0, objective.budgetRatio > 0 else { return nil }
        return (sums.bad / seen) / objective.budgetRatio
    }

    /// Time by state of the parts of `intervals` inside [from, to], and where the first and last part start and end.
    private struct Sums {
        var good: TimeInterval = 0, bad: TimeInterval = 0, unknown: TimeInterval = 0
        var first: Date?, last: Date?

        init(_ intervals: [FreshnessInterval], from: Date, to: Date) {
            for i in intervals {
                let s = max(i.start, from), e = min(i.end, to)
                guard e > s else { continue }
                let d = e.timeIntervalSince(s)
                if first == nil { first = s }
                last = e
                switch i.state {
                case .fresh, .warn: good += d
                case .error: bad += d
                case .unknown: unknown += d
                }
            }
        }
    }

    /// The parts of `intervals` inside [from, to].
    public static func clip(_ intervals: [FreshnessInterval], from: Date, to: Date) -> [FreshnessInterval] {
        intervals.compactMap { i in
            let s = max(i.start, from), e = min(i.end, to)
            return e > s ? FreshnessInterval(start: s, end: e, state: i.state) : nil
        }
    }
}
