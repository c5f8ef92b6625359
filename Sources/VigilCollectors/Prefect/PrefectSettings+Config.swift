import Foundation
import VigilConfig

extension PrefectSettings {
    /// From a `sources:` entry (kind: prefect): `url`, and the API key from `token_env`/`token_file` if given (read
    /// only now, so it lives in memory only).
    public init(config: SourceConfig,
                environment: [String: String] = ProcessInfo.processInfo.environment) throws(PrefectError) {
        guard let url = config.url else {
            throw .configuration(source: config.name, reason: "a prefect source needs 'url'")
        }
        var key: String?
        if let token = config.token {
            do {
                key = try SecretResolver.resolve(token, source: config.name, environment: environment)
            } catch {
                throw .configuration(source: config.name, reason: error.reason)
            }
        }
        self.init(name: config.name, baseURL: url, apiKey: key)
        interval = config.interval
        requestTimeout = config.timeout
    }
}
