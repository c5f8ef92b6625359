/// What the running terminal can do, as ncurses reports it after start-up.
public struct TerminalCapabilities: Sendable, Equatable {
    /// Colours available (0 when the terminal has none).
    public var colors: Int
    public var hasMouse: Bool

    public init(colors: Int, hasMouse: Bool) {
        self.colors = colors
        self.hasMouse = hasMouse
    }
}
