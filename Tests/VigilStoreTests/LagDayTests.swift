import Foundation
import Testing
import VigilCore
@testable import VigilStore

/// The Freshness pane's 24 h sparkline: the largest lag seen in each UTC hour, kept on the dataset's row.
@Suite struct LagDayTests {
    /// Minutes into UTC hours counted from a fixed whole hour, so slots are easy to name.
    static func hour(_ h: Double, _ minute: Double = 0) -> Date {
        Date(timeIntervalSince1970: 472_222 * 3_600 + h * 3_600 + minute * 60)
    }

    @Test func eachHourKeepsItsLargestLagAndTheDayMovesWithTheSnapshotsClock() throws {
        let store = try freshStore()
        let name = Fixture.dataset("raw.orders").name
        try store.write { w in
            try w.upsertDataset(Fixture.dataset("raw.orders"))
            // Hour 0: loaded at 0:00, seen at 0:10 and 0:50 (lags 10 and 50 minutes): the slot keeps 50.
            try w.recordFreshness(FreshnessSample(dataset: name, observedAt: Self.hour(0, 10), loadedAt: Self.hour(0)))
            try w.recordFreshness(FreshnessSample(dataset: name, observedAt: Self.hour(0, 50), loadedAt: Self.hour(0)))
            // Hour 1: nothing new loaded; seen at 1:30 (lag 90 min).
            try w.recordFreshness(FreshnessSample(dataset: name, observedAt: Self.hour(1, 30), loadedAt: nil))
            // Hours 2-4 not observed; hour 5: a load at 5:00 seen at 5:05.
            try w.recordFreshness(FreshnessSample(dataset: name, observedAt: Self.hour(5, 5), loadedAt: Self.hour(5)))
        }
        let at5 = try #require(try store.snapshot(now: Self.hour(5, 20)).datasets.first).lagByHour
        #expect(at5.count == 24)
        let want5: [Double?] = [3_000, 5_400, nil, nil, nil, 300]
        #expect(Array(at5.suffix(6)) == want5)
        #expect(at5.prefix(18).allSatisfy { $0 == nil })

        // Three hours on, the same day has moved left by three slots; a day later it is gone.
        let at8 = try #require(try store.snapshot(now: Self.hour(8, 1)).datasets.first).lagByHour
        let want8: [Double?] = [3_000, 5_400, nil, nil, nil, 300, nil, nil, nil]
        #expect(Array(at8.suffix(9)) == want8)
        let dayLater = try #require(try store.snapshot(now: Self.hour(30)).datasets.first).lagByHour
        #expect(dayLater.allSatisfy { $0 == nil })

        // A snapshot at an earlier hour (a fixed clock) does not show later hours.
        let at1 = try #require(try store.snapshot(now: Self.hour(1, 59)).datasets.first).lagByHour
        let want1: [Double?] = [3_000, 5_400]
        #expect(Array(at1.suffix(2)) == want1)
    }

    @Test func aLateObservationOfAnEarlierHourRaisesThatHour() throws {
        let store = try freshStore()
        let name = "raw.orders"
        try store.write { w in
            try w.upsertDataset(Fixture.dataset(name))
            try w.recordFreshness(FreshnessSample(dataset: name, observedAt: Self.hour(3, 5), loadedAt: Self.hour(3)))
            // Arrives after the 3:05 one but was observed at 2:40, when the newest load known was 3:00's.
            try w.recordFreshness(FreshnessSample(dataset: name, observedAt: Self.hour(2, 40), loadedAt: Self.hour(1)))
        }
        let lags = try #require(try store.snapshot(now: Self.hour(3, 30)).datasets.first).lagByHour
        let expected: [Double?] = [0, 300]
        #expect(Array(lags.suffix(2)) == expected, "2:40 was before the newest load known (3:00): no lag, never negative")
    }

    @Test func theBlobRoundTripsAndShifts() {
        let day = LagDay(lastHour: 7_200, lags: (0..<24).map { $0 % 3 == 0 ? nil : Double($0) * 1.5 })
        #expect(LagDay(blob: day.blob, lastHour: day.lastHour) == day)
        #expect(LagDay(blob: Data([1, 2, 3]), lastHour: 0) == nil, "a damaged value is no lag day")
        #expect(day.advanced(to: 7_200 + 3_600).lags == Array(day.lags.dropFirst()) + [nil])
        #expect(day.advanced(to: 0) == day)
        #expect(day.seen(from: 7_200 - 2 * 3_600) == [nil, nil] + Array(day.lags.dropLast(2)))
        #expect(day.recording(nil, at: 7_200) == day)
        #expect(day.recording(1_000, at: 7_200 - 25 * 3_600) == day, "older than the day: nothing to raise")
    }

    /// A v7 store's hourly lags become each dataset's lag day when it is opened by this build.
    @Test func upgradingFillsTheLagDayFromTheHourlyTable() throws {
        try withTempDirectory { dir in
            let path = try olderStore(in: dir, upTo: "v7-incident-cause", sql: """
                INSERT INTO datasets (name, tier, warn_after_s, error_after_s, source)
                VALUES ('raw.orders', 1, 3600, 7200, 'warehouse');
                INSERT INTO freshness_lag_hourly (dataset, hour, max_lag_s) VALUES
                  ('raw.orders', ?1, 600), ('raw.orders', ?2, NULL), ('raw.orders', ?3, 1200);
                """, arguments: [Self.hour(10).timeIntervalSince1970, Self.hour(11).timeIntervalSince1970,
                                 Self.hour(13).timeIntervalSince1970])
            let store = try Store(path: path)
            let lags = try #require(try store.snapshot(now: Self.hour(13, 30)).datasets.first).lagByHour
            let want: [Double?] = [600, nil, nil, 1_200]
        #expect(Array(lags.suffix(4)) == want)
            // v10 drops the hourly table once v8 has read it: nothing reads or writes it any more.
            let tables = try store.database.read { db in
                try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE name = 'freshness_lag_hourly'")
            }
            #expect(tables.isEmpty)
        }
    }
}
