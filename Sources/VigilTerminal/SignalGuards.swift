import CNcursesw
#if canImport(Glibc)
import Glibc
#endif

/// The only Swift caller of the shim's signal functions: their state lives in C `static`
/// variables, one copy per object file, so every call must come from this file.
enum SignalGuards {
    /// Quit signals set a flag; crash signals restore the terminal and re-raise.
    /// Must run before newterm, or ncurses installs its own SIGINT/SIGTERM handlers.
    static func install() {
        unblockConsoleSignals()
        vigil_install_signal_handlers()
    }

    /// A parent may have started us with signals blocked (threads of test runners and of GCD block most, and
    /// children inherit the mask): then SIGWINCH, SIGTERM and Ctrl-C would never arrive. Unblock what we handle.
    private static func unblockConsoleSignals() {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGWINCH, SIGTSTP, SIGCONT] { sigaddset(&set, signal) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// Puts back the handlers that were there before `install`.
    static func restore() { vigil_restore_signal_handlers() }

    static var quitRequested: Bool { vigil_quit_requested() != 0 }
}
