import Foundation
import VigilConfig

extension DagsterSettings {
    /// From a `sources:` entry (kind: dagster); reads the token the config names, only now, so it lives in memory only.
    public init(config: SourceConfig,
                environment: [String: String] = ProcessInfo.processInfo.environment) throws(DagsterError) {
        guard let url = config.url else {
            throw .configuration(source: config.name, reason: "a dagster source needs 'url'")
        }
        var token: String?
        if let reference = config.token {
            do {
                token = try SecretResolver.resolve(reference, source: config.name, environment: environment)
            } catch {
                throw .configuration(source: config.name, reason: error.reason)
            }
        }
        self.init(name: config.name, baseURL: url, token: token)
        interval = config.interval
        requestTimeout = config.timeout
        if let grace = config.lateGrace { lateGrace = grace }
    }
}
