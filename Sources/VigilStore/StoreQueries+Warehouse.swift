import Foundation
import VigilCore

extension Store {
    /// What `source`'s warehouse collector last saw; nil when it has not completed a pass yet.
    /// Sessions by kind (blocked first) then oldest query first; statements by total time; tables by name.
    public func warehouseActivity(source: String) throws -> WarehouseActivity? {
        try database.read { db in try WarehouseRows.activity(db, source: source) }
    }

    /// Every source's warehouse activity, by source name.
    public func warehouseActivities() throws -> [String: WarehouseActivity] {
        try database.read { db in
            let sources = try String.fetchAll(db, sql: "SELECT source FROM warehouse_activity ORDER BY source")
            var result: [String: WarehouseActivity] = [:]
            for source in sources { result[source] = try WarehouseRows.activity(db, source: source) }
            return result
        }
    }
}

/// Rows of the v3 warehouse tables (Migrations+Warehouse.swift) back to domain values.
enum WarehouseRows {
    static func activity(_ db: any SQLDatabase, source: String) throws -> WarehouseActivity? {
        guard let row = try SQLRow.fetchOne(db, sql: "SELECT * FROM warehouse_activity WHERE source = ?",
                                         arguments: [source]) else { return nil }
        let hasStatements: Bool = try row.decode(forColumn: "statements_available")
        return WarehouseActivity(
            observedAt: try row.requiredDate("observed_at", table: "warehouse_activity"),
            serverVersion: try row.decode(forColumn: "server_version"),
            database: try row.decode(forColumn: "database_name"),
            role: try row.decode(forColumn: "role_name"),
            seesAllSessions: try row.decode(forColumn: "sees_all_sessions"),
            sessions: try sessions(db, source: source),
            statements: hasStatements ? try statements(db, source: source) : nil,
            tables: try tables(db, source: source),
            datasetChecks: try datasetChecks(db, source: source))
    }

    private static func sessions(_ db: any SQLDatabase, source: String) throws -> [WarehouseSession] {
        let order = WarehouseSession.Kind.allCases.enumerated()
            .map { "WHEN '\($0.element.rawValue)' THEN \($0.offset)" }.joined(separator: " ")
        return try SQLRow.fetchAll(db, sql: """
            SELECT * FROM warehouse_sessions WHERE source = ?
            ORDER BY CASE kind \(order) ELSE 99 END, coalesce(query_age_s, xact_age_s, 0) DESC, pid
            """, arguments: [source]).map { row in
            WarehouseSession(
                pid: try row.decode(forColumn: "pid"),
                kind: try row.enumValue("kind", table: "warehouse_sessions"),
                database: try row.decode(forColumn: "database_name"),
                user: try row.decode(forColumn: "user_name"),
                application: try row.decode(forColumn: "application_name"),
                clientAddress: try row.decode(forColumn: "client_addr"),
                state: try row.decode(forColumn: "state"),
                waitEventType: try row.decode(forColumn: "wait_event_type"),
                waitEvent: try row.decode(forColumn: "wait_event"),
                blockedBy: try row.json([Int].self, "blocked_by", table: "warehouse_sessions"),
                queryStart: try row.date("query_start"),
                transactionStart: try row.date("xact_start"),
                queryAgeSeconds: try row.decode(forColumn: "query_age_s"),
                transactionAgeSeconds: try row.decode(forColumn: "xact_age_s"),
                query: try row.decode(forColumn: "query"))
        }
    }

    private static func statements(_ db: any SQLDatabase, source: String) throws -> [WarehouseStatement] {
        try SQLRow.fetchAll(db, sql: "SELECT * FROM warehouse_statements WHERE source = ? ORDER BY rank",
                         arguments: [source]).map { row in
            WarehouseStatement(
                queryID: try row.decode(forColumn: "query_id"),
                database: try row.decode(forColumn: "database_name"),
                role: try row.decode(forColumn: "role_name"),
                calls: try row.decode(forColumn: "calls"),
                totalMilliseconds: try row.decode(forColumn: "total_ms"),
                meanMilliseconds: try row.decode(forColumn: "mean_ms"),
                maxMilliseconds: try row.decode(forColumn: "max_ms"),
                rows: try row.decode(forColumn: "row_count"),
                query: try row.decode(forColumn: "query"))
        }
    }

    private static func tables(_ db: any SQLDatabase, source: String) throws -> [WarehouseTableActivity] {
        try SQLRow.fetchAll(db, sql: """
            SELECT * FROM warehouse_tables WHERE source = ? ORDER BY schema_name, table_name
            """, arguments: [source]).map { row in
            WarehouseTableActivity(
                schema: try row.decode(forColumn: "schema_name"),
                table: try row.decode(forColumn: "table_name"),
                liveTuples: try row.decode(forColumn: "live_tuples"),
                deadTuples: try row.decode(forColumn: "dead_tuples"),
                inserts: try row.decode(forColumn: "inserts"),
                updates: try row.decode(forColumn: "updates"),
                deletes: try row.decode(forColumn: "deletes"),
                sequentialScans: try row.decode(forColumn: "seq_scans"),
                indexScans: try row.decode(forColumn: "idx_scans"),
                lastVacuum: try row.date("last_vacuum"),
                lastAutovacuum: try row.date("last_autovacuum"),
                lastAnalyze: try row.date("last_analyze"),
                lastAutoanalyze: try row.date("last_autoanalyze"),
                totalBytes: try row.decode(forColumn: "total_bytes"))
        }
    }

    private static func datasetChecks(_ db: any SQLDatabase, source: String) throws -> [WarehouseDatasetCheck] {
        try SQLRow.fetchAll(db, sql: "SELECT * FROM warehouse_dataset_checks WHERE source = ? ORDER BY dataset",
                         arguments: [source]).map { row in
            var problem: WarehouseDatasetProblem?
            if let message: String = try row.decode(forColumn: "problem") {
                problem = WarehouseDatasetProblem(kind: try row.enumValue("problem_kind", table: "warehouse_dataset_checks"),
                                                  message: message)
            }
            return WarehouseDatasetCheck(
                dataset: try row.decode(forColumn: "dataset"),
                loadedAtColumn: try row.decode(forColumn: "loaded_at_column"),
                checkedAt: try row.requiredDate("checked_at", table: "warehouse_dataset_checks"),
                loadedAt: try row.date("loaded_at"),
                problem: problem)
        }
    }
}
