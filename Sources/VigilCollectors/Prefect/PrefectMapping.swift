import Foundation
import VigilCore

/// Pure mapping from Prefect 3's shapes to Vigil's domain. Decisions, in one place:
/// - one Pipeline per deployment, pipelineID "flow/deployment" (Prefect's own way to name one: neither name may hold
///   a '/'), and one per flow that runs outside any deployment, pipelineID the flow's name: the two never collide;
/// - one PipelineRun per flow run, runID the flow run's id (its name, "puzzling-hound", is not unique);
///   SCHEDULED runs are not runs yet (Prefect pre-creates them): a Late one makes its pipeline late instead;
/// - one TaskInstance per task run of a run, taskID the task run's name ("validate-35e"); a failed or crashed task
///   run's error is its state message, cleaned and bounded;
/// - a deployment is paused when Prefect pauses it, or when it has schedules and none is active;
/// - a work pool whose status is NOT_READY (no online worker) or PAUSED is a problem of the source, named; so is a
///   paused queue, or one no worker polls, of a pool that has workers.
public enum PrefectMapping {
    /// Prefect's state types onto Vigil's seven.
    /// - COMPLETED -> success; FAILED and CRASHED (the infrastructure died) -> failed;
    /// - CANCELLED -> skipped: finished on someone's request, neither a failure nor a success;
    /// - RUNNING, CANCELLING (still stopping) -> running;
    /// - PENDING, SCHEDULED, PAUSED (waiting for input or a resume) -> queued: waiting, nothing wrong yet;
    /// - anything unknown -> queued, never a failure nor a success it did not report.
    public static func runState(_ type: String?) -> RunState {
        switch type?.uppercased() {
        case "COMPLETED": return .success
        case "FAILED", "CRASHED": return .failed
        case "CANCELLED": return .skipped
        case "RUNNING", "CANCELLING": return .running
        default: return .queued
        }
    }

    /// A SCHEDULED run whose start time passed: Prefect's late-runs service renames its state "Late".
    public static func isLate(_ run: PrefectFlowRun) -> Bool {
        (run.stateType ?? run.state?.type)?.uppercased() == "SCHEDULED"
            && (run.stateName ?? run.state?.name)?.caseInsensitiveCompare("Late") == .orderedSame
    }

    public static func pipelineID(flowName: String, deploymentName: String) -> String { "\(flowName)/\(deploymentName)" }

    /// The pipeline a run belongs to: its deployment's, else (no deployment) its flow's; nil when its deployment or
    /// flow was not listed (created after the listings were read), so it is left for the next pass rather than filed
    /// under a made-up name.
    public static func pipelineID(of run: PrefectFlowRun, flows: [String: String],
                                  deployments: [String: PrefectDeployment]) -> String? {
        if let id = run.deploymentId, let deployment = deployments[id], let flow = flows[deployment.flowId] {
            return pipelineID(flowName: flow, deploymentName: deployment.name)
        }
        guard run.deploymentId == nil else { return nil }
        return flows[run.flowId]
    }

    /// A deployment as a Pipeline. `oldestLate` is the expected start of its oldest Late run: Prefect has already
    /// waited its own grace before calling a run Late, so the pipeline is late from then on (grace 0).
    public static func pipeline(_ deployment: PrefectDeployment, flowName: String, source: String,
                                oldestLate: Date?) -> Pipeline {
        let schedules = deployment.schedules ?? []
        let active = schedules.filter { $0.active ?? true }
        let spec = (active.first ?? schedules.first)?.schedule
        var schedule: String?
        var interval: TimeInterval?
        if let cron = spec?.cron {
            schedule = cron
            interval = AirflowSchedule.interval(cron: cron)
        } else if let seconds = spec?.interval, seconds > 0 {
            schedule = AirflowSchedule.text(every: seconds)
            interval = seconds
        } else if let rrule = spec?.rrule {
            schedule = rrule
        }
        let paused = (deployment.paused ?? false) || (!schedules.isEmpty && active.isEmpty)
        return Pipeline(source: source, pipelineID: pipelineID(flowName: flowName, deploymentName: deployment.name),
                        schedule: schedule, scheduleInterval: interval, isPaused: paused,
                        tier: AirflowMapping.tier(tags: deployment.tags ?? []), nextRunDue: oldestLate,
                        lateGrace: oldestLate == nil ? nil : 0)
    }

    /// A flow run outside any deployment: its flow as a pipeline, never scheduled.
    public static func pipeline(flowName: String, source: String) -> Pipeline {
        Pipeline(source: source, pipelineID: flowName)
    }

    public static func run(_ run: PrefectFlowRun, pipelineID: String, source: String) -> PipelineRun {
        let type = run.autoScheduled == true ? "scheduled" : run.parentTaskRunId != nil ? "subflow" : "manual"
        return PipelineRun(source: source, pipelineID: pipelineID, runID: run.id,
                           state: runState(run.stateType ?? run.state?.type),
                           logicalDate: run.expectedStartTime ?? run.startTime, startedAt: run.startTime,
                           endedAt: run.endTime, runType: type)
    }

    /// The task runs of one flow run as task instances, first started first (see `named`).
    public static func taskInstances(_ taskRuns: [PrefectTaskRun], of run: PipelineRun) -> [TaskInstance] {
        named(taskRuns).map { taskID, taskRun in
            let state = runState(taskRun.stateType ?? taskRun.state?.type)
            let tries = max(1, taskRun.runCount ?? 1)
            let retries = max(0, min(taskRun.empiricalPolicy?.retries ?? taskRun.empiricalPolicy?.maxRetries ?? 0, 1_000))
            return TaskInstance(source: run.source, pipelineID: run.pipelineID, runID: run.runID, taskID: taskID,
                                state: state, tryNumber: tries, maxTries: max(tries, retries + 1),
                                startedAt: taskRun.startTime, endedAt: taskRun.endTime, operatorName: "task",
                                errorMessage: state.isFailure ? taskError(taskRun.state?.message) : nil)
        }
    }

    /// The task runs of one flow run with the task id Vigil gives each, first started first: the task run's name
    /// ("validate-35e"); two with one name (Prefect names them task-name + 3 hex digits) keep apart by their id's end.
    public static func named(_ taskRuns: [PrefectTaskRun]) -> [(taskID: String, taskRun: PrefectTaskRun)] {
        var seen = Set<String>()
        let ordered = taskRuns.sorted { ($0.startTime ?? .distantFuture, $0.id) < ($1.startTime ?? .distantFuture, $1.id) }
        return ordered.map { taskRun in
            var taskID = taskRun.name.isEmpty ? String(taskRun.id.suffix(12)) : taskRun.name
            if !seen.insert(taskID).inserted {
                taskID += "#" + taskRun.id.suffix(12)
                seen.insert(taskID)
            }
            return (taskID, taskRun)
        }
    }

    /// A task run's log records, oldest first, as lines: "timestamp LEVEL message", a message's further lines under it.
    public static func logLines(_ records: [PrefectLog]) -> [String] {
        let levels = [10: "DEBUG", 20: "INFO", 30: "WARNING", 40: "ERROR", 50: "CRITICAL"]
        return records.sorted { ($0.timestamp ?? .distantPast) < ($1.timestamp ?? .distantPast) }.flatMap { record in
            let stamp = record.timestamp.map { AirflowTimestamp.format($0) } ?? "-"
            let level = record.level.map { levels[$0] ?? "LEVEL \($0)" } ?? "-"
            let lines = (record.message ?? "").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            return ["\(stamp) \(level) \(lines.first ?? "")"] + lines.dropFirst()
        }
    }

    /// The state message of a failed task run ("Task run encountered an exception ValueError: ..."), cleaned of
    /// escape sequences and control characters and bounded like Airflow's task errors; nil when there is none.
    public static func taskError(_ message: String?) -> String? {
        guard let message else { return nil }
        let text = TextSanitizer.clean(message).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : AirflowMapping.bounded(text)
    }

    /// What is wrong with the work pools and their queues, by name: a pool without an online worker or paused; a
    /// queue paused, or not polled by any worker of a pool that has some (in a pool without workers, the pool says it).
    public static func workProblems(pools: [PrefectWorkPool], queues: [PrefectWorkQueue]) -> [String] {
        var problems: [String] = []
        var readyPools = Set<String>()
        for pool in pools.sorted(by: { $0.name < $1.name }) {
            let name = TextSanitizer.collapsed(pool.name, limit: 80)
            if pool.isPaused == true || pool.status?.uppercased() == "PAUSED" {
                problems.append("work pool '\(name)' is paused")
            } else if pool.status?.uppercased() == "NOT_READY" {
                problems.append("work pool '\(name)' has no online worker")
            } else {
                readyPools.insert(pool.name)
            }
        }
        for queue in queues.sorted(by: { ($0.workPoolName ?? "", $0.name) < ($1.workPoolName ?? "", $1.name) }) {
            let pool = queue.workPoolName ?? ""
            guard readyPools.contains(pool) else { continue }
            let name = "work queue '\(TextSanitizer.collapsed(queue.name, limit: 80))' of work pool '\(TextSanitizer.collapsed(pool, limit: 80))'"
            if queue.isPaused == true || queue.status?.uppercased() == "PAUSED" {
                problems.append("\(name) is paused")
            } else if queue.status?.uppercased() == "NOT_READY" {
                problems.append("\(name) is not polled by any worker")
            }
        }
        return problems
    }
}
