import Foundation
import VigilCore

extension StoreWriter {
    /// Stores a change once: a change seen again (same id) keeps its first row. Text is cleaned and bounded here, the
    /// one door every change comes through (collectors, `vigil change record`, the demo). Returns whether it was new.
    @discardableResult
    public func recordChange(_ c: Change, at now: Date) throws -> Bool {
        try db.execute(sql: """
            INSERT INTO changes (id, at, source, kind, title, subjects, ref, author, detail, recorded_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
            """, arguments: [
                c.id, c.at.unixSeconds, c.source, c.kind.rawValue, TextSanitizer.collapsed(c.title, limit: 300),
                try JSONText.encode(c.subjects), c.ref.map { TextSanitizer.collapsed($0, limit: 200) },
                c.author.map { TextSanitizer.collapsed($0, limit: 200) },
                c.detail.map { String(TextSanitizer.clean($0).prefix(4_000)) }, now.unixSeconds,
            ])
        return db.changesCount > 0
    }

    /// The last version, checksum or commit `source` saw per subject.
    public func changeMarks(source: String) throws -> [String: String] {
        try StoreQueries.changeMarks(db, source: source)
    }

    /// Sets the marks given (others of the source stay).
    public func setChangeMarks(source: String, _ marks: [String: String], at now: Date) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO change_marks (source, subject, mark, seen_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (source, subject) DO UPDATE SET mark = excluded.mark, seen_at = excluded.seen_at
            """)
        for (subject, mark) in marks { try statement.execute(arguments: [source, subject, mark, now.unixSeconds]) }
    }
}

extension StoreQueries {
    static func changeMarks(_ db: any SQLDatabase, source: String) throws -> [String: String] {
        let rows = try SQLRow.fetchCursor(db, sql: "SELECT subject, mark FROM change_marks WHERE source = ?", arguments: [source])
        var marks: [String: String] = [:]
        while let row = try rows.next() { marks[row[0]] = row[1] }
        return marks
    }

    /// Changes made in [from, to), newest first, at most `limit`.
    /// Incident ids by the change they name (`cause_change`), for incidents opened since `since`, oldest first.
    static func changeIncidents(_ db: any SQLDatabase, since: Date) throws -> [String: [String]] {
        var out: [String: [String]] = [:]
        for row in try SQLRow.fetchAll(db, sql: """
            SELECT cause_change, id FROM incidents WHERE cause_change IS NOT NULL AND opened_at >= ? ORDER BY opened_at, id
            """, arguments: [since.unixSeconds]) {
            out[row[0] as String, default: []].append(row[1])
        }
        return out
    }

    static func changes(_ db: any SQLDatabase, from: Date, to: Date, limit: Int) throws -> [Change] {
        try SQLRow.fetchAll(db, sql: """
            SELECT * FROM changes WHERE at >= ? AND at < ? ORDER BY at DESC, id DESC LIMIT ?
            """, arguments: [from.unixSeconds, to.unixSeconds, limit]).map(Decode.change)
    }
}

extension Store {
    /// Changes made in [from, to), newest first (the scorecard's window, `vigil change list`).
    public func changes(from: Date, to: Date, limit: Int = 100_000) throws -> [Change] {
        try database.read { db in try StoreQueries.changes(db, from: from, to: to, limit: limit) }
    }

    /// The last version, checksum or commit `source` saw per subject (a collector plans its pass with these).
    public func changeMarks(source: String) throws -> [String: String] {
        try database.read { db in try StoreQueries.changeMarks(db, source: source) }
    }
}

extension Decode {
    static func change(_ row: SQLRow) throws -> Change {
        Change(id: try row.decode(forColumn: "id"), at: try row.requiredDate("at", table: "changes"),
               source: try row.decode(forColumn: "source"), kind: try row.enumValue("kind", table: "changes"),
               title: try row.decode(forColumn: "title"), subjects: try row.json([String].self, "subjects", table: "changes"),
               ref: try row.decode(forColumn: "ref"), author: try row.decode(forColumn: "author"),
               detail: try row.decode(forColumn: "detail"))
    }
}
