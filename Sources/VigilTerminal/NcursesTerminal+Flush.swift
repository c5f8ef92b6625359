import CNcursesw
import VigilUI

extension NcursesTerminal {
    /// Writes the cells that changed since the last flush, then one refresh so ncurses
    /// sends the minimal update. After a resize or theme change everything is repainted.
    public func flush(_ buffer: CellBuffer) {
        guard isActive else { return }
        let (width, height) = size()
        if lastFlushed == nil || lastFlushed?.width != buffer.width || lastFlushed?.height != buffer.height {
            lastFlushed = nil
            werase(window)
            clearok(window, true)
        }
        // Neighbouring cells mostly share a style: resolve it once per run of them, not once per cell.
        var last: (style: Style, look: (attributes: attr_t, pair: Int32))?
        let changed = FrameDiff.changed(previous: lastFlushed, next: buffer)
        buffer.cells.withUnsafeBufferPointer { cells in
            for i in changed {
                let x = i % buffer.width, y = i / buffer.width
                guard x < width, y < height else { continue }
                let style = cells[i].style
                let look = last.flatMap { $0.style == style ? $0.look : nil } ?? self.look(for: style)
                last = (style, look)
                write(cells[i], look: look, x: x, y: y, screenWidth: width, screenHeight: height)
            }
        }
        lastFlushed = buffer
        wrefresh(window)
    }

    private func write(_ cell: Cell, look: (attributes: attr_t, pair: Int32), x: Int, y: Int, screenWidth: Int, screenHeight: Int) {
        // A wide glyph cut by the screen edge, or a stray continuation cell, draws as a blank.
        let columns = Int(cell.width)
        let fits = columns >= 1 && x + columns <= screenWidth
        // Almost every cell is one scalar the terminal draws as wide as the buffer measured it: no allocation then
        // (a full-screen change writes every cell; GlyphText's arrays were about 40% of such a flush).
        var scalars = cell.grapheme.unicodeScalars.makeIterator()
        if fits, let only = scalars.next(), scalars.next() == nil, !GlyphText.isControl(only.value),
           only.value < 0x7F ? columns == 1 : Int(wcwidth(wchar_t(bitPattern: only.value))) == columns {
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: 2) { chars in
                chars[0] = Int32(bitPattern: only.value)
                chars[1] = 0
                put(UnsafePointer(chars.baseAddress!), look: look, x: x, y: y, columns: columns, screenWidth: screenWidth, screenHeight: screenHeight)
            }
            return
        }
        let text = fits
            ? GlyphText.make(cell.grapheme, columns: columns, width: { Int(wcwidth(wchar_t(bitPattern: $0))) })
            : (chars: [0x20, 0] as [Int32], padSpace: false)
        text.chars.withUnsafeBufferPointer {
            put($0.baseAddress!, look: look, x: x, y: y, columns: fits ? columns : 1, screenWidth: screenWidth, screenHeight: screenHeight)
        }
        if text.padSpace {
            let space: [Int32] = [0x20, 0]
            space.withUnsafeBufferPointer {
                put($0.baseAddress!, look: look, x: x + 1, y: y, columns: 1, screenWidth: screenWidth, screenHeight: screenHeight)
            }
        }
    }

    /// `chars`: null-terminated wide characters.
    private func put(_ chars: UnsafePointer<Int32>, look: (attributes: attr_t, pair: Int32), x: Int, y: Int, columns: Int,
                     screenWidth: Int, screenHeight: Int) {
        var cc = cchar_t()
        var pair = look.pair
        guard setcchar(&cc, chars, look.attributes, 0, &pair) == OK else { return }
        if y == screenHeight - 1 && x + columns >= screenWidth {
            // Adding at the bottom-right moves the cursor past the end; inserting does not.
            mvwins_wch(window, Int32(y), Int32(x), &cc)
        } else {
            mvwadd_wch(window, Int32(y), Int32(x), &cc)
        }
    }

    /// Resolves a style through the theme once, allocating its colour pair on first use.
    private func look(for style: Style) -> (attributes: attr_t, pair: Int32) {
        if let known = looks[style] { return known }
        let role = theme.resolve(style)
        let colors = ColorPairTable.Colors(
            foreground: mapper.number(for: role.foreground, isBackground: false),
            background: mapper.number(for: role.background, isBackground: true))
        let (pair, isNew) = pairs.pair(for: colors)
        if isNew { init_extended_pair(pair, colors.foreground, colors.background) }
        let look = (attributes: Self.attributes(role.attributes), pair: pair)
        looks[style] = look
        return look
    }

    static func attributes(_ a: TextAttributes) -> attr_t {
        var out = attr_t(A_NORMAL)
        if a.contains(.bold) { out |= vigil_a_bold() }
        if a.contains(.dim) { out |= vigil_a_dim() }
        if a.contains(.reverse) { out |= vigil_a_reverse() }
        if a.contains(.underline) { out |= vigil_a_underline() }
        if a.contains(.italic) { out |= vigil_a_italic() }
        return out
    }
}

extension NcursesTerminal {
    /// Tells ncurses the screen is now `width` x `height` (an offscreen terminal has no SIGWINCH);
    /// the next flush repaints everything.
    public func resize(width: Int, height: Int) {
        guard isActive else { return }
        resizeterm(Int32(height), Int32(width))
        lastFlushed = nil
    }
}
