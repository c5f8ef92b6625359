/// The `?` overlay: the bindings of the view it was opened on (from the bindings table), with why a key is off.
enum HelpOverlay {
    static func draw(into buffer: inout CellBuffer, area: Rect, state: ConsoleState) {
        var lines = self.lines(keyWidth: 20, state: state)
        // On a short terminal the blank lines between sections go first; if it still does not fit, two columns
        // with a narrower key column, so every binding stays visible at 80x24.
        if lines.count + 2 > area.height { lines.removeAll { $0.isEmpty } }
        var columns = [lines]
        if lines.count + 2 > area.height {
            let compact = self.lines(keyWidth: 13, state: state).filter { !$0.isEmpty }
            let half = (compact.count + 1) / 2
            columns = [Array(compact.prefix(half)), Array(compact.dropFirst(half))]
        }
        let rows = columns.map(\.count).max() ?? 0
        let width = min(area.width - 4, columns.count == 1 ? 110 : area.width - 4)
        let height = min(area.height, rows + 2)
        let box = Rect(x: area.x + (area.width - width) / 2, y: area.y + max(0, (area.height - height) / 2), width: width, height: height)
        Box.draw(into: &buffer, rect: box, title: "Keys", style: Style(.overlay))
        let columnWidth = (box.width - 4) / columns.count
        for (c, column) in columns.enumerated() {
            for (i, line) in column.prefix(height - 2).enumerated() {
                buffer.put(line: line.map { Span($0.text, Style($0.style.role, $0.style.attributes, background: .overlay)) },
                           x: box.x + 2 + c * columnWidth, y: box.y + 1 + i, maxWidth: columnWidth - 1)
            }
        }
    }

    static func lines(keyWidth: Int, state: ConsoleState) -> [Line] {
        var lines: [Line] = []
        for section in Bindings.helpSections(state) {
            // A reason every key of the section shares (a read-only console) is said once, on its title.
            let reasons = Set(section.rows.map(\.disabled))
            let shared = reasons.count == 1 ? reasons.first! : nil
            var title: Line = [Span(section.title, Style(.title, .bold))]
            if let shared { title.append(Span("  off: " + shared, Style(.dim, [], background: .overlay))) }
            lines.append(title)
            for row in section.rows {
                var line: Line = [Span("  " + row.keys.fitted(to: keyWidth) + " ", Style(row.disabled == nil ? .footerKey : .dim, .bold, background: .overlay)),
                                  Span(row.help, row.disabled == nil ? Style(.overlay) : Style(.dim, [], background: .overlay))]
                if let why = row.disabled, shared == nil { line.append(Span("  (off: " + why + ")", Style(.dim, [], background: .overlay))) }
                lines.append(line)
            }
            lines.append([])
        }
        lines.append([Span("any key closes this help; every key: README, Keys", .dim)])
        return lines
    }
}

/// A bordered box, filled, with an optional title in the top border.
enum Box {
    static func draw(into buffer: inout CellBuffer, rect: Rect, title: String?, style: Style) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        buffer.fill(rect, style: style)
        let border = Style(.border, [], background: style.role)
        for x in rect.x..<rect.maxX {
            buffer.put("─", x: x, y: rect.y, style: border)
            buffer.put("─", x: x, y: rect.maxY - 1, style: border)
        }
        for y in rect.y..<rect.maxY {
            buffer.put("│", x: rect.x, y: y, style: border)
            buffer.put("│", x: rect.maxX - 1, y: y, style: border)
        }
        buffer.put("┌", x: rect.x, y: rect.y, style: border)
        buffer.put("┐", x: rect.maxX - 1, y: rect.y, style: border)
        buffer.put("└", x: rect.x, y: rect.maxY - 1, style: border)
        buffer.put("┘", x: rect.maxX - 1, y: rect.maxY - 1, style: border)
        if let title {
            buffer.put(" \(title) ", x: rect.x + 2, y: rect.y, style: Style(.title, .bold, background: style.role), maxWidth: rect.width - 4)
        }
    }
}
