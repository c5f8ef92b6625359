/// The `?` overlay: the bindings of the view it was opened on (from the bindings table), with why a key is off.
enum HelpOverlay {
    /// How the help sits in a body of `height` x `width`: one column when it fits (blank lines between sections go
    /// first); two columns when the terminal is wide enough for both to keep their descriptions whole; otherwise
    /// one column of whole descriptions, scrolled from `scroll` (at 80x24 two columns cut every description short).
    struct Plan {
        var columns: [[Line]]
        var scroll = 0
        /// Lines in all, when scrolled.
        var total = 0
        var scrolls: Bool { total > 0 }
    }

    static func plan(height: Int, width: Int, state: ConsoleState) -> Plan {
        var lines = self.lines(keyWidth: 20, state: state)
        if lines.count + 2 <= height { return Plan(columns: [lines]) }
        lines.removeAll { $0.isEmpty }
        if lines.count + 2 <= height { return Plan(columns: [lines]) }
        let compact = self.lines(keyWidth: 13, state: state).filter { !$0.isEmpty }
        let half = (compact.count + 1) / 2
        let widest = compact.map { $0.reduce(0) { $0 + DisplayWidth.of($1.text) } }.max() ?? 0
        if half + 2 <= height, 2 * (widest + 1) + 4 <= width - 4 {
            return Plan(columns: [Array(compact.prefix(half)), Array(compact.dropFirst(half))])
        }
        // Whole descriptions, wrapped in the box's width; a line under them says where the view is.
        let boxWidth = min(width - 4, 110)
        lines = self.lines(keyWidth: 20, wrap: boxWidth - 4 - 23, state: state).filter { !$0.isEmpty }
        let visible = max(1, height - 3)
        let scroll = max(0, min(state.helpScroll, lines.count - visible))
        return Plan(columns: [Array(lines[scroll..<min(lines.count, scroll + visible)])], scroll: scroll, total: lines.count)
    }

    /// How far ↓ can scroll the help in a body of that size (0 when it is not scrolled).
    static func maxScroll(height: Int, width: Int, state: ConsoleState) -> Int {
        let p = plan(height: height, width: width, state: state)
        return p.scrolls ? max(0, p.total - max(1, height - 3)) : 0
    }

    static func draw(into buffer: inout CellBuffer, area: Rect, state: ConsoleState) {
        let plan = self.plan(height: area.height, width: area.width, state: state)
        let columns = plan.columns
        let rows = (columns.map(\.count).max() ?? 0) + (plan.scrolls ? 1 : 0)
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
        if plan.scrolls, let shown = columns.first?.count {
            let more = (plan.scroll > 0 ? "↑" : " ") + (plan.scroll + shown < plan.total ? "↓" : " ")
            let where_ = "\(more) lines \(plan.scroll + 1)-\(plan.scroll + shown) of \(plan.total); ↑ ↓ PgUp PgDn scroll"
            buffer.put(where_, x: box.x + 2, y: box.maxY - 2, style: Style(.dim, [], background: .overlay), maxWidth: box.width - 4)
        }
    }

    /// The help's lines. With `wrap`, descriptions (and why a key is off) wrap at that width under their own column
    /// instead of being cut.
    static func lines(keyWidth: Int, wrap: Int? = nil, state: ConsoleState) -> [Line] {
        var lines: [Line] = []
        let indent = String(repeating: " ", count: keyWidth + 3)
        func wrapped(_ text: String, _ width: Int?) -> [String] { width.map { TextWrap.lines(text, width: max(10, $0), maxLines: 4) } ?? [text] }
        for section in Bindings.helpSections(state) {
            // A reason every key of the section shares (a read-only console) is said once, on its title.
            let reasons = Set(section.rows.map(\.disabled))
            let shared = reasons.count == 1 ? reasons.first! : nil
            var title: Line = [Span(section.title, Style(.title, .bold))]
            if let shared {
                let off = wrapped("off: " + shared, wrap.map { $0 + keyWidth + 1 })
                if wrap == nil { title.append(Span("  " + off[0], Style(.dim, [], background: .overlay))) }
                lines.append(title)
                if wrap != nil { lines += off.map { [Span("  " + $0, Style(.dim, [], background: .overlay))] } }
            } else {
                lines.append(title)
            }
            for row in section.rows {
                let keyStyle = Style(row.disabled == nil ? .footerKey : .dim, .bold, background: .overlay)
                let helpStyle = row.disabled == nil ? Style(.overlay) : Style(.dim, [], background: .overlay)
                let help = wrapped(row.help, wrap)
                var line: Line = [Span("  " + row.keys.fitted(to: keyWidth) + " ", keyStyle), Span(help[0], helpStyle)]
                let why = row.disabled.flatMap { shared == nil ? "(off: " + $0 + ")" : nil }
                if let why, wrap == nil { line.append(Span("  " + why, Style(.dim, [], background: .overlay))) }
                lines.append(line)
                for more in help.dropFirst() { lines.append([Span(indent, helpStyle), Span(more, helpStyle)]) }
                if let why, wrap != nil {
                    lines += wrapped(why, wrap).map { [Span(indent, helpStyle), Span($0, Style(.dim, [], background: .overlay))] }
                }
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
