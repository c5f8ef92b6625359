/// Word wrap by display width, for text shown under itself (timeline entries, notes).
public enum TextWrap {
    /// Splits `text` into lines of at most `width` columns, breaking at spaces where it can; the last allowed
    /// line ends in "…" when text is left over.
    public static func lines(_ text: String, width: Int, maxLines: Int) -> [String] {
        guard width > 0, maxLines > 0 else { return [] }
        var result: [String] = []
        var current = ""
        var currentWidth = 0
        for word in text.split(separator: " ", omittingEmptySubsequences: false).map(String.init) {
            let w = DisplayWidth.of(word)
            let needed = current.isEmpty ? w : currentWidth + 1 + w
            if needed <= width {
                current += current.isEmpty ? word : " " + word
                currentWidth = needed
                continue
            }
            if !current.isEmpty { result.append(current) }
            // A word longer than a line is cut into pieces.
            var rest = word
            while DisplayWidth.of(rest) > width {
                var piece = "", pw = 0
                while let ch = rest.first, pw + DisplayWidth.of(ch) <= width { piece.append(ch); pw += DisplayWidth.of(ch); rest.removeFirst() }
                if piece.isEmpty { break }
                result.append(piece)
            }
            current = rest
            currentWidth = DisplayWidth.of(rest)
        }
        if !current.isEmpty || result.isEmpty { result.append(current) }
        if result.count > maxLines {
            var kept = Array(result.prefix(maxLines))
            var last = kept[maxLines - 1]
            while !last.isEmpty && DisplayWidth.of(last) > width - 1 { last.removeLast() }
            kept[maxLines - 1] = last + "…"
            return kept
        }
        return result
    }
}
