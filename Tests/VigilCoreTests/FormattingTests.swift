import Foundation
import Testing
@testable import VigilCore

@Suite struct DurationFormatTests {
    @Test(arguments: [
        (0.0, "0s"), (59.9, "59s"), (60, "1m"), (3599, "59m"), (3600, "1h"), (7800, "2h10m"),
        (86_400, "1d"), (97_200, "1d3h"), (-5, "0s"),
        // A duration parsed from "99999999999999999999d" (or 400 digits) is past Int.max: shown, never a trap.
        (8.64e24, "∞"), (.infinity, "∞"), (-.infinity, "0s"), (.nan, "?"),
    ])
    func compact(seconds: Double, expected: String) {
        #expect(DurationFormat.compact(seconds) == expected)
    }

    @Test func parsesConfigDurations() {
        #expect(DurationFormat.parse("90s") == 90)
        #expect(DurationFormat.parse("15m") == 900)
        #expect(DurationFormat.parse("1h30m") == 5400)
        #expect(DurationFormat.parse("2d") == 172_800)
        #expect(DurationFormat.parse("") == nil)
        #expect(DurationFormat.parse("10") == nil)
        #expect(DurationFormat.parse("1x") == nil)
        #expect(DurationFormat.parse("h") == nil)
    }
}
