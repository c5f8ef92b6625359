import GRDB

// v12: alerts out (`notify:`).
//   notify_outbox   one row per (target, incident, state) to deliver: firing rows are written in the transaction that
//                   opens the incident, resolved rows by the notifier's sweep once a person resolved it. attempts (failed
//                   in a row), next_attempt_at, last_error; delivered_at is the first success; done = nothing more to
//                   send (a firing row to Alertmanager stays live, re-sent every resend_every, until the resolution).
//   notify_targets  each target's health, like sources': health ok/down/unknown, last attempt and success, last error,
//                   failures in a row.
extension StoreMigrations {
    static func v12NotifyOutbox(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE notify_outbox (
              target TEXT NOT NULL,
              incident_id TEXT NOT NULL,
              state TEXT NOT NULL,
              created_at REAL NOT NULL,
              attempts INTEGER NOT NULL DEFAULT 0,
              next_attempt_at REAL NOT NULL,
              last_attempt_at REAL,
              last_error TEXT,
              delivered_at REAL,
              done INTEGER NOT NULL DEFAULT 0,
              PRIMARY KEY (target, incident_id, state)
            ) WITHOUT ROWID;
            CREATE INDEX notify_outbox_due ON notify_outbox (next_attempt_at) WHERE done = 0;
            CREATE TABLE notify_targets (
              name TEXT PRIMARY KEY NOT NULL,
              kind TEXT NOT NULL,
              health TEXT NOT NULL,
              last_attempt_at REAL,
              last_success_at REAL,
              last_error TEXT,
              consecutive_failures INTEGER NOT NULL DEFAULT 0
            ) WITHOUT ROWID;
            """)
    }
}
