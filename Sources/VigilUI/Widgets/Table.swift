/// A column of a table: a fixed width, or a share of what is left after fixed columns.
public struct Column: Sendable {
    public enum Width: Sendable { case fixed(Int), flex(Int) }
    public var title: String
    public var width: Width
    public var alignRight: Bool
    /// Narrow terminals drop columns with a higher `priority` number first (0 = never dropped).
    public var priority: Int

    public init(_ title: String, _ width: Width, alignRight: Bool = false, priority: Int = 0) {
        self.title = title
        self.width = width
        self.alignRight = alignRight
        self.priority = priority
    }
}

/// Draws a header line and the visible rows of a list; `row(i)` is asked only for visible rows.
public struct Table {
    public var columns: [Column]
    public var rowCount: Int
    public var row: (Int) -> [Line]
    public var emptyText: String
    /// Sort letters to underline in column titles and the sorted column's arrow (set by the console per view).
    public var sort: SortHeader?

    public struct SortHeader: Sendable, Equatable {
        public var letters: [String: Character]
        public var activeTitle: String?
        public var descending: Bool
    }

    public init(columns: [Column], rowCount: Int, emptyText: String = "Nothing to show.", row: @escaping (Int) -> [Line]) {
        self.columns = columns
        self.rowCount = rowCount
        self.emptyText = emptyText
        self.row = row
    }

    /// Rows available for data in `area` (one line is the column header).
    public static func bodyHeight(_ area: Rect) -> Int { max(0, area.height - 1) }

    /// Column widths for `width`, dropping low-priority columns until the fixed ones fit.
    public func layout(width: Int) -> [(index: Int, width: Int)] {
        var active = Array(columns.indices)
        func fixedSum(_ idx: [Int]) -> Int {
            idx.reduce(0) { sum, i in
                switch columns[i].width {
                case .fixed(let w): return sum + w + 1
                // A flexible column (a name) keeps 8 cells per share before other columns are dropped for it.
                case .flex(let share): return sum + 1 + 8 * share
                }
            }
        }
        while fixedSum(active) > width, let drop = active.filter({ columns[$0].priority > 0 })
                .max(by: { columns[$0].priority < columns[$1].priority }) {
            active.removeAll { $0 == drop }
        }
        let fixed = active.reduce(0) { sum, i in
            if case .fixed(let w) = columns[i].width { return sum + w }
            return sum
        } + max(0, active.count - 1)
        let flexShares = active.reduce(0) { sum, i in
            if case .flex(let s) = columns[i].width { return sum + s }
            return sum
        }
        var remaining = max(0, width - fixed)
        var result: [(Int, Int)] = []
        var flexSeen = 0
        for i in active {
            switch columns[i].width {
            case .fixed(let w): result.append((i, w))
            case .flex(let s):
                flexSeen += s
                let w = flexSeen == flexShares ? remaining : remaining * s / max(1, flexShares - flexSeen + s)
                remaining -= w
                result.append((i, w))
            }
        }
        return result
    }

    public func draw(into buffer: inout CellBuffer, area: Rect, state: ListState, focused: Bool = true) {
        guard !area.isEmpty else { return }
        // One column for the selection marker on the left, one for the scroll bar on the right.
        let cols = layout(width: area.width - 2)
        // Header line.
        buffer.fill(Rect(x: area.x, y: area.y, width: area.width, height: 1), style: Style(.columnHeader))
        var x = area.x + 1
        for (i, w) in cols {
            drawTitle(columns[i], into: &buffer, x: x, y: area.y, width: w)
            x += w + 1
        }
        let bodyHeight = Table.bodyHeight(area)
        guard rowCount > 0 else {
            buffer.put(emptyText, x: area.x + 2, y: area.y + 2, style: Style(.dim), maxWidth: area.width - 2)
            return
        }
        for rowIndex in state.visibleRange(count: rowCount, height: bodyHeight) {
            let y = area.y + 1 + rowIndex - state.offset
            let cells = row(rowIndex)
            let isSelected = rowIndex == state.selected
            if isSelected {
                buffer.fill(Rect(x: area.x, y: y, width: area.width, height: 1), style: Style(.selection))
                buffer.put(focused ? "▌" : " ", x: area.x, y: y, style: Style(.selection))
            }
            var cx = area.x + 1
            for (i, w) in cols {
                if i < cells.count {
                    var line = cells[i]
                    if columns[i].alignRight {
                        let used = line.reduce(0) { $0 + $1.width }
                        if used < w { line.insert(Span(String(repeating: " ", count: w - used)), at: 0) }
                    }
                    if isSelected { line = line.map { Span($0.text, Style($0.style.role, $0.style.attributes.union(.bold), background: .selection)) } }
                    buffer.put(line: clip(line, to: w), x: cx, y: y, maxWidth: w)
                }
                cx += w + 1
            }
        }
        drawScrollIndicator(into: &buffer, area: area, state: state, bodyHeight: bodyHeight)
    }

    /// A column title, its sort letter underlined and, on the sorted column, ▲ (ascending) or ▼.
    private func drawTitle(_ column: Column, into buffer: inout CellBuffer, x: Int, y: Int, width: Int) {
        var title = column.title
        if let sort, sort.activeTitle == column.title { title += sort.descending ? "▼" : "▲" }
        let text = title.fitted(to: width, alignRight: column.alignRight)
        buffer.put(text, x: x, y: y, style: Style(.columnHeader), maxWidth: width)
        guard let letter = sort?.letters[column.title], let offset = text.firstIndex(of: letter) else { return }
        let cell = DisplayWidth.of(String(text[..<offset]))
        guard cell < width else { return }
        buffer.put(String(letter), x: x + cell, y: y, style: Style(.columnHeader, .underline), maxWidth: 1)
    }

    /// Clips a line to `width` columns; the span that is cut ends in "…".
    private func clip(_ line: Line, to width: Int) -> Line {
        var out: Line = []
        var used = 0
        for span in line {
            let w = span.width
            if used + w <= width { out.append(span); used += w; continue }
            if width - used > 0 { out.append(Span(span.text.fitted(to: width - used), span.style)) }
            break
        }
        return out
    }

    private func drawScrollIndicator(into buffer: inout CellBuffer, area: Rect, state: ListState, bodyHeight: Int) {
        guard rowCount > bodyHeight, bodyHeight > 2 else { return }
        let x = area.maxX - 1
        let thumb = max(1, bodyHeight * bodyHeight / rowCount)
        let maxOffset = max(1, rowCount - bodyHeight)
        let top = (bodyHeight - thumb) * state.offset / maxOffset
        for i in 0..<bodyHeight {
            let inThumb = i >= top && i < top + thumb
            buffer.put(inThumb ? "┃" : "│", x: x, y: area.y + 1 + i, style: Style(inThumb ? .title : .border))
        }
    }
}

