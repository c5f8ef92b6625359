import Foundation
import VigilCore

/// A DAG as a Pipeline (its `nextRunDue` is when the scheduler should create the next run: v2
/// next_dagrun_run_after, v1 next_dagrun_create_after; PipelineHealth judges lateness from it), plus what says when
/// its tasks may have changed.
public struct AirflowDAG: Sendable, Equatable {
    public var pipeline: Pipeline
    /// The DAG's file and when it was last parsed (file_token, last_parsed_time); a new value means the task list
    /// may have changed. nil when Airflow gives neither.
    public var parseKey: String?
    /// Airflow 2's file_token (it encodes the file's path, not its content): where /dagSources/{file_token} reads
    /// the DAG's source. nil on Airflow 3 (its versions say what changed).
    public var fileToken: String? = nil
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
                                tier: tier(tags: dag.tags.map(\.name)), nextRunDue: dag.nextDagrunRunAfter)
        return AirflowDAG(pipeline: pipeline, parseKey: parseKey(file: dag.fileToken, parsed: dag.lastParsedTime))
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
                                tier: tier(tags: (dag.tags ?? []).map(\.name)), nextRunDue: dag.nextDagrunCreateAfter)
        return AirflowDAG(pipeline: pipeline, parseKey: parseKey(file: dag.fileToken, parsed: dag.lastParsedTime),
                          fileToken: dag.fileToken)
    }

    private static func parseKey(file: String?, parsed: Date?) -> String? {
        guard file != nil || parsed != nil else { return nil }
        return "\(file ?? "")@\(parsed.map { String($0.timeIntervalSince1970) } ?? "")"
    }

    /// Task ids in topological order (upstream first, from each task's downstream_task_ids), ties in the order
    /// Airflow gave. Downstream ids that are not in the list are ignored; tasks caught in a cycle (Airflow refuses
    /// those) come last, in Airflow's order.
    public static func taskOrder(_ tasks: [AirflowTask]) -> [String] {
        var ids: [String] = []
        var position: [String: Int] = [:]
        for task in tasks where position[task.taskId] == nil {
            position[task.taskId] = ids.count
            ids.append(task.taskId)
        }
        var upstreamCount = [Int](repeating: 0, count: ids.count)
        var downstream = [[Int]](repeating: [], count: ids.count)
        for task in tasks {
            guard let from = position[task.taskId] else { continue }
            for id in Set(task.downstreamTaskIds ?? []) {
                guard let to = position[id], to != from else { continue }
                downstream[from].append(to)
                upstreamCount[to] += 1
            }
        }
        var ready = (0..<ids.count).filter { upstreamCount[$0] == 0 }
        var order: [Int] = []
        var placed = [Bool](repeating: false, count: ids.count)
        while let next = ready.min() {
            ready.removeAll { $0 == next }
            order.append(next)
            placed[next] = true
            for to in downstream[next] {
                upstreamCount[to] -= 1
                if upstreamCount[to] == 0 { ready.append(to) }
            }
        }
        order += (0..<ids.count).filter { !placed[$0] }
        return order.map { ids[$0] }
    }
}
