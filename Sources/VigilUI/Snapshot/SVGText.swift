/// Text handling for SVG output.
public enum SVGText {
    /// XML-escapes text; characters XML 1.0 forbids (controls) become U+FFFD so the file always parses.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default:
                let v = scalar.value
                let allowed = v == 0x09 || v == 0x0A || v == 0x0D || (v >= 0x20 && v != 0xFFFE && v != 0xFFFF)
                out.unicodeScalars.append(allowed ? scalar : "\u{FFFD}")
            }
        }
        return out
    }

    /// One column, one BMP scalar: SVG's per-character x positions apply to it unambiguously.
    static func isSimple(_ grapheme: String, width: UInt8) -> Bool {
        guard width == 1 else { return false }
        let scalars = grapheme.unicodeScalars
        return scalars.count == 1 && scalars.first!.value <= 0xFFFF
    }
}
