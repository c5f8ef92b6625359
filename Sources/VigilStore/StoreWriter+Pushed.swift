import Foundation
import VigilCore

/// Writes for events a system pushes (`vigil serve`): each event tells only part of a run, events may arrive out of
/// order and more than once, so rows are merged, never replaced, and each event is written once.
extension StoreWriter {
    /// Records an event's dedupe key; false when it was recorded before (the event is a repeat: write nothing).
    public func claimEvent(key: String, source: String, receivedAt: Date) throws -> Bool {
        try db.cachedStatement(sql: "INSERT INTO received_events (key, source, received_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
            .execute(arguments: [key, source, receivedAt.unixSeconds])
        return db.changesCount == 1
    }

    /// The source heard from at `at` (an event's time): ok, and its last success the latest event time seen.
    public func recordPushedEvent(source: String, kind: SourceKind, at: Date) throws {
        try db.cachedStatement(sql: """
            INSERT INTO sources (name, kind, health, last_attempt_at, last_success_at, consecutive_failures)
            VALUES (?, ?, 'ok', ?, ?, 0)
            ON CONFLICT(name) DO UPDATE SET
              kind = excluded.kind, health = 'ok', last_error = NULL, consecutive_failures = 0,
              last_attempt_at = \(db.dialect.greatest("coalesce(sources.last_attempt_at, 0)", "excluded.last_attempt_at")),
              last_success_at = \(db.dialect.greatest("coalesce(sources.last_success_at, 0)", "excluded.last_success_at"))
            """).execute(arguments: [source, kind.rawValue, at.unixSeconds, at.unixSeconds])
    }

    /// A pipeline told about by one event: its tasks are added to the stored ones; other stored settings stay.
    public func mergePipeline(_ p: Pipeline) throws {
        let stored = try String.fetchOne(db, sql: "SELECT tasks FROM pipelines WHERE source = ? AND pipeline_id = ?",
                                         arguments: [p.source, p.pipelineID])
        let known = stored.flatMap { try? JSONDecoder().decode([String].self, from: Data($0.utf8)) } ?? []
        let tasks = Set(known + p.tasks).sorted()
        try db.cachedStatement(sql: """
            INSERT INTO pipelines (source, pipeline_id, is_paused, tasks) VALUES (?, ?, 0, ?)
            ON CONFLICT(source, pipeline_id) DO UPDATE SET removed_at = NULL, tasks = excluded.tasks
            """).execute(arguments: [p.source, p.pipelineID, try JSONText.encode(tasks)])
        try touchPipeline(source: p.source, id: p.pipelineID)
    }

    /// A run as one event tells it: the state moves forward only (queued, then running, then a finished state; a
    /// finished state may be replaced by another finished one), and times and the logical date fill in.
    public func mergeRun(_ r: PipelineRun) throws {
        try db.cachedStatement(sql: """
            INSERT INTO runs (source, pipeline_id, run_id, state, logical_date, started_at, ended_at, run_type)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(source, pipeline_id, run_id) DO UPDATE SET
              state = CASE WHEN \(Self.stateRank("excluded.state")) >= \(Self.stateRank("runs.state"))
                           THEN excluded.state ELSE runs.state END,
              logical_date = coalesce(excluded.logical_date, runs.logical_date),
              started_at = coalesce(\(db.dialect.least("excluded.started_at", "runs.started_at")), runs.started_at, excluded.started_at),
              ended_at = coalesce(excluded.ended_at, runs.ended_at)
            """).execute(arguments: [r.source, r.pipelineID, r.runID, r.state.rawValue, r.logicalDate?.unixSeconds,
                                     r.startedAt?.unixSeconds, r.endedAt?.unixSeconds, r.runType])
        try touchPipeline(source: r.source, id: r.pipelineID)
    }

    /// A task instance as one event tells it, merged like `mergeRun`; an error message once told stays.
    public func mergeTaskInstance(_ t: TaskInstance) throws {
        try db.cachedStatement(sql: """
            INSERT INTO task_instances (source, pipeline_id, run_id, task_id, state, try_number, max_tries,
                                        started_at, ended_at, operator_name, error_message)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(source, pipeline_id, run_id, task_id) DO UPDATE SET
              state = CASE WHEN \(Self.stateRank("excluded.state")) >= \(Self.stateRank("task_instances.state"))
                           THEN excluded.state ELSE task_instances.state END,
              started_at = coalesce(\(db.dialect.least("excluded.started_at", "task_instances.started_at")),
                                    task_instances.started_at, excluded.started_at),
              ended_at = coalesce(excluded.ended_at, task_instances.ended_at),
              error_message = coalesce(excluded.error_message, task_instances.error_message)
            """).execute(arguments: [t.source, t.pipelineID, t.runID, t.taskID, t.state.rawValue, t.tryNumber,
                                     t.maxTries, t.startedAt?.unixSeconds, t.endedAt?.unixSeconds, t.operatorName,
                                     t.errorMessage])
        try touchPipeline(source: t.source, id: t.pipelineID)
    }

    /// 0 queued, 1 running (or up for retry), 2 finished.
    static func stateRank(_ column: String) -> String {
        let finished = RunState.allCases.filter(\.isTerminal).map { "'\($0.rawValue)'" }.joined(separator: ", ")
        return "(CASE WHEN \(column) IN (\(finished)) THEN 2 WHEN \(column) = '\(RunState.queued.rawValue)' THEN 0 ELSE 1 END)"
    }
}
