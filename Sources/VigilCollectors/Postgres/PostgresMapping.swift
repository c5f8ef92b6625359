import Foundation
import VigilStore
import VigilCore

/// Rows of the monitoring queries to domain values. Pure: the fixtures test it without a server.
enum PostgresMapping {
    /// Longest query text kept (the queries already cut at 200 characters; masking can only shorten it).
    static let queryLimit = 200

    struct SessionThresholds: Sendable {
        var longRunningAfter: TimeInterval
        var idleInTransactionAfter: TimeInterval
        var blockedAfter: TimeInterval
    }

    /// Client sessions worth attention, one reason each (blocked, long-running, idle in transaction), plus the
    /// sessions holding the locks the listed blocked ones wait for. Background workers are never listed.
    static func sessions(_ rows: [PostgresActivityRow], thresholds: SessionThresholds,
                         secrets: PostgresSecrets) -> [WarehouseSession] {
        let clients = rows.filter { $0.backend_type == "client backend" }
        var kinds: [Int: WarehouseSession.Kind] = [:]
        for row in clients {
            if let kind = kind(of: row, thresholds) { kinds[row.pid] = kind }
        }
        let blockers = Set(clients.filter { kinds[$0.pid] == .blocked }.flatMap { $0.blocked_by ?? [] })
        for pid in blockers where kinds[pid] == nil { kinds[pid] = .blocking }
        return clients.compactMap { row in
            kinds[row.pid].map { session(row, kind: $0, secrets: secrets) }
        }
    }

    private static func kind(of row: PostgresActivityRow, _ t: SessionThresholds) -> WarehouseSession.Kind? {
        let queryAge = row.query_age_s ?? 0, xactAge = row.xact_age_s ?? 0
        if !(row.blocked_by ?? []).isEmpty, queryAge >= t.blockedAfter { return .blocked }
        if row.state == "active", queryAge >= t.longRunningAfter { return .longRunning }
        if row.state?.hasPrefix("idle in transaction") == true, xactAge >= t.idleInTransactionAfter {
            return .idleInTransaction
        }
        return nil
    }

    private static func session(_ row: PostgresActivityRow, kind: WarehouseSession.Kind,
                                secrets: PostgresSecrets) -> WarehouseSession {
        func text(_ value: String?) -> String? { value.map { secrets.clean($0, limit: 120) } }
        return WarehouseSession(
            pid: row.pid, kind: kind, database: text(row.datname), user: text(row.usename),
            application: text(row.application_name).flatMap { $0.isEmpty ? nil : $0 },
            clientAddress: text(row.client_addr), state: row.state, waitEventType: row.wait_event_type,
            waitEvent: row.wait_event, blockedBy: row.blocked_by ?? [],
            queryStart: row.query_start.flatMap(DbtTimestamp.parse),
            transactionStart: row.xact_start.flatMap(DbtTimestamp.parse),
            queryAgeSeconds: row.query_age_s, transactionAgeSeconds: row.xact_age_s,
            query: secrets.clean(row.query ?? "", limit: queryLimit))
    }

    static func statements(_ rows: [PostgresStatementRow], secrets: PostgresSecrets) -> [WarehouseStatement] {
        rows.map { row in
            WarehouseStatement(
                queryID: row.queryid, database: row.datname, role: row.rolname, calls: row.calls,
                totalMilliseconds: row.total_exec_time, meanMilliseconds: row.mean_exec_time,
                maxMilliseconds: row.max_exec_time, rows: row.rows,
                query: secrets.clean(row.query ?? "", limit: queryLimit))
        }
    }

    static func tables(_ rows: [PostgresTableRow]) -> [WarehouseTableActivity] {
        rows.map { row in
            WarehouseTableActivity(
                schema: row.schemaname, table: row.relname, liveTuples: row.n_live_tup, deadTuples: row.n_dead_tup,
                inserts: row.n_tup_ins, updates: row.n_tup_upd, deletes: row.n_tup_del,
                sequentialScans: row.seq_scan, indexScans: row.idx_scan,
                lastVacuum: row.last_vacuum.flatMap(DbtTimestamp.parse),
                lastAutovacuum: row.last_autovacuum.flatMap(DbtTimestamp.parse),
                lastAnalyze: row.last_analyze.flatMap(DbtTimestamp.parse),
                lastAutoanalyze: row.last_autoanalyze.flatMap(DbtTimestamp.parse),
                totalBytes: row.total_bytes)
        }
    }
}

extension PostgresMapping {
    /// The rows of a relation as PostgreSQL estimates them, summed over the tables holding them; nil when some have
    /// no estimate (a view, a foreign table), so it has to be counted. Per table:
    /// - n_live_tup when the statistics have seen a vacuum or analyze of it: that figure plus every insert and delete
    ///   committed since, so a DELETE shows within a second or so;
    /// - else pg_class.reltuples when set: the statistics were reset (a crash or immediate shutdown, pg_stat_reset,
    ///   a replica) and n_live_tup only counts what happened since, while reltuples survives until the next
    ///   vacuum or analyze;
    /// - else n_live_tup: never vacuumed nor analyzed, counted since it was created.
    static func rowEstimate(_ row: PostgresCatalogRow) -> Int? {
        var total = 0.0
        for part in row.parts {
            let estimate: Double
            if part.analyzed, let live = part.n_live_tup {
                estimate = Double(live)
            } else if part.reltuples >= 0 {
                estimate = part.reltuples
            } else if let live = part.n_live_tup {
                estimate = Double(live)
            } else {
                return nil
            }
            total += estimate
        }
        // Bounded before it becomes an Int: a corrupt answer must not trap (negative counts mean nothing).
        return Int(min(max(total, 0), 9e18).rounded())
    }

    static func columns(_ row: PostgresCatalogRow) -> [TableColumn] {
        row.columns.map { TableColumn(name: $0.name, type: $0.type, nullable: $0.nullable) }
    }
}
