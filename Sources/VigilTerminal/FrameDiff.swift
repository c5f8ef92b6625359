import VigilUI

/// Which cells of a new frame must be written, given the frame last flushed.
public enum FrameDiff {
    /// Positions in row-major order (left to right, so a wide glyph written later is never
    /// half-overwritten by an earlier neighbour). Continuation cells of a wide grapheme are
    /// skipped: writing the lead cell covers them. A continuation cell with no wide lead
    /// before it is included so the writer can blank it.
    /// Every cell is listed when there is no previous frame or the size changed.
    public static func positions(previous: CellBuffer?, next: CellBuffer) -> [(x: Int, y: Int)] {
        let sameSize = previous.map { $0.width == next.width && $0.height == next.height } ?? false
        var out: [(x: Int, y: Int)] = []
        for y in 0..<next.height {
            for x in 0..<next.width {
                let cell = next[x, y]
                if cell.width == 0, x > 0, next[x - 1, y].width == 2 { continue }
                if sameSize, let previous, previous[x, y] == cell { continue }
                out.append((x, y))
            }
        }
        return out
    }
}

