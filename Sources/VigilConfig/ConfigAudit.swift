import Foundation

/// Something a valid config points at that is not there right now. A warning, not a problem: the
/// environment `vigil check` runs in may differ from the collector's (a CI box, a laptop).
public struct ConfigWarning: Sendable, Equatable, CustomStringConvertible {
    /// Path of the field, like "sources[0].password_env".
    public var field: String
    public var message: String

    public var description: String { (field.isEmpty ? "" : "\(field): ") + "warning: \(message)" }
}

/// Checks that referenced environment variables, secret files and folders exist, without revealing values.
public enum ConfigAudit {
    public static func warnings(for config: VigilConfiguration,
                                environment: [String: String] = ProcessInfo.processInfo.environment) -> [ConfigWarning] {
        var warnings: [ConfigWarning] = []
        // Valid, but most likely a file emptied by accident (`> vigil.yaml`) rather than meant.
        if config == VigilConfiguration() {
            warnings.append(ConfigWarning(field: "", message: "the file sets nothing: no sources are read and every setting has its default (vigil init --force writes a commented starter)"))
        }
        for (index, source) in config.sources.enumerated() {
            for (field, reference) in source.secrets {
                do {
                    _ = try SecretResolver.resolve(reference, source: source.name, environment: environment)
                } catch {
                    let key: String
                    switch reference {
                    case .env: key = "\(field)_env"
                    case .file: key = "\(field)_file"
                    }
                    warnings.append(ConfigWarning(field: "sources[\(index)].\(key)", message: error.description))
                }
            }
            if let dir = source.targetDir, !isDirectory(dir) {
                warnings.append(ConfigWarning(field: "sources[\(index)].target_dir",
                                              message: "\(dir) does not exist yet (run dbt once to create it)"))
            }
        }
        if let runbooks = config.runbooks, !isDirectory(runbooks) {
            warnings.append(ConfigWarning(field: "runbooks", message: "\(runbooks) is not a folder"))
        }
        return warnings
    }

    private static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
