/// Selection and scroll position of a list. Only the rows in `visibleRange` are ever built into cells.
public struct ListState: Sendable, Equatable {
    public var selected: Int = 0
    public var offset: Int = 0

    public init(selected: Int = 0, offset: Int = 0) {
        self.selected = selected
        self.offset = offset
    }

    /// Keeps selection inside [0, count) and the selected row inside the viewport of `height` rows.
    public mutating func clamp(count: Int, height: Int) {
        guard count > 0 else { selected = 0; offset = 0; return }
        selected = min(max(0, selected), count - 1)
        let h = max(1, height)
        if selected < offset { offset = selected }
        if selected >= offset + h { offset = selected - h + 1 }
        offset = min(max(0, offset), max(0, count - h))
    }

    public mutating func move(by delta: Int, count: Int, height: Int) {
        selected += delta
        clamp(count: count, height: height)
    }

    /// Scrolls the viewport (mouse wheel) and drags the selection along when it leaves the view.
    public mutating func scroll(by delta: Int, count: Int, height: Int) {
        let h = max(1, height)
        offset = min(max(0, offset + delta), max(0, count - h))
        if selected < offset { selected = offset }
        if selected >= offset + h { selected = offset + h - 1 }
        clamp(count: count, height: height)
    }

    public func visibleRange(count: Int, height: Int) -> Range<Int> {
        let start = min(offset, count)
        return start..<min(count, start + max(0, height))
    }
}
