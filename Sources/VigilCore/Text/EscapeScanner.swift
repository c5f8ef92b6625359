/// Yields the scalars of a string with every terminal escape sequence removed, payload included:
/// CSI (ESC [ or U+009B ... final byte), OSC (ESC ] or U+009D ... BEL or ST), DCS/SOS/PM/APC
/// (ESC P/X/^/_ or U+0090/0098/009E/009F ... ST) and short ESC sequences (ESC, intermediates, final).
/// A sequence cut off by the end of the string is dropped up to the end, as a terminal would swallow it.
struct EscapeScanner {
    private let scalars: [Unicode.Scalar]
    private var index = 0

    init(_ view: String.UnicodeScalarView) { scalars = Array(view) }

    func peek() -> Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    mutating func next() -> Unicode.Scalar? {
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            switch scalar.value {
            case 0x1B: skipAfterEscape()
            case 0x9B: skipControlSequence()
            case 0x9D: skipString(bellEnds: true)
            case 0x90, 0x98, 0x9E, 0x9F: skipString(bellEnds: false)
            default: return scalar
            }
        }
        return nil
    }

    private mutating func skipAfterEscape() {
        guard let introducer = peek() else { return }
        switch introducer {
        case "[": index += 1; skipControlSequence()
        case "]": index += 1; skipString(bellEnds: true)
        case "P", "X", "^", "_": index += 1; skipString(bellEnds: false)
        default:
            // nF / Fp / Fe / Fs: optional intermediates (0x20-0x2F) then one final byte (0x30-0x7E).
            var i = index
            while i < scalars.count, (0x20...0x2F).contains(scalars[i].value) { i += 1 }
            if i < scalars.count, (0x30...0x7E).contains(scalars[i].value) {
                index = i + 1
            } else if i == scalars.count {
                index = i  // truncated sequence: swallow it
            }
            // Otherwise (ESC before a non-ASCII char or a control) only the ESC goes.
        }
    }

    /// Parameters 0x30-0x3F and intermediates 0x20-0x2F up to a final byte 0x40-0x7E.
    /// Anything else ends the sequence early and is processed as ordinary input, as xterm does.
    private mutating func skipControlSequence() {
        while index < scalars.count {
            let v = scalars[index].value
            if (0x40...0x7E).contains(v) { index += 1; return }
            guard (0x20...0x3F).contains(v) else { return }
            index += 1
        }
    }

    /// A string payload ends at ST (ESC \ or U+009C), or BEL for OSC; its content is never shown.
    private mutating func skipString(bellEnds: Bool) {
        while index < scalars.count {
            let v = scalars[index].value
            index += 1
            if v == 0x9C || (bellEnds && v == 0x07) { return }
            if v == 0x1B {
                if peek() == "\\" { index += 1 }
                // A stray ESC also aborts the string in xterm; whatever follows it starts afresh.
                else { index -= 1 }
                return
            }
        }
    }
}
