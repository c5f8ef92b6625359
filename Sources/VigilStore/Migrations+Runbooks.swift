import GRDB

// v6: what a runbook file's front matter says, so consoles can suggest runbooks for an incident.
//   runbooks  + applies_to: JSON array of one-key selectors ([{"tier":1},{"dataset":"raw.*"}]), like the other
//               array columns; '[]' attaches the runbook only by hand.
//             + severity: INTEGER 1...4, the severity its incidents usually warrant (NULL: not said).
//             + source_path: the Markdown file it was read from (NULL: built in).
extension StoreMigrations {
    static func v6RunbookSelectors(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE runbooks ADD COLUMN applies_to TEXT NOT NULL DEFAULT '[]';
            ALTER TABLE runbooks ADD COLUMN severity INTEGER;
            ALTER TABLE runbooks ADD COLUMN source_path TEXT;
            """)
    }
}
