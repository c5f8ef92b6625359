import Foundation
import VigilCore

/// What one `AirflowCollector.collect()` did: `.failed` when a core read (version, login, DAGs, runs) failed.
public typealias AirflowPollResult = PassResult<AirflowPollSummary, AirflowError>

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
    /// When the pass started: once it is written, the next pass asks for runs updated since then.
    public var startedAt: Date
    /// Newest asset event read, in Airflow's clock.
    public var newestEvent: Date?
}
