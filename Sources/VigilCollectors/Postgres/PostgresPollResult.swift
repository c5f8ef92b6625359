import Foundation
import VigilStore
import VigilCore

/// What one `PostgresCollector.collect()` did: `.failed` when there was no usable session.
public typealias PostgresPollResult = PassResult<PostgresPollSummary, PostgresError>

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
