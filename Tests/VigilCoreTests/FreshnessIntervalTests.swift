import Foundation
import Testing
@testable import VigilCore

/// Freshness history as state intervals: hand-worked examples with warn_after 1h, error_after 2h.
@Suite struct FreshnessIntervalTests {
    let policy = FreshnessPolicy(warnAfter: 3_600, errorAfter: 7_200)
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    func at(_ minutes: Double) -> Date { t0.addingTimeInterval(minutes * 60) }
    func sample(_ observed: Double, loaded: Double?) -> FreshnessSample {
        FreshnessSample(dataset: "raw.customers", observedAt: at(observed), loadedAt: loaded.map(at))
    }
    func interval(_ a: Double, _ b: Double, _ state: FreshnessState) -> FreshnessInterval {
        FreshnessInterval(start: at(a), end: at(b), state: state)
    }

    @Test func noNewLoadAgesThroughWarnIntoError() {
        let result = FreshnessIntervals.between(sample(0, loaded: -30), sample(180, loaded: -30), policy: policy, validity: 4 * 3_600)
        #expect(result == [interval(0, 30, .fresh), interval(30, 90, .warn), interval(90, 180, .error)])
    }

    @Test func aLoadRevealedByTheNextObservationIsFreshFromThatLoad() {
        let result = FreshnessIntervals.between(sample(0, loaded: -30), sample(180, loaded: 120), policy: policy, validity: 4 * 3_600)
        #expect(result == [interval(0, 30, .fresh), interval(30, 90, .warn), interval(90, 120, .error), interval(120, 180, .fresh)])
    }

    @Test func aSilenceLongerThanAnObservationVouchesForIsUnknown() {
        let result = FreshnessIntervals.between(sample(0, loaded: 0), sample(300, loaded: 240), policy: policy, validity: 3_600)
        #expect(result == [interval(0, 60, .fresh), interval(60, 240, .unknown), interval(240, 300, .fresh)])
    }

    @Test func aDatasetThatNeverLoadedIsInError() {
        let result = FreshnessIntervals.between(sample(0, loaded: nil), sample(30, loaded: nil), policy: policy)
        #expect(result == [interval(0, 30, .error)])
    }

    /// The warehouse clock runs ahead of the collector's: a load "after" its observation counts as loaded then.
    @Test func aLoadTimeInTheFutureCountsAsLoadedAtTheObservation() {
        let result = FreshnessIntervals.between(sample(0, loaded: 5), sample(30, loaded: 5), policy: policy)
        #expect(result == [interval(0, 30, .fresh)])
    }

    @Test func historyMergesPairsAndNeverForgetsANewerLoad() {
        // The third observation reports an older load (a replica lagging): the newer one stands.
        let samples = [sample(0, loaded: 0), sample(30, loaded: 20), sample(60, loaded: 0), sample(200, loaded: 20)]
        let result = FreshnessIntervals.history(samples.reversed(), policy: policy, validity: 4 * 3_600)
        #expect(result == [interval(0, 80, .fresh), interval(80, 140, .warn), interval(140, 200, .error)])
    }

    @Test func extendedCarriesTheLastObservationToNowThenUnknown() {
        let last = sample(0, loaded: 0)
        let result = FreshnessIntervals.extended([interval(-10, 0, .fresh)], last: last, policy: policy, now: at(200), validity: 3 * 3_600)
        #expect(result == [interval(-10, 60, .fresh), interval(60, 120, .warn), interval(120, 180, .error), interval(180, 200, .unknown)])
    }

    @Test func nothingBetweenOutOfOrderObservations() {
        #expect(FreshnessIntervals.between(sample(10, loaded: 0), sample(5, loaded: 0), policy: policy).isEmpty)
    }
}
