import Foundation

/// What one `DbtCollector.collect()` did: `.unchanged` when no artifact changed since the last pass (or dbt was
/// still writing one); `.failed` when the artifacts could not be used; an update's `warning` is set, and the source is
/// degraded, when sources.json exists but could not be used.
public typealias DbtPollResult = PassResult<DbtPollSummary, DbtArtifactError>

public struct DbtPollSummary: Equatable, Sendable {
    public var pipelineID: String
    public var runID: String
    public var taskInstances: Int
    public var datasets: Int
    public var lineageEdges: Int
    /// Samples appended this poll: only for run_results.json / sources.json that changed since they were last recorded.
    public var freshnessSamples: Int
    /// Test results recorded as data checks this poll: only when run_results.json is new.
    public var checks: Int
    /// Project changes recorded this poll (0 or 1: the manifest diff of a new invocation).
    public var changes: Int = 0
    public var warning: DbtArtifactError?
}
