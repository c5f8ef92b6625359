import Testing
@testable import VigilTerminal

@Suite struct ColorPairTableTests {
    typealias Colors = ColorPairTable.Colors

    @Test func allocatesOncePerColourCombination() {
        var table = ColorPairTable(capacity: 65536)
        let red = Colors(foreground: 1, background: -1)
        #expect(table.pair(for: red) == (1, true))
        #expect(table.pair(for: red) == (1, false))
        #expect(table.pair(for: Colors(foreground: -1, background: 1)) == (2, true))
        #expect(table.count == 2)
    }

    @Test func defaultOnDefaultIsPairZero() {
        var table = ColorPairTable(capacity: 65536)
        #expect(table.pair(for: Colors(foreground: -1, background: -1)) == (0, false))
        #expect(table.count == 0)
    }

    @Test func fullTableFallsBackToPairZero() {
        var table = ColorPairTable(capacity: 3)   // pairs 1 and 2 are usable
        #expect(table.pair(for: Colors(foreground: 1, background: 0)).number == 1)
        #expect(table.pair(for: Colors(foreground: 2, background: 0)).number == 2)
        #expect(table.pair(for: Colors(foreground: 3, background: 0)) == (0, false))
        // Known combinations keep their pair.
        #expect(table.pair(for: Colors(foreground: 1, background: 0)) == (1, false))
    }

    @Test func pairNumbersAbove255AreHandedOut() {
        // COLOR_PAIR() stops at 255; extended pairs must still be allocated past it.
        var table = ColorPairTable(capacity: 65536)
        var last: Int32 = 0
        for fg in Int32(0)..<300 { last = table.pair(for: Colors(foreground: fg, background: 0)).number }
        #expect(last == 300)
    }
}
