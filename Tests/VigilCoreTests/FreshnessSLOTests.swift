import Foundation
import Testing
import VigilTestSupport
@testable import VigilCore

/// SLO figures from freshness intervals, with the Google SRE workbook's multiwindow examples
/// (99.9% over 30 days: 14.4x for 1h spends 2% of the budget, 6x for 6h 5%, 3x for 1d 10%, 1x for 3d 10%).
@Suite struct FreshnessSLOTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let month = FreshnessObjective(target: 0.999, window: 30 * 86_400)

    func ago(_ seconds: TimeInterval) -> Date { now.addingTimeInterval(-seconds) }

    /// A whole window seen fresh, with error stretches given as (seconds ago start, seconds ago end).
    func history(window: TimeInterval, bad: [(TimeInterval, TimeInterval)]) -> [FreshnessInterval] {
        var out: [FreshnessInterval] = []
        var cursor = ago(window)
        for (from, to) in bad.sorted(by: { $0.0 > $1.0 }) {
            out.append(FreshnessInterval(start: cursor, end: ago(from), state: .fresh))
            out.append(FreshnessInterval(start: ago(from), end: ago(to), state: .error))
            cursor = ago(to)
        }
        out.append(FreshnessInterval(start: cursor, end: now, state: .fresh))
        return out
    }

    @Test func defaultObjectivesByTier() {
        #expect(FreshnessObjective.default(tier: 1).target == 0.995)
        #expect(FreshnessObjective.default(tier: 2).target == 0.99)
        #expect(FreshnessObjective.default(tier: 3).target == 0.95)
        #expect(FreshnessObjective.default(tier: 1).window == 28 * 86_400)
        // Tier 1 over 28 days: 0.5% of 28 days = 3h21m36s of budget.
        #expect(abs(FreshnessObjective.default(tier: 1).budgetTime - 12_096) < 1e-6)
    }

    @Test func fourteenPointFourForAnHourSpendsTwoPercentAndPages() throws {
        // 1.44% of the last hour in error: 51.84 s, ending now.
        let report = FreshnessSLOReport.compute(history(window: month.window, bad: [(51.84, 0)]), objective: month, now: now)
        let h1 = try #require(report.burnRates[.h1])
        // Dates near 1.8e9 s hold about 0.2 µs: compare to a micro-burn.
        #expect(abs(h1 - 14.4) < 1e-6)
        #expect(abs(try #require(report.budgetRemainingRatio) - 0.98) < 1e-6)
        // A little less stays under 14.4 for the hour: no page, though the 5m window burns at 166...
        let less = FreshnessSLOReport.compute(history(window: month.window, bad: [(50, 0)]), objective: month, now: now)
        #expect(less.alert == .none)
        #expect(try #require(less.burnRates[.m5]) > 14.4)
        // ...a little more pages (the 5m window is all error too).
        let more = FreshnessSLOReport.compute(history(window: month.window, bad: [(60, 0)]), objective: month, now: now)
        #expect(more.alert == .page)
        #expect(abs(try #require(more.burnRates[.m5]) - 200) < 1e-6)
    }

    @Test func sixForSixHoursWithTheThirtyMinuteWindowPagesWithoutTheFiveMinuteOne() throws {
        // 140 s of error 10-12m20s ago: 6h burn 6.48, 30m burn 77.8, 5m burn 0.
        let report = FreshnessSLOReport.compute(history(window: month.window, bad: [(740, 600)]), objective: month, now: now)
        #expect(abs(try #require(report.burnRates[.h6]) - 140 / 21_600 / 0.001) < 1e-6)
        #expect(report.burnRates[.m5] == 0)
        #expect(report.alert == .page)
    }

    @Test func threeForADayWithTheTwoHourWindowIsATicket() throws {
        // 276.48 s of error between 2h and 1h55m ago: 1d burn 3.2, 2h burn 38.4; 1h, 30m and 5m burn 0.
        let report = FreshnessSLOReport.compute(history(window: month.window, bad: [(7_200, 6_923.52)]), objective: month, now: now)
        #expect(abs(try #require(report.burnRates[.d1]) - 3.2) < 1e-6)
        #expect(report.burnRates[.h1] == 0)
        #expect(report.alert == .ticket)
        // 10% of the budget went in that day-window's stretch... 3.2 x 1d / 30d = 10.67%.
        #expect(abs(try #require(report.budgetRemainingRatio) - (1 - 3.2 / 30)) < 1e-6)
    }

    @Test func oneForThreeDaysWithTheSixHourWindowIsATicket() throws {
        // 1.1 x budget over 3 days = 285.12 s of error, 5h ago.
        let report = FreshnessSLOReport.compute(history(window: month.window, bad: [(18_000, 17_714.88)]), objective: month, now: now)
        #expect(abs(try #require(report.burnRates[.d3]) - 1.1) < 1e-6)
        #expect(report.alert == .ticket)
    }

    @Test func thresholdsScaleWithTheWindow() {
        let pair = BurnAlertRule.pairs[0]
        #expect(abs(BurnAlertRule.threshold(pair, window: 28 * 86_400) - 13.44) < 1e-6)
        #expect(BurnAlertRule.threshold(pair, window: 30 * 86_400) == 14.4)
        // 14 over 1h and 5m pages a 28-day SLO but not a 30-day one.
        let rates = BurnRates([.m5: 14, .h1: 14])
        #expect(BurnAlertRule.evaluate(rates, window: 28 * 86_400) == .page)
        #expect(BurnAlertRule.evaluate(rates, window: 30 * 86_400) == .none)
    }

    @Test func aNewDatasetIsMeasuredFromItsFirstObservation() throws {
        let objective = FreshnessObjective.default(tier: 2)
        let intervals = [
            FreshnessInterval(start: ago(86_400), end: ago(3_600), state: .fresh),
            FreshnessInterval(start: ago(3_600), end: now, state: .error),
        ]
        let report = FreshnessSLOReport.compute(intervals, objective: objective, now: now)
        #expect(report.measuredSince == ago(86_400))
        #expect(abs(try #require(report.attainment) - 23.0 / 24) < 1e-12)
        #expect(report.badTime == 3_600)
        // The budget is the whole window's: 1% of 28 days, less one hour.
        #expect(abs(report.budgetRemaining - (0.01 * 28 * 86_400 - 3_600)) < 1e-6)
        // Burning at 1h rate 100: exhaustion = remaining / (100 x 1%) seconds away.
        let exhaustion = try #require(report.budgetExhaustion)
        #expect(abs(exhaustion.timeIntervalSince(now) - report.budgetRemaining / 1.0) < 1e-6)
    }

    @Test func noHistoryMeansNoFigures() {
        let report = FreshnessSLOReport.compute([], objective: .default(tier: 1), now: now)
        #expect(report.attainment == nil)
        #expect(report.burnRates.isEmpty)
        #expect(report.alert == .none)
        #expect(report.budgetExhaustion == nil)
        #expect(report.budgetRemainingRatio == 1)
    }

    @Test func aDatasetThatNeverLoadedSpendsEverythingAndPages() {
        let report = FreshnessSLOReport.compute([FreshnessInterval(start: ago(7_200), end: now, state: .error)],
                                                objective: .default(tier: 1), now: now)
        #expect(report.attainment == 0)
        #expect(report.alert == .page)
        #expect(report.budgetExhaustion != nil)
    }

    /// Unknown time spends budget (it is not good) but does not page: a collector outage is a source problem.
    @Test func unknownTimeSpendsBudgetButNeverPages() throws {
        let intervals = [
            FreshnessInterval(start: ago(86_400), end: ago(3_600), state: .fresh),
            FreshnessInterval(start: ago(3_600), end: now, state: .unknown),
        ]
        let report = FreshnessSLOReport.compute(intervals, objective: .default(tier: 1), now: now)
        #expect(report.unknownTime == 3_600)
        #expect(report.budgetSpent == 3_600)
        #expect(abs(try #require(report.attainment) - 23.0 / 24) < 1e-12)
        #expect(report.burnRates[.h1] == nil)
        #expect(report.burnRates[.h6] == 0)
        #expect(report.alert == .none)
    }

    /// Nothing reported since the last interval ended: that silence is unknown too.
    @Test func silenceAfterTheLastIntervalIsUnknown() {
        let report = FreshnessSLOReport.compute([FreshnessInterval(start: ago(7_200), end: ago(3_600), state: .fresh)],
                                                objective: .default(tier: 1), now: now)
        #expect(report.unknownTime == 3_600)
        #expect(report.attainment == 0.5)
    }

    /// Intervals older than the window do not count.
    @Test func onlyTheWindowCounts() {
        let objective = FreshnessObjective(target: 0.99, window: 86_400)
        let intervals = [
            FreshnessInterval(start: ago(3 * 86_400), end: ago(86_400), state: .error),
            FreshnessInterval(start: ago(86_400), end: now, state: .fresh),
        ]
        let report = FreshnessSLOReport.compute(intervals, objective: objective, now: now)
        #expect(report.attainment == 1)
        #expect(report.badTime == 0)
    }

    // MARK: properties

    /// Random histories: attainment stays in [0, 1], and turning any stretch to error never raises it.
    @Test(arguments: 0..<200)
    func attainmentIsBoundedAndMonotone(seed: Int) throws {
        var rng = SplitMix64(seed: UInt64(seed))
        var intervals: [FreshnessInterval] = []
        var cursor = ago(Double(rng.next() % 40) * 86_400 + 60)
        let states: [FreshnessState] = [.fresh, .warn, .error, .unknown]
        while cursor < now {
            let end = min(now, cursor.addingTimeInterval(Double(rng.next() % 50_000 + 1)))
            intervals.append(FreshnessInterval(start: cursor, end: end, state: states[Int(rng.next() % 4)]))
            cursor = end
        }
        let objective = FreshnessObjective.default(tier: Int(rng.next() % 3) + 1)
        let before = FreshnessSLOReport.compute(intervals, objective: objective, now: now)
        let a = try #require(before.attainment)
        #expect(a >= 0 && a <= 1)
        for (_, rate) in before.burnRates { #expect(rate >= 0) }
        let i = Int(rng.next() % UInt64(intervals.count))
        var worse = intervals
        worse[i].state = .error
        let after = FreshnessSLOReport.compute(worse, objective: objective, now: now)
        #expect(try #require(after.attainment) <= a)
        #expect(after.budgetSpent >= before.budgetSpent)
        #expect(after.alert >= before.alert)
    }

    /// The report sums clipped time without building the clipped intervals: random histories (gaps, overlaps with
    /// the window's edges, states in any order) give what clipping, filtering and adding give.
    @Test(arguments: 0..<100)
    func sumsAreWhatClippingTheIntervalsGives(seed: Int) throws {
        var rng = SplitMix64(seed: UInt64(seed) &+ 1_000)
        var intervals: [FreshnessInterval] = []
        var cursor = ago(Double(rng.next() % 40) * 86_400 + 60)
        let states: [FreshnessState] = [.fresh, .warn, .error, .unknown]
        while cursor < now.addingTimeInterval(-1) {
            cursor = cursor.addingTimeInterval(Double(rng.next() % 3) * 600)  // gaps
            let end = min(now.addingTimeInterval(-Double(rng.next() % 2) * 300), cursor.addingTimeInterval(Double(rng.next() % 50_000 + 1)))
            if end > cursor { intervals.append(FreshnessInterval(start: cursor, end: end, state: states[Int(rng.next() % 4)])) }
            cursor = end
        }
        let objective = FreshnessObjective.default(tier: Int(rng.next() % 3) + 1)
        let report = FreshnessSLOReport.compute(intervals, objective: objective, now: now)
        let inWindow = FreshnessSLOReport.clip(intervals, from: now.addingTimeInterval(-objective.window), to: now)
        func total(_ list: [FreshnessInterval], _ keep: (FreshnessInterval) -> Bool) -> TimeInterval {
            list.filter(keep).reduce(0) { $0 + $1.duration }
        }
        #expect(abs(report.goodTime - total(inWindow, \.isGood)) < 1e-6)
        #expect(abs(report.badTime - total(inWindow) { $0.state == .error }) < 1e-6)
        let tail = inWindow.last.map { now.timeIntervalSince($0.end) } ?? 0
        #expect(abs(report.unknownTime - total(inWindow) { $0.state == .unknown } - tail) < 1e-6)
        #expect(report.measuredSince == inWindow.first?.start)
        for w in BurnWindow.allCases {
            let clipped = FreshnessSLOReport.clip(intervals, from: now.addingTimeInterval(-w.seconds), to: now)
            let seen = total(clipped) { $0.state != .unknown }
            let expected = seen > 0 ? total(clipped) { $0.state == .error } / seen / objective.budgetRatio : nil
            #expect(report.burnRates[w].map { abs($0 - expected!) < 1e-9 } ?? (expected == nil), "\(w)")
        }
    }

    @Test func burnRatesHoldAWindowEachAndEncodeAsAnObject() throws {
        var rates = BurnRates()
        #expect(rates.isEmpty && Array(rates).isEmpty)
        rates[.h6] = 2.5
        rates[.m5] = 0
        #expect(rates[.h6] == 2.5 && rates[.m5] == 0 && rates[.h1] == nil)
        #expect(Array(rates).map(\.window) == [.m5, .h6], "shortest first, only windows with a rate")
        #expect(rates == BurnRates([.m5: 0, .h6: 2.5]) && rates != BurnRates([.m5: 0]))
        let json = String(decoding: try JSONEncoder().encode(rates), as: UTF8.self)
        #expect(json.contains("\"6h\":2.5") && json.contains("\"5m\":0") && !json.contains("1h"))
        #expect(try JSONDecoder().decode(BurnRates.self, from: Data(json.utf8)) == rates)
        rates[.h6] = nil
        #expect(Array(rates).map(\.window) == [.m5])
    }
}
