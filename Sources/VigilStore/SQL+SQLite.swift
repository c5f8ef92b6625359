import Foundation
import GRDB

/// `SQLDatabase` over a GRDB connection, valid inside the GRDB transaction that made it.
final class SQLiteDatabase: SQLDatabase {
    let db: GRDB.Database

    init(_ db: GRDB.Database) { self.db = db }

    var dialect: SQLDialect { .sqlite }

    var changesCount: Int { db.changesCount }

    func execute(sql: String, arguments: SQLArguments, cached: Bool) throws {
        if cached {
            try db.cachedStatement(sql: sql).execute(arguments: Self.arguments(arguments))
        } else {
            try db.execute(sql: sql, arguments: Self.arguments(arguments))
        }
    }

    func cursor(sql: String, arguments: SQLArguments, cached: Bool) throws -> any SQLRowCursor {
        let statement = try statement(sql, cached: cached)
        return Cursor(columns: SQLColumns(statement.columnNames),
                      rows: try GRDB.Row.fetchCursor(statement, arguments: Self.arguments(arguments)))
    }

    /// Converts each row as SQLite steps to it.
    final class Cursor: SQLRowCursor {
        let columns: SQLColumns
        let rows: RowCursor

        init(columns: SQLColumns, rows: RowCursor) {
            self.columns = columns
            self.rows = rows
        }

        func next() throws -> SQLRow? {
            guard let row = try rows.next() else { return nil }
            var values: [SQLValue] = []
            values.reserveCapacity(row.count)
            for i in 0..<row.count {
                let value: DatabaseValue = row[i]
                switch value.storage {
                case .null: values.append(.null)
                case let .int64(v): values.append(.integer(v))
                case let .double(v): values.append(.real(v))
                case let .string(v): values.append(.text(v))
                case let .blob(v): values.append(.blob(v))
                }
            }
            return SQLRow(columns: columns, values: values)
        }
    }

    private func statement(_ sql: String, cached: Bool) throws -> GRDB.Statement {
        cached ? try db.cachedStatement(sql: sql) : try db.makeStatement(sql: sql)
    }

    static func arguments(_ arguments: SQLArguments) -> StatementArguments {
        StatementArguments(arguments.values.map { value -> DatabaseValue in
            switch value {
            case .null: return .null
            case let .integer(v): return v.databaseValue
            case let .real(v): return v.databaseValue
            case let .text(v): return v.databaseValue
            case let .blob(v): return v.databaseValue
            }
        })
    }
}

/// What a store runs its transactions on: a GRDB pool (a file in WAL mode) or queue (in memory), or PostgreSQL.
protocol StoreEngine: Sendable {
    var dialect: SQLDialect { get }
    /// One read transaction: every read inside sees the same committed state.
    func read<T>(_ body: (any SQLDatabase) throws -> T) throws -> T
    /// One write transaction, committed when `body` returns, rolled back when it throws. `notifying`: the change
    /// counter is bumped (on PostgreSQL by the engine, first; on SQLite by Store.write, last) and consoles told.
    func write<T>(notifying: Bool, _ body: (any SQLDatabase) throws -> T) throws -> T
}

extension StoreEngine {
    /// A write that consoles are told of.
    func write<T>(_ body: (any SQLDatabase) throws -> T) throws -> T { try write(notifying: true, body) }
}

/// SQLite through GRDB: WAL mode lets readers run beside the one writer; GRDB serialises writes in-process and
/// SQLite's busy timeout across processes.
struct SQLiteEngine: StoreEngine {
    let writer: any DatabaseWriter

    var dialect: SQLDialect { .sqlite }

    func read<T>(_ body: (any SQLDatabase) throws -> T) throws -> T {
        try writer.read { db in try body(SQLiteDatabase(db)) }
    }

    func write<T>(notifying: Bool, _ body: (any SQLDatabase) throws -> T) throws -> T {
        try writer.write { db in try body(SQLiteDatabase(db)) }
    }
}
