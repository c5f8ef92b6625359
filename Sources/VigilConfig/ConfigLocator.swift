import Foundation

/// Where `vigil.yaml` is looked for: `--config FILE`, then the working directory, then
/// `$XDG_CONFIG_HOME/vigil/vigil.yaml` (default `~/.config/vigil/vigil.yaml`).
public enum ConfigLocator {
    public static let fileName = "vigil.yaml"

    /// The config to use, or nil when none exists. An explicit path is returned even if missing,
    /// so the error names the file the user asked for rather than falling back silently.
    public static func find(explicit: String?, cwd: String = FileManager.default.currentDirectoryPath,
                            environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let explicit { return absolute(explicit, cwd: cwd, environment: environment) }
        return candidates(cwd: cwd, environment: environment).first { isFile($0) }
    }

    /// A path given on the command line, `~` expanded and made absolute against `cwd`.
    public static func absolute(_ path: String, cwd: String = FileManager.default.currentDirectoryPath,
                                environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        PathResolver(configFile: (cwd as NSString).appendingPathComponent(fileName),
                     home: PathResolver.home(environment: environment)).resolve(path)
    }

    /// The implicit places in search order, for "looked in ..." messages.
    public static func candidates(cwd: String = FileManager.default.currentDirectoryPath,
                                  environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        [(cwd as NSString).appendingPathComponent(fileName), userConfigPath(environment: environment)]
    }

    /// `$XDG_CONFIG_HOME/vigil/vigil.yaml`, else `$HOME/.config/vigil/vigil.yaml`.
    public static func userConfigPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        // The XDG spec says relative values are invalid and must be ignored.
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") {
            return (config as NSString).appendingPathComponent("vigil/\(fileName)")
        }
        return (PathResolver.home(environment: environment) as NSString).appendingPathComponent(".config/vigil/\(fileName)")
    }

    private static func isFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }
}
