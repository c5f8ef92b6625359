import Foundation
import VigilCore

/// Identifies one run of one simulated pipeline: a schedule slot, or a scripted extra run (negative slots).
struct PlanKey: Hashable, Sendable {
    let pipeline: Int
    let slot: Int
}

/// One attempt of a task.
struct TryWindow: Sendable, Equatable {
    let start: Date
    let end: Date
    let failed: Bool
}

/// The whole future of one task instance, decided when the run is planned.
struct TaskPlan: Sendable {
    let taskID: String
    let operatorName: String
    let maxTries: Int
    /// Empty when the task never runs (an upstream task failed).
    let tries: [TryWindow]
    /// Text of the failed tries' error.
    let errorMessage: String?
    /// Set when the task is marked upstream_failed instead of running.
    let upstreamFailedAt: Date?
}

/// The whole future of one run: it is planned once from the seed, then projected onto any moment.
struct RunPlan: Sendable {
    let key: PlanKey
    let source: String
    let pipelineID: String
    let runID: String
    let runType: String
    let logicalDate: Date
    let triggerAt: Date
    let startAt: Date
    let endAt: Date
    let succeeded: Bool
    let tasks: [TaskPlan]
}
