import Foundation
import VigilCore

extension StoreWriter {
    /// Replaces everything stored about `source`'s warehouse activity (sessions, statements, tables, dataset
    /// checks) with `activity`; other sources' rows are untouched. Call it only after a successful pass, so an
    /// outage keeps the last good picture.
    public func replaceWarehouseActivity(source: String, _ activity: WarehouseActivity) throws {
        for table in ["warehouse_activity", "warehouse_sessions", "warehouse_statements", "warehouse_tables",
                      "warehouse_dataset_checks"] {
            try db.execute(sql: "DELETE FROM \(table) WHERE source = ?", arguments: [source])
        }
        try db.execute(sql: """
            INSERT INTO warehouse_activity (source, observed_at, server_version, database_name, role_name,
                                            sees_all_sessions, statements_available)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [source, activity.observedAt.unixSeconds, activity.serverVersion, activity.database,
                             activity.role, activity.seesAllSessions, activity.statements != nil])
        try insertSessions(source: source, activity.sessions)
        try insertStatements(source: source, activity.statements ?? [])
        try insertTables(source: source, activity.tables)
        try insertDatasetChecks(source: source, activity.datasetChecks)
    }

    private func insertSessions(source: String, _ sessions: [WarehouseSession]) throws {
        let insert = try db.cachedStatement(sql: Self.upsertSQL("warehouse_sessions", key: ["source", "pid"], columns: [
            "source", "pid", "kind", "database_name", "user_name", "application_name", "client_addr", "state",
            "wait_event_type", "wait_event", "blocked_by", "query_start", "xact_start", "query_age_s", "xact_age_s", "query",
        ]))
        for s in sessions {
            let values: [(any SQLValueConvertible)?] = [
                source, s.pid, s.kind.rawValue, s.database, s.user, s.application, s.clientAddress, s.state,
                s.waitEventType, s.waitEvent, try JSONText.encode(s.blockedBy), s.queryStart?.unixSeconds,
                s.transactionStart?.unixSeconds, s.queryAgeSeconds, s.transactionAgeSeconds, s.query,
            ]
            try insert.execute(arguments: SQLArguments(values))
        }
    }

    private func insertStatements(source: String, _ statements: [WarehouseStatement]) throws {
        let insert = try db.cachedStatement(sql: """
            INSERT INTO warehouse_statements (source, rank, query_id, database_name, role_name, calls, total_ms,
              mean_ms, max_ms, row_count, query)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for (rank, s) in statements.enumerated() {
            let values: [(any SQLValueConvertible)?] = [
                source, rank, s.queryID, s.database, s.role, s.calls, s.totalMilliseconds, s.meanMilliseconds,
                s.maxMilliseconds, s.rows, s.query,
            ]
            try insert.execute(arguments: SQLArguments(values))
        }
    }

    private func insertTables(source: String, _ tables: [WarehouseTableActivity]) throws {
        let insert = try db.cachedStatement(sql: Self.upsertSQL("warehouse_tables", key: ["source", "schema_name", "table_name"], columns: [
            "source", "schema_name", "table_name", "live_tuples", "dead_tuples", "inserts", "updates", "deletes",
            "seq_scans", "idx_scans", "last_vacuum", "last_autovacuum", "last_analyze", "last_autoanalyze", "total_bytes",
        ]))
        for t in tables {
            let values: [(any SQLValueConvertible)?] = [
                source, t.schema, t.table, t.liveTuples, t.deadTuples, t.inserts, t.updates, t.deletes,
                t.sequentialScans, t.indexScans, t.lastVacuum?.unixSeconds, t.lastAutovacuum?.unixSeconds,
                t.lastAnalyze?.unixSeconds, t.lastAutoanalyze?.unixSeconds, t.totalBytes,
            ]
            try insert.execute(arguments: SQLArguments(values))
        }
    }

    private func insertDatasetChecks(source: String, _ checks: [WarehouseDatasetCheck]) throws {
        let insert = try db.cachedStatement(sql: Self.upsertSQL("warehouse_dataset_checks", key: ["source", "dataset"], columns: [
            "source", "dataset", "loaded_at_column", "checked_at", "loaded_at", "problem_kind", "problem",
        ]))
        for c in checks {
            try insert.execute(arguments: [source, c.dataset, c.loadedAtColumn, c.checkedAt.unixSeconds,
                                           c.loadedAt?.unixSeconds, c.problem?.kind.rawValue, c.problem?.message])
        }
    }
}
