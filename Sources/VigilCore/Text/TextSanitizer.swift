/// Makes untrusted text (DAG ids, error messages, log lines, notes) safe to draw, print or store.
///
/// A hostile string must not be able to move the cursor, clear the screen, set the clipboard (OSC 52),
/// plant hyperlinks (OSC 8), reorder what the operator reads (bidi overrides) or hide text
/// (zero-width characters). Everything from outside passes through here before reaching the screen: the console
/// (`clean`, `singleLine`), the command line's reports, and collectors writing messages into the store (`collapsed`).
/// Messages that quote the user's own file show its control characters instead (`escapingControls`).
public enum TextSanitizer {
    /// Removes escape sequences, controls, bidi and invisible characters; keeps newlines (as "\n").
    public static func clean(_ s: String) -> String {
        var scanner = EscapeScanner(s.unicodeScalars)
        var out = String.UnicodeScalarView()
        var sawJoiner = false
        while let scalar = scanner.next() {
            switch scalar.value {
            case 0x09: out.append(" ")
            case 0x0A, 0x85, 0x2028, 0x2029: out.append("\n")
            case 0x0D:
                // CR returns the carriage and lets later text overwrite earlier text; CRLF is one newline.
                if scanner.peek()?.value == 0x0A { _ = scanner.next() }
                out.append("\n")
            case 0x200D, 0xE0000...0xE007F:
                // Zero-width joiners and tags are only legitimate inside emoji sequences; decided per grapheme below.
                sawJoiner = true
                out.append(scalar)
            default:
                if !isRemoved(scalar) { out.append(scalar) }
            }
        }
        let result = String(out)
        return sawJoiner ? dropStrayJoiners(result) : result
    }

    /// Decodes bytes as UTF-8 (invalid sequences become U+FFFD), then cleans.
    public static func clean(bytes: [UInt8]) -> String {
        clean(String(decoding: bytes, as: UTF8.self))
    }

    /// Like `clean`, but on one line: line breaks become " ⏎ ", runs of them collapse to one marker,
    /// and leading/trailing line breaks disappear (a log message's final newline is noise).
    public static func singleLine(_ s: String) -> String {
        let lines = clean(s).split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count > 1 else { return lines.first.map(String.init) ?? "" }
        var parts: [Substring] = []
        for (i, line) in lines.enumerated() {
            var part = line
            // Spaces next to a break would double up with the marker's own spaces.
            if i > 0 { part = part.drop(while: { $0 == " " }) }
            if i < lines.count - 1 { while part.last == " " { part = part.dropLast() } }
            if !part.isEmpty { parts.append(part) }
        }
        return parts.joined(separator: " ⏎ ")
    }

    /// One bounded line for the store and logs (a source's last error, a check's message): `clean`, then every run of
    /// white space, line breaks included, becomes one space, with none at either end; longer than `limit` characters,
    /// it is cut to `limit - 1` and "…".
    public static func collapsed(_ s: String, limit: Int = 300) -> String {
        var out = ""
        var lastWasSpace = false
        for scalar in clean(s).unicodeScalars {
            if scalar.properties.isWhitespace {
                if !lastWasSpace && !out.isEmpty { out.append(" ") }
                lastWasSpace = true
            } else {
                out.unicodeScalars.append(scalar)
                lastWasSpace = false
            }
        }
        if out.hasSuffix(" ") { out.removeLast() }
        guard out.count > limit else { return out }
        return String(out.prefix(max(0, limit - 1))) + "…"
    }

    /// For messages that quote a user's file (a key, a value): a control character in them would be obeyed (an escape
    /// sequence clears the screen, a newline breaks the FILE:LINE: shape), so it is shown instead, as an escape:
    /// "\n", "\t", "\u{1B}" become `\n`, `\t`, `\u{1B}`; everything else is unchanged.
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

    /// True when `clean` would leave `s` as it is on one line (no controls, escapes, bidi, invisibles, joiners).
    /// Printable ASCII, most of what a console draws, is decided on its bytes.
    public static func isClean(_ s: String) -> Bool {
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return true }
        return !s.unicodeScalars.contains { scalar in
            isRemoved(scalar) || scalar.value == 0x200D || (0xE0000...0xE007F).contains(scalar.value)
                || scalar.value == 0x85 || scalar.value == 0x2028 || scalar.value == 0x2029
        }
    }

    /// Controls, bidi controls and invisible format characters that never reach the screen.
    static func isRemoved(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: return true       // remaining C0 and C1 controls
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true // bidi marks, embeddings, isolates
        case 0x00AD, 0x180E, 0x200B, 0x200C, 0x2060...0x2065, 0x206A...0x206F: return true // soft hyphen, zero-width
        case 0xFEFF, 0xFFF9...0xFFFB: return true         // BOM / ZWNBSP, interlinear annotations
        default: return false
        }
    }

    /// Keeps ZWJ and tag characters only in graphemes that start with an emoji (family, flag-of-England sequences).
    static func dropStrayJoiners(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for ch in s {
            let first = ch.unicodeScalars.first!
            let emojiLed = first.value > 0x7F && first.properties.isEmoji
            for scalar in ch.unicodeScalars {
                let isJoiner = scalar.value == 0x200D || (0xE0000...0xE007F).contains(scalar.value)
                if !isJoiner || emojiLed { out.append(scalar) }
            }
        }
        return String(out)
    }
}
