import GRDB
import VigilCore

// v9: one platform graph and data correctness.
//   datasets.namespace, qualified_name  the dataset's OpenLineage identity (DatasetIdentity), when a source knows it
//   datasets.aliases                    JSON array of other names (config `aliases:`) joined onto this dataset
//   datasets.removed_at, pipelines.removed_at
//                                       when the source stopped listing it: it leaves the panes, its history stays;
//                                       NULL while listed (an upsert brings it back)
//   pipelines.next_run_due, late_grace_s when the orchestrator expects the next run, and the grace before "late"
//   lineage_edges.via                   on a pipeline -> dataset edge, what inside the pipeline writes it: the Airflow
//                                       task(s) with the asset as outlet, the dbt node's unique_id
//   lineage_edges.upstream_key, downstream_key
//                                       the identity a dataset node names as a URI (DatasetNameIndex.identityKey),
//                                       parsed once when written so a snapshot joins by lookup
//   datasets.pass_rate_24h, pass_rate_7d, pass_rates_at
//                                       the share of its check results that passed in the 24 h and 7 d before its
//                                       newest result (pass_rates_at), kept by recordCheck so a snapshot reads them
//   incidents.kind                      IncidentKind's raw value (freshness, pipeline, data_correctness); NULL by hand
//   dataset_checks    PK (dataset, name): the latest result of each check (dbt test, volume, schema)
//   check_results     every result, for pass rates over 24 h and 7 d; unique (dataset, name, at); pruned after 35 d
//   dataset_events    append-only: schema changes, volume changes, removals, for the dataset's timeline
//   dataset_row_counts history of row counts per dataset (the volume rule's baseline); pruned after 35 d
//   dataset_schemas   PK dataset: the last seen columns (JSON [{name, type, nullable}]) and their signature
extension StoreMigrations {
    static func v9Quality(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE datasets ADD COLUMN namespace TEXT;
            ALTER TABLE datasets ADD COLUMN qualified_name TEXT;
            ALTER TABLE datasets ADD COLUMN aliases TEXT NOT NULL DEFAULT '[]';
            ALTER TABLE datasets ADD COLUMN removed_at REAL;
            ALTER TABLE pipelines ADD COLUMN next_run_due REAL;
            ALTER TABLE pipelines ADD COLUMN late_grace_s REAL;
            ALTER TABLE pipelines ADD COLUMN removed_at REAL;
            ALTER TABLE incidents ADD COLUMN kind TEXT;
            ALTER TABLE lineage_edges ADD COLUMN via TEXT;
            ALTER TABLE lineage_edges ADD COLUMN upstream_key TEXT;
            ALTER TABLE lineage_edges ADD COLUMN downstream_key TEXT;
            ALTER TABLE datasets ADD COLUMN pass_rate_24h REAL;
            ALTER TABLE datasets ADD COLUMN pass_rate_7d REAL;
            ALTER TABLE datasets ADD COLUMN pass_rates_at REAL;
            CREATE TABLE dataset_checks (
              dataset TEXT NOT NULL,
              name TEXT NOT NULL,
              kind TEXT NOT NULL,
              state TEXT NOT NULL,
              failures INTEGER,
              message TEXT,
              at REAL NOT NULL,
              source TEXT NOT NULL,
              PRIMARY KEY (dataset, name)
            );
            CREATE TABLE check_results (
              id INTEGER PRIMARY KEY,
              dataset TEXT NOT NULL,
              name TEXT NOT NULL,
              state TEXT NOT NULL,
              at REAL NOT NULL,
              source TEXT NOT NULL
            );
            CREATE UNIQUE INDEX check_results_once ON check_results (dataset, name, at);
            CREATE INDEX check_results_by_time ON check_results (at);
            CREATE TABLE dataset_events (
              seq INTEGER PRIMARY KEY AUTOINCREMENT,
              dataset TEXT NOT NULL,
              at REAL NOT NULL,
              kind TEXT NOT NULL,
              text TEXT NOT NULL,
              source TEXT NOT NULL
            );
            CREATE INDEX dataset_events_by_dataset ON dataset_events (dataset, at, seq);
            CREATE TRIGGER dataset_events_no_update BEFORE UPDATE ON dataset_events
              BEGIN SELECT RAISE(ABORT, 'dataset_events is append-only'); END;
            CREATE TABLE dataset_row_counts (
              dataset TEXT NOT NULL,
              observed_at REAL NOT NULL,
              row_count INTEGER NOT NULL,
              PRIMARY KEY (dataset, observed_at)
            );
            CREATE TABLE dataset_schemas (
              dataset TEXT PRIMARY KEY NOT NULL,
              signature TEXT NOT NULL,
              columns TEXT NOT NULL,
              observed_at REAL NOT NULL,
              source TEXT NOT NULL
            );
            """)
        // Edges written before v9 get their nodes' identity keys now, so asset URIs join at once.
        let update = try db.makeStatement(sql: """
            UPDATE lineage_edges SET upstream_key = ?, downstream_key = ? WHERE source = ? AND upstream = ? AND downstream = ?
            """)
        for row in try Row.fetchAll(db, sql: "SELECT source, upstream, downstream FROM lineage_edges") {
            let source: String = row[0], up: String = row[1], down: String = row[2]
            let keys = [up, down].map { LineageNode(parsing: $0)?.datasetName.flatMap(DatasetNameIndex.identityKey) }
            if keys[0] != nil || keys[1] != nil { try update.execute(arguments: [keys[0], keys[1], source, up, down]) }
        }
    }
}
