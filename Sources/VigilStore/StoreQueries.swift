import Foundation
import VigilCore

/// Reads shared by the snapshot and the drill-down calls; each runs inside the caller's transaction.
enum StoreQueries {
    /// Newest first; runs with neither date sort last.
    static let recency = "coalesce(logical_date, started_at) DESC NULLS LAST, run_id DESC"

    static func meta(_ db: any SQLDatabase, _ key: String) throws -> String? {
        try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key])
    }

    static func runs(_ db: any SQLDatabase, source: String, pipelineID: String, limit: Int) throws -> [PipelineRun] {
        guard limit > 0 else { return [] }
        return try SQLRow.fetchAll(db.cachedStatement(sql: """
            SELECT \(Positional.runColumns) FROM runs WHERE source = ? AND pipeline_id = ? ORDER BY \(recency) LIMIT ?
            """), arguments: [source, pipelineID, limit]).map { try Positional.run($0, at: 0) }
    }

    /// Ordered by start time, tasks not started yet last, then task id.
    static func taskInstances(_ db: any SQLDatabase, source: String, pipelineID: String, runID: String) throws -> [TaskInstance] {
        try SQLRow.fetchAll(db, sql: """
            SELECT * FROM task_instances WHERE source = ? AND pipeline_id = ? AND run_id = ?
            ORDER BY started_at IS NULL, started_at, task_id
            """, arguments: [source, pipelineID, runID]).map(Decode.taskInstance)
    }

    static func freshnessHistory(_ db: any SQLDatabase, dataset: String, since: Date) throws -> [FreshnessSample] {
        try SQLRow.fetchAll(db, sql: """
            SELECT * FROM freshness_samples WHERE dataset = ? AND observed_at >= ? ORDER BY observed_at, id
            """, arguments: [dataset, since.unixSeconds]).map(Decode.freshnessSample)
    }

    /// Parses the demo's simulated clock: unix seconds, or ISO 8601 with or without fractional seconds.
    static func parseClock(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(trimmed), seconds.isFinite { return Date(timeIntervalSince1970: seconds) }
        let iso = ISO8601DateFormatter()
        if let date = iso.date(from: trimmed) { return date }
        iso.formatOptions.insert(.withFractionalSeconds)
        return iso.date(from: trimmed)
    }
}

extension Store {
    /// The pipelines `source` wrote, removed ones included, by id (a collector restarting picks up what it knew).
    public func pipelines(source: String) throws -> [Pipeline] {
        try database.read { db in
            try SQLRow.fetchAll(db, sql: "SELECT * FROM pipelines WHERE source = ? ORDER BY pipeline_id", arguments: [source])
                .map(Decode.pipeline)
        }
    }

    /// Newest first (by coalesce(logical_date, started_at)).
    public func runs(source: String, pipelineID: String, limit: Int = 200) throws -> [PipelineRun] {
        try database.read { db in try StoreQueries.runs(db, source: source, pipelineID: pipelineID, limit: limit) }
    }

    /// Ordered by started_at (not-yet-started last), then task_id.
    public func taskInstances(source: String, pipelineID: String, runID: String) throws -> [TaskInstance] {
        try database.read { db in
            try StoreQueries.taskInstances(db, source: source, pipelineID: pipelineID, runID: runID)
        }
    }

    /// Samples observed at or after `since`, oldest first.
    public func freshnessHistory(dataset: String, since: Date) throws -> [FreshnessSample] {
        try database.read { db in try StoreQueries.freshnessHistory(db, dataset: dataset, since: since) }
    }
}
