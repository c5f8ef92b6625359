/// The first line of a pane: what it lists, how many, and the active filter.
enum SectionTitle {
    static func draw(into buffer: inout CellBuffer, area: Rect, title: String, shown: Int, total: Int, filter: String, note: String? = nil) {
        var line: Line = [Span(" " + title, Style(.title, .bold))]
        line.append(Span(shown == total ? "  \(total)" : "  \(shown) of \(total)", .dim))
        if !filter.isEmpty { line.append(Span("  filter “\(filter)”", .prompt)) }
        if let note { line.append(Span("  " + note, .dim)) }
        buffer.put(line: line, x: area.x, y: area.y, maxWidth: area.width)
    }
}

/// Label/value pairs drawn on one line: "label value  label value".
enum Facts {
    static func line(_ pairs: [(String, Span)]) -> Line {
        var line: Line = [Span(" ")]
        for (label, value) in pairs {
            line.append(Span(label + " ", .dim))
            line.append(value)
            line.append(Span("  "))
        }
        return line
    }
}
