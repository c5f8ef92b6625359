import Foundation
import VigilCore

/// What one `PostgresCollector.poll()` did.
public enum PostgresPollResult: Equatable, Sendable {
    /// The pass read the warehouse and wrote it in one transaction (health ok or degraded).
    case updated(PostgresPollSummary)
    /// No usable session: the source is marked down, everything written before is kept, polls back off.
    case failed(PostgresError)
    /// The warehouse was read but the store could not be written.
    case storeFailed(String)
}

public struct PostgresPollSummary: Equatable, Sendable {
    public var health: SourceHealth
    /// What the role cannot see (the source's note).
    public var notes: [String]
    /// What could not be read (why the source is degraded).
    public var problems: [String]
    public var datasetsMeasured: Int
    public var datasetProblems: Int
    public var sessions: Int
    /// nil when pg_stat_statements could not be read.
    public var statements: Int?
    public var tables: Int
}
