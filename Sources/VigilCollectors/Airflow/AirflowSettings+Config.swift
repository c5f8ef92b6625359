import Foundation
import VigilConfig

extension AirflowSettings {
    /// Reads the secrets the config names (only now, so they live in memory only).
    /// `username` + `password_env`/`password_file` log in; `token_env`/`token_file` is a bearer token; neither is no-auth.
    public init(config: SourceConfig,
                environment: [String: String] = ProcessInfo.processInfo.environment) throws(AirflowError) {
        let credentials = try Self.credentials(username: config.username, password: config.password, token: config.token,
                                               source: config.name, environment: environment, required: false)
        try self.init(config: config, credentials: credentials)
    }

    /// The settings the source's actions use: the same Airflow, reached with the `actions:` credential and never with
    /// the read-only one. Throws `.configuration` when the source has no `actions:` or its secret cannot be read.
    public init(actionsOf config: SourceConfig,
                environment: [String: String] = ProcessInfo.processInfo.environment) throws(AirflowError) {
        guard let actions = config.actions else {
            throw .configuration(source: config.name, reason: "it has no actions: credential, so it takes no actions")
        }
        let credentials = try Self.credentials(username: actions.username, password: actions.password, token: actions.token,
                                               source: config.name, environment: environment, field: "actions: ", required: true)
        try self.init(config: config, credentials: credentials)
    }

    private init(config: SourceConfig, credentials: AirflowCredentials) throws(AirflowError) {
        guard let url = config.url else {
            throw .configuration(source: config.name, reason: "an airflow source needs 'url'")
        }
        self.init(name: config.name, baseURL: url, api: config.api.map { $0 == .v1 ? .v1 : .v2 },
                  credentials: credentials)
        interval = config.interval
        requestTimeout = config.timeout
        if let grace = config.lateGrace { lateGrace = grace }
    }

    /// A token, else a username and password, else none (unless `required`).
    private static func credentials(username: String?, password: SecretReference?, token: SecretReference?, source: String,
                                    environment: [String: String], field: String = "",
                                    required: Bool) throws(AirflowError) -> AirflowCredentials {
        func secret(_ reference: SecretReference) throws(AirflowError) -> String {
            do {
                return try SecretResolver.resolve(reference, source: source, environment: environment)
            } catch {
                throw .configuration(source: source, reason: field + error.reason)
            }
        }
        if let token { return .token(try secret(token)) }
        if let password {
            guard let username, !username.isEmpty else {
                throw .configuration(source: source, reason: field + "a password needs a 'username'")
            }
            return .password(username: username, password: try secret(password))
        }
        guard !required else { throw .configuration(source: source, reason: field + "no username and password or token") }
        return .none
    }
}
