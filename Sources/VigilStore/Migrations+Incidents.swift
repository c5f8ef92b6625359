import GRDB

// v7: incidents.cause_key, the lineage node of the cause detection opened an incident for; signals with the same
// cause are added to that incident's timeline instead of opening another; incidents.signal_at, when the earliest
// signal began (time to detect). (v6 is runbook selectors, Migrations+Runbooks.swift.)
extension StoreMigrations {
    static func v7IncidentCause(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE incidents ADD COLUMN cause_key TEXT;
            ALTER TABLE incidents ADD COLUMN signal_at REAL;
            CREATE INDEX incidents_open_by_cause ON incidents (cause_key) WHERE state != 'resolved';
            """)
    }
}
