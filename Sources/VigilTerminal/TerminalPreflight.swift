/// The checks made before ncurses is touched, kept pure so they can be tested without a TTY.
public enum TerminalPreflight {
    public static func check(environment: [String: String], stdinIsTTY: Bool, stdoutIsTTY: Bool) throws(TerminalError) {
        guard stdinIsTTY, stdoutIsTTY else { throw .notATerminal }
        let term = environment["TERM"] ?? ""
        if term.allSatisfy({ $0 == " " || $0 == "\t" }) || term == "dumb" { throw .dumbTerminal }
    }
}
