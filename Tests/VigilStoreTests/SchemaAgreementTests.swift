import Foundation
import Testing
@testable import VigilStore

/// The PostgreSQL baseline (Migrations+Postgres.swift) and the SQLite migrations must build the same schema: the
/// same tables, columns (in kind and nullability) and indexes, so the one set of SQL in VigilStore means the same
/// on both. Runs in the suite's PostgreSQL pass (VIGIL_TEST_STORE_DSN; scripts/test sets it).
@Suite(.enabled(if: TestBackend.isPostgres, "needs VIGIL_TEST_STORE_DSN (a PostgreSQL database)"))
struct SchemaAgreementTests {
    struct Column: Hashable, CustomStringConvertible {
        var table: String
        var name: String
        var kind: String
        var notNull: Bool
        var description: String { "\(table).\(name) \(kind)\(notNull ? " NOT NULL" : "")" }
    }

    static let bookkeeping: Set<String> = ["grdb_migrations", "vigil_migrations"]

    func sqliteSchema() throws -> (columns: Set<Column>, indexes: Set<String>) {
        let store = try Store.inMemory()
        return try store.database.read { db in
            var columns = Set<Column>()
            for table in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            where !Self.bookkeeping.contains(table) {
                for row in try SQLRow.fetchAll(db, sql: "SELECT name, type, \"notnull\", pk FROM pragma_table_info(?)", arguments: [table]) {
                    let type = (row[1] as String).uppercased()
                    let kind = ["TEXT": "text", "INTEGER": "integer", "REAL": "real", "BLOB": "blob"][type] ?? type
                    // An INTEGER PRIMARY KEY is the rowid: never NULL, whatever the pragma says.
                    let rowid = kind == "integer" && (row[3] as Int) == 1
                    columns.insert(Column(table: table, name: row[0], kind: kind, notNull: (row[2] as Int) == 1 || rowid))
                }
            }
            let indexes = try String.fetchAll(db, sql: """
                SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex_%'
                """)
            return (columns, Set(indexes))
        }
    }

    func postgresSchema() throws -> (columns: Set<Column>, indexes: Set<String>) {
        let store = try freshStore()
        return try store.database.read { db in
            var columns = Set<Column>()
            for row in try SQLRow.fetchAll(db, sql: """
                SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
                WHERE table_schema = current_schema()
                """) where !Self.bookkeeping.contains(row[0] as String) {
                let type: String = row[2]
                let kind = ["text": "text", "bigint": "integer", "double precision": "real", "bytea": "blob"][type] ?? type
                columns.insert(Column(table: row[0], name: row[1], kind: kind, notNull: (row[3] as String) == "NO"))
            }
            let indexes = try String.fetchAll(db, sql: """
                SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND indexname NOT LIKE '%_pkey'
                """)
            return (columns, Set(indexes))
        }
    }

    @Test func bothEnginesBuildTheSameTablesColumnsAndIndexes() throws {
        let sqlite = try sqliteSchema(), postgres = try postgresSchema()
        #expect(sqlite.columns.count > 100, "the SQLite schema was read")
        let onlySQLite = sqlite.columns.subtracting(postgres.columns).map(\.description).sorted()
        let onlyPostgres = postgres.columns.subtracting(sqlite.columns).map(\.description).sorted()
        #expect(onlySQLite.isEmpty, "only on SQLite: \(onlySQLite)")
        #expect(onlyPostgres.isEmpty, "only on PostgreSQL: \(onlyPostgres)")
        #expect(sqlite.indexes == postgres.indexes)
    }

    @Test func bothEnginesKnowTheSameMigrations() {
        #expect(StoreMigrations.migrator.migrations == PostgresMigrations.identifiers)
    }
}
