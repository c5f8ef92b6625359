import Foundation

/// A stretch of time a dataset spent in one freshness state. History is kept as these intervals, not as a row
/// per poll, so 28 days of thousands of datasets stay small: a dataset that stays fresh is one growing row.
public struct FreshnessInterval: Codable, Sendable, Equatable {
    public var start: Date
    public var end: Date
    /// fresh / warn / error; `unknown` when no collector could see the dataset.
    public var state: FreshnessState

    public init(start: Date, end: Date, state: FreshnessState) {
        self.start = start
        self.end = end
        self.state = state
    }

    public var duration: TimeInterval { max(0, end.timeIntervalSince(start)) }

    /// Within `error_after`: the SLO's good time (warn is still good).
    public var isGood: Bool { state == .fresh || state == .warn }
}

public enum FreshnessIntervals {
    /// How long an observation vouches for the dataset after it is made. A longer silence (the collector was
    /// down, or stopped) is unknown time beyond this.
    public static let defaultObservationValidity: TimeInterval = 3_600

    /// The intervals between two consecutive observations of one dataset, from `previous.observedAt` to
    /// `next.observedAt`. Between them the newest load known is `previous.loadedAt`, unless `next` reveals a
    /// load in between (the dataset was fresh from that load on). Loads we never saw can only have made it
    /// fresher, so this errs toward stale. A never-loaded dataset is in error: it has been looked at and is empty.
    /// A load time after its observation (clock skew between warehouse and collector) counts as loaded then.
    public static func between(_ previous: FreshnessSample, _ next: FreshnessSample, policy: FreshnessPolicy,
                                validity: TimeInterval = defaultObservationValidity) -> [FreshnessInterval] {
        let start = previous.observedAt, end = next.observedAt
        guard end > start else { return [] }
        let seenUntil = min(end, start.addingTimeInterval(validity))
        var loads: [Date] = []
        if let l = previous.loadedAt { loads.append(min(l, start)) }
        if let l = next.loadedAt.map({ min($0, end) }), l > start, l < end { loads.append(l) }
        var result = states(from: start, to: seenUntil, loads: loads, policy: policy)
        // After the silence, the next observation vouches only for itself: unknown until then, except the part
        // after a load it reveals in the gap, which is known fresh from that load on.
        if seenUntil < end {
            var gapEnd = end
            if let l = next.loadedAt.map({ min($0, end) }), l > seenUntil {
                gapEnd = l
                result += states(from: l, to: end, loads: [l], policy: policy)
            }
            result.append(FreshnessInterval(start: seenUntil, end: gapEnd, state: .unknown))
            result.sort { $0.start < $1.start }
        }
        return merged(result)
    }

    /// States over [from, to) given the known load times (any order).
    static func states(from: Date, to: Date, loads: [Date], policy: FreshnessPolicy) -> [FreshnessInterval] {
        guard to > from else { return [] }
        let sorted = loads.sorted()
        // State changes happen at loads and where the lag since the last load crosses warn/error.
        var cuts: Set<Date> = [from, to]
        for l in sorted {
            for t in [l, l.addingTimeInterval(policy.warnAfter), l.addingTimeInterval(policy.errorAfter)] where t > from && t < to {
                cuts.insert(t)
            }
        }
        let points = cuts.sorted()
        var result: [FreshnessInterval] = []
        for (a, b) in zip(points, points.dropFirst()) {
            let lastLoad = sorted.last { $0 <= a }
            let state: FreshnessState = lastLoad.map { policy.state(lag: a.timeIntervalSince($0)) } ?? .error
            result.append(FreshnessInterval(start: a, end: b, state: state))
        }
        return merged(result)
    }

    /// Joins touching intervals in the same state; input sorted by start.
    public static func merged(_ intervals: [FreshnessInterval]) -> [FreshnessInterval] {
        var out: [FreshnessInterval] = []
        for i in intervals where i.end > i.start {
            if var last = out.last, last.state == i.state, last.end == i.start {
                last.end = i.end
                out[out.count - 1] = last
            } else {
                out.append(i)
            }
        }
        return out
    }

    /// `intervals` carried on from the last observation to `now`: what the newest load known says, for as long
    /// as that observation vouches, then unknown.
    public static func extended(_ intervals: [FreshnessInterval], last: FreshnessSample?, policy: FreshnessPolicy,
                                now: Date, validity: TimeInterval = defaultObservationValidity) -> [FreshnessInterval] {
        guard let last, now > last.observedAt else { return intervals }
        let open = FreshnessSample(dataset: last.dataset, observedAt: now, loadedAt: nil)
        return merged(intervals + between(last, open, policy: policy, validity: validity))
    }

    /// The whole history from a list of observations (any order): each consecutive pair, merged.
    public static func history(_ samples: [FreshnessSample], policy: FreshnessPolicy,
                               validity: TimeInterval = defaultObservationValidity) -> [FreshnessInterval] {
        let sorted = samples.sorted { $0.observedAt < $1.observedAt }
        var out: [FreshnessInterval] = []
        // Loads only move forward: an observation never forgets a newer load seen before it.
        var newest: Date?
        var carried: [FreshnessSample] = []
        for s in sorted {
            if let l = s.loadedAt, newest.map({ l > $0 }) ?? true { newest = l }
            carried.append(FreshnessSample(dataset: s.dataset, observedAt: s.observedAt, loadedAt: newest))
        }
        for (a, b) in zip(carried, carried.dropFirst()) { out += between(a, b, policy: policy, validity: validity) }
        return merged(out)
    }
}
