/// The words a theme file may use for colours and attributes.
enum ThemeColorSyntax {
    static let colorNames = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    static let attributeNames: [(String, TextAttributes)] = [
        ("bold", .bold), ("dim", .dim), ("reverse", .reverse), ("underline", .underline), ("italic", .italic),
    ]

    static let colorHint = "a colour is default, a name (\(colorNames.joined(separator: " "))), "
        + "bright-NAME, an index 0-255, or \"#rrggbb\" (quoted)"

    /// nil when the text is not a colour.
    static func parseColor(_ raw: String) -> ThemeColor? {
        let text = raw.lowercased()
        if text == "default" { return .terminalDefault }
        if let i = colorNames.firstIndex(of: text) { return .indexed(UInt8(i)) }
        if text.hasPrefix("bright-"), let i = colorNames.firstIndex(of: String(text.dropFirst(7))) {
            return .indexed(UInt8(8 + i))
        }
        if text.allSatisfy(\.isASCII), let n = Int(text), (0...255).contains(n) { return .indexed(UInt8(n)) }
        if text.hasPrefix("#"), text.count == 7 {
            let hex = text.dropFirst()
            guard hex.allSatisfy(\.isHexDigit), let v = UInt32(hex, radix: 16) else { return nil }
            return .rgb(UInt8(v >> 16), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF))
        }
        return nil
    }

    static func parseAttribute(_ raw: String) -> TextAttributes? {
        attributeNames.first { $0.0 == raw.lowercased() }?.1
    }
}
