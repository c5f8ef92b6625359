import CNcursesw
import VigilUI
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The ncurses backend: owns the terminal from `init` until `shutdown`.
/// Not thread-safe: create, flush, read and shut down from one thread.
public final class NcursesTerminal {
    let window: UnsafeMutablePointer<WINDOW>
    var theme: Theme
    let mapper: ColorMapper
    var pairs: ColorPairTable
    /// Resolved attributes and pair per style, valid for the current theme.
    var looks: [Style: (attributes: attr_t, pair: Int32)] = [:]
    /// The frame ncurses currently holds; nil forces a full repaint.
    var lastFlushed: CellBuffer?
    private var isShutDown = false
    /// Whether this terminal installed the signal guards (and must restore them).
    private let ownsSignals: Bool
    public let capabilities: TerminalCapabilities

    /// Fails fast, before ncurses is touched (ncurses on a pipe or TERM=dumb garbles output).
    public static func checkUsable(environment: [String: String]) throws(TerminalError) {
        try TerminalPreflight.check(environment: environment, stdinIsTTY: isatty(0) == 1, stdoutIsTTY: isatty(1) == 1)
    }

    public convenience init(theme: Theme) throws {
        let term = getenv("TERM").map { String(cString: $0) } ?? ""
        try Self.checkUsable(environment: ["TERM": term])
        TerminalLocale.activate()
        SignalGuards.install()
        guard vigil_newterm() != nil, let win = vigil_stdscr() else {
            SignalGuards.restore()
            throw TerminalError.initFailed("ncurses does not know the terminal type TERM=\(term)")
        }
        self.init(window: win, theme: theme, ownsSignals: true)
    }

    /// A terminal of type `type` whose output goes to /dev/null, sized `width` x `height`: ncurses does all its
    /// work (diffing, escape sequences, stdio writes) with no screen to show it. For benchmarks of the flush.
    public static func offscreen(theme: Theme, type: String = "xterm-256color", width: Int, height: Int) throws -> NcursesTerminal {
        TerminalLocale.activate()
        guard let out = fopen("/dev/null", "w"), let input = fopen("/dev/null", "r") else {
            throw TerminalError.initFailed("cannot open /dev/null")
        }
        guard newterm(type, out, input) != nil, let win = vigil_stdscr() else {
            throw TerminalError.initFailed("ncurses does not know the terminal type \(type)")
        }
        resizeterm(Int32(height), Int32(width))
        let terminal = NcursesTerminal(window: win, theme: theme, ownsSignals: false)
        terminal.setTheme(theme)
        return terminal
    }

    private init(window win: UnsafeMutablePointer<WINDOW>, theme: Theme, ownsSignals: Bool) {
        self.ownsSignals = ownsSignals
        window = win
        cbreak()
        noecho()
        nonl()
        keypad(win, true)
        intrflush(win, false)
        scrollok(win, false)      // writing the bottom-right cell must never scroll
        leaveok(win, true)        // the cursor is hidden, so ncurses need not move it back
        set_escdelay(25)
        KeyAliases.install()
        curs_set(0)

        var colors = 0
        var defaults = false
        if has_colors() {
            start_color()
            defaults = use_default_colors() == OK
            colors = Int(vigil_colors())
        }
        mapper = ColorMapper(depth: ColorDepth(colors: colors), hasDefaultColors: defaults)
        pairs = ColorPairTable(capacity: colors > 0 ? Int(vigil_color_pairs()) : 1)

        let granted = mousemask(MouseDecoder.mask, nil)
        mouseinterval(0)          // report presses at once instead of waiting to build clicks
        capabilities = TerminalCapabilities(colors: colors, hasMouse: granted != 0 && has_mouse())
        self.theme = theme
    }

    deinit { shutdown() }

    public func size() -> (width: Int, height: Int) {
        (Int(getmaxx(window)), Int(getmaxy(window)))
    }

    /// Colour pairs are handed out afresh for the new theme; the next flush repaints everything.
    public func setTheme(_ theme: Theme) {
        self.theme = theme
        pairs = ColorPairTable(capacity: capabilities.colors > 0 ? Int(vigil_color_pairs()) : 1)
        looks = [:]
        lastFlushed = nil
    }

    /// True once SIGINT, SIGTERM or SIGHUP arrived.
    public var quitRequested: Bool { SignalGuards.quitRequested }

    /// Gives the terminal back: mouse tracking off, cursor visible, normal screen. Safe to call twice.
    public func shutdown() {
        guard !isShutDown else { return }
        isShutDown = true
        mousemask(0, nil)
        curs_set(1)
        // A second endwin would clobber whatever was printed after the first.
        if !isendwin() { endwin() }
        if ownsSignals { SignalGuards.restore() }
    }

    var isActive: Bool { !isShutDown }
}
