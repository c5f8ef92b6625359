/// The wide characters that draw one cell, made safe for `setcchar`.
public enum GlyphText {
    /// ncurses keeps at most this many wide characters per cell (CCHARW_MAX).
    static let maxScalars = 5

    /// - Parameters:
    ///   - grapheme: the cell's text.
    ///   - columns: the columns the buffer gave it (1 or 2).
    ///   - width: the terminal library's width of a scalar (`wcwidth`).
    /// - Returns: null-terminated wide characters and whether a space must be written after
    ///   them because the terminal will draw the glyph narrower than the buffer measured.
    ///   When the terminal would draw it wider, "?" is drawn instead so columns stay aligned.
    public static func make(_ grapheme: String, columns: Int, width: (UInt32) -> Int) -> (chars: [Int32], padSpace: Bool) {
        let scalars = Array(grapheme.unicodeScalars)
        guard let first = scalars.first else { return (terminated([0x20]), columns == 2) }
        if isControl(first.value) { return (terminated([0x3F]), columns == 2) }
        let w = width(first.value)
        if w <= 0 || w > columns { return (terminated([0x3F]), columns == 2) }
        // Only zero-width marks may follow the spacing character in one cchar_t.
        var chars: [Int32] = [Int32(bitPattern: first.value)]
        for s in scalars.dropFirst() where chars.count < maxScalars && width(s.value) == 0 && !isControl(s.value) {
            chars.append(Int32(bitPattern: s.value))
        }
        return (terminated(chars), w < columns)
    }

    static func isControl(_ v: UInt32) -> Bool { v < 0x20 || (0x7F..<0xA0).contains(v) }

    private static func terminated(_ chars: [Int32]) -> [Int32] { chars + [0] }
}
