import Testing
@testable import VigilUI

@Suite struct DisplayWidthTests {
    @Test(arguments: [
        ("a", 1), ("~", 1), (" ", 1),
        ("é", 1),                       // precomposed
        ("e\u{301}", 1),                // e + combining acute: one grapheme, one column
        ("\u{301}", 0),                 // a lone combining mark
        ("\u{20DD}", 0),                // enclosing mark
        ("\u{7}", 0), ("\u{1B}", 0), ("\u{9B}", 0), ("\r\n", 0),
        ("\u{200B}", 0), ("\u{200D}", 0), ("\u{202E}", 0), ("\u{FEFF}", 0),
        ("中", 2), ("語", 2), ("한", 2), ("あ", 2), ("カ", 2), ("Ａ", 2), ("、", 2), ("\u{3000}", 2),
        ("ｱ", 1),                       // halfwidth katakana stays narrow
        ("𠀋", 2),                       // CJK extension B (outside the BMP)
        ("✓", 1), ("─", 1), ("█", 1), ("●", 1), ("…", 1),
        ("😀", 2), ("🔥", 2), ("⌚", 2), // Emoji_Presentation, including one in the BMP
        ("❤", 1), ("❤\u{FE0F}", 2),     // text-presentation emoji, then with VS16
        ("1\u{FE0F}\u{20E3}", 2),       // keycap
        ("a\u{FE0F}", 1),               // VS16 on a non-emoji changes nothing
        ("👩\u{200D}💻", 2),             // ZWJ sequence is one wide grapheme
        ("👍🏽", 2),                     // skin-tone modifier
        ("🇫🇷", 2), ("🇯🇵", 2),           // flags (regional-indicator pairs)
        ("\u{1100}\u{1161}", 2),        // conjoining Hangul jamo
    ])
    func graphemeWidth(text: String, expected: Int) {
        #expect(text.count <= 1)
        #expect(DisplayWidth.of(Character(text)) == expected, "width of \(text.unicodeScalars.map { String($0.value, radix: 16) })")
    }

    @Test func stringWidthSumsGraphemes() {
        #expect(DisplayWidth.of("") == 0)
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("日本語 ok") == 9)
        #expect(DisplayWidth.of("cafe\u{301} 🇫🇷!") == 8)
    }

    @Test func rangeTableIsSortedAndDisjoint() {
        for table in [DisplayWidth.wide, DisplayWidth.zeroWidth] {
            for (a, b) in zip(table, table.dropFirst()) { #expect(a.upperBound < b.lowerBound, "\(a) then \(b)") }
        }
    }

    @Test func binarySearchFindsEdgesOnly() {
        let table: [ClosedRange<UInt32>] = [10...20, 30...30, 40...50]
        for v: UInt32 in [10, 15, 20, 30, 40, 50] { #expect(DisplayWidth.contains(table, v)) }
        for v: UInt32 in [0, 9, 21, 29, 31, 39, 51, 1000] { #expect(!DisplayWidth.contains(table, v)) }
        #expect(!DisplayWidth.contains([], 5))
    }
}

@Suite struct CellBufferClippingTests {
    @Test func wideGraphemeOccupiesLeadAndContinuation() {
        var b = CellBuffer(width: 6, height: 1)
        #expect(b.put("a中b", x: 0, y: 0) == 4)
        #expect(b[1, 0] == Cell("中", width: 2))
        #expect(b[2, 0].width == 0)
        #expect(b.rowText(0) == "a中b  ")
    }

    @Test func wideGraphemeAtRightEdgeBecomesSpace() {
        var b = CellBuffer(width: 4, height: 1)
        #expect(b.put("abc中", x: 0, y: 0) == 4)
        #expect(b.rowText(0) == "abc ")
        #expect(b[3, 0].width == 1)
    }

    @Test func wideGraphemeAtMaxWidthBecomesSpace() {
        var b = CellBuffer(width: 10, height: 1)
        #expect(b.put("a日本", x: 2, y: 0, maxWidth: 4) == 4)
        #expect(b.rowText(0) == "  a日     ")
        #expect(b[5, 0] == Cell(" ", width: 1))
    }

    @Test func edgeSpaceDoesNotOrphanAnExistingWideGrapheme() {
        var b = CellBuffer(width: 6, height: 1)
        b.put("xxx中x", x: 0, y: 0)            // 中 at columns 3-4
        b.put("abc本", x: 0, y: 0, maxWidth: 4) // 本 does not fit at column 3: a space goes there
        // 中's continuation at column 4 must not be left without its lead.
        #expect(b[4, 0].width == 1)
        #expect(b.rowText(0) == "abc  x")
    }

    @Test func overwritingHalfOfWideGraphemeBlanksTheOtherHalf() {
        var b = CellBuffer(width: 4, height: 1)
        b.put("中文", x: 0, y: 0)
        b.put("z", x: 1, y: 0)                 // lands on 中's continuation
        #expect(b.rowText(0) == " z文")
        b.put("y", x: 2, y: 0)                 // lands on 文's lead
        #expect(b.rowText(0) == " zy ")
        #expect(b.cells.allSatisfy { $0.width == 1 })
    }

    @Test func textStartingLeftOfTheEdgeIsClippedNotShifted() {
        var b = CellBuffer(width: 5, height: 1)
        #expect(b.put("abcdefg", x: -2, y: 0) == 7)
        #expect(b.rowText(0) == "cdefg")       // reaches the right edge without maxWidth
        var w = CellBuffer(width: 4, height: 1)
        w.put("####", x: 0, y: 0)
        w.put("中ab", x: -1, y: 0)            // 中 straddles column 0
        #expect(w.rowText(0) == " ab#")
        #expect(w[0, 0].width == 1)
    }

    @Test func combiningMarksJoinThePreviousCell() {
        var b = CellBuffer(width: 4, height: 1)
        b.put("e\u{301}x", x: 0, y: 0)
        #expect(b[0, 0].grapheme == "e\u{301}")
        #expect(b[1, 0].grapheme == "x")
    }

    @Test func outOfRangeRowsAndColumnsWriteNothing() {
        var b = CellBuffer(width: 3, height: 2)
        #expect(b.put("abc", x: 0, y: 2) == 0)
        #expect(b.put("abc", x: 0, y: -1) == 0)
        #expect(b.put("abc", x: 3, y: 0) == 0)
        #expect(b == CellBuffer(width: 3, height: 2))
    }
}
