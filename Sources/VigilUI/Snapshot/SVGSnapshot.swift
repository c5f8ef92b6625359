/// A self-contained SVG of a buffer as a terminal would show it with `theme`: for docs, bug reports
/// and `vigil snapshot --format svg`. Output is byte-for-byte deterministic (no dictionaries,
/// fixed-point coordinates), so snapshots can be committed and diffed.
public enum SVGSnapshot {
    /// Cell width in tenths of a pixel (8.4 px: DejaVu Sans Mono's advance at 14 px).
    static let cellWidthTenths = 84
    static let cellHeight = 17
    static let fontSize = 14
    /// Distance from a row's top to the text baseline.
    static let baseline = 13

    public static func render(_ buffer: CellBuffer, theme: Theme, title: String? = nil) -> String {
        let palette = SVGPalette(theme: theme)
        let width = px(buffer.width * cellWidthTenths), height = buffer.height * cellHeight
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" viewBox="0 0 \(width) \(height)" \
            font-family="DejaVu Sans Mono, monospace" font-size="\(fontSize)" xml:space="preserve">

            """
        if let title { out += "<title>\(SVGText.escape(title))</title>\n" }
        out += "<rect width=\"\(width)\" height=\"\(height)\" fill=\"\(palette.canvasBackground.hex)\"/>\n"
        out += "<g shape-rendering=\"crispEdges\">\n"
        for y in 0..<buffer.height { out += backgroundRects(buffer, row: y, palette: palette) }
        out += "</g>\n<g>\n"
        for y in 0..<buffer.height { out += textRuns(buffer, row: y, palette: palette) }
        out += "</g>\n</svg>\n"
        return out
    }

    /// One rect per run of cells sharing a background other than the canvas.
    static func backgroundRects(_ buffer: CellBuffer, row y: Int, palette: SVGPalette) -> String {
        var out = ""
        var x = 0
        while x < buffer.width {
            let bg = palette.look(of: buffer[x, y].style).background
            var end = x + 1
            while end < buffer.width, palette.look(of: buffer[end, y].style).background == bg { end += 1 }
            if bg != palette.canvasBackground {
                out += "<rect x=\"\(px(x * cellWidthTenths))\" y=\"\(y * cellHeight)\" "
                    + "width=\"\(px((end - x) * cellWidthTenths))\" height=\"\(cellHeight)\" fill=\"\(bg.hex)\"/>\n"
            }
            x = end
        }
        return out
    }

    /// Text grouped into runs of one style; every character gets an explicit x so columns stay exact
    /// whatever font the viewer substitutes. Graphemes that are wide or made of several scalars get
    /// their own element, since SVG's per-character x would split them.
    static func textRuns(_ buffer: CellBuffer, row y: Int, palette: SVGPalette) -> String {
        var out = ""
        var run = SVGTextRun(start: 0, look: nil)
        for x in 0..<buffer.width {
            let cell = buffer[x, y]
            guard cell.width > 0 else { continue }
            let look = palette.look(of: cell.style)
            if cell.grapheme == " " && !look.underline {
                out += run.flush(y: y)
                continue
            }
            if SVGText.isSimple(cell.grapheme, width: cell.width) {
                if run.look != look || run.end != x { out += run.flush(y: y); run = SVGTextRun(start: x, look: look) }
                run.append(cell.grapheme)
            } else {
                out += run.flush(y: y)
                var single = SVGTextRun(start: x, look: look)
                single.append(cell.grapheme)
                out += single.flush(y: y)
            }
        }
        out += run.flush(y: y)
        return out
    }

    /// Tenths of a pixel as an SVG number: "16.8", "42".
    static func px(_ tenths: Int) -> String {
        tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(tenths % 10)"
    }
}
