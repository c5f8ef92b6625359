import CNcursesw

/// The only Swift caller of the shim's signal functions: their state lives in C `static`
/// variables, one copy per object file, so every call must come from this file.
enum SignalGuards {
    /// Quit signals set a flag; crash signals restore the terminal and re-raise.
    /// Must run before newterm, or ncurses installs its own SIGINT/SIGTERM handlers.
    static func install() { vigil_install_signal_handlers() }

    /// Puts back the handlers that were there before `install`.
    static func restore() { vigil_restore_signal_handlers() }

    static var quitRequested: Bool { vigil_quit_requested() != 0 }
}
