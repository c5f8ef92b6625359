import Foundation
import VigilUI

/// Picks the theme: --theme NAME from the theme search path, then NO_COLOR and the terminal's colour count.
enum ThemeSelection {
    static func load(name: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Theme {
        let paths = ThemeLoader.defaultSearchPaths(environment: environment, executablePath: CommandLine.arguments[0])
        return try ThemeLoader.load(named: name, searchPaths: paths)
    }

    /// What the terminal can show: NO_COLOR (any non-empty value, see no-color.org) wins over colour counts.
    static func adapt(_ theme: Theme, colors: Int, environment: [String: String] = ProcessInfo.processInfo.environment) -> Theme {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return theme.monochrome() }
        if colors < 256 { return theme.degraded(toColors: colors) }
        return theme
    }
}
