import VigilUI

/// The product terminal is a console terminal.
extension NcursesTerminal: ConsoleTerminal {}
