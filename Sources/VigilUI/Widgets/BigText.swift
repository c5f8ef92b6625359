/// Large digits for a shared screen: a 3x5 block font, optionally scaled, for numbers read from across a room.
enum BigText {
    static let glyphs: [Character: [String]] = [
        "0": ["███", "█ █", "█ █", "█ █", "███"], "1": [" █ ", "██ ", " █ ", " █ ", "███"],
        "2": ["███", "  █", "███", "█  ", "███"], "3": ["███", "  █", " ██", "  █", "███"],
        "4": ["█ █", "█ █", "███", "  █", "  █"], "5": ["███", "█  ", "███", "  █", "███"],
        "6": ["███", "█  ", "███", "█ █", "███"], "7": ["███", "  █", "  █", " █ ", " █ "],
        "8": ["███", "█ █", "███", "█ █", "███"], "9": ["███", "█ █", "███", "  █", "███"],
        "%": ["█ █", "  █", " █ ", "█  ", "█ █"], ".": ["   ", "   ", "   ", "   ", " █ "],
        "h": ["█  ", "█  ", "███", "█ █", "█ █"], "m": ["   ", "   ", "███", "███", "█ █"],
        "d": ["  █", "  █", "███", "█ █", "███"], "s": ["   ", "███", "██ ", " ██", "███"],
        "-": ["   ", "   ", "███", "   ", "   "], "—": ["   ", "   ", "███", "   ", "   "], " ": ["   ", "   ", "   ", "   ", "   "],
    ]

    static func height(scale: Int) -> Int { 5 * scale }

    static func width(_ text: String, scale: Int) -> Int {
        let n = text.filter { glyphs[$0] != nil }.count
        return n == 0 ? 0 : n * 4 * scale - scale
    }

    /// Draws `text` (characters without a glyph are skipped) with its top-left at (x, y).
    static func draw(_ text: String, into buffer: inout CellBuffer, x: Int, y: Int, scale: Int, style: Style) {
        var cx = x
        for ch in text {
            guard let rows = glyphs[ch] else { continue }
            for (r, row) in rows.enumerated() {
                for (c, cell) in row.enumerated() where cell == "█" {
                    for dy in 0..<scale {
                        for dx in 0..<scale {
                            buffer.put("█", x: cx + c * scale + dx, y: y + r * scale + dy, style: style)
                        }
                    }
                }
            }
            cx += 4 * scale
        }
    }
}
