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
    /// When the orchestrator's scheduler should start the next run (Airflow's next_dagrun_run_after /
    /// next_dagrun_create_after); nil when it does not say.
    public var nextRunDue: Date?
    /// How long past its expected next run the pipeline may be before it is late (from the source's config);
    /// nil means `PipelineHealth.defaultLateGrace`.
    public var lateGrace: TimeInterval?

    public var id: String { "\(source)/\(pipelineID)" }

    public init(source: String, pipelineID: String, schedule: String? = nil, scheduleInterval: TimeInterval? = nil,
                owner: String? = nil, isPaused: Bool = false, tasks: [String] = [], tier: Int? = nil,
                nextRunDue: Date? = nil, lateGrace: TimeInterval? = nil) {
        self.nextRunDue = nextRunDue
        self.lateGrace = lateGrace
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

    public static let defaultLateGrace: TimeInterval = 600

    /// When the next run should have started: what the orchestrator's scheduler says, else (for sources that do not
    /// say) the end of the interval after the newest run's slot (a scheduled run's slot is the start of its data
    /// interval, and it runs when that interval ends). nil for unscheduled pipelines.
    public static func expectedNextRun(_ pipeline: Pipeline, newest: PipelineRun?) -> Date? {
        if let due = pipeline.nextRunDue { return due }
        guard let interval = pipeline.scheduleInterval, let slot = newest?.logicalDate ?? newest?.startedAt else { return nil }
        return slot.addingTimeInterval(2 * interval)
    }

    /// Derives health from a pipeline and its runs (newest first).
    /// Late, the one definition: the expected next run (`expectedNextRun`) is more than the grace in the past and no
    /// run is going.
    public static func of(_ pipeline: Pipeline, recentRuns: [PipelineRun], now: Date) -> PipelineHealth {
        if pipeline.isPaused { return .paused }
        let grace = pipeline.lateGrace ?? defaultLateGrace
        guard let newest = recentRuns.first else {
            if let due = pipeline.nextRunDue, now.timeIntervalSince(due) > grace { return .late }
            return .unknown
        }
        if newest.state == .running || newest.state == .queued || newest.state == .upForRetry {
            // A running run after a failure still counts as failing until it succeeds.
            if let lastFinished = recentRuns.first(where: { $0.state.isTerminal }), lastFinished.state.isFailure {
                return .failing
            }
            return .running
        }
        if newest.state.isFailure { return .failing }
        if let expected = expectedNextRun(pipeline, newest: newest), now.timeIntervalSince(expected) > grace {
            return .late
        }
        return .healthy
    }
}
