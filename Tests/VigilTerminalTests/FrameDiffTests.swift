import Testing
import VigilUI
@testable import VigilTerminal

@Suite struct FrameDiffTests {
    /// The changed cells as [x, y].
    private func diff(_ previous: CellBuffer?, _ next: CellBuffer) -> [[Int]] {
        FrameDiff.changed(previous: previous, next: next).map { [$0 % next.width, $0 / next.width] }
    }

    @Test func firstFrameWritesEveryLeadCell() {
        var b = CellBuffer(width: 4, height: 2)
        b.put("中a", x: 0, y: 1)
        let written = diff(nil, b)
        // (1,1) is the continuation of 中 and is covered by writing (0,1).
        #expect(written == [[0, 0], [1, 0], [2, 0], [3, 0], [0, 1], [2, 1], [3, 1]])
    }

    @Test func unchangedFrameWritesNothing() {
        var b = CellBuffer(width: 5, height: 2)
        b.put("hello", x: 0, y: 0)
        #expect(diff(b, b).isEmpty)
    }

    @Test func onlyChangedCellsAreWritten() {
        var old = CellBuffer(width: 6, height: 2)
        old.put("abc", x: 0, y: 0)
        var new = old
        new.put("X", x: 1, y: 0)
        new.put("z", x: 5, y: 1)
        #expect(diff(old, new) == [[1, 0], [5, 1]])
    }

    @Test func styleChangeAloneCountsAsChange() {
        var old = CellBuffer(width: 3, height: 1)
        old.put("abc", x: 0, y: 0)
        var new = old
        new.restyle(Rect(x: 2, y: 0, width: 1, height: 1)) { $0.attributes.insert(.bold) }
        #expect(diff(old, new) == [[2, 0]])
    }

    @Test func wideGlyphReplacingNarrowOnesWritesOnlyItsLead() {
        var old = CellBuffer(width: 4, height: 1)
        old.put("abcd", x: 0, y: 0)
        var new = old
        new.put("中", x: 1, y: 0)
        #expect(diff(old, new) == [[1, 0]])
    }

    @Test func narrowGlyphsReplacingAWideOneWriteBothHalves() {
        var old = CellBuffer(width: 4, height: 1)
        old.put("a中d", x: 0, y: 0)
        var new = old
        new.put("xy", x: 1, y: 0)
        #expect(diff(old, new) == [[1, 0], [2, 0]])
    }

    @Test func sizeChangeRepaintsEverything() {
        let old = CellBuffer(width: 2, height: 1)
        let new = CellBuffer(width: 3, height: 1)
        #expect(diff(old, new).count == 3)
    }

    @Test func glyphsAreComparedByTheirBytes() {
        var old = CellBuffer(width: 4, height: 1)
        old.put("█─\u{E9}x", x: 0, y: 0)
        // The same glyphs, and é spelled as e + combining acute: canonically equal text, different bytes on the wire.
        var new = CellBuffer(width: 4, height: 1)
        new.put("█─e\u{301}x", x: 0, y: 0)
        #expect(diff(old, new) == [[2, 0]])
        #expect(old[2, 0] != new[2, 0] && old[0, 0] == new[0, 0])
    }
}
