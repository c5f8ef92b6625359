import VigilCore

/// A theme problem, phrased so the user can fix the file: where, what, and what would be valid.
/// e.g. "themes/foo.yaml: unknown role 'titel' (line 7); known roles: base, dim, ..."
public struct ThemeError: Error, Equatable, CustomStringConvertible {
    /// The file (or theme name) the problem is in.
    public var source: String
    public var line: Int?
    public var message: String
    /// What would have been valid, when there is a short list.
    public var hint: String?

    public init(source: String, line: Int? = nil, message: String, hint: String? = nil) {
        self.source = source
        self.line = line
        self.message = message
        self.hint = hint
    }

    public var description: String {
        var text = "\(source): \(message)"
        if let line { text += " (line \(line))" }
        if let hint { text += "; \(hint)" }
        // It quotes the file: a control character in a key or value is shown, never sent to the terminal.
        return TextSanitizer.escapingControls(text)
    }
}
