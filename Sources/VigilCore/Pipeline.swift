import Foundation

/// A pipeline as its orchestrator defines it (an Airflow DAG, a dbt project).
public struct Pipeline: Codable, Sendable, Equatable, Identifiable {
    public var source: String
    /// The orchestrator's own id, e.g. an Airflow dag_id.
    public var pipelineID: String
    /// Cron expression or preset ("@hourly"); nil for unscheduled pipelines.
    public var schedule: String?
    /// Seconds between scheduled runs when known; used to spot late runs.
    public var scheduleInterval: TimeInterval?
    public var owner: String?
    public var isPaused: Bool
    /// Task ids in topological order, when the source tells us.
    public var tasks: [String]
    /// Tier inherited from the most critical dataset the pipeline produces (1 is most critical).
    public var tier: Int?

    public var id: String { "\(source)/\(pipelineID)" }

    public init(source: String, pipelineID: String, schedule: String? = nil, scheduleInterval: TimeInterval? = nil,
                owner: String? = nil, isPaused: Bool = false, tasks: [String] = [], tier: Int? = nil) {
        self.source = source
        self.pipelineID = pipelineID
        self.schedule = schedule
        self.scheduleInterval = scheduleInterval
        self.owner = owner
        self.isPaused = isPaused
        self.tasks = tasks
        self.tier = tier
    }
}

/// What the Health pane says about a pipeline at a glance.
public enum PipelineHealth: String, Codable, Sendable, CaseIterable {
    case failing
    case late
    case running
    case healthy
    case paused
    case unknown

    /// Lower sorts first: what needs attention comes first.
    public var attentionRank: Int {
        switch self {
        case .failing: return 0
        case .late: return 1
        case .running: return 2
        case .unknown: return 3
        case .healthy: return 4
        case .paused: return 5
        }
    }

    /// Derives health from a pipeline and its runs (newest first).
    /// A pipeline is late when its newest run started more than one interval plus `grace` ago.
    public static func of(_ pipeline: Pipeline, recentRuns: [PipelineRun], now: Date,
                          lateGrace: TimeInterval = 600) -> PipelineHealth {
        if pipeline.isPaused { return .paused }
        guard let newest = recentRuns.first else { return .unknown }
        if newest.state == .running || newest.state == .queued || newest.state == .upForRetry {
            // A running run after a failure still counts as failing until it succeeds.
            if let lastFinished = recentRuns.first(where: { $0.state.isTerminal }), lastFinished.state.isFailure {
                return .failing
            }
            return .running
        }
        if newest.state.isFailure { return .failing }
        if let interval = pipeline.scheduleInterval,
           let slot = newest.logicalDate ?? newest.startedAt,
           now.timeIntervalSince(slot) > 2 * interval + lateGrace {
            return .late
        }
        return .healthy
    }
}
