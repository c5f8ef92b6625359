import Foundation
import Testing
import VigilCore
@testable import VigilStore

/// recordFreshness keeps the SLO history as merged state intervals, and the snapshot computes SLO figures from it.
@Suite struct FreshnessIntervalStoreTests {
    func intervals(_ store: Store, _ dataset: String) throws -> [FreshnessInterval] {
        try store.database.read { db in
            try SQLRow.fetchAll(db, sql: "SELECT start, \"end\", state FROM freshness_intervals WHERE dataset = ? ORDER BY start",
                             arguments: [dataset]).map {
                FreshnessInterval(start: Date(timeIntervalSince1970: $0["start"]), end: Date(timeIntervalSince1970: $0["end"]),
                                  state: FreshnessState(rawValue: $0["state"])!)
            }
        }
    }

    @Test func aDatasetPolledEveryMinuteIsOneRowPerState() throws {
        let store = try freshStore()
        // warn after 1h, error after 2h; loaded once at t(0), observed every minute for 3 hours.
        try store.write { try $0.upsertDataset(Fixture.dataset("raw.orders")) }
        for minute in 0...180 {
            try store.write { try $0.recordFreshness(FreshnessSample(dataset: "raw.orders", observedAt: t(Double(minute) * 60), loadedAt: t(0))) }
        }
        #expect(try intervals(store, "raw.orders") == [
            FreshnessInterval(start: t(0), end: t(3_600), state: .fresh),
            FreshnessInterval(start: t(3_600), end: t(7_200), state: .warn),
            FreshnessInterval(start: t(7_200), end: t(10_800), state: .error),
        ])
        // A load brings it back to fresh; then the SLO figures follow from the intervals.
        try store.write { try $0.recordFreshness(FreshnessSample(dataset: "raw.orders", observedAt: t(11_400), loadedAt: t(11_000))) }
        let slo = try #require(try store.snapshot(now: t(11_400)).datasets.first?.slo)
        #expect(slo.badTime == 11_000 - 7_200)
        #expect(slo.goodTime == 7_200 + 400)
        #expect(abs(try #require(slo.attainment) - 7_600.0 / 11_400) < 1e-9)
        #expect(slo.objective == FreshnessObjective.default(tier: 1))
        #expect(slo.alert == .page)
    }

    @Test func anOutOfOrderObservationAddsNoInterval() throws {
        let store = try freshStore()
        try store.write { try $0.upsertDataset(Fixture.dataset("raw.orders")) }
        try store.write { w in
            try w.recordFreshness(FreshnessSample(dataset: "raw.orders", observedAt: t(0), loadedAt: t(0)))
            try w.recordFreshness(FreshnessSample(dataset: "raw.orders", observedAt: t(600), loadedAt: t(0)))
            try w.recordFreshness(FreshnessSample(dataset: "raw.orders", observedAt: t(300), loadedAt: t(0)))
        }
        #expect(try intervals(store, "raw.orders") == [FreshnessInterval(start: t(0), end: t(600), state: .fresh)])
    }

    @Test func rawSamplesAreKeptThreeDays() throws {
        let store = try freshStore()
        try store.write { try $0.upsertDataset(Fixture.dataset("raw.orders")) }
        for hour in 0...(4 * 24) {
            try store.write { try $0.recordFreshness(FreshnessSample(dataset: "raw.orders", observedAt: t(Double(hour) * 3_600), loadedAt: t(Double(hour) * 3_600))) }
        }
        let kept = try store.freshnessHistory(dataset: "raw.orders", since: .distantPast)
        #expect(kept.count == 3 * 24 + 1)
        // The interval history still covers all four days, as one fresh row.
        #expect(try intervals(store, "raw.orders") == [FreshnessInterval(start: t(0), end: t(4 * 86_400), state: .fresh)])
    }
}
