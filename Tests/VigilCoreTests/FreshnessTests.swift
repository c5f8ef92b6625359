import Foundation
import Testing
@testable import VigilCore

@Suite struct FreshnessPolicyTests {
    let policy = FreshnessPolicy(warnAfter: 3600, errorAfter: 7200)

    @Test func thresholdsAreInclusive() {
        #expect(policy.state(lag: 0) == .fresh)
        #expect(policy.state(lag: 3599) == .fresh)
        #expect(policy.state(lag: 3600) == .warn)
        #expect(policy.state(lag: 7199) == .warn)
        #expect(policy.state(lag: 7200) == .error)
    }

    @Test func neverLoadedIsUnknownNotFresh() {
        #expect(policy.state(lag: nil) == .unknown)
    }

    @Test func summaryLagIsMeasuredFromTheSnapshotClock() {
        let loaded = Date(timeIntervalSince1970: 1_000_000)
        let d = DatasetSummary(dataset: Dataset(name: "raw.x", tier: 1, policy: policy, source: "w"),
                               lastLoadedAt: loaded, lastObservedAt: loaded)
        #expect(d.lag(now: loaded.addingTimeInterval(5000)) == 5000)
        #expect(d.state(now: loaded.addingTimeInterval(7300)) == .error)
        // A clock behind the load time (skew) never gives a negative lag.
        #expect(d.lag(now: loaded.addingTimeInterval(-60)) == 0)
    }
}

/// A dataset's lags by hour, held as floats: hours without a lag stay nil and equal, whole seconds stay exact.
@Suite struct HourlyLagsTests {
    @Test func holdsLagsAndGapsAsGiven() throws {
        let given: [TimeInterval?] = [nil, 300, 5_400, nil, 16_000_000, 0]
        let lags = HourlyLags(given)
        #expect(Array(lags) == given)
        #expect(lags.count == 6 && lags[0] == nil && lags[2] == 5_400)
        #expect(lags == HourlyLags(given), "NaN hours compare equal")
        #expect(lags != HourlyLags([nil, 300, 5_400, 1, 16_000_000, 0]))
        #expect(HourlyLags().isEmpty)
        let json = try JSONEncoder().encode(lags)
        #expect(try JSONDecoder().decode(HourlyLags.self, from: json) == lags)
    }
}
