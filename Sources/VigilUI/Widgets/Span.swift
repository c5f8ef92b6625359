import VigilCore

/// A run of text in one style. Text from outside must be sanitised before it becomes a Span
/// (view models do this with `Span.untrusted`).
public struct Span: Sendable, Equatable {
    public var text: String
    public var style: Style

    public init(_ text: String, _ style: Style = .base) {
        self.text = text
        self.style = style
    }

    public init(_ text: String, _ role: StyleRole) {
        self.init(text, Style(role))
    }

    /// Text that came from a source (DAG ids, error messages, notes): one line, controls stripped.
    public static func untrusted(_ text: String, _ style: Style = .base) -> Span {
        Span(TextSanitizer.singleLine(text), style)
    }

    public var width: Int { DisplayWidth.of(text) }
}

/// A line made of spans, drawn left to right and clipped at the area's edge.
public typealias Line = [Span]

extension CellBuffer {
    /// Draws spans from (x, y), clipped to maxWidth columns; returns columns used.
    @discardableResult
    public mutating func put(line: Line, x: Int, y: Int, maxWidth: Int) -> Int {
        var used = 0
        for span in line where used < maxWidth {
            used += put(span.text, x: x + used, y: y, style: span.style, maxWidth: maxWidth - used)
        }
        return used
    }
}

extension String {
    /// Pads or clips to exactly `width` display columns; clipped text ends in "…".
    public func fitted(to width: Int, alignRight: Bool = false) -> String {
        guard width > 0 else { return "" }
        let w = DisplayWidth.of(self)
        if w <= width {
            let pad = String(repeating: " ", count: width - w)
            return alignRight ? pad + self : self + pad
        }
        var out = ""
        var used = 0
        for ch in self {
            let cw = DisplayWidth.of(ch)
            if used + cw > width - 1 { break }
            out.append(ch)
            used += cw
        }
        return out + "…" + String(repeating: " ", count: max(0, width - 1 - used))
    }
}
