import GRDB

// v15: postmortem action items (`ActionItem`).
//   action_items   PK (incident_id, number): number is 1, 2, 3… within the incident, the next one max + 1, never
//                  reused (rows are not deleted). text, owner (NULL: none), due (REAL, the due day's 00:00 UTC; NULL:
//                  none), created_at, created_by, done_at and done_by (NULL while open; reopening sets them NULL
//                  again). Each add, done and reopen also appends an `action_item` entry to the incident's timeline,
//                  in the same transaction: the row holds the state, the timeline its history. Partial index on due
//                  over the open items (the open list, overdue first).
extension StoreMigrations {
    static func v15ActionItems(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE action_items (
              incident_id TEXT NOT NULL,
              number INTEGER NOT NULL,
              text TEXT NOT NULL,
              owner TEXT,
              due REAL,
              created_at REAL NOT NULL,
              created_by TEXT NOT NULL,
              done_at REAL,
              done_by TEXT,
              PRIMARY KEY (incident_id, number)
            ) WITHOUT ROWID;
            CREATE INDEX action_items_open ON action_items (due) WHERE done_at IS NULL;
            """)
    }
}

extension PostgresMigrations {
    static let actionItems = """
        CREATE TABLE action_items (
          incident_id TEXT COLLATE "C" NOT NULL,
          number BIGINT NOT NULL,
          text TEXT COLLATE "C" NOT NULL,
          owner TEXT COLLATE "C",
          due DOUBLE PRECISION,
          created_at DOUBLE PRECISION NOT NULL,
          created_by TEXT COLLATE "C" NOT NULL,
          done_at DOUBLE PRECISION,
          done_by TEXT COLLATE "C",
          PRIMARY KEY (incident_id, number)
        );
        CREATE INDEX action_items_open ON action_items (due) WHERE done_at IS NULL;
        """
}
