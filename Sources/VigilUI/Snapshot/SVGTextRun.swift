/// Consecutive cells of one row drawn by one <text> element.
struct SVGTextRun {
    var start: Int
    var look: SVGLook?
    private(set) var graphemes: [String] = []

    init(start: Int, look: SVGLook?) {
        self.start = start
        self.look = look
    }

    /// The column after the run; only simple (one-column) graphemes are appended to multi-cell runs.
    var end: Int { start + graphemes.count }

    mutating func append(_ grapheme: String) { graphemes.append(grapheme) }

    /// The <text> element for the run (empty when there is nothing to draw), then an empty run.
    mutating func flush(y: Int) -> String {
        defer { graphemes = [] }
        guard let look, !graphemes.isEmpty else { return "" }
        let xs = graphemes.indices.map { SVGSnapshot.px((start + $0) * SVGSnapshot.cellWidthTenths) }
        var attrs = "x=\"\(xs.joined(separator: " "))\" y=\"\(y * SVGSnapshot.cellHeight + SVGSnapshot.baseline)\" "
            + "fill=\"\(look.foreground.hex)\""
        if look.bold { attrs += " font-weight=\"bold\"" }
        if look.italic { attrs += " font-style=\"italic\"" }
        if look.underline { attrs += " text-decoration=\"underline\"" }
        return "<text \(attrs)>\(SVGText.escape(graphemes.joined()))</text>\n"
    }
}
