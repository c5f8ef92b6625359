import GRDB

// v3-warehouse-activity: what a warehouse collector (PostgreSQL) last saw, one set of rows per source,
// replaced whole by each successful pass (StoreWriter.replaceWarehouseActivity) and kept while the source is down.
//   warehouse_activity        PK source: when it was read, server version, database and role, whether the role
//                             sees every session (pg_monitor) and whether pg_stat_statements could be read.
//   warehouse_sessions        PK (source, pid): sessions worth attention; kind is WarehouseSession.Kind's raw value,
//                             blocked_by a JSON array of pids; ages in seconds by the server's clock.
//   warehouse_statements      PK (source, rank): top statements by total time, rank 0 first.
//   warehouse_tables          PK (source, schema_name, table_name): pg_stat_user_tables counters.
//   warehouse_dataset_checks  PK (source, dataset): each measured dataset's max(loaded_at), or why it has none.
// Query text is stored sanitised, with secrets masked, and truncated by the collector.
extension StoreMigrations {
    static func v3WarehouseActivity(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE warehouse_activity (
              source TEXT PRIMARY KEY NOT NULL,
              observed_at REAL NOT NULL,
              server_version TEXT,
              database_name TEXT,
              role_name TEXT,
              sees_all_sessions INTEGER NOT NULL,
              statements_available INTEGER NOT NULL
            );
            CREATE TABLE warehouse_sessions (
              source TEXT NOT NULL,
              pid INTEGER NOT NULL,
              kind TEXT NOT NULL,
              database_name TEXT,
              user_name TEXT,
              application_name TEXT,
              client_addr TEXT,
              state TEXT,
              wait_event_type TEXT,
              wait_event TEXT,
              blocked_by TEXT NOT NULL DEFAULT '[]',
              query_start REAL,
              xact_start REAL,
              query_age_s REAL,
              xact_age_s REAL,
              query TEXT NOT NULL DEFAULT '',
              PRIMARY KEY (source, pid)
            );
            CREATE TABLE warehouse_statements (
              source TEXT NOT NULL,
              rank INTEGER NOT NULL,
              query_id TEXT,
              database_name TEXT,
              role_name TEXT,
              calls INTEGER NOT NULL,
              total_ms REAL NOT NULL,
              mean_ms REAL NOT NULL,
              max_ms REAL NOT NULL,
              row_count INTEGER NOT NULL,
              query TEXT NOT NULL DEFAULT '',
              PRIMARY KEY (source, rank)
            );
            CREATE TABLE warehouse_tables (
              source TEXT NOT NULL,
              schema_name TEXT NOT NULL,
              table_name TEXT NOT NULL,
              live_tuples INTEGER NOT NULL,
              dead_tuples INTEGER NOT NULL,
              inserts INTEGER NOT NULL,
              updates INTEGER NOT NULL,
              deletes INTEGER NOT NULL,
              seq_scans INTEGER,
              idx_scans INTEGER,
              last_vacuum REAL,
              last_autovacuum REAL,
              last_analyze REAL,
              last_autoanalyze REAL,
              total_bytes INTEGER,
              PRIMARY KEY (source, schema_name, table_name)
            );
            CREATE TABLE warehouse_dataset_checks (
              source TEXT NOT NULL,
              dataset TEXT NOT NULL,
              loaded_at_column TEXT NOT NULL,
              checked_at REAL NOT NULL,
              loaded_at REAL,
              problem_kind TEXT,
              problem TEXT,
              PRIMARY KEY (source, dataset)
            );
            """)
    }
}
