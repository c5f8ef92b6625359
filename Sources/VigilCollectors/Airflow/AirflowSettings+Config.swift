import Foundation
import VigilConfig

extension AirflowSettings {
    /// Reads the secrets the config names (only now, so they live in memory only).
    /// `username` + `password_env`/`password_file` log in; `token_env`/`token_file` is a bearer token; neither is no-auth.
    public init(config: SourceConfig,
                environment: [String: String] = ProcessInfo.processInfo.environment) throws(AirflowError) {
        guard let url = config.url else {
            throw .configuration(source: config.name, reason: "an airflow source needs 'url'")
        }
        func secret(_ reference: SecretReference) throws(AirflowError) -> String {
            do {
                return try SecretResolver.resolve(reference, source: config.name, environment: environment)
            } catch {
                throw .configuration(source: config.name, reason: error.reason)
            }
        }
        let credentials: AirflowCredentials
        if let token = config.token {
            credentials = .token(try secret(token))
        } else if let password = config.password {
            guard let username = config.username, !username.isEmpty else {
                throw .configuration(source: config.name, reason: "a password needs a 'username'")
            }
            credentials = .password(username: username, password: try secret(password))
        } else {
            credentials = .none
        }
        self.init(name: config.name, baseURL: url, api: config.api.map { $0 == .v1 ? .v1 : .v2 },
                  credentials: credentials)
        interval = config.interval
        requestTimeout = config.timeout
        if let grace = config.lateGrace { lateGrace = grace }
    }
}
