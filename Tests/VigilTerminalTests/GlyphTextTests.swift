import Testing
@testable import VigilTerminal

@Suite struct GlyphTextTests {
    /// A stand-in for wcwidth: CJK and the rocket are 2, combining marks and VS16 are 0.
    private func width(_ v: UInt32) -> Int {
        switch v {
        case 0x0301, 0xFE0F, 0x200D: return 0
        case 0x4E00...0x9FFF, 0x1F680: return 2
        case 0xE000: return -1   // unknown to the locale
        default: return 1
        }
    }

    private func make(_ s: String, _ columns: Int) -> (chars: [Int32], padSpace: Bool) {
        GlyphText.make(s, columns: columns, width: width)
    }

    @Test func plainAndWideGlyphsAreNullTerminated() {
        #expect(make("a", 1) == ([0x61, 0], false))
        #expect(make("中", 2) == ([0x4E2D, 0], false))
    }

    @Test func combiningMarksStayInTheCell() {
        #expect(make("e\u{301}", 1) == ([0x65, 0x301, 0], false))
    }

    @Test func spacingScalarsAfterTheFirstAreDropped() {
        // A ZWJ family: only the zero-width joiners could follow, the people cannot.
        #expect(make("🚀\u{200D}🚀", 2) == ([0x1F680, 0x200D, 0], false))
    }

    @Test func emptyAndControlGraphemesBecomeVisibleSafeGlyphs() {
        #expect(make("", 1) == ([0x20, 0], false))
        #expect(make("\u{1B}", 1) == ([0x3F, 0], false))
    }

    @Test func narrowerThanMeasuredIsPadded() {
        // The buffer thought this was 2 columns; the terminal draws 1, so a space keeps alignment.
        #expect(make("x", 2) == ([0x78, 0], true))
    }

    @Test func widerThanMeasuredOrUnknownIsReplaced() {
        #expect(make("中", 1) == ([0x3F, 0], false))
        #expect(make("\u{E000}", 2) == ([0x3F, 0], true))
    }

    @Test func atMostFiveWideCharacters() {
        let s = "a" + String(repeating: "\u{301}", count: 8)
        #expect(make(s, 1).chars.count == 6)   // 5 + terminator
    }
}
