import Testing
import VigilUI
@testable import VigilTerminal

@Suite struct ColorMapperTests {
    @Test func depthFromColourCount() {
        #expect(ColorDepth(colors: 0) == .none)
        #expect(ColorDepth(colors: 8) == .ansi8)
        #expect(ColorDepth(colors: 16) == .ansi16)
        #expect(ColorDepth(colors: 88) == .ansi16)
        #expect(ColorDepth(colors: 256) == .palette256)
        #expect(ColorDepth(colors: 0x1000000) == .direct)
    }

    @Test func terminalDefaultIsMinusOneOnlyWhenSupported() {
        let withDefaults = ColorMapper(depth: .palette256, hasDefaultColors: true)
        #expect(withDefaults.number(for: .terminalDefault, isBackground: false) == -1)
        #expect(withDefaults.number(for: .terminalDefault, isBackground: true) == -1)
        let without = ColorMapper(depth: .palette256, hasDefaultColors: false)
        #expect(without.number(for: .terminalDefault, isBackground: false) == 7)
        #expect(without.number(for: .terminalDefault, isBackground: true) == 0)
    }

    @Test func palette256PassesIndexesAndMapsRGB() {
        let m = ColorMapper(depth: .palette256, hasDefaultColors: true)
        #expect(m.number(for: .indexed(3), isBackground: false) == 3)
        #expect(m.number(for: .indexed(244), isBackground: false) == 244)
        #expect(m.number(for: .rgb(0, 95, 175), isBackground: true) == 25)
    }

    @Test func fewerColoursReduceIndexesAndRGB() {
        let eight = ColorMapper(depth: .ansi8, hasDefaultColors: true)
        #expect(eight.number(for: .indexed(9), isBackground: false) == 1)     // bright red -> red
        #expect(eight.number(for: .indexed(196), isBackground: false) == 1)
        #expect(eight.number(for: .rgb(0, 200, 0), isBackground: false) == 2)
        let sixteen = ColorMapper(depth: .ansi16, hasDefaultColors: true)
        #expect(sixteen.number(for: .indexed(9), isBackground: false) == 9)
        #expect(sixteen.number(for: .rgb(255, 0, 0), isBackground: false) == 9)
    }

    @Test func directColourPacksRGB() {
        let m = ColorMapper(depth: .direct, hasDefaultColors: true)
        #expect(m.number(for: .rgb(0x12, 0x34, 0x56), isBackground: false) == 0x123456)
        #expect(m.number(for: .indexed(2), isBackground: false) == 2)
        #expect(m.number(for: .indexed(25), isBackground: false) == 0x005FAF)
    }

    @Test func noColourMeansDefaultEverywhere() {
        let m = ColorMapper(depth: .none, hasDefaultColors: false)
        #expect(m.number(for: .indexed(196), isBackground: false) == -1)
        #expect(m.number(for: .rgb(1, 2, 3), isBackground: true) == -1)
    }
}
