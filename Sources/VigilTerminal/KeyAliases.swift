import CNcursesw

/// Home/End sequences that terminfo often does not list: tmux and screen send `ESC[1~`/`ESC[4~`
/// even when TERM says xterm (whose entry expects `ESC OH`/`ESC OF`), rxvt sends `ESC[7~`/`ESC[8~`.
enum KeyAliases {
    static let sequences: [(String, Int32)] = [
        ("\u{1B}[1~", KEY_HOME), ("\u{1B}[4~", KEY_END),
        ("\u{1B}[7~", KEY_HOME), ("\u{1B}[8~", KEY_END),
        ("\u{1B}[H", KEY_HOME), ("\u{1B}[F", KEY_END),
        ("\u{1B}OH", KEY_HOME), ("\u{1B}OF", KEY_END),
    ]

    /// Binds each sequence ncurses does not already know; must run after newterm.
    static func install() {
        for (sequence, code) in sequences where key_defined(sequence) == 0 {
            define_key(sequence, code)
        }
    }
}
