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
        return Cursor(columns: columns(of: statement, sql: sql, cached: cached),
                      rows: try GRDB.Row.fetchCursor(statement, arguments: Self.arguments(arguments)))
    }

    /// Column names of the cached statements, read once per transaction (a snapshot runs the same per-pipeline
    /// query thousands of times).
    private var cachedColumns: [String: SQLColumns] = [:]

    private func columns(of statement: GRDB.Statement, sql: String, cached: Bool) -> SQLColumns {
        guard cached else { return SQLColumns(statement.columnNames) }
        if let known = cachedColumns[sql] { return known }
        let columns = SQLColumns(statement.columnNames)
        cachedColumns[sql] = columns
        return columns
    }

    /// Converts each row as SQLite steps to it, reading the values straight from the statement (GRDB's generic
    /// `row[i]` looks type metadata up at run time for every value: a third of a 20,000-dataset snapshot).
    final class Cursor: SQLRowCursor {
        let columns: SQLColumns
        let rows: RowCursor

        init(columns: SQLColumns, rows: RowCursor) {
            self.columns = columns
            self.rows = rows
        }

        func next() throws -> SQLRow? {
            guard try rows.next() != nil else { return nil }
            let statement = rows._statement.sqliteStatement
            let count = columns.names.count
            var values: [SQLValue] = []
            values.reserveCapacity(count)
            for i in 0..<CInt(count) {
                switch DatabaseValue(sqliteStatement: statement, index: i).storage {
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
