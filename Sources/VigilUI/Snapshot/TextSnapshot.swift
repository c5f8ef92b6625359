/// Plain-text rendering of a buffer for golden tests and `vigil snapshot --format text`.
public enum TextSnapshot {
    /// One line per row, continuation cells skipped, trailing spaces trimmed; every line ends with "\n".
    public static func render(_ buffer: CellBuffer) -> String {
        var out = ""
        for y in 0..<buffer.height {
            var line = buffer.rowText(y)
            while line.last == " " { line.removeLast() }
            out += line
            out += "\n"
        }
        return out
    }
}
