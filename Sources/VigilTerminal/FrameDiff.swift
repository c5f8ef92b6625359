import VigilUI

/// Which cells of a new frame must be written, given the frame last flushed.
public enum FrameDiff {
    /// Indexes into `next.cells`, in row-major order (left to right, so a wide glyph written later is never
    /// half-overwritten by an earlier neighbour). Continuation cells of a wide grapheme are skipped: writing the lead
    /// cell covers them. A continuation cell with no wide lead before it is included so the writer can blank it.
    /// Every cell is listed when there is no previous frame or the size changed.
    /// Cells are compared in place and their text byte for byte (`Cell.sameText`): a full-screen change compares
    /// every cell, and copying cells out and comparing their box, bar and block glyphs as Unicode text was most of
    /// such a flush.
    public static func changed(previous: CellBuffer?, next: CellBuffer) -> [Int] {
        let width = next.width
        let old = previous.flatMap { $0.width == next.width && $0.height == next.height ? $0.cells : nil }
        var out: [Int] = []
        next.cells.withUnsafeBufferPointer { new in
            (old ?? []).withUnsafeBufferPointer { before in
                let compare = !before.isEmpty
                out.reserveCapacity(compare ? 256 : new.count)
                for i in new.indices {
                    if new[i].width == 0, i % width > 0, new[i - 1].width == 2 { continue }
                    if compare, Cell.same(before[i], new[i]) { continue }
                    out.append(i)
                }
            }
        }
        return out
    }
}
