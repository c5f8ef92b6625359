import Foundation
import VigilCore

/// Data checks, dataset events, row counts and schemas, and retiring what a source no longer lists.
extension StoreWriter {
    /// History is kept this long (pass rates need 7 days; the rest is for the monthly review).
    static let qualityHistory: TimeInterval = 35 * 86_400

    /// The check's latest result (key: dataset + name), and one history row per result (the same result recorded
    /// twice, same check and time, counts once). `history: false` updates the latest result only: a collector that
    /// re-runs a check every pass keeps fewer history rows than passes.
    public func recordCheck(_ c: DataCheck, history: Bool = true) throws {
        try db.cachedStatement(sql: """
            INSERT INTO dataset_checks (dataset, name, kind, state, failures, message, at, source)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(dataset, name) DO UPDATE SET kind = excluded.kind, state = excluded.state,
              failures = excluded.failures, message = excluded.message, at = excluded.at, source = excluded.source
            WHERE excluded.at >= dataset_checks.at
            """).execute(arguments: [c.dataset, c.name, c.kind.rawValue, c.state.rawValue, c.failures, c.message,
                                     c.at.unixSeconds, c.source])
        if db.changesCount > 0 { try touchDataset(c.dataset) }
        guard history else { return }
        try db.cachedStatement(sql: """
            INSERT INTO check_results (dataset, name, state, at, source) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
            """).execute(arguments: [c.dataset, c.name, c.state.rawValue, c.at.unixSeconds, c.source])
        guard db.changesCount > 0 else { return }
        // The dataset's pass rates, as of its newest result: a few hundred index entries here, where the snapshot
        // would otherwise aggregate every dataset's week of results (1.7 M rows for 5,000 datasets tested hourly).
        try db.cachedStatement(sql: """
            UPDATE datasets SET (pass_rate_24h, pass_rate_7d, pass_rates_at) = (
              SELECT 1.0 * sum(CASE WHEN state = 'pass' AND at > anchor - 86400 THEN 1 ELSE 0 END)
                       / nullif(sum(CASE WHEN at > anchor - 86400 THEN 1 ELSE 0 END), 0),
                     1.0 * sum(CASE WHEN state = 'pass' THEN 1 ELSE 0 END) / count(*), max(anchor)
              FROM check_results, (SELECT max(at) AS anchor FROM check_results WHERE dataset = ?1) AS newest
              WHERE dataset = ?1 AND at > anchor - 604800), row_seq = \(db.dialect.rowSeq)
            WHERE name = ?1
            """).execute(arguments: [c.dataset])
    }

    /// Drops the latest results of `source`'s checks that it no longer reports (a test removed from the project);
    /// their history stays for the pass rates.
    public func retireChecks(source: String, keeping: Set<String>) throws {
        let rows = try SQLRow.fetchAll(db, sql: "SELECT dataset, name FROM dataset_checks WHERE source = ?", arguments: [source])
        for row in rows {
            let dataset: String = row[0], name: String = row[1]
            if !keeping.contains(DataCheck.id(dataset: dataset, name: name)) {
                try db.execute(sql: "DELETE FROM dataset_checks WHERE dataset = ? AND name = ?", arguments: [dataset, name])
                try touchDataset(dataset)
            }
        }
        try db.cachedStatement(sql: "DELETE FROM check_results WHERE at < ?")
            .execute(arguments: [Date().addingTimeInterval(-Self.qualityHistory).unixSeconds])
    }

    /// Append-only.
    public func appendDatasetEvent(_ e: DatasetEvent) throws {
        try db.cachedStatement(sql: """
            INSERT INTO dataset_events (dataset, at, kind, text, source) VALUES (?, ?, ?, ?, ?)
            """).execute(arguments: [e.dataset, e.at.unixSeconds, e.kind.rawValue, e.text, e.source])
    }

    /// The latest result of one check (nil before its first), read inside the write to see what a new result changes.
    public func latestCheck(dataset: String, name: String) throws -> DataCheck? {
        try SQLRow.fetchOne(db.cachedStatement(sql: """
            SELECT dataset, name, kind, state, failures, message, at, source FROM dataset_checks WHERE dataset = ? AND name = ?
            """), arguments: [dataset, name]).flatMap(StoreQueries.dataCheck)
    }

    /// The dataset's newest event of `kind`, e.g. its last schema change.
    public func latestDatasetEvent(dataset: String, kind: DatasetEvent.Kind) throws -> DatasetEvent? {
        try StoreQueries.datasetEvents(db, dataset: dataset, kind: kind, limit: 1).first
    }

    /// One row count observation (the volume rule compares against these); older than 35 days are dropped.
    public func recordRowCount(dataset: String, rows: Int, at: Date) throws {
        try db.cachedStatement(sql: """
            INSERT INTO dataset_row_counts (dataset, observed_at, row_count) VALUES (?, ?, ?)
            ON CONFLICT (dataset, observed_at) DO UPDATE SET row_count = excluded.row_count
            """).execute(arguments: [dataset, at.unixSeconds, rows])
        try db.cachedStatement(sql: "DELETE FROM dataset_row_counts WHERE dataset = ? AND observed_at < ?")
            .execute(arguments: [dataset, at.addingTimeInterval(-Self.qualityHistory).unixSeconds])
    }

    /// SQLRow counts observed at or after `since`, oldest first (read inside the write, to judge the new count).
    public func rowCounts(dataset: String, since: Date) throws -> [(at: Date, rows: Int)] {
        try SQLRow.fetchAll(db.cachedStatement(sql: """
            SELECT observed_at, row_count FROM dataset_row_counts WHERE dataset = ? AND observed_at >= ? ORDER BY observed_at
            """), arguments: [dataset, since.unixSeconds]).map { (Date(timeIntervalSince1970: $0[0]), $0[1]) }
    }

    /// The dataset's last seen schema: its columns as JSON and their signature (nil before the first look).
    public func schema(dataset: String) throws -> (signature: String, columns: String)? {
        try SQLRow.fetchOne(db.cachedStatement(sql: "SELECT signature, columns FROM dataset_schemas WHERE dataset = ?"),
                         arguments: [dataset]).map { ($0[0], $0[1]) }
    }

    public func setSchema(dataset: String, signature: String, columns: String, at: Date, source: String) throws {
        try db.cachedStatement(sql: """
            INSERT INTO dataset_schemas (dataset, signature, columns, observed_at, source) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(dataset) DO UPDATE SET signature = excluded.signature, columns = excluded.columns,
              observed_at = excluded.observed_at, source = excluded.source
            """).execute(arguments: [dataset, signature, columns, at.unixSeconds, source])
    }

    /// Marks `source`'s pipelines it no longer lists as removed at `at` (they leave the panes, their runs stay);
    /// returns their ids. Call only after a complete listing.
    @discardableResult
    public func retirePipelines(source: String, keeping: Set<String>, at: Date) throws -> [String] {
        try retire(table: "pipelines", key: "pipeline_id", source: source, keeping: keeping, at: at)
    }

    /// Marks the datasets `source` measures that it no longer lists as removed, with a `removed` event each;
    /// returns their names.
    @discardableResult
    public func retireDatasets(source: String, keeping: Set<String>, at: Date) throws -> [String] {
        let gone = try retire(table: "datasets", key: "name", source: source, keeping: keeping, at: at)
        for name in gone {
            try appendDatasetEvent(DatasetEvent(dataset: name, at: at, kind: .removed,
                                                text: "no longer listed by \(source)", source: source))
        }
        return gone
    }

    /// Sets removed_at on `table`'s rows of `source` whose `key` is not in `keeping`; returns those keys.
    private func retire(table: String, key: String, source: String, keeping: Set<String>, at: Date) throws -> [String] {
        let listed = try String.fetchAll(db, sql: """
            SELECT \(key) FROM \(table) WHERE source = ? AND removed_at IS NULL ORDER BY \(key)
            """, arguments: [source])
        let gone = listed.filter { !keeping.contains($0) }
        for id in gone {
            try db.execute(sql: "UPDATE \(table) SET removed_at = ?, row_seq = \(db.dialect.rowSeq) WHERE source = ? AND \(key) = ?",
                           arguments: [at.unixSeconds, source, id])
        }
        return gone
    }

    /// Every dataset the store lists, for joining reported names onto them (DatasetNameIndex).
    public func datasetNameIndex() throws -> DatasetNameIndex {
        try StoreQueries.datasetNameIndex(db)
    }
}
