import CNcursesw
import Testing
import VigilUI
@testable import VigilTerminal

@Suite struct KeyDecoderTests {
    @Test func printableCharactersIncludingNonASCII() {
        #expect(KeyDecoder.decode(code: 0x61, isFunctionKey: false) == .char("a"))
        #expect(KeyDecoder.decode(code: 0x20, isFunctionKey: false) == .char(" "))
        #expect(KeyDecoder.decode(code: 0xE9, isFunctionKey: false) == .char("é"))
        #expect(KeyDecoder.decode(code: 0x4E2D, isFunctionKey: false) == .char("中"))
        #expect(KeyDecoder.decode(code: 0x1F680, isFunctionKey: false) == .char("🚀"))
    }

    @Test func enterFromCarriageReturnLineFeedAndKeypad() {
        #expect(KeyDecoder.decode(code: 13, isFunctionKey: false) == .enter)
        #expect(KeyDecoder.decode(code: 10, isFunctionKey: false) == .enter)
        #expect(KeyDecoder.decode(code: KEY_ENTER, isFunctionKey: true) == .enter)
    }

    @Test func escapeTabAndBackTab() {
        #expect(KeyDecoder.decode(code: 27, isFunctionKey: false) == .escape)
        #expect(KeyDecoder.decode(code: 9, isFunctionKey: false) == .tab)
        #expect(KeyDecoder.decode(code: KEY_BTAB, isFunctionKey: true) == .backTab)
    }

    @Test func backspaceInAllItsForms() {
        #expect(KeyDecoder.decode(code: 127, isFunctionKey: false) == .backspace)
        #expect(KeyDecoder.decode(code: 8, isFunctionKey: false) == .backspace)
        #expect(KeyDecoder.decode(code: KEY_BACKSPACE, isFunctionKey: true) == .backspace)
        #expect(KeyDecoder.decode(code: KEY_DC, isFunctionKey: true) == .delete)
    }

    @Test func navigationKeys() {
        #expect(KeyDecoder.decode(code: KEY_UP, isFunctionKey: true) == .up)
        #expect(KeyDecoder.decode(code: KEY_DOWN, isFunctionKey: true) == .down)
        #expect(KeyDecoder.decode(code: KEY_LEFT, isFunctionKey: true) == .left)
        #expect(KeyDecoder.decode(code: KEY_RIGHT, isFunctionKey: true) == .right)
        #expect(KeyDecoder.decode(code: KEY_PPAGE, isFunctionKey: true) == .pageUp)
        #expect(KeyDecoder.decode(code: KEY_NPAGE, isFunctionKey: true) == .pageDown)
        #expect(KeyDecoder.decode(code: KEY_HOME, isFunctionKey: true) == .home)
        #expect(KeyDecoder.decode(code: KEY_END, isFunctionKey: true) == .end)
    }

    @Test func functionKeys() {
        #expect(KeyDecoder.decode(code: KEY_F0 + 1, isFunctionKey: true) == .function(1))
        #expect(KeyDecoder.decode(code: KEY_F0 + 12, isFunctionKey: true) == .function(12))
        #expect(KeyDecoder.decode(code: KEY_F0, isFunctionKey: true) == nil)
    }

    @Test func controlLetters() {
        #expect(KeyDecoder.decode(code: 1, isFunctionKey: false) == .ctrl("a"))
        #expect(KeyDecoder.decode(code: 18, isFunctionKey: false) == .ctrl("r"))
        #expect(KeyDecoder.decode(code: 26, isFunctionKey: false) == .ctrl("z"))
    }

    @Test func sameNumberMeansCharacterOrKeyDependingOnTheFlag() {
        // KEY_UP is 259, which is also the code point "ă" when wget_wch returns OK.
        #expect(KeyDecoder.decode(code: KEY_UP, isFunctionKey: false) == .char("ă"))
    }

    @Test func unusedCodesAreDropped() {
        #expect(KeyDecoder.decode(code: 0, isFunctionKey: false) == nil)
        #expect(KeyDecoder.decode(code: 28, isFunctionKey: false) == nil)
        #expect(KeyDecoder.decode(code: 0x85, isFunctionKey: false) == nil)
        #expect(KeyDecoder.decode(code: 0xD800, isFunctionKey: false) == nil)   // lone surrogate
        #expect(KeyDecoder.decode(code: -1, isFunctionKey: false) == nil)
        #expect(KeyDecoder.decode(code: KEY_RESIZE, isFunctionKey: true) == nil)
        #expect(KeyDecoder.decode(code: KEY_MOUSE, isFunctionKey: true) == nil)
    }
}
