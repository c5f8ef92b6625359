import GRDB

// v11: events pushed to `vigil serve`.
//   received_events   one row per accepted event, keyed by its dedupe key (an OpenLineage RunEvent's run id, event
//                     type and time): a repeated delivery finds its key and writes nothing. source and received_at
//                     say where it went and when it came.
extension StoreMigrations {
    static func v11ReceivedEvents(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE received_events (
              key TEXT PRIMARY KEY NOT NULL,
              source TEXT NOT NULL,
              received_at REAL NOT NULL
            ) WITHOUT ROWID;
            """)
    }
}
