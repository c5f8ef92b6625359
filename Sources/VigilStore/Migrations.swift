// Vigil store schema
// ==================
// One SQLite file in WAL mode, written by the collector process and read (and lightly written, for
// incident actions) by any number of consoles. Conventions:
//   * dates are REAL unix seconds (UTC); NULL means "unknown / never";
//   * arrays are JSON text (pipelines.tasks, incidents.affected_*, runbooks.steps);
//   * enums are stored as their Swift raw values (TEXT), severity as INTEGER 1...4.
// Tables:
//   meta               key/value: change_seq (bumped by every write transaction; consoles poll it),
//                      incident_seq (INC-n counter), demo ("1" when the demo writes), clock (demo time).
//   sources            one row per configured source and its collector health (v2 adds consecutive_failures,
//                      last_pass_s and note).
//   pipelines          PK (source, pipeline_id).
//   runs               PK (source, pipeline_id, run_id); index on recency = coalesce(logical_date, started_at).
//   task_instances     PK (source, pipeline_id, run_id, task_id).
//   datasets           PK name; last_loaded_at only moves forward (see StoreWriter.recordFreshness).
//   freshness_samples  history of observations; index (dataset, observed_at).
//   lineage_edges      PK (source, upstream, downstream); each source replaces its own edges.
//   incidents          PK id ("INC-n").
//   timeline_events    append-only (triggers reject UPDATE/DELETE); seq gives insertion order.
//   runbooks           PK id.
//   runbook_progress   append-only like the timeline.
//   warehouse_*        v3: a warehouse collector's latest sessions, statements, tables and dataset checks per
//                      source (documented in Migrations+Warehouse.swift).
//   freshness_intervals v4: SLO history as state intervals (documented in Migrations+SLO.swift).
//   freshness_lag_hourly v5: largest lag per dataset-hour, for sparklines (same file); replaced by datasets.lag_24h
//                      in v8, dropped in v10.
//   runbooks           v6 adds applies_to, severity and source_path (Migrations+Runbooks.swift).
//   v9                 dataset identity, aliases, removal; pipelines' next run; incident kind; data checks, dataset
//                      events, row counts and schemas (Migrations+Quality.swift).
//   v10                timeline kind 'recovered'; freshness_lag_hourly dropped (Migrations+Tidy.swift).
//   received_events    v11: dedupe keys of pushed events (Migrations+Received.swift).
//   notify_outbox      v12: alerts to deliver per (target, incident, state), and notify_targets' health
//                      (Migrations+Outbox.swift).
//   changes            v13: changes (deployments, DAG versions, dbt diffs, schema changes, commits, release notes),
//                      change_marks (the last version a collector saw per subject), incidents.resolution and
//                      cause_change (Migrations+Changes.swift).
//   source_leases      v14: which collector process collects each source, until when (Migrations+Leases.swift).
//   action_items       v15: postmortem action items per incident, numbered 1, 2, 3… (Migrations+ActionItems.swift).
//   v16                datasets.row_seq and pipelines.row_seq, the write that last changed each row's summary, and
//                      meta lineage_seq: what a snapshot re-reads (Migrations+RowVersions.swift).
//   v17                incidents.row_seq, the same for incidents, their timelines, runbook progress and action items
//                      (Migrations+RowVersions.swift).
// Migrations are applied by GRDB's DatabaseMigrator (table grdb_migrations). Never edit a shipped
// migration: add a new one. A store listing a migration this build does not know is refused.

import GRDB

enum StoreMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1", migrate: v1)
        migrator.registerMigration("v2-source-health", migrate: v2SourceHealth)
        migrator.registerMigration("v3-warehouse-activity", migrate: v3WarehouseActivity)
        migrator.registerMigration("v4-freshness-slo", migrate: v4FreshnessSLO)
        migrator.registerMigration("v5-hourly-lag", migrate: v5HourlyLag)
        migrator.registerMigration("v6-runbook-selectors", migrate: v6RunbookSelectors)
        migrator.registerMigration("v7-incident-cause", migrate: v7IncidentCause)
        migrator.registerMigration("v8-lag-day", migrate: v8LagDay)
        migrator.registerMigration("v9-quality", migrate: v9Quality)
        migrator.registerMigration("v10-tidy", migrate: v10Tidy)
        migrator.registerMigration("v11-received-events", migrate: v11ReceivedEvents)
        migrator.registerMigration("v12-notify-outbox", migrate: v12NotifyOutbox)
        migrator.registerMigration("v13-changes", migrate: v13Changes)
        migrator.registerMigration("v14-source-leases", migrate: v14SourceLeases)
        migrator.registerMigration("v15-action-items", migrate: v15ActionItems)
        migrator.registerMigration("v16-row-versions", migrate: v16RowVersions)
        migrator.registerMigration("v17-incident-row-versions", migrate: v17IncidentRowVersions)
        return migrator
    }

    private static func v1(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE meta (
              key TEXT PRIMARY KEY NOT NULL,
              value TEXT NOT NULL
            );
            CREATE TABLE sources (
              name TEXT PRIMARY KEY NOT NULL,
              kind TEXT NOT NULL,
              health TEXT NOT NULL,
              last_attempt_at REAL,
              last_success_at REAL,
              last_error TEXT
            );
            CREATE TABLE pipelines (
              source TEXT NOT NULL,
              pipeline_id TEXT NOT NULL,
              schedule TEXT,
              schedule_interval_s REAL,
              owner TEXT,
              is_paused INTEGER NOT NULL DEFAULT 0,
              tasks TEXT NOT NULL DEFAULT '[]',
              tier INTEGER,
              PRIMARY KEY (source, pipeline_id)
            );
            CREATE TABLE runs (
              source TEXT NOT NULL,
              pipeline_id TEXT NOT NULL,
              run_id TEXT NOT NULL,
              state TEXT NOT NULL,
              logical_date REAL,
              started_at REAL,
              ended_at REAL,
              run_type TEXT NOT NULL,
              PRIMARY KEY (source, pipeline_id, run_id)
            );
            CREATE INDEX runs_by_recency ON runs (source, pipeline_id, coalesce(logical_date, started_at) DESC);
            CREATE TABLE task_instances (
              source TEXT NOT NULL,
              pipeline_id TEXT NOT NULL,
              run_id TEXT NOT NULL,
              task_id TEXT NOT NULL,
              state TEXT NOT NULL,
              try_number INTEGER NOT NULL,
              max_tries INTEGER NOT NULL,
              started_at REAL,
              ended_at REAL,
              operator_name TEXT,
              error_message TEXT,
              PRIMARY KEY (source, pipeline_id, run_id, task_id)
            );
            CREATE TABLE datasets (
              name TEXT PRIMARY KEY NOT NULL,
              tier INTEGER NOT NULL,
              warn_after_s REAL NOT NULL,
              error_after_s REAL NOT NULL,
              source TEXT NOT NULL,
              produced_by TEXT,
              owner TEXT,
              last_loaded_at REAL,
              last_observed_at REAL
            );
            CREATE TABLE freshness_samples (
              id INTEGER PRIMARY KEY,
              dataset TEXT NOT NULL,
              observed_at REAL NOT NULL,
              loaded_at REAL
            );
            CREATE INDEX freshness_by_dataset ON freshness_samples (dataset, observed_at);
            CREATE TABLE lineage_edges (
              source TEXT NOT NULL,
              upstream TEXT NOT NULL,
              downstream TEXT NOT NULL,
              PRIMARY KEY (source, upstream, downstream)
            );
            CREATE TABLE incidents (
              id TEXT PRIMARY KEY NOT NULL,
              title TEXT NOT NULL,
              severity INTEGER NOT NULL,
              state TEXT NOT NULL,
              opened_at REAL NOT NULL,
              resolved_at REAL,
              lead TEXT,
              affected_datasets TEXT NOT NULL DEFAULT '[]',
              affected_pipelines TEXT NOT NULL DEFAULT '[]',
              runbook_id TEXT
            );
            CREATE TABLE timeline_events (
              seq INTEGER PRIMARY KEY AUTOINCREMENT,
              incident_id TEXT NOT NULL,
              at REAL NOT NULL,
              kind TEXT NOT NULL,
              actor TEXT NOT NULL,
              text TEXT NOT NULL
            );
            CREATE INDEX timeline_by_incident ON timeline_events (incident_id, at, seq);
            CREATE TRIGGER timeline_no_update BEFORE UPDATE ON timeline_events
              BEGIN SELECT RAISE(ABORT, 'timeline_events is append-only'); END;
            CREATE TRIGGER timeline_no_delete BEFORE DELETE ON timeline_events
              BEGIN SELECT RAISE(ABORT, 'timeline_events is append-only'); END;
            CREATE TABLE runbooks (
              id TEXT PRIMARY KEY NOT NULL,
              title TEXT NOT NULL,
              steps TEXT NOT NULL DEFAULT '[]'
            );
            CREATE TABLE runbook_progress (
              seq INTEGER PRIMARY KEY AUTOINCREMENT,
              incident_id TEXT NOT NULL,
              runbook_id TEXT NOT NULL,
              step_index INTEGER NOT NULL,
              status TEXT NOT NULL,
              actor TEXT NOT NULL,
              at REAL NOT NULL,
              note TEXT
            );
            CREATE INDEX progress_by_incident ON runbook_progress (incident_id, at, seq);
            CREATE TRIGGER progress_no_update BEFORE UPDATE ON runbook_progress
              BEGIN SELECT RAISE(ABORT, 'runbook_progress is append-only'); END;
            CREATE TRIGGER progress_no_delete BEFORE DELETE ON runbook_progress
              BEGIN SELECT RAISE(ABORT, 'runbook_progress is append-only'); END;
            INSERT INTO meta (key, value) VALUES ('change_seq', '0');
            """)
    }

    /// Source health the on-call engineer asks for: failures in a row, pass duration, partial-view note.
    private static func v2SourceHealth(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE sources ADD COLUMN consecutive_failures INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE sources ADD COLUMN last_pass_s REAL;
            ALTER TABLE sources ADD COLUMN note TEXT;
            """)
    }
}
