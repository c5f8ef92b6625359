import Foundation
import VigilStore
import VigilConfig
import VigilCore

extension PostgresSettings {
    /// Reads the DSN secret now (so it lives in memory only). `datasets` are the config's datasets this source
    /// measures (`VigilConfiguration.datasets(measuredBy:)`); the config's timeout bounds each query and the connect.
    public init(config: SourceConfig, datasets: [DatasetConfig],
                environment: [String: String] = ProcessInfo.processInfo.environment) throws(PostgresError) {
        guard let reference = config.dsn else {
            throw .configuration(source: config.name, reason: "a postgres source needs dsn_env or dsn_file")
        }
        let dsn: String
        do {
            dsn = try SecretResolver.resolve(reference, source: config.name, environment: environment)
        } catch {
            // Not error.description: that names the source again.
            throw .configuration(source: config.name,
                                 reason: "dsn: \(error.reference) \(error.problem)" + (error.hint.map { " (\($0))" } ?? ""))
        }
        let location = PostgresLocation.of(dsn: dsn, environment: environment)
        let targets = datasets.compactMap { d in
            d.loadedAt.map { column in
                var dataset = d.dataset(defaultSource: config.name)
                dataset.identity = location?.identity(ofDataset: d.name)
                return PostgresDatasetTarget(dataset: dataset, loadedAtColumn: column, volume: d.volume)
            }
        }
        self.init(name: config.name, dsn: PostgresDSN(dsn), datasets: targets)
        interval = config.interval
        statementTimeout = config.timeout
        connectTimeout = config.timeout
    }
}
