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
