import Foundation
import Testing
@testable import VigilCore

@Suite struct DurationFormatTests {
    @Test(arguments: [
        (0.0, "0s"), (59.9, "59s"), (60, "1m"), (3599, "59m"), (3600, "1h"), (7800, "2h10m"),
        (86_400, "1d"), (97_200, "1d3h"), (-5, "0s"),
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
