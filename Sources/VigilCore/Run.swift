import Foundation

/// State of a DAG run or a task instance, in Airflow's vocabulary (other orchestrators map onto it).
public enum RunState: String, Codable, Sendable, CaseIterable {
    case queued
    case running
    case success
    case failed
    case upForRetry = "up_for_retry"
    case upstreamFailed = "upstream_failed"
    case skipped

    /// Finished, whatever the outcome.
    public var isTerminal: Bool {
        switch self {
        case .success, .failed, .upstreamFailed, .skipped: return true
        case .queued, .running, .upForRetry: return false
        }
    }

    public var isFailure: Bool { self == .failed || self == .upstreamFailed }
}

/// One run of a pipeline (an Airflow DAG run, a dbt invocation).
public struct PipelineRun: Codable, Sendable, Equatable, Identifiable {
    public var source: String
    public var pipelineID: String
    public var runID: String
    public var state: RunState
    /// The data interval or schedule slot the run is for.
    public var logicalDate: Date?
    public var startedAt: Date?
    public var endedAt: Date?
    /// "scheduled", "manual", "backfill", ...
    public var runType: String

    public var id: String { "\(source)/\(pipelineID)/\(runID)" }

    public init(source: String, pipelineID: String, runID: String, state: RunState,
                logicalDate: Date? = nil, startedAt: Date? = nil, endedAt: Date? = nil,
                runType: String = "scheduled") {
        self.source = source
        self.pipelineID = pipelineID
        self.runID = runID
        self.state = state
        self.logicalDate = logicalDate
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.runType = runType
    }

    /// Wall time of the run; for a running run, time so far at `now`.
    public func duration(now: Date) -> TimeInterval? {
        guard let startedAt else { return nil }
        return max(0, (endedAt ?? now).timeIntervalSince(startedAt))
    }
}

/// One task of one run, with its retry count (Airflow's task instance, a dbt node result).
public struct TaskInstance: Codable, Sendable, Equatable, Identifiable {
    public var source: String
    public var pipelineID: String
    public var runID: String
    public var taskID: String
    public var state: RunState
    /// 1-based try being run or last run.
    public var tryNumber: Int
    /// Total tries allowed (retries + 1).
    public var maxTries: Int
    public var startedAt: Date?
    public var endedAt: Date?
    public var operatorName: String?
    /// Untrusted text from the source; the UI sanitises before drawing.
    public var errorMessage: String?

    public var id: String { "\(source)/\(pipelineID)/\(runID)/\(taskID)" }

    public init(source: String, pipelineID: String, runID: String, taskID: String, state: RunState,
                tryNumber: Int = 1, maxTries: Int = 1, startedAt: Date? = nil, endedAt: Date? = nil,
                operatorName: String? = nil, errorMessage: String? = nil) {
        self.source = source
        self.pipelineID = pipelineID
        self.runID = runID
        self.taskID = taskID
        self.state = state
        self.tryNumber = tryNumber
        self.maxTries = maxTries
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.operatorName = operatorName
        self.errorMessage = errorMessage
    }

    public func duration(now: Date) -> TimeInterval? {
        guard let startedAt else { return nil }
        return max(0, (endedAt ?? now).timeIntervalSince(startedAt))
    }

    /// Operators of tasks that check data rather than produce it: dbt's tests and unit tests.
    public static let checkOperators: Set<String> = ["test", "unit_test"]

    /// A check's failure says the data (or the logic) is wrong, not that the run failed: it is shown in the run's
    /// task list but never named as the failed task that made a run fail.
    public var isCheck: Bool { operatorName.map(Self.checkOperators.contains) ?? false }
}
