import Foundation
import VigilCore

/// What one `AirflowCollector.poll()` did.
public enum AirflowPollResult: Equatable, Sendable {
    /// The pass was read and written in one transaction; the source is ok, or degraded with notes.
    case updated(AirflowPollSummary)
    /// A core read (version, login, DAGs, runs) failed: only the source's status was written (down), and
    /// everything stored before is kept.
    case failed(AirflowError)
    /// Airflow was read but the store refused the write.
    case storeFailed(String)
}

public struct AirflowPollSummary: Equatable, Sendable {
    public var api: AirflowAPI
    public var health: SourceHealth
    /// Why the source is degraded: unhealthy components, import errors, optional reads that failed.
    public var notes: [String]
    public var pipelines: Int
    public var runs: Int
    public var taskInstances: Int
    public var freshnessSamples: Int
    /// nil when the asset list could not be read (the stored lineage was left as it was).
    public var lineageEdges: Int?
    /// DAGs whose task lists were read this pass (new or parsed again since the last read).
    public var taskListsRead: Int
    /// The updated_at_gte this pass asked for.
    public var runsUpdatedSince: Date
}
