import Foundation
import VigilCore

/// A DAG as a Pipeline, plus when its next run is due (for the overdue check).
public struct AirflowDAG: Sendable, Equatable {
    public var pipeline: Pipeline
    /// When the scheduler should create the next run: v2 next_dagrun_run_after, v1 next_dagrun_create_after.
    public var nextRunDue: Date?

    /// Unpaused, with a next run that should have been created more than `grace` before `now`: the scheduler is
    /// not keeping up (down, max_active_runs reached, or a long catch-up).
    public func isOverdue(now: Date, grace: TimeInterval) -> Bool {
        guard !pipeline.isPaused, let due = nextRunDue else { return false }
        return now.timeIntervalSince(due) > grace
    }
}

extension AirflowMapping {
    public static func dag(_ dag: AirflowV2.DAG, source: String) -> AirflowDAG {
        let summary = dag.timetableSummary?.trimmingCharacters(in: .whitespaces)
        let schedule = (summary?.isEmpty ?? true) ? nil : summary
        var interval: TimeInterval?
        if let schedule, dag.timetablePeriodic != false {
            interval = AirflowSchedule.interval(cron: schedule) ?? AirflowSchedule.interval(timedelta: schedule)
        }
        let pipeline = Pipeline(source: source, pipelineID: dag.dagId, schedule: schedule, scheduleInterval: interval,
                                owner: owner(dag.owners), isPaused: dag.isPaused, tasks: [],
                                tier: tier(tags: dag.tags.map(\.name)))
        return AirflowDAG(pipeline: pipeline, nextRunDue: dag.nextDagrunRunAfter)
    }

    public static func dag(_ dag: AirflowV1.DAG, source: String) -> AirflowDAG {
        var schedule: String?
        var interval: TimeInterval?
        if let s = dag.scheduleInterval {
            switch s.type {
            case "CronExpression":
                schedule = s.value
                interval = s.value.flatMap { AirflowSchedule.interval(cron: $0) }
            case "TimeDelta":
                let seconds = Double(s.days ?? 0) * 86_400 + Double(s.seconds ?? 0) + Double(s.microseconds ?? 0) / 1e6
                if seconds > 0 {
                    interval = seconds
                    schedule = AirflowSchedule.text(every: seconds)
                }
            default:
                // RelativeDelta and custom timetables: the description is all there is.
                schedule = dag.timetableDescription
            }
        }
        // A cron schedule whose interval we cannot read still has a data interval Airflow computed.
        if interval == nil, let start = dag.nextDagrunDataIntervalStart, let end = dag.nextDagrunDataIntervalEnd,
           end > start {
            interval = end.timeIntervalSince(start)
        }
        let pipeline = Pipeline(source: source, pipelineID: dag.dagId, schedule: schedule, scheduleInterval: interval,
                                owner: owner(dag.owners), isPaused: dag.isPaused ?? false, tasks: [],
                                tier: tier(tags: (dag.tags ?? []).map(\.name)))
        return AirflowDAG(pipeline: pipeline, nextRunDue: dag.nextDagrunCreateAfter)
    }
}
