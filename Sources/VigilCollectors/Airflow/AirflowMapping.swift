import Foundation
import VigilCore

/// Pure mapping from Airflow's v2 and v1 shapes to Vigil's domain. Decisions, in one place:
/// - one Pipeline per DAG (pipelineID = dag_id), one PipelineRun per DAG run (runID = dag_run_id), one
///   TaskInstance per task instance; a mapped task's instances are "task_id[map_index]" so they do not collide;
/// - states: see `runState`; a task's `maxTries` is Airflow's `max_tries + 1`, because Airflow's max_tries counts
///   retries (the captures: retries=1 gives max_tries 1, and the failing task stops at try_number 2);
/// - tier from a "tier:N" tag; owner is the DAG's owners joined with ", ";
/// - schedule is the cron / preset / delta as Airflow gives it; scheduleInterval is derived when possible
///   (see AirflowSchedule) so PipelineHealth can call a pipeline late;
/// - a run's logicalDate is logical_date, or for Airflow 3 manual runs (null logical_date) run_after, the
///   trigger time, so runs still sort by when they were asked for;
/// - assets (v2) and datasets (v1) are datasets named by the asset's `name` (Airflow 3 defaults it to the uri)
///   or the dataset's uri; an asset event is a FreshnessSample (loadedAt = event timestamp, observedAt = the poll).
public enum AirflowMapping {
    /// Airflow's run and task states onto Vigil's seven.
    /// - scheduled, queued, none/null (not yet looked at) -> queued: waiting, nothing wrong yet;
    /// - running, deferred (waiting on a trigger), up_for_reschedule (a sensor between pokes) -> running;
    /// - up_for_retry, restarting (being cleared while running) -> up_for_retry;
    /// - removed (the task left the DAG) -> skipped: finished, not a failure;
    /// - anything unknown -> queued, never a failure nor a success it did not report.
    public static func runState(_ state: String?) -> RunState {
        switch state?.lowercased() {
        case "success": return .success
        case "failed": return .failed
        case "upstream_failed": return .upstreamFailed
        case "skipped", "removed": return .skipped
        case "running", "deferred", "up_for_reschedule": return .running
        case "up_for_retry", "restarting": return .upForRetry
        default: return .queued
        }
    }

    /// The first "tier:N" tag (case and spaces ignored), N >= 1.
    public static func tier(tags: [String]) -> Int? {
        for tag in tags {
            let text = tag.lowercased().filter { $0 != " " }
            guard text.hasPrefix("tier:"), let n = Int(text.dropFirst(5)), n >= 1 else { continue }
            return n
        }
        return nil
    }

    public static func owner(_ owners: [String]) -> String? {
        let names = owners.filter { !$0.isEmpty }
        return names.isEmpty ? nil : names.joined(separator: ", ")
    }

    /// "task" or, for one instance of a mapped task, "task[3]".
    static func taskID(_ taskID: String, mapIndex: Int?) -> String {
        guard let mapIndex, mapIndex >= 0 else { return taskID }
        return "\(taskID)[\(mapIndex)]"
    }

    /// Airflow counts tries from 1 once a task is scheduled; one never scheduled reports 0.
    static func tries(tryNumber: Int, maxTries: Int) -> (try: Int, max: Int) {
        // Both come from the server: max_tries = Int.max must not trap on the + 1.
        let allowed = max(1, maxTries == .max ? maxTries : maxTries + 1)
        return (max(1, tryNumber), max(allowed, tryNumber))
    }
}
