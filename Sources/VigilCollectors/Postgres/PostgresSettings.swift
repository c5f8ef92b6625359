import Foundation
import VigilStore
import VigilCore

/// A connection string. It usually holds a password, so it never prints, dumps or reflects its value.
public struct PostgresDSN: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    let value: String

    public init(_ value: String) { self.value = value }

    public var description: String { "<connection string>" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: []) }
}

/// A dataset whose freshness is max(`loadedAtColumn`) of the table it names; its row count is judged by `volume`
/// and its columns are watched.
public struct PostgresDatasetTarget: Sendable, Equatable {
    /// As written to the store (tier, policy, producer); `dataset.name` is "schema.table" or "table".
    public var dataset: Dataset
    public var loadedAtColumn: String
    /// nil: the rows are not counted (`volume: false`).
    public var volume: VolumePolicy?

    public init(dataset: Dataset, loadedAtColumn: String, volume: VolumePolicy? = .default) {
        self.dataset = dataset
        self.loadedAtColumn = loadedAtColumn
        self.volume = volume
    }
}

/// Everything one PostgreSQL source needs; built from the config by `init(config:datasets:environment:)`, or directly.
public struct PostgresSettings: Sendable {
    public var name: String
    public var dsn: PostgresDSN
    public var datasets: [PostgresDatasetTarget]
    /// Seconds between polls when all is well; failures back off from here up to `maxBackoff`.
    public var interval: TimeInterval = 60
    public var maxBackoff: TimeInterval = 600
    /// Server-side statement_timeout of every query; a dataset that overruns it is reported as timed out and the
    /// others are still measured.
    public var statementTimeout: TimeInterval = 10
    public var connectTimeout: TimeInterval = 10
    /// What the dataset checks of one pass may take together: the runner polls sources one after another, so many
    /// slow tables must not hold the others up. Datasets left when it is spent are reported as not measured.
    public var datasetBudget: TimeInterval = 120
    /// An active statement older than this is long-running.
    public var longRunningAfter: TimeInterval = 300
    /// A transaction idle (open, doing nothing) older than this is listed.
    public var idleInTransactionAfter: TimeInterval = 300
    /// A statement waiting for a lock at least this long is listed as blocked (with its blockers).
    public var blockedAfter: TimeInterval = 10
    /// Top statements by total time kept per pass.
    public var maxStatements = 15
    /// Tables kept per pass: the configured datasets' first, then the largest.
    public var maxTables = 500

    public init(name: String, dsn: PostgresDSN, datasets: [PostgresDatasetTarget] = []) {
        self.name = name
        self.dsn = dsn
        self.datasets = datasets
    }

    /// The client's own deadline for one query: the server's timeout plus room for the answer to arrive.
    var queryDeadline: TimeInterval { statementTimeout + 5 }

    /// lock_timeout: shorter than the statement timeout, so a read stuck behind another session's lock is reported
    /// as that (someone holds a lock on the table) rather than as a slow query.
    var lockTimeout: TimeInterval { statementTimeout * 0.8 }
}
