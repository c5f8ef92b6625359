import Foundation

// The schema on PostgreSQL: the same tables, columns and indexes as the SQLite file after the same migrations
// (SchemaAgreementTests compares them), in PostgreSQL's types: REAL → DOUBLE PRECISION, INTEGER → BIGINT,
// BLOB → BYTEA, AUTOINCREMENT → an identity column, TEXT compared byte by byte as SQLite does (COLLATE "C", so
// names sort the same whatever the database's locale); the append-only tables refuse UPDATE and DELETE through one
// trigger function. Applied migrations are listed in vigil_migrations under the SQLite migrations' identifiers, so
// both engines refuse a store written by a newer Vigil the same way.
enum PostgresMigrations {
    /// Migrations after the baseline, by identifier (each written for PostgreSQL beside its SQLite twin).
    static let later: [(id: String, sql: String)] = [
        ("v14-source-leases", sourceLeases),
        ("v15-action-items", actionItems),
        ("v16-row-versions", rowVersions),
        ("v17-incident-row-versions", incidentRowVersions),
    ]

    /// Every identifier the baseline stands for: the SQLite migrations up to v13.
    static let baselineIdentifiers = [
        "v1", "v2-source-health", "v3-warehouse-activity", "v4-freshness-slo", "v5-hourly-lag", "v6-runbook-selectors",
        "v7-incident-cause", "v8-lag-day", "v9-quality", "v10-tidy", "v11-received-events", "v12-notify-outbox",
        "v13-changes",
    ]

    static var identifiers: [String] { baselineIdentifiers + later.map(\.id) }

    /// Refuses a store from a newer build, then (read-write only) creates or brings the schema up to date, under an
    /// advisory lock so two processes starting at once do not both migrate.
    static func prepare(_ engine: PostgresEngine, readOnly: Bool) throws {
        try engine.withConnection { db in
            let exists = try Bool.fetchOne(db, sql: "SELECT to_regclass('vigil_migrations') IS NOT NULL") ?? false
            let applied = exists ? try String.fetchAll(db, sql: "SELECT identifier FROM vigil_migrations") : []
            if !Set(applied).subtracting(identifiers).isEmpty { throw StoreError.newerSchema(path: engine.location) }
            if readOnly {
                guard Set(identifiers).isSubset(of: applied) else {
                    throw StoreError.cannotOpen(path: engine.location, reason: """
                        the store is not initialised (or uses an older schema); run `vigil store migrate` or start a \
                        collector on it with a role that may create tables
                        """)
                }
                return
            }
            guard !Set(identifiers).isSubset(of: applied) else { return }
            try db.execute(sql: "BEGIN")
            do {
                // 0x76696769 is "vigi": one lock for every Vigil migrating this database.
                try db.execute(sql: "SELECT pg_advisory_xact_lock(1986619241)")
                try db.execute(sql: "CREATE TABLE IF NOT EXISTS vigil_migrations (identifier TEXT PRIMARY KEY NOT NULL)")
                let now = Set(try String.fetchAll(db, sql: "SELECT identifier FROM vigil_migrations"))
                if !now.subtracting(identifiers).isEmpty { throw StoreError.newerSchema(path: engine.location) }
                if now.isEmpty {
                    try db.execute(sql: baseline)
                    for id in baselineIdentifiers {
                        try db.execute(sql: "INSERT INTO vigil_migrations (identifier) VALUES (?)", arguments: [id])
                    }
                }
                for migration in later where !now.contains(migration.id) {
                    try db.execute(sql: migration.sql)
                    try db.execute(sql: "INSERT INTO vigil_migrations (identifier) VALUES (?)", arguments: [migration.id])
                }
                try db.execute(sql: "COMMIT")
            } catch {
                if db.connection.isUsable { try? db.execute(sql: "ROLLBACK") }
                throw error
            }
        }
    }

    static let baseline = """
        CREATE TABLE meta (
          key TEXT COLLATE "C" PRIMARY KEY NOT NULL,
          value TEXT COLLATE "C" NOT NULL
        );
        INSERT INTO meta (key, value) VALUES ('change_seq', '0');
        CREATE TABLE sources (
          name TEXT COLLATE "C" PRIMARY KEY NOT NULL,
          kind TEXT COLLATE "C" NOT NULL,
          health TEXT COLLATE "C" NOT NULL,
          last_attempt_at DOUBLE PRECISION,
          last_success_at DOUBLE PRECISION,
          last_error TEXT COLLATE "C",
          consecutive_failures BIGINT NOT NULL DEFAULT 0,
          last_pass_s DOUBLE PRECISION,
          note TEXT COLLATE "C"
        );
        CREATE TABLE pipelines (
          source TEXT COLLATE "C" NOT NULL,
          pipeline_id TEXT COLLATE "C" NOT NULL,
          schedule TEXT COLLATE "C",
          schedule_interval_s DOUBLE PRECISION,
          owner TEXT COLLATE "C",
          is_paused BIGINT NOT NULL DEFAULT 0,
          tasks TEXT COLLATE "C" NOT NULL DEFAULT '[]',
          tier BIGINT,
          next_run_due DOUBLE PRECISION,
          late_grace_s DOUBLE PRECISION,
          removed_at DOUBLE PRECISION,
          PRIMARY KEY (source, pipeline_id)
        );
        CREATE TABLE runs (
          source TEXT COLLATE "C" NOT NULL,
          pipeline_id TEXT COLLATE "C" NOT NULL,
          run_id TEXT COLLATE "C" NOT NULL,
          state TEXT COLLATE "C" NOT NULL,
          logical_date DOUBLE PRECISION,
          started_at DOUBLE PRECISION,
          ended_at DOUBLE PRECISION,
          run_type TEXT COLLATE "C" NOT NULL,
          PRIMARY KEY (source, pipeline_id, run_id)
        );
        CREATE INDEX runs_by_recency ON runs (source, pipeline_id, coalesce(logical_date, started_at) DESC NULLS LAST);
        CREATE TABLE task_instances (
          source TEXT COLLATE "C" NOT NULL,
          pipeline_id TEXT COLLATE "C" NOT NULL,
          run_id TEXT COLLATE "C" NOT NULL,
          task_id TEXT COLLATE "C" NOT NULL,
          state TEXT COLLATE "C" NOT NULL,
          try_number BIGINT NOT NULL,
          max_tries BIGINT NOT NULL,
          started_at DOUBLE PRECISION,
          ended_at DOUBLE PRECISION,
          operator_name TEXT COLLATE "C",
          error_message TEXT COLLATE "C",
          PRIMARY KEY (source, pipeline_id, run_id, task_id)
        );
        CREATE TABLE datasets (
          name TEXT COLLATE "C" PRIMARY KEY NOT NULL,
          tier BIGINT NOT NULL,
          warn_after_s DOUBLE PRECISION NOT NULL,
          error_after_s DOUBLE PRECISION NOT NULL,
          source TEXT COLLATE "C" NOT NULL,
          produced_by TEXT COLLATE "C",
          owner TEXT COLLATE "C",
          last_loaded_at DOUBLE PRECISION,
          last_observed_at DOUBLE PRECISION,
          slo_target DOUBLE PRECISION,
          slo_window_s DOUBLE PRECISION,
          lag_24h BYTEA,
          lag_24h_hour DOUBLE PRECISION,
          namespace TEXT COLLATE "C",
          qualified_name TEXT COLLATE "C",
          aliases TEXT COLLATE "C" NOT NULL DEFAULT '[]',
          removed_at DOUBLE PRECISION,
          pass_rate_24h DOUBLE PRECISION,
          pass_rate_7d DOUBLE PRECISION,
          pass_rates_at DOUBLE PRECISION
        );
        CREATE TABLE freshness_samples (
          id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
          dataset TEXT COLLATE "C" NOT NULL,
          observed_at DOUBLE PRECISION NOT NULL,
          loaded_at DOUBLE PRECISION
        );
        CREATE INDEX freshness_by_dataset ON freshness_samples (dataset, observed_at);
        CREATE TABLE freshness_intervals (
          dataset TEXT COLLATE "C" NOT NULL,
          start DOUBLE PRECISION NOT NULL,
          "end" DOUBLE PRECISION NOT NULL,
          state TEXT COLLATE "C" NOT NULL,
          PRIMARY KEY (dataset, start)
        );
        CREATE INDEX freshness_intervals_by_end ON freshness_intervals ("end");
        CREATE TABLE lineage_edges (
          source TEXT COLLATE "C" NOT NULL,
          upstream TEXT COLLATE "C" NOT NULL,
          downstream TEXT COLLATE "C" NOT NULL,
          via TEXT COLLATE "C",
          upstream_key TEXT COLLATE "C",
          downstream_key TEXT COLLATE "C",
          PRIMARY KEY (source, upstream, downstream)
        );
        CREATE TABLE incidents (
          id TEXT COLLATE "C" PRIMARY KEY NOT NULL,
          title TEXT COLLATE "C" NOT NULL,
          severity BIGINT NOT NULL,
          state TEXT COLLATE "C" NOT NULL,
          opened_at DOUBLE PRECISION NOT NULL,
          resolved_at DOUBLE PRECISION,
          lead TEXT COLLATE "C",
          affected_datasets TEXT COLLATE "C" NOT NULL DEFAULT '[]',
          affected_pipelines TEXT COLLATE "C" NOT NULL DEFAULT '[]',
          runbook_id TEXT COLLATE "C",
          cause_key TEXT COLLATE "C",
          signal_at DOUBLE PRECISION,
          kind TEXT COLLATE "C",
          resolution TEXT COLLATE "C",
          cause_change TEXT COLLATE "C"
        );
        CREATE INDEX incidents_open_by_cause ON incidents (cause_key) WHERE state != 'resolved';
        CREATE FUNCTION vigil_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END
        $$;
        CREATE TABLE timeline_events (
          seq BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
          incident_id TEXT COLLATE "C" NOT NULL,
          at DOUBLE PRECISION NOT NULL,
          kind TEXT COLLATE "C" NOT NULL,
          actor TEXT COLLATE "C" NOT NULL,
          text TEXT COLLATE "C" NOT NULL
        );
        CREATE INDEX timeline_by_incident ON timeline_events (incident_id, at, seq);
        CREATE TRIGGER timeline_append_only BEFORE UPDATE OR DELETE ON timeline_events
          FOR EACH ROW EXECUTE FUNCTION vigil_append_only();
        CREATE TABLE runbooks (
          id TEXT COLLATE "C" PRIMARY KEY NOT NULL,
          title TEXT COLLATE "C" NOT NULL,
          steps TEXT COLLATE "C" NOT NULL DEFAULT '[]',
          applies_to TEXT COLLATE "C" NOT NULL DEFAULT '[]',
          severity BIGINT,
          source_path TEXT COLLATE "C"
        );
        CREATE TABLE runbook_progress (
          seq BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
          incident_id TEXT COLLATE "C" NOT NULL,
          runbook_id TEXT COLLATE "C" NOT NULL,
          step_index BIGINT NOT NULL,
          status TEXT COLLATE "C" NOT NULL,
          actor TEXT COLLATE "C" NOT NULL,
          at DOUBLE PRECISION NOT NULL,
          note TEXT COLLATE "C"
        );
        CREATE INDEX progress_by_incident ON runbook_progress (incident_id, at, seq);
        CREATE TRIGGER progress_append_only BEFORE UPDATE OR DELETE ON runbook_progress
          FOR EACH ROW EXECUTE FUNCTION vigil_append_only();
        CREATE TABLE warehouse_activity (
          source TEXT COLLATE "C" PRIMARY KEY NOT NULL,
          observed_at DOUBLE PRECISION NOT NULL,
          server_version TEXT COLLATE "C",
          database_name TEXT COLLATE "C",
          role_name TEXT COLLATE "C",
          sees_all_sessions BIGINT NOT NULL,
          statements_available BIGINT NOT NULL
        );
        CREATE TABLE warehouse_dataset_checks (
          source TEXT COLLATE "C" NOT NULL,
          dataset TEXT COLLATE "C" NOT NULL,
          loaded_at_column TEXT COLLATE "C" NOT NULL,
          checked_at DOUBLE PRECISION NOT NULL,
          loaded_at DOUBLE PRECISION,
          problem_kind TEXT COLLATE "C",
          problem TEXT COLLATE "C",
          PRIMARY KEY (source, dataset)
        );
        CREATE TABLE warehouse_sessions (
          source TEXT COLLATE "C" NOT NULL,
          pid BIGINT NOT NULL,
          kind TEXT COLLATE "C" NOT NULL,
          database_name TEXT COLLATE "C",
          user_name TEXT COLLATE "C",
          application_name TEXT COLLATE "C",
          client_addr TEXT COLLATE "C",
          state TEXT COLLATE "C",
          wait_event_type TEXT COLLATE "C",
          wait_event TEXT COLLATE "C",
          blocked_by TEXT COLLATE "C" NOT NULL DEFAULT '[]',
          query_start DOUBLE PRECISION,
          xact_start DOUBLE PRECISION,
          query_age_s DOUBLE PRECISION,
          xact_age_s DOUBLE PRECISION,
          query TEXT COLLATE "C" NOT NULL DEFAULT '',
          PRIMARY KEY (source, pid)
        );
        CREATE TABLE warehouse_statements (
          source TEXT COLLATE "C" NOT NULL,
          rank BIGINT NOT NULL,
          query_id TEXT COLLATE "C",
          database_name TEXT COLLATE "C",
          role_name TEXT COLLATE "C",
          calls BIGINT NOT NULL,
          total_ms DOUBLE PRECISION NOT NULL,
          mean_ms DOUBLE PRECISION NOT NULL,
          max_ms DOUBLE PRECISION NOT NULL,
          row_count BIGINT NOT NULL,
          query TEXT COLLATE "C" NOT NULL DEFAULT '',
          PRIMARY KEY (source, rank)
        );
        CREATE TABLE warehouse_tables (
          source TEXT COLLATE "C" NOT NULL,
          schema_name TEXT COLLATE "C" NOT NULL,
          table_name TEXT COLLATE "C" NOT NULL,
          live_tuples BIGINT NOT NULL,
          dead_tuples BIGINT NOT NULL,
          inserts BIGINT NOT NULL,
          updates BIGINT NOT NULL,
          deletes BIGINT NOT NULL,
          seq_scans BIGINT,
          idx_scans BIGINT,
          last_vacuum DOUBLE PRECISION,
          last_autovacuum DOUBLE PRECISION,
          last_analyze DOUBLE PRECISION,
          last_autoanalyze DOUBLE PRECISION,
          total_bytes BIGINT,
          PRIMARY KEY (source, schema_name, table_name)
        );
        CREATE TABLE dataset_checks (
          dataset TEXT COLLATE "C" NOT NULL,
          name TEXT COLLATE "C" NOT NULL,
          kind TEXT COLLATE "C" NOT NULL,
          state TEXT COLLATE "C" NOT NULL,
          failures BIGINT,
          message TEXT COLLATE "C",
          at DOUBLE PRECISION NOT NULL,
          source TEXT COLLATE "C" NOT NULL,
          PRIMARY KEY (dataset, name)
        );
        CREATE TABLE check_results (
          id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
          dataset TEXT COLLATE "C" NOT NULL,
          name TEXT COLLATE "C" NOT NULL,
          state TEXT COLLATE "C" NOT NULL,
          at DOUBLE PRECISION NOT NULL,
          source TEXT COLLATE "C" NOT NULL
        );
        CREATE INDEX check_results_by_time ON check_results (at);
        CREATE UNIQUE INDEX check_results_once ON check_results (dataset, name, at);
        CREATE TABLE dataset_events (
          seq BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
          dataset TEXT COLLATE "C" NOT NULL,
          at DOUBLE PRECISION NOT NULL,
          kind TEXT COLLATE "C" NOT NULL,
          text TEXT COLLATE "C" NOT NULL,
          source TEXT COLLATE "C" NOT NULL
        );
        CREATE INDEX dataset_events_by_dataset ON dataset_events (dataset, at, seq);
        CREATE TRIGGER dataset_events_append_only BEFORE UPDATE OR DELETE ON dataset_events
          FOR EACH ROW EXECUTE FUNCTION vigil_append_only();
        CREATE TABLE dataset_row_counts (
          dataset TEXT COLLATE "C" NOT NULL,
          observed_at DOUBLE PRECISION NOT NULL,
          row_count BIGINT NOT NULL,
          PRIMARY KEY (dataset, observed_at)
        );
        CREATE TABLE dataset_schemas (
          dataset TEXT COLLATE "C" PRIMARY KEY NOT NULL,
          signature TEXT COLLATE "C" NOT NULL,
          columns TEXT COLLATE "C" NOT NULL,
          observed_at DOUBLE PRECISION NOT NULL,
          source TEXT COLLATE "C" NOT NULL
        );
        CREATE TABLE received_events (
          key TEXT COLLATE "C" PRIMARY KEY NOT NULL,
          source TEXT COLLATE "C" NOT NULL,
          received_at DOUBLE PRECISION NOT NULL
        );
        CREATE TABLE notify_outbox (
          target TEXT COLLATE "C" NOT NULL,
          incident_id TEXT COLLATE "C" NOT NULL,
          state TEXT COLLATE "C" NOT NULL,
          created_at DOUBLE PRECISION NOT NULL,
          attempts BIGINT NOT NULL DEFAULT 0,
          next_attempt_at DOUBLE PRECISION NOT NULL,
          last_attempt_at DOUBLE PRECISION,
          last_error TEXT COLLATE "C",
          delivered_at DOUBLE PRECISION,
          done BIGINT NOT NULL DEFAULT 0,
          PRIMARY KEY (target, incident_id, state)
        );
        CREATE INDEX notify_outbox_due ON notify_outbox (next_attempt_at) WHERE done = 0;
        CREATE TABLE notify_targets (
          name TEXT COLLATE "C" PRIMARY KEY NOT NULL,
          kind TEXT COLLATE "C" NOT NULL,
          health TEXT COLLATE "C" NOT NULL,
          last_attempt_at DOUBLE PRECISION,
          last_success_at DOUBLE PRECISION,
          last_error TEXT COLLATE "C",
          consecutive_failures BIGINT NOT NULL DEFAULT 0
        );
        CREATE TABLE changes (
          id TEXT COLLATE "C" PRIMARY KEY NOT NULL,
          at DOUBLE PRECISION NOT NULL,
          source TEXT COLLATE "C" NOT NULL,
          kind TEXT COLLATE "C" NOT NULL,
          title TEXT COLLATE "C" NOT NULL,
          subjects TEXT COLLATE "C" NOT NULL DEFAULT '[]',
          ref TEXT COLLATE "C",
          author TEXT COLLATE "C",
          detail TEXT COLLATE "C",
          recorded_at DOUBLE PRECISION NOT NULL
        );
        CREATE INDEX changes_by_time ON changes (at);
        CREATE TABLE change_marks (
          source TEXT COLLATE "C" NOT NULL,
          subject TEXT COLLATE "C" NOT NULL,
          mark TEXT COLLATE "C" NOT NULL,
          seen_at DOUBLE PRECISION NOT NULL,
          PRIMARY KEY (source, subject)
        );
        """
}
