import Foundation

/// Turns paths written in a config into absolute ones, so a config means the same thing whichever
/// directory `vigil` is started from.
struct PathResolver: Sendable {
    /// Directory of the config file; relative paths are relative to it.
    let baseDirectory: String
    let home: String

    init(configFile: String, home: String, cwd: String = FileManager.default.currentDirectoryPath) {
        let absolute = URL(fileURLWithPath: configFile, relativeTo: URL(fileURLWithPath: cwd, isDirectory: true))
        self.baseDirectory = absolute.standardizedFileURL.deletingLastPathComponent().path
        self.home = home
    }

    func resolve(_ raw: String) -> String {
        if raw == "~" { return home }
        if raw.hasPrefix("~/") { return standardized(home + String(raw.dropFirst(1))) }
        if raw.hasPrefix("/") { return standardized(raw) }
        return standardized(baseDirectory + "/" + raw)
    }

    /// Removes "." and ".." lexically; symlinks are left alone on purpose (the user chose the path).
    private func standardized(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// $HOME, else the account's home directory.
    static func home(environment: [String: String]) -> String {
        if let home = environment["HOME"], !home.isEmpty { return home }
        return NSHomeDirectory()
    }
}
