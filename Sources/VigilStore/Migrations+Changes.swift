import GRDB

// v13: what changed, and how incidents end.
//   changes               one row per change (Change): id "SOURCE:KIND:SUBJECT:REF" so a change seen twice is stored
//                         once; at (when made), source, kind (ChangeKind), title, subjects (JSON array of lineage node
//                         texts), ref, author, detail, recorded_at (when Vigil first stored it). Index on at.
//   change_marks          PK (source, subject): the last version, checksum or commit a collector saw for a subject
//                         (a DAG's version, a dbt node's checksum, a branch head), so the next pass knows what moved.
//                         Written in the pass's transaction with the changes it found.
//   incidents.resolution  IncidentResolution's raw value (fixed, upstream, noise, duplicate); NULL while open or when
//                         resolved without one.
//   incidents.cause_change the Change.id detection named as "changed before the failure"; NULL when none.
extension StoreMigrations {
    static func v13Changes(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE changes (
              id TEXT PRIMARY KEY NOT NULL,
              at REAL NOT NULL,
              source TEXT NOT NULL,
              kind TEXT NOT NULL,
              title TEXT NOT NULL,
              subjects TEXT NOT NULL DEFAULT '[]',
              ref TEXT,
              author TEXT,
              detail TEXT,
              recorded_at REAL NOT NULL
            ) WITHOUT ROWID;
            CREATE INDEX changes_by_time ON changes (at);
            CREATE TABLE change_marks (
              source TEXT NOT NULL,
              subject TEXT NOT NULL,
              mark TEXT NOT NULL,
              seen_at REAL NOT NULL,
              PRIMARY KEY (source, subject)
            ) WITHOUT ROWID;
            ALTER TABLE incidents ADD COLUMN resolution TEXT;
            ALTER TABLE incidents ADD COLUMN cause_change TEXT;
            """)
    }
}
