import ArgumentParser
import Foundation
import VigilStore

/// `--store PATH`, shared by every subcommand that reads or writes the store.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "Path of the state store (default: $XDG_STATE_HOME/vigil/vigil.db).")
    var store: String?

    var path: String { store.map(expandTilde) ?? Store.defaultPath() }
}

/// `--theme NAME`, for commands that draw.
struct ThemeOptions: ParsableArguments {
    @Option(name: .long, help: "Colour theme: default, light, high-contrast, colorblind, or a themes/NAME.yaml of yours.")
    var theme: String = "default"
}

func expandTilde(_ path: String) -> String {
    guard path.hasPrefix("~/") else { return path }
    return FileManager.default.homeDirectoryForCurrentUser.path + String(path.dropFirst(1))
}

/// Prints to standard error (never over the console: only before or after the screen is up).
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
