import VigilCore

/// One screen cell. A wide grapheme occupies its cell and a following continuation cell (`width == 0`).
public struct Cell: Sendable, Equatable {
    public var grapheme: String
    /// Display columns: 1 or 2 for a lead cell, 0 for the continuation of a wide grapheme.
    public var width: UInt8
    public var style: Style

    public init(_ grapheme: String = " ", width: UInt8 = 1, style: Style = .base) {
        self.grapheme = grapheme
        self.width = width
        self.style = style
    }

    public static let blank = Cell()

    /// Cells are equal when they look the same to the terminal: same width, style and bytes.
    public static func == (a: Cell, b: Cell) -> Bool { same(a, b) }

    @inline(__always)
    public static func same(_ a: Cell, _ b: Cell) -> Bool {
        a.width == b.width && a.style == b.style && sameText(a.grapheme, b.grapheme)
    }

    /// Byte equality, not Unicode's canonical equivalence: what is sent to the terminal is the bytes, and comparing
    /// non-ASCII graphemes canonically (every box, bar and block glyph) costs a normalisation pass per cell.
    @inline(__always)
    public static func sameText(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && a.utf8.elementsEqual(b.utf8)
    }
}

/// An in-memory screen that widgets draw into; backends (ncurses, text, SVG) read it.
/// Text is clipped by display width, never wrapped, so untrusted strings cannot break the layout.
public struct CellBuffer: Sendable, Equatable {
    public private(set) var width: Int
    public private(set) var height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public var area: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// Fills a rectangle with blanks in `style` (e.g. to paint a header bar).
    public mutating func fill(_ rect: Rect, style: Style = .base) {
        let x0 = max(0, rect.x), x1 = min(width, rect.maxX)
        let y0 = max(0, rect.y), y1 = min(height, rect.maxY)
        guard x0 < x1, y0 < y1 else { return }
        for y in y0..<y1 {
            for x in x0..<x1 { cells[y * width + x] = Cell(" ", width: 1, style: style) }
        }
    }

    /// Sets a style on existing cells without changing their text (e.g. the selection bar).
    public mutating func restyle(_ rect: Rect, _ transform: (inout Style) -> Void) {
        let x0 = max(0, rect.x), x1 = min(width, rect.maxX)
        let y0 = max(0, rect.y), y1 = min(height, rect.maxY)
        guard x0 < x1, y0 < y1 else { return }
        for y in y0..<y1 {
            for x in x0..<x1 { transform(&cells[y * width + x].style) }
        }
    }

    /// Writes text at (x, y), clipped to `maxWidth` columns and the buffer edge, on one line.
    /// Returns the number of columns written. A wide grapheme that does not fit is replaced by a space.
    /// Text that still holds controls, escape sequences, bidi or invisible characters is passed through
    /// `TextSanitizer.singleLine` here, so nothing a widget forgot to clean can reach a backend.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .base, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let text = TextSanitizer.isClean(text) ? text : TextSanitizer.singleLine(text)
        // Without maxWidth text may run to the right edge even when it starts left of column 0.
        let limit = maxWidth.map { min(width, x + $0) } ?? width
        var col = x
        for ch in text {
            let w = DisplayWidth.of(ch)
            if w == 0 {
                // Combining marks and other zero-width graphemes join the previous cell.
                if col > x, col - 1 >= 0, col - 1 < width { appendToPrevious(ch, col: col, y: y) }
                continue
            }
            if col + w > limit {
                if w == 2, col < limit, col >= 0 {
                    clearWide(at: col, y: y)
                    cells[y * width + col] = Cell(" ", width: 1, style: style)
                    col += 1
                }
                break
            }
            if col < 0, col + w > 0 {
                // A wide grapheme cut by the left edge: its visible half becomes a space.
                clearWide(at: 0, y: y)
                cells[y * width] = Cell(" ", width: 1, style: style)
            } else if col >= 0 {
                clearWide(at: col, y: y)
                cells[y * width + col] = Cell(String(ch), width: UInt8(w), style: style)
                if w == 2 {
                    clearWide(at: col + 1, y: y)
                    cells[y * width + col + 1] = Cell("", width: 0, style: style)
                }
            }
            col += w
        }
        return max(0, col - x)
    }

    /// The plain text of one row, continuation cells skipped.
    public func rowText(_ y: Int) -> String {
        var s = ""
        for x in 0..<width where cells[y * width + x].width > 0 { s += cells[y * width + x].grapheme }
        return s
    }

    private mutating func appendToPrevious(_ ch: Character, col: Int, y: Int) {
        var lead = col - 1
        if lead > 0, cells[y * width + lead].width == 0 { lead -= 1 }
        cells[y * width + lead].grapheme.append(ch)
    }

    /// Overwriting half of a wide grapheme blanks the other half, so no orphan half is ever flushed.
    private mutating func clearWide(at col: Int, y: Int) {
        guard col >= 0, col < width else { return }
        let cell = cells[y * width + col]
        if cell.width == 2, col + 1 < width {
            cells[y * width + col + 1] = Cell(" ", width: 1, style: cell.style)
        } else if cell.width == 0, col > 0 {
            cells[y * width + col - 1] = Cell(" ", width: 1, style: cells[y * width + col - 1].style)
        }
    }
}
