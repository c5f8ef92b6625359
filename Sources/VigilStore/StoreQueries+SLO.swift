import Foundation
import GRDB
import VigilCore

extension StoreQueries {
    /// Computes each dataset's SLO report from its stored intervals, carried on from its last observation to `now`.
    static func attachSLOs(_ db: Database, to datasets: inout [DatasetSummary], now: Date) throws {
        let longest = datasets.map(\.dataset.effectiveObjective.window).max() ?? FreshnessObjective.defaultWindow
        var byDataset: [String: [FreshnessInterval]] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT dataset, start, "end", state FROM freshness_intervals WHERE "end" >= ? ORDER BY dataset, start
            """, arguments: [now.addingTimeInterval(-longest).timeIntervalSince1970]) {
            let interval = FreshnessInterval(start: Date(timeIntervalSince1970: row["start"]),
                                             end: Date(timeIntervalSince1970: row["end"]),
                                             state: FreshnessState(rawValue: row["state"]) ?? .unknown)
            byDataset[row["dataset"], default: []].append(interval)
        }
        let currentHour = (now.timeIntervalSince1970 / 3_600).rounded(.down) * 3_600
        let firstHour = currentHour - 23 * 3_600
        var lags: [String: [TimeInterval?]] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT dataset, hour, max_lag_s FROM freshness_lag_hourly WHERE hour >= ? AND hour <= ?
            """, arguments: [firstHour, currentHour]) {
            let index = Int(((row["hour"] as Double) - firstHour) / 3_600)
            guard (0..<24).contains(index) else { continue }
            lags[row["dataset"], default: Array(repeating: nil, count: 24)][index] = row["max_lag_s"]
        }
        for i in datasets.indices {
            let d = datasets[i]
            datasets[i].lagByHour = lags[d.dataset.name] ?? Array(repeating: nil, count: 24)
            let last = d.lastObservedAt.map { FreshnessSample(dataset: d.dataset.name, observedAt: $0, loadedAt: d.lastLoadedAt) }
            let history = FreshnessIntervals.extended(byDataset[d.dataset.name] ?? [], last: last, policy: d.dataset.policy, now: now)
            datasets[i].slo = FreshnessSLOReport.compute(history, objective: d.dataset.effectiveObjective, now: now)
        }
    }

    /// Success counts over 24 h and 7 d and the p50/p95 of the last 30 successful durations, per pipeline id.
    /// (The failure streak comes from the recent runs the snapshot reads anyway.)
    static func pipelineStats(_ db: Database, now: Date) throws -> [String: PipelineStats] {
        var stats: [String: PipelineStats] = [:]
        let day = now.timeIntervalSince1970 - 86_400, week = now.timeIntervalSince1970 - 7 * 86_400
        for row in try Row.fetchAll(db, sql: """
            SELECT source, pipeline_id,
                   sum(slot >= ?1) AS f24, sum(slot >= ?1 AND state = 'success') AS s24,
                   count(*) AS f7, sum(state = 'success') AS s7
            FROM (SELECT source, pipeline_id, state, coalesce(logical_date, started_at) AS slot FROM runs
                  WHERE state IN ('success', 'failed', 'upstream_failed'))
            WHERE slot >= ?2 AND slot <= ?3
            GROUP BY source, pipeline_id
            """, arguments: [day, week, now.timeIntervalSince1970]) {
            let id = "\(row["source"] as String)/\(row["pipeline_id"] as String)"
            stats[id] = PipelineStats(finished24h: row["f24"], succeeded24h: row["s24"], finished7d: row["f7"], succeeded7d: row["s7"])
        }
        var durations: [String: [Double]] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT source, pipeline_id, ended_at - started_at AS d FROM (
              SELECT source, pipeline_id, started_at, ended_at,
                     row_number() OVER (PARTITION BY source, pipeline_id ORDER BY coalesce(logical_date, started_at) DESC) AS n
              FROM runs WHERE state = 'success' AND started_at IS NOT NULL AND ended_at IS NOT NULL)
            WHERE n <= 30
            """) {
            durations["\(row["source"] as String)/\(row["pipeline_id"] as String)", default: []].append(row["d"])
        }
        for (id, values) in durations where values.count >= PipelineStats.minimumSample {
            stats[id, default: PipelineStats()].durationP50 = PipelineStats.percentile(values, 0.5)
            stats[id, default: PipelineStats()].durationP95 = PipelineStats.percentile(values, 0.95)
        }
        return stats
    }

    /// The failed task instances of the newest finished run, when that run failed.
    static func failedTasks(_ db: Database, runs: [PipelineRun]) throws -> [TaskInstance] {
        guard let run = runs.first(where: { $0.state.isTerminal }), run.state.isFailure else { return [] }
        return try Row.fetchAll(db, sql: """
            SELECT * FROM task_instances WHERE source = ? AND pipeline_id = ? AND run_id = ? AND state = 'failed'
            ORDER BY ended_at, task_id
            """, arguments: [run.source, run.pipelineID, run.runID]).map(Decode.taskInstance)
    }
}
