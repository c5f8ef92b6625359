import Foundation
import VigilStore

// What the queries in PostgresQueries return, as JSON. Only the fields Vigil uses are decoded; PostgreSQL's
// json renders timestamptz as ISO 8601 with microseconds and an offset ("2026-11-26T21:27:47.042948+00:00").

struct PostgresIdentityRow: Decodable, Sendable {
    var role: String
    var database: String
    var server_version: String
    var superuser: Bool?
    var reads_all_stats: Bool
    var statements_schema: String?
}

struct PostgresActivityRow: Decodable, Sendable {
    var pid: Int
    var datname: String?
    var usename: String?
    var application_name: String?
    var client_addr: String?
    var backend_type: String?
    var state: String?
    var wait_event_type: String?
    var wait_event: String?
    var blocked_by: [Int]?
    var xact_start: String?
    var query_start: String?
    var query_age_s: Double?
    var xact_age_s: Double?
    var query: String?
}

struct PostgresStatementRow: Decodable, Sendable {
    var queryid: String?
    var datname: String?
    var rolname: String?
    var calls: Int64
    var total_exec_time: Double
    var mean_exec_time: Double
    var max_exec_time: Double
    var rows: Int64
    var query: String?
}

struct PostgresTableRow: Decodable, Sendable {
    var schemaname: String
    var relname: String
    var seq_scan: Int64?
    var idx_scan: Int64?
    var n_tup_ins: Int64
    var n_tup_upd: Int64
    var n_tup_del: Int64
    var n_live_tup: Int64
    var n_dead_tup: Int64
    var last_vacuum: String?
    var last_autovacuum: String?
    var last_analyze: String?
    var last_autoanalyze: String?
    var total_bytes: Int64?
}

struct PostgresCatalogRow: Decodable, Sendable {
    /// One table holding rows of the relation (itself, or a leaf partition).
    struct Part: Decodable, Sendable {
        var relkind: String
        /// pg_class.reltuples: -1 until the first vacuum or analyze; kept through restarts and on replicas.
        var reltuples: Double
        /// pg_stat_all_tables.n_live_tup; nil for relations without statistics (views, foreign tables).
        var n_live_tup: Int64?
        /// The statistics have seen a vacuum or analyze of it since they were last reset.
        var analyzed: Bool
    }

    struct Column: Decodable, Sendable {
        var name: String
        var type: String
        var nullable: Bool
    }

    var relkind: String
    var parts: [Part]
    var columns: [Column]
}

enum PostgresJSON {
    /// Decodes one json document; the error names what was being read, never the text itself.
    static func decode<T: Decodable>(_ type: T.Type, _ text: String?, what: String) throws(PostgresFailure) -> T {
        guard let text else { throw PostgresFailure(kind: .server(sqlstate: nil), message: "\(what): no result") }
        do {
            return try JSONDecoder().decode(T.self, from: Data(text.utf8))
        } catch {
            throw PostgresFailure(kind: .server(sqlstate: nil), message: "\(what): unexpected JSON (\(Self.reason(error)))")
        }
    }

    private static func reason(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "unreadable" }
        switch error {
        case let .keyNotFound(key, _): return "no field \(key.stringValue)"
        case let .typeMismatch(_, context), let .valueNotFound(_, context), let .dataCorrupted(context):
            return "bad value at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        @unknown default: return "unreadable"
        }
    }
}
