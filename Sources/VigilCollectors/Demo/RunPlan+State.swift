import Foundation
import VigilCore

/// Projects a planned run onto a moment: what an orchestrator's API would report at `t`.
extension RunPlan {
    /// nil before the scheduler creates the run.
    func run(at t: Date) -> PipelineRun? {
        guard t >= triggerAt else { return nil }
        let state: RunState
        if t < startAt { state = .queued } else if t < endAt { state = .running } else { state = succeeded ? .success : .failed }
        return PipelineRun(source: source, pipelineID: pipelineID, runID: runID, state: state, logicalDate: logicalDate,
                           startedAt: t >= startAt ? startAt : nil, endedAt: t >= endAt ? endAt : nil, runType: runType)
    }

    /// Task instances that exist at `t`; tasks not reached yet are absent (Airflow shows them with no status).
    func taskInstances(at t: Date) -> [TaskInstance] {
        guard t >= startAt else { return [] }
        return tasks.compactMap { $0.instance(at: t, of: self) }
    }
}

extension TaskPlan {
    func instance(at t: Date, of run: RunPlan) -> TaskInstance? {
        func make(_ state: RunState, _ tryNumber: Int, _ start: Date?, _ end: Date?, _ error: String?) -> TaskInstance {
            TaskInstance(source: run.source, pipelineID: run.pipelineID, runID: run.runID, taskID: taskID, state: state,
                         tryNumber: tryNumber, maxTries: maxTries, startedAt: start, endedAt: end,
                         operatorName: operatorName, errorMessage: error)
        }
        if let at = upstreamFailedAt {
            return t >= at ? make(.upstreamFailed, 0, nil, at, nil) : nil
        }
        guard let first = tries.first, t >= first.start else { return nil }
        for (i, window) in tries.enumerated() {
            let number = i + 1
            if t < window.end { return make(.running, number, window.start, nil, nil) }
            let next = i + 1 < tries.count ? tries[i + 1] : nil
            if let next {
                // Between a failed try and the next one the task waits out its retry delay.
                if t < next.start { return make(.upForRetry, number, window.start, window.end, errorMessage) }
            } else {
                return window.failed
                    ? make(.failed, number, window.start, window.end, errorMessage)
                    : make(.success, number, window.start, window.end, nil)
            }
        }
        return nil
    }
}
