import Foundation
import VigilStore
import VigilConfig
import VigilCore

/// Where a PostgreSQL source's tables live in OpenLineage terms: namespace `postgres://{host}:{port}` and the
/// database, read from the connection string as libpq reads it (PGHOST, PGPORT, PGDATABASE fill what it leaves
/// out). A dataset `schema.table` (or `table`, in `public`) is then `{database}.{schema}.{table}`. Host and port
/// are the ones written: an Airflow asset or a dbt profile naming the same server by another host name (localhost
/// for 127.0.0.1) joins through `aliases:`.
public struct PostgresLocation: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var database: String

    public var namespace: String { "postgres://\(host.lowercased()):\(port)" }

    public func identity(ofDataset name: String) -> DatasetIdentity? {
        guard let relation = PostgresRelation(datasetName: name) else { return nil }
        return identity(database: nil, schema: relation.schema ?? "public", table: relation.table)
    }

    /// A table on this server in `database` (this location's database when nil or empty, as dbt's manifest may say).
    public func identity(database: String?, schema: String, table: String) -> DatasetIdentity {
        let database = database.flatMap { $0.isEmpty ? nil : $0 } ?? self.database
        return .postgres(host: host, port: port, database: database, schema: schema, table: table)
    }

    /// nil when the string cannot be parsed; never throws or prints it (it holds a password).
    public static func of(dsn: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> PostgresLocation? {
        guard let info = try? PostgresConninfo(dsn) else { return nil }
        var host = info.options["host"] ?? info.options["hostaddr"] ?? environment["PGHOST"] ?? "localhost"
        // A socket directory (or a list of hosts): the first TCP host name stands for the server.
        if let first = host.split(separator: ",").first { host = String(first) }
        if host.hasPrefix("/") || host.isEmpty { host = "localhost" }
        let portText = info.options["port"] ?? environment["PGPORT"] ?? "5432"
        let port = Int(portText.split(separator: ",").first ?? "5432") ?? 5432
        guard let database = info.options["dbname"] ?? environment["PGDATABASE"] ?? info.options["user"]
            ?? environment["PGUSER"], !database.isEmpty else { return nil }
        return PostgresLocation(host: host, port: port, database: database)
    }

    /// The location of a configured postgres source, reading its DSN secret; nil when it cannot be read.
    public static func of(config: SourceConfig, environment: [String: String] = ProcessInfo.processInfo.environment)
        -> PostgresLocation? {
        guard config.kind == .postgres, let reference = config.dsn,
              let dsn = try? SecretResolver.resolve(reference, source: config.name, environment: environment) else { return nil }
        return of(dsn: dsn, environment: environment)
    }
}
