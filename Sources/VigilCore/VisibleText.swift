/// Messages that quote a user's file (a key, a value) are printed to a terminal: a control character in them would
/// be obeyed (an escape sequence clears the screen, a newline breaks the FILE:LINE: shape). They are shown instead.
public enum VisibleText {
    /// Control characters as escapes: "\n", "\t", "\u{1B}" -> `\n`, `\t`, `\u{1B}`; everything else unchanged.
    public static func escapingControls(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where isControl(scalar): out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .control
    }
}
