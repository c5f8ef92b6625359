import Foundation

/// What one `DbtCollector.poll()` did.
public enum DbtPollResult: Equatable, Sendable {
    /// No artifact changed since the last poll (or dbt was still writing one): nothing was written.
    case unchanged
    /// The artifacts were read and written in one transaction. `warning` is set, and the source is degraded,
    /// when sources.json exists but could not be used.
    case updated(DbtPollSummary)
    /// The artifacts could not be used: the source is marked down; everything written before is kept.
    case failed(DbtArtifactError)
}

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
    public var warning: DbtArtifactError?
}
