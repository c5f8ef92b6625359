import GRDB

// v16: row versions, so a snapshot re-reads only what changed since the last one (Store.snapshot, SnapshotCache).
//   datasets.row_seq, pipelines.row_seq   the change counter (meta change_seq) of the write that last changed what
//                   the row's summary is made of: the row itself; for a dataset its freshness intervals and latest
//                   check results; for a pipeline its runs and task instances. StoreWriter sets it in the same
//                   statement or transaction (`rowSeq`). 0 on rows written before v16: the first snapshot reads all.
//                   Indexed, for `WHERE row_seq > ?`.
//   meta lineage_seq   bumped by every lineage write: the snapshot's join of the edges is kept while it is unchanged.
// v17: incidents.row_seq, the same for an incident: the write that last changed the row, or appended to its timeline
//                   or runbook progress (every action item write appends its timeline entry). Indexed.
extension StoreMigrations {
    static func v16RowVersions(_ db: Database) throws {
        try db.execute(sql: PostgresMigrations.rowVersions.replacingOccurrences(of: "BIGINT", with: "INTEGER"))
    }

    static func v17IncidentRowVersions(_ db: Database) throws {
        try db.execute(sql: PostgresMigrations.incidentRowVersions.replacingOccurrences(of: "BIGINT", with: "INTEGER"))
    }
}

extension PostgresMigrations {
    static let rowVersions = """
        ALTER TABLE datasets ADD COLUMN row_seq BIGINT NOT NULL DEFAULT 0;
        ALTER TABLE pipelines ADD COLUMN row_seq BIGINT NOT NULL DEFAULT 0;
        CREATE INDEX datasets_row_seq ON datasets (row_seq);
        CREATE INDEX pipelines_row_seq ON pipelines (row_seq);
        """
}

extension PostgresMigrations {
    static let incidentRowVersions = """
        ALTER TABLE incidents ADD COLUMN row_seq BIGINT NOT NULL DEFAULT 0;
        CREATE INDEX incidents_row_seq ON incidents (row_seq);
        """
}
