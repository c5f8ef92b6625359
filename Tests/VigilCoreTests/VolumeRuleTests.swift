import Foundation
import Testing
import VigilCore

/// The volume rule on worked examples: a count against the median of the dataset's own last 7 days.
@Suite struct VolumeRuleTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let hour: TimeInterval = 3_600

    /// Hourly counts ending an hour before `now`, oldest first.
    func hourly(_ counts: [Int]) -> [(at: Date, rows: Int)] {
        counts.enumerated().map { (now.addingTimeInterval(-Double(counts.count - $0.offset) * hour), $0.element) }
    }

    func check(_ rows: Int, _ history: [(at: Date, rows: Int)], estimated: Bool = false,
               policy: VolumePolicy = .default) -> DataCheck {
        VolumeRule.check(dataset: "raw.orders", count: RowCount(rows: rows, estimated: estimated), history: history,
                         policy: policy, at: now, source: "wh")
    }

    @Test func aDropOfMoreThanHalfFailsWithTheNumbers() {
        // Median of 12,000 / 12,400 / 12,500 / 12,400 / 12,600 is 12,400; 1,010 is 91.9% below it.
        let c = check(1_010, hourly([12_000, 12_400, 12_500, 12_400, 12_600]))
        #expect(c.state == .fail)
        #expect(c.message == "rows dropped 92% (12,400 → 1,010) against the 7-day median")
        #expect(c.kind == .volume && c.name == "volume" && c.dataset == "raw.orders" && c.at == now && c.source == "wh")
    }

    @Test func withinTheBoundsPasses() {
        let history = hourly([1_000, 1_100, 1_200])
        #expect(check(1_150, history) == DataCheck(dataset: "raw.orders", name: "volume", kind: .volume, state: .pass,
                                                   message: "1,150 rows, 7-day median 1,100", at: now, source: "wh"))
        // Exactly at the limits still passes: 50% down, 300% up.
        #expect(check(550, history).state == .pass)
        #expect(check(4_400, history).state == .pass)
    }

    @Test func aSpikeWarnsRatherThanFails() {
        let c = check(5_500, hourly([1_000, 1_000, 1_100]))
        #expect(c.state == .warn)
        #expect(c.message == "rows grew 450% (1,000 → 5,500) against the 7-day median")
    }

    /// Just past a limit reads as past it, not as the limit itself.
    @Test func percentagesNextToTheLimitKeepADecimal() {
        let c = check(4_960, hourly([10_000, 10_000, 10_000]))
        #expect(c.state == .fail && c.message == "rows dropped 50.4% (10,000 → 4,960) against the 7-day median")
    }

    @Test func theMedianIgnoresOneBadLoadInTheHistory() {
        // One empty load among normal ones: the median stays 10,000, so the next normal count passes.
        #expect(check(10_100, hourly([10_000, 0, 10_050, 9_990, 10_000])).state == .pass)
        // The mean (8,008) would have hidden a drop to 4,500; the median does not.
        #expect(check(4_500, hourly([10_000, 0, 10_050, 9_990, 10_000])).state == .fail)
    }

    @Test func firstObservationAndShortHistoryPass() {
        let first = check(12_400, [])
        #expect(first.state == .pass)
        #expect(first.message == "12,400 rows; no baseline yet (0 of 3 hourly counts from the last 7 days)")
        // Two earlier counts are not enough, even for a drop to nothing.
        let two = check(0, hourly([12_400, 12_300]))
        #expect(two.state == .pass && two.message?.contains("(2 of 3 hourly") == true)
    }

    @Test func onlyTheLastSevenDaysBeforeNowCount() {
        let old = [(at: now.addingTimeInterval(-8 * 86_400), rows: 100), (at: now.addingTimeInterval(-7.5 * 86_400), rows: 100),
                   (at: now.addingTimeInterval(-7 * 86_400 - 1), rows: 100)]
        // Older than 7 days, or at or after now: no baseline.
        let later = [(at: now, rows: 100), (at: now.addingTimeInterval(hour), rows: 100)]
        #expect(check(1_000_000, old + later).message?.contains("no baseline yet (0 of 3") == true)
        // Exactly 7 days old is in.
        let edge = [(at: now.addingTimeInterval(-7 * 86_400), rows: 100)] + hourly([100, 100])
        #expect(check(1_000_000, edge).state == .warn)
    }

    @Test func aZeroMedianIsNeverExceededByAShare() {
        #expect(check(1_200, hourly([0, 0, 0])) == DataCheck(dataset: "raw.orders", name: "volume", kind: .volume,
                                                             state: .pass, message: "1,200 rows, 7-day median 0",
                                                             at: now, source: "wh"))
        #expect(check(0, hourly([0, 0, 0])).state == .pass)
        #expect(check(1, hourly([0, 0, 0])).message == "1 row, 7-day median 0")
        // From something to nothing is a 100% drop.
        #expect(check(0, hourly([5, 5, 5])).message == "rows dropped 100% (5 → 0) against the 7-day median")
    }

    @Test func estimatesSaySo() {
        let c = check(1_000_000, hourly([20_000_000, 20_100_000, 19_900_000]), estimated: true)
        #expect(c.state == .fail)
        #expect(c.message == "rows dropped 95% (20,000,000 → 1,000,000) against the 7-day median (estimated)")
        #expect(check(20_000_000, [], estimated: true).message?.hasSuffix("(estimated)") == true)
    }

    @Test func thePolicySetsTheLimits() {
        let history = hourly([1_000, 1_000, 1_000])
        let strict = VolumePolicy(maxDrop: 0, maxGrowth: 0.1, exactCountBelow: 0)
        #expect(check(999, history, policy: strict).state == .fail)
        #expect(check(1_000, history, policy: strict).state == .pass)
        #expect(check(1_101, history, policy: strict).state == .warn)
        let loose = VolumePolicy(maxDrop: 1, maxGrowth: 100, exactCountBelow: 0)
        #expect(check(0, history, policy: loose).state == .pass)
    }

    @Test func oneCountAnHourIsKept() {
        #expect(VolumeRule.keeps(at: now, lastKept: nil))
        #expect(!VolumeRule.keeps(at: now, lastKept: now.addingTimeInterval(-59 * 60)))
        #expect(VolumeRule.keeps(at: now, lastKept: now.addingTimeInterval(-hour)))
        // An hour that came back from the store a little short is still an hour.
        #expect(VolumeRule.keeps(at: now, lastKept: now.addingTimeInterval(-hour + 1e-6)))
        // A clock that went back keeps nothing until it passes the last kept count by an hour.
        #expect(!VolumeRule.keeps(at: now, lastKept: now.addingTimeInterval(hour)))
    }

    @Test func groupedDigits() {
        #expect([0, 7, 999, 1_000, 12_400, 1_234_567, -45_000].map(VolumeRule.grouped)
                == ["0", "7", "999", "1,000", "12,400", "1,234,567", "-45,000"])
    }
}
