import CNcursesw
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// ncurses draws non-ASCII cells blank unless LC_CTYPE is a UTF-8 locale.
enum TerminalLocale {
    static func activate() {
        setlocale(LC_ALL, "")
        if vigil_codeset_is_utf8() == 0 {
            // The user's locale is not UTF-8 (or not installed): C.UTF-8 is always present on glibc.
            if setlocale(LC_CTYPE, "C.UTF-8") == nil { setlocale(LC_CTYPE, "C.utf8") }
        }
    }
}
