/// Why the console cannot start; the messages point script users at `vigil status`.
public enum TerminalError: Error, CustomStringConvertible, Equatable {
    case notATerminal
    case dumbTerminal
    case initFailed(String)

    public var description: String {
        switch self {
        case .notATerminal:
            return "vigil console needs an interactive terminal (stdin/stdout is not a TTY); try `vigil status` for scripts"
        case .dumbTerminal:
            return "vigil console needs a real terminal type: TERM is unset or TERM=dumb cannot draw the console; "
                + "set TERM (e.g. xterm-256color) or use `vigil status` for plain output"
        case .initFailed(let reason):
            return "vigil console could not start the terminal: \(reason)"
        }
    }
}
