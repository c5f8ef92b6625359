import Foundation

extension ThemeLoader {
    /// Where themes are looked for, in order: the user's config, the working directory,
    /// then a themes/ folder shipped with the binary (found by walking up from the executable).
    public static func defaultSearchPaths(environment: [String: String] = ProcessInfo.processInfo.environment,
                                          executablePath: String? = Bundle.main.executablePath) -> [String] {
        var paths: [String] = []
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty { paths.append("\(xdg)/vigil/themes") }
        if let home = environment["HOME"], !home.isEmpty { paths.append("\(home)/.config/vigil/themes") }
        paths.append(FileManager.default.currentDirectoryPath + "/themes")
        if let executablePath, !executablePath.isEmpty {
            paths += shippedThemeFolders(executablePath: executablePath)
        }
        var seen = Set<String>()
        return paths.filter { seen.insert($0).inserted }
    }

    /// PREFIX/share/vigil/themes for an installed binary, and the nearest themes/ at or up to 4 levels
    /// above the executable's folder (a SwiftPM build lives in REPO/.build/<triple>/debug/).
    static func shippedThemeFolders(executablePath: String) -> [String] {
        let exe = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        var found: [String] = []
        let share = dir.deletingLastPathComponent().appendingPathComponent("share/vigil/themes").standardized.path
        if isDirectory(share) { found.append(share) }
        for _ in 0...4 {
            let candidate = dir.appendingPathComponent("themes").path
            if isDirectory(candidate) { found.append(candidate); break }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { break }
            dir = parent
        }
        return found
    }

    private static func isDirectory(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
    }
}
