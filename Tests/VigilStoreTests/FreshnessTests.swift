import Foundation
import Testing
import VigilCore
import VigilStore

@Suite struct FreshnessTests {
    let name = "analytics.fct_revenue"

    private func summary(_ store: Store) throws -> DatasetSummary {
        try #require(try store.snapshot(now: t(0)).datasets.first { $0.dataset.name == name })
    }

    @Test func lastLoadedAtNeverMovesBackwards() throws {
        let store = try freshStore()
        try store.write { w in
            try w.upsertDataset(Fixture.dataset(name))
            try w.recordFreshness(FreshnessSample(dataset: name, observedAt: t(100), loadedAt: t(90)))
        }
        #expect(try summary(store).lastLoadedAt == t(90))
        #expect(try summary(store).lastObservedAt == t(100))

        // A lagging replica reports an older load: the newest one we saw still stands.
        try store.write { try $0.recordFreshness(FreshnessSample(dataset: name, observedAt: t(200), loadedAt: t(50))) }
        #expect(try summary(store).lastLoadedAt == t(90))
        #expect(try summary(store).lastObservedAt == t(200))

        // An observation that cannot see any load does not erase what we know.
        try store.write { try $0.recordFreshness(FreshnessSample(dataset: name, observedAt: t(300), loadedAt: nil)) }
        #expect(try summary(store).lastLoadedAt == t(90))

        // A late-arriving, older observation moves neither timestamp back.
        try store.write { try $0.recordFreshness(FreshnessSample(dataset: name, observedAt: t(150), loadedAt: t(80))) }
        #expect(try summary(store).lastObservedAt == t(300))

        try store.write { try $0.recordFreshness(FreshnessSample(dataset: name, observedAt: t(400), loadedAt: t(390))) }
        #expect(try summary(store).lastLoadedAt == t(390))
    }

    @Test func upsertDatasetKeepsLoadTimes() throws {
        let store = try freshStore()
        try store.write { w in
            try w.upsertDataset(Fixture.dataset(name))
            try w.recordFreshness(FreshnessSample(dataset: name, observedAt: t(100), loadedAt: t(90)))
        }
        try store.write { try $0.upsertDataset(Fixture.dataset(name, tier: 3)) }
        let s = try summary(store)
        #expect(s.dataset.tier == 3)
        #expect(s.lastLoadedAt == t(90))
        #expect(s.lastObservedAt == t(100))
    }

    @Test func historyIsOldestFirstFromSince() throws {
        let store = try freshStore()
        let samples = [
            FreshnessSample(dataset: name, observedAt: t(300), loadedAt: t(250)),
            FreshnessSample(dataset: name, observedAt: t(100), loadedAt: t(90)),
            FreshnessSample(dataset: name, observedAt: t(200), loadedAt: nil),
            FreshnessSample(dataset: "other", observedAt: t(250), loadedAt: t(1)),
        ]
        try store.write { w in
            try w.upsertDataset(Fixture.dataset(name))
            for s in samples { try w.recordFreshness(s) }
        }
        #expect(try store.freshnessHistory(dataset: name, since: t(0)) == [samples[1], samples[2], samples[0]])
        #expect(try store.freshnessHistory(dataset: name, since: t(200)) == [samples[2], samples[0]])
        #expect(try store.freshnessHistory(dataset: name, since: t(301)).isEmpty)
    }
}
