import Foundation

/// Everything `vigil.yaml` says, typed and validated. Paths are absolute (`~` expanded, relative ones
/// resolved against the config file's directory); secrets are references, never values.
public struct VigilConfiguration: Sendable, Equatable {
    /// State store path, or a PostgreSQL URL without a password (`postgres://vigil@db/vigil`); nil means the
    /// default XDG state path (`Store.defaultPath`) unless `storeDSN` is set.
    public var store: String?
    /// `store_dsn_env` / `store_dsn_file`: the PostgreSQL team store's connection string, password and all.
    public var storeDSN: SecretReference?
    public var theme: String
    /// Identity recorded on incident actions; nil means the login name (see `actor(environment:)`).
    public var user: String?
    public var readOnly: Bool
    /// Folder of runbook files, if any.
    public var runbooks: String?
    public var sources: [SourceConfig]
    public var datasets: [DatasetConfig]
    /// `serve:`: how `vigil serve` listens; nil when the file has none.
    public var serve: ServeConfig?
    /// `notify:`: where incidents are sent as alerts; nil when the file has none.
    public var notify: NotifyConfig?
    /// `changes:`: git repositories whose commits are recorded as changes.
    public var changes: [ChangeRepoConfig] = []

    public init(store: String? = nil, theme: String = "default", user: String? = nil, readOnly: Bool = false,
                runbooks: String? = nil, sources: [SourceConfig] = [], datasets: [DatasetConfig] = []) {
        self.store = store
        self.theme = theme
        self.user = user
        self.readOnly = readOnly
        self.runbooks = runbooks
        self.sources = sources
        self.datasets = datasets
    }

    public func source(named name: String) -> SourceConfig? { sources.first { $0.name == name } }

    /// Who incident actions are recorded as: `user:` from the config, else the login name.
    public func actor(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let user, !user.isEmpty { return user }
        for key in ["USER", "LOGNAME"] {
            if let name = environment[key], !name.isEmpty { return name }
        }
        // No login variables (cron, containers): ask the password database.
        if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return "uid \(getuid())"
    }
}
