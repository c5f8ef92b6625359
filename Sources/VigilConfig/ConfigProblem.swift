import VigilCore

/// One thing wrong with a config file, located well enough to fix it without reading the parser.
public struct ConfigProblem: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// 1-based; nil when the problem is the file as a whole (missing, unreadable).
    public var line: Int?
    public var column: Int?
    /// Path of the offending field, like "sources[1].interval"; empty for the whole document.
    public var field: String
    public var message: String
    public var hint: String?

    public init(file: String, line: Int? = nil, column: Int? = nil, field: String = "", message: String,
                hint: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.message = message
        self.hint = hint
    }

    /// `FILE:LINE: FIELD: message (hint)`, the shape editors and CI logs turn into links.
    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        text += ": "
        if !field.isEmpty { text += "\(field): " }
        text += message
        if let hint { text += " (\(hint))" }
        // Messages quote the file: a tab or escape sequence in a key is shown, never sent to the terminal.
        return TextSanitizer.escapingControls(text)
    }
}

/// Thrown when a config has problems; carries all of them, in file order.
public struct InvalidConfiguration: Error, Sendable, Equatable, CustomStringConvertible {
    public var problems: [ConfigProblem]

    public init(problems: [ConfigProblem]) { self.problems = problems }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
