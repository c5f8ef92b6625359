import Foundation
import VigilCore

extension StoreQueries {
    /// Computes each dataset's SLO report from its stored intervals, carried on from its last observation to `now`.
    /// `datasets` are in byte order of their names (as read, `ORDER BY name`); `lagDays` are their stored 24 h lag
    /// days, in the same order (their sparklines).
    static func attachSLOs(_ db: any SQLDatabase, to datasets: inout [DatasetSummary], lagDays: [LagDay?], now: Date) throws {
        let longest = datasets.map(\.dataset.effectiveObjective.window).max() ?? FreshnessObjective.defaultWindow
        // A cursor and column indexes: this read returns a row per dataset-interval (hundreds of thousands at 20,000
        // datasets). In the datasets' order, so each dataset's intervals are gathered, used and let go in turn,
        // not held for every dataset at once.
        let intervals = try SQLRow.fetchCursor(db.cachedStatement(sql: """
            SELECT dataset, start, "end", state FROM freshness_intervals WHERE "end" >= ? ORDER BY dataset, start
            """), arguments: [now.addingTimeInterval(-longest).timeIntervalSince1970])
        var at = 0
        var gathered: [FreshnessInterval] = []
        func attachGathered() {
            attachSLO(to: &datasets[at], intervals: gathered, lagDay: lagDays[at], now: now)
            gathered.removeAll(keepingCapacity: true)
            at += 1
        }
        while let row = try intervals.next() {
            let name: String = row[0]
            while at < datasets.count, datasets[at].dataset.name.utf8.lexicographicallyPrecedes(name.utf8) { attachGathered() }
            // Intervals of a dataset not listed (removed) are passed over.
            if at < datasets.count, datasets[at].dataset.name == name { gathered.append(freshnessInterval(row, at: 1)) }
        }
        while at < datasets.count { attachGathered() }
    }

    /// `attachSLOs` for one dataset, reading only its intervals (a snapshot that re-reads the datasets changed).
    static func attachSLO(_ db: any SQLDatabase, to dataset: inout DatasetSummary, lagDay: LagDay?, now: Date) throws {
        let since = now.addingTimeInterval(-dataset.dataset.effectiveObjective.window).timeIntervalSince1970
        let intervals = try SQLRow.fetchAll(db.cachedStatement(sql: """
            SELECT start, "end", state FROM freshness_intervals WHERE dataset = ? AND "end" >= ? ORDER BY start
            """), arguments: [dataset.dataset.name, since]).map { freshnessInterval($0, at: 0) }
        attachSLO(to: &dataset, intervals: intervals, lagDay: lagDay, now: now)
    }

    /// The report and the 24 h lags of one dataset, from its intervals in its SLO window.
    private static func attachSLO(to d: inout DatasetSummary, intervals: [FreshnessInterval], lagDay: LagDay?, now: Date) {
        d.lagByHour = HourlyLags(lagDay?.seen(from: LagDay.hour(of: now.timeIntervalSince1970)) ?? Array(repeating: nil, count: LagDay.hours))
        let last = d.lastObservedAt.map { FreshnessSample(dataset: d.dataset.name, observedAt: $0, loadedAt: d.lastLoadedAt) }
        let history = FreshnessIntervals.extended(intervals, last: last, policy: d.dataset.policy, now: now)
        d.slo = FreshnessSLOReport.compute(history, objective: d.dataset.effectiveObjective, now: now)
    }

    /// A freshness_intervals row's start, end and state, from column `i`.
    private static func freshnessInterval(_ row: SQLRow, at i: Int) -> FreshnessInterval {
        FreshnessInterval(start: Date(timeIntervalSince1970: row[i]), end: Date(timeIntervalSince1970: row[i + 1]),
                          state: FreshnessState(rawValue: row[i + 2]) ?? .unknown)
    }

    /// A pipeline's newest `limit` runs and its stats (`PipelineStats.Tally`), from one walk down the recency index
    /// that stops as soon as all of them are known: a few dozen rows for most pipelines instead of a scan of every run
    /// of every pipeline.
    static func recentActivity(_ db: any SQLDatabase, source: String, pipelineID: String, now: Date,
                               limit: Int) throws -> (runs: [PipelineRun], stats: PipelineStats) {
        let cursor = try SQLRow.fetchCursor(db.cachedStatement(sql: """
            SELECT state, coalesce(logical_date, started_at) AS slot, started_at, ended_at, \(Positional.runColumns) FROM runs
            WHERE source = ? AND pipeline_id = ? ORDER BY \(recency)
            """), arguments: [source, pipelineID])
        var walk = ActivityWalk(now: now, limit: limit)
        while let row = try cursor.next() {
            try walk.add(row)
            if walk.isDone { break }
        }
        return (walk.runs, walk.tally.stats)
    }

    /// The newest runs and the stats tally of one pipeline, fed rows of `recentActivity`'s columns newest first.
    struct ActivityWalk {
        let limit: Int
        var runs: [PipelineRun] = []
        var tally: PipelineStats.Tally
        var rows = 0

        init(now: Date, limit: Int) {
            self.limit = limit
            tally = PipelineStats.Tally(now: now)
        }

        mutating func add(_ row: SQLRow) throws {
            rows += 1
            if runs.count < limit {
                var run = try Positional.run(row, at: 4)
                // One copy of the pipeline's names for all its runs (24 runs of 10,000 pipelines).
                if let first = runs.first { (run.source, run.pipelineID) = (first.source, first.pipelineID) }
                runs.append(run)
            }
            let started: Double? = row[2], ended: Double? = row[3]
            tally.add(RunState(rawValue: row[0] as String), slot: (row[1] as Double?).map(Date.init(timeIntervalSince1970:)),
                      duration: started.flatMap { s in ended.map { $0 - s } })
        }

        /// Older runs can change nothing shown.
        var isDone: Bool { runs.count >= limit && tally.isComplete }
    }

    /// Rows per pipeline `recentActivityOfAll` reads in its one statement: eight days of an hourly pipeline, months
    /// of a daily one (measured at 2,000 pipelines: 64 rows left a quarter of them to walk again, 2.5 s a snapshot
    /// against 2.1 s with 200). Pipelines that need more are walked on their own.
    static let activityBatch = 200

    /// Every pipeline's `recentActivity` in one statement, for PostgreSQL, where a statement per pipeline is a round
    /// trip each (2,000 pipelines: 1.6 s of a 2.8 s snapshot; 2.1 s in all with this). A LATERAL join walks each pipeline's recency index for
    /// `activityBatch` rows; a pipeline whose walk those rows did not finish is walked again on its own. Keyed by
    /// source and pipeline id; a pipeline without runs has no entry.
    static func recentActivityOfAll(_ db: any SQLDatabase, now: Date, limit: Int) throws -> [String: (runs: [PipelineRun], stats: PipelineStats)] {
        let cursor = try SQLRow.fetchCursor(db.cachedStatement(sql: """
            SELECT r.* FROM pipelines p CROSS JOIN LATERAL (
              SELECT state AS tally_state, coalesce(logical_date, started_at) AS slot, started_at AS tally_started,
                     ended_at AS tally_ended, \(Positional.runColumns)
              FROM runs WHERE runs.source = p.source AND runs.pipeline_id = p.pipeline_id ORDER BY \(recency) LIMIT ?
            ) r
            WHERE p.removed_at IS NULL
            """), arguments: [activityBatch])
        // No ORDER BY over the join (a sort of every row, spilled to disk at 2,000 pipelines): each pipeline's rows
        // are put in `recency` order here (slot descending, undated last, then run id descending byte by byte, as
        // COLLATE "C" compares).
        var pending: [String: [SQLRow]] = [:]
        while let row = try cursor.next() {
            let source: String = row[4], pipelineID: String = row[5]
            pending[activityKey(source, pipelineID), default: []].append(row)
        }
        func newerFirst(_ a: SQLRow, _ b: SQLRow) -> Bool {
            let x: Double? = a[1], y: Double? = b[1]
            switch (x, y) {
            case let (x?, y?) where x != y: return x > y
            case (nil, _?): return false
            case (_?, nil): return true
            default: return (b[6] as String).utf8.lexicographicallyPrecedes((a[6] as String).utf8)
            }
        }
        var out: [String: (runs: [PipelineRun], stats: PipelineStats)] = [:]
        for (key, rows) in pending {
            var walk = ActivityWalk(now: now, limit: limit)
            for row in rows.sorted(by: newerFirst) { try walk.add(row) }
            let source: String = rows[0][4], pipelineID: String = rows[0][5]
            out[key] = walk.rows >= activityBatch && !walk.isDone
                ? try recentActivity(db, source: source, pipelineID: pipelineID, now: now, limit: limit)
                : (walk.runs, walk.tally.stats)
        }
        return out
    }

    static func activityKey(_ source: String, _ pipelineID: String) -> String { source + "\u{1F}" + pipelineID }

    /// The failed task instances of the newest finished run, when that run failed; checks (dbt tests) that failed
    /// beside them are not why it failed.
    static func failedTasks(_ db: any SQLDatabase, runs: [PipelineRun]) throws -> [TaskInstance] {
        guard let run = runs.first(where: { $0.state.isTerminal }), run.state.isFailure else { return [] }
        return try SQLRow.fetchAll(db.cachedStatement(sql: """
            SELECT * FROM task_instances WHERE source = ? AND pipeline_id = ? AND run_id = ? AND state = 'failed'
            ORDER BY ended_at NULLS FIRST, task_id
            """), arguments: [run.source, run.pipelineID, run.runID]).map(Decode.taskInstance).filter { !$0.isCheck }
    }
}
