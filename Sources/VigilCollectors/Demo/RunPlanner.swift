import Foundation
import VigilCore

/// Decides each run's future from the seed: queueing, durations, failures and retries, plus the story's overrides.
extension SimulationCore {
    /// Scripted runs outside the schedule (negative slots so they never collide with real slots).
    func extraSlots(_ model: PipelineModel) -> [Int] { model.id == "customer_sync" ? [-1] : [] }

    func makePlan(_ model: PipelineModel, slot k: Int) -> RunPlan {
        let h = model.hash.child(k)
        if k < 0 { return manualRerun(model, slot: k, hash: h) }
        let trigger = model.cadence.trigger(k)
        // Airflow names a run after the start of its data interval; Dagster and Spark (a UUID) after the schedule tick.
        let logical = model.isAirflow ? trigger.addingTimeInterval(-model.cadence.interval) : trigger
        let runID = model.isAirflow ? "scheduled__" + UTCText.iso(logical) : SimulationCore.uuid(h)

        // Usually a few seconds in the queue; now and then the pool is full for minutes.
        let random = !model.isScripted && !calm
        let congested = random && h.unit(1) < 0.04
        let queue = congested ? h.range(2, 90, 360) : h.range(3, 2, 25)
        let long = random && h.unit(6) < 0.045
        var factor = long ? h.range(7, 2.0, 3.2) : 0.8 + 0.4 * (h.unit(4) + h.unit(5)) / 2
        if model.id == "ingest_stripe_charges" && story.stripeSlow.contains(trigger) { factor *= 3 }

        var failing: (task: Int, message: String)?
        if model.id == "customer_sync", trigger >= story.crmOutageStart, trigger < story.crmFixed {
            failing = (model.spec.tasks.firstIndex(of: "push_to_crm")!, ErrorText.crmOutage)
        } else if model.id == "reverse_etl_hubspot", story.hubspotQuota.contains(trigger) {
            failing = (model.spec.tasks.firstIndex(of: "push_to_hubspot")!, ErrorText.hubspotQuota)
        } else if random && !long && h.unit(8) < model.failureRate {
            let task = h.int(9, 0, model.spec.tasks.count - 1)
            failing = (task, failureText(model, task: task, hash: h))
        }
        // A transient error that the retry absorbs: visible as try 2 on a green run.
        var flaky: Int?
        if failing == nil && random && model.maxTries >= 2 && h.unit(11) < 0.06 {
            flaky = h.int(12, 0, model.spec.tasks.count - 1)
        }
        let forcedEnd = model.id == "customer_sync" && trigger == story.at(-120) ? story.lastGoodLoad : nil
        return build(model, key: PlanKey(pipeline: model.index, slot: k), hash: h, runID: runID, runType: "scheduled",
                     logical: logical, trigger: trigger, queue: queue, total: model.typicalDuration * factor,
                     failing: failing, flaky: flaky, forcedEnd: forcedEnd)
    }

    /// alice's manual re-run of customer_sync once the CRM API is back.
    private func manualRerun(_ model: PipelineModel, slot k: Int, hash h: SeededHash) -> RunPlan {
        let trigger = story.manualRerun
        return build(model, key: PlanKey(pipeline: model.index, slot: k), hash: h, runID: "manual__" + UTCText.iso(trigger),
                     runType: "manual", logical: trigger, trigger: trigger, queue: 4, total: model.typicalDuration,
                     failing: nil, flaky: nil, forcedEnd: nil)
    }

    private func failureText(_ model: PipelineModel, task: Int, hash h: SeededHash) -> String {
        let produced = model.spec.produces[h.int(13, 0, model.spec.produces.count - 1)]
        return ErrorText.failure(task: model.spec.tasks[task], file: model.codeFile, dataset: produced, hash: h.child(99))
    }

    /// Lays tasks out one after another; a task that exhausts its tries fails the run and marks the rest upstream_failed.
    private func build(_ model: PipelineModel, key: PlanKey, hash h: SeededHash, runID: String, runType: String,
                       logical: Date, trigger: Date, queue: TimeInterval, total: TimeInterval,
                       failing: (task: Int, message: String)?, flaky: Int?, forcedEnd: Date?) -> RunPlan {
        let startAt = trigger.addingTimeInterval(queue.rounded())
        var t = startAt
        var tasks: [TaskPlan] = []
        var failedAt: Date?
        for (i, taskID) in model.spec.tasks.enumerated() {
            let salt = UInt64(i) * 8
            let op = ErrorText.operatorName(task: taskID, isDagster: model.isDagster)
            if let failedAt {
                tasks.append(TaskPlan(taskID: taskID, operatorName: op, maxTries: model.maxTries, tries: [],
                                      errorMessage: nil, upstreamFailedAt: failedAt))
                continue
            }
            t.addTimeInterval(h.range(100 + salt, 1, 6).rounded())  // scheduler latency between tasks
            let share = max(4, (total * model.taskWeights[i] * h.range(101 + salt, 0.9, 1.1)).rounded())
            var tries: [TryWindow] = []
            var message: String?
            if let failing, failing.task == i {
                for attempt in 0..<model.maxTries {
                    if attempt > 0 { t.addTimeInterval(model.retryDelay) }
                    let d = max(3, (share * h.range(102 + salt + UInt64(attempt), 0.25, 0.9)).rounded())
                    tries.append(TryWindow(start: t, end: t.addingTimeInterval(d), failed: true))
                    t.addTimeInterval(d)
                }
                message = failing.message
                failedAt = t
            } else if flaky == i {
                let d = max(3, (share * 0.4).rounded())
                tries.append(TryWindow(start: t, end: t.addingTimeInterval(d), failed: true))
                t.addTimeInterval(d + model.retryDelay)
                tries.append(TryWindow(start: t, end: t.addingTimeInterval(share), failed: false))
                t.addTimeInterval(share)
                message = failureText(model, task: i, hash: h.child(7))
            } else {
                tries.append(TryWindow(start: t, end: t.addingTimeInterval(share), failed: false))
                t.addTimeInterval(share)
            }
            tasks.append(TaskPlan(taskID: taskID, operatorName: op, maxTries: model.maxTries, tries: tries,
                                  errorMessage: message, upstreamFailedAt: nil))
        }
        let endAt = failedAt ?? t.addingTimeInterval(h.range(120, 1, 4).rounded())
        let plan = RunPlan(key: key, source: model.spec.source, pipelineID: model.id, runID: runID, runType: runType,
                           logicalDate: logical, triggerAt: trigger, startAt: startAt, endAt: endAt,
                           succeeded: failedAt == nil, tasks: tasks)
        return forcedEnd.map { plan.rescaled(toEnd: $0) } ?? plan
    }

    /// A Dagster-style run id (UUID v4 shape) drawn from the seed.
    static func uuid(_ h: SeededHash) -> String {
        let a = h.bits(200), b = h.bits(201)
        let hex = String(a, radix: 16).leftPadded(16) + String(b, radix: 16).leftPadded(16)
        let c = Array(hex)
        return String(c[0..<8]) + "-" + String(c[8..<12]) + "-4" + String(c[13..<16]) + "-" + String(c[16..<20]) + "-" + String(c[20..<32])
    }
}

extension RunPlan {
    /// Stretches the run so it ends exactly at `end`: pins a scripted load time without special-casing the planner.
    func rescaled(toEnd end: Date) -> RunPlan {
        let span = endAt.timeIntervalSince(startAt)
        let factor = span > 0 ? end.timeIntervalSince(startAt) / span : 1
        func map(_ d: Date) -> Date { startAt.addingTimeInterval((d.timeIntervalSince(startAt) * factor).rounded()) }
        let newTasks = tasks.map { task in
            TaskPlan(taskID: task.taskID, operatorName: task.operatorName, maxTries: task.maxTries,
                     tries: task.tries.map { TryWindow(start: map($0.start), end: map($0.end), failed: $0.failed) },
                     errorMessage: task.errorMessage, upstreamFailedAt: task.upstreamFailedAt.map(map))
        }
        return RunPlan(key: key, source: source, pipelineID: pipelineID, runID: runID, runType: runType,
                       logicalDate: logicalDate, triggerAt: triggerAt, startAt: startAt, endAt: end,
                       succeeded: succeeded, tasks: newTasks)
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
