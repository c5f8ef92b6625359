import Foundation

// The store's one seam between its SQL and an engine: every read and write in VigilStore goes through
// `SQLDatabase`, which SQLite (GRDB, SQL+SQLite.swift) and PostgreSQL (libpq, SQL+Postgres.swift) implement.
// The SQL itself is written once, in the subset both engines run the same way:
//   * `?` placeholders (or `?N` to repeat one); the PostgreSQL side numbers them `$N`;
//   * `INSERT … ON CONFLICT (key) DO NOTHING / DO UPDATE SET x = excluded.x`, never `INSERT OR …`;
//   * explicit `NULLS FIRST/LAST` wherever a sorted column can be NULL (the engines disagree on the default);
//   * `CASE WHEN … THEN 1 ELSE 0 END` to count, not a boolean sum; `floor()` before a cast to INTEGER;
//   * scalar max/min of two values through `SQLDialect.greatest`/`least`.
// Migrations are the exception: each engine has its own (Migrations.swift, Migrations+Postgres.swift), and a test
// checks the two schemas agree.

/// A value as a row holds it or a statement takes it.
public enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob(Data)
}

/// A Swift value that can be bound to a statement and read back from a row.
public protocol SQLValueConvertible {
    var sqlValue: SQLValue { get }
    /// nil when `value` cannot be read as this type (NULL for a non-optional, text for a number, …).
    static func fromSQL(_ value: SQLValue) -> Self?
}

extension String: SQLValueConvertible {
    public var sqlValue: SQLValue { .text(self) }
    public static func fromSQL(_ value: SQLValue) -> String? {
        switch value {
        case let .text(s): return s
        case let .integer(i): return String(i)
        case let .real(d): return String(d)
        case let .blob(b): return String(data: b, encoding: .utf8)
        case .null: return nil
        }
    }
}

extension Int64: SQLValueConvertible {
    public var sqlValue: SQLValue { .integer(self) }
    public static func fromSQL(_ value: SQLValue) -> Int64? {
        switch value {
        case let .integer(i): return i
        case let .real(d): return d.rounded(.towardZero) == d && abs(d) < 9.2e18 ? Int64(d) : nil
        case let .text(s): return Int64(s)
        case .null, .blob: return nil
        }
    }
}

extension Int: SQLValueConvertible {
    public var sqlValue: SQLValue { .integer(Int64(self)) }
    public static func fromSQL(_ value: SQLValue) -> Int? { Int64.fromSQL(value).map(Int.init) }
}

extension Double: SQLValueConvertible {
    public var sqlValue: SQLValue { .real(self) }
    public static func fromSQL(_ value: SQLValue) -> Double? {
        switch value {
        case let .real(d): return d
        case let .integer(i): return Double(i)
        case let .text(s): return Double(s)
        case .null, .blob: return nil
        }
    }
}

extension Bool: SQLValueConvertible {
    /// Stored as INTEGER 0/1 on both engines.
    public var sqlValue: SQLValue { .integer(self ? 1 : 0) }
    public static func fromSQL(_ value: SQLValue) -> Bool? {
        switch value {
        case let .integer(i): return i != 0
        case let .real(d): return d != 0
        case .null, .text, .blob: return nil
        }
    }
}

extension Data: SQLValueConvertible {
    public var sqlValue: SQLValue { .blob(self) }
    public static func fromSQL(_ value: SQLValue) -> Data? {
        switch value {
        case let .blob(b): return b
        case let .text(s): return Data(s.utf8)
        case .null, .integer, .real: return nil
        }
    }
}

extension Optional: SQLValueConvertible where Wrapped: SQLValueConvertible {
    public var sqlValue: SQLValue { self?.sqlValue ?? .null }
    /// NULL reads as nil; anything else must read as `Wrapped`.
    public static func fromSQL(_ value: SQLValue) -> Wrapped?? {
        if case .null = value { return .some(nil) }
        return Wrapped.fromSQL(value).map { .some($0) }
    }
}

/// A statement's arguments, in placeholder order.
public struct SQLArguments: ExpressibleByArrayLiteral, Sendable {
    public var values: [SQLValue]

    public init(arrayLiteral elements: (any SQLValueConvertible)?...) {
        values = elements.map { $0?.sqlValue ?? .null }
    }

    public init(_ elements: [(any SQLValueConvertible)?]) {
        values = elements.map { $0?.sqlValue ?? .null }
    }
}

/// The column names of one result, shared by its rows. Names are matched as written first (the store's SQL and
/// its readers both use lower case), then case-insensitively.
final class SQLColumns: Sendable {
    let names: [String]
    private let index: [String: Int]

    init(_ names: [String]) {
        self.names = names
        var index: [String: Int] = [:]
        index.reserveCapacity(names.count)
        for (i, name) in names.enumerated() where index[name] == nil { index[name] = i }
        self.index = index
    }

    func position(_ name: String) -> Int? {
        if let i = index[name] { return i }
        let lowered = name.lowercased()
        return names.firstIndex { $0.lowercased() == lowered }
    }
}

/// One row of a result. Subscripts trap on a value of the wrong type (the schema is the store's own: a mismatch is
/// a bug); `decode` throws `StoreDecodingError` instead, for columns whose content may be damaged.
public struct SQLRow {
    let columns: SQLColumns
    let values: [SQLValue]

    public var count: Int { values.count }

    public subscript<T: SQLValueConvertible>(_ i: Int) -> T {
        guard let value = T.fromSQL(values[i]) else {
            fatalError("store row: column \(i) (\(columns.names[i])) holds \(values[i]), not \(T.self)")
        }
        return value
    }

    public subscript<T: SQLValueConvertible>(_ name: String) -> T {
        guard let i = columns.position(name) else { fatalError("store row: no column \(name) in \(columns.names)") }
        return self[i]
    }

    public func value(at i: Int) -> SQLValue { values[i] }

    public func decode<T: SQLValueConvertible>(_ type: T.Type = T.self, forColumn name: String) throws -> T {
        guard let i = columns.position(name) else {
            throw StoreDecodingError(table: "?", column: name, value: "no such column")
        }
        guard let value = T.fromSQL(values[i]) else {
            throw StoreDecodingError(table: "?", column: name, value: "\(values[i])")
        }
        return value
    }
}

public enum SQLDialect: Sendable {
    case sqlite
    case postgres

    /// The larger of two values (NULL when either is NULL on SQLite; PostgreSQL ignores NULLs: pass non-null ones).
    func greatest(_ a: String, _ b: String) -> String { self == .sqlite ? "max(\(a), \(b))" : "greatest(\(a), \(b))" }
    func least(_ a: String, _ b: String) -> String { self == .sqlite ? "min(\(a), \(b))" : "least(\(a), \(b))" }
    /// The engine's clock now, in unix seconds (the same for every process on the store: the server's, or for a
    /// SQLite file the one machine's).
    var now: String {
        self == .sqlite ? "((julianday('now') - 2440587.5) * 86400.0)" : "extract(epoch FROM clock_timestamp())::float8"
    }
    /// The change counter the write under way commits (meta change_seq): SQLite bumps it when the transaction ends,
    /// PostgreSQL before its body (PostgresEngine.transaction). What StoreWriter stamps on the rows it changes.
    var rowSeq: String {
        self == .sqlite ? "(coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'change_seq'), 0) + 1)"
            : "(SELECT CAST(value AS BIGINT) FROM meta WHERE key = 'change_seq')"
    }
    /// A non-negative number rounded down to an integer (SQLite's CAST truncates, PostgreSQL's rounds).
    func floorInteger(_ x: String) -> String { self == .sqlite ? "CAST(\(x) AS INTEGER)" : "CAST(floor(\(x)) AS BIGINT)" }
}

/// One connection inside one transaction (see `Store.read`/`Store.write`); never kept past it.
protocol SQLDatabase: AnyObject {
    var dialect: SQLDialect { get }
    /// Rows changed by the last INSERT, UPDATE or DELETE.
    var changesCount: Int { get }
    /// `cached`: the statement is prepared once per connection and reused (for SQL text that does not vary).
    func execute(sql: String, arguments: SQLArguments, cached: Bool) throws
    /// The rows of one query, read as the caller asks for them (valid inside the transaction only).
    func cursor(sql: String, arguments: SQLArguments, cached: Bool) throws -> any SQLRowCursor
}

/// Rows of one query, one at a time: a caller may stop early (nothing after is decoded).
protocol SQLRowCursor: AnyObject {
    func next() throws -> SQLRow?
}

extension SQLRowCursor {
    func map<T>(_ transform: (SQLRow) throws -> T) throws -> [T] {
        var out: [T] = []
        while let row = try next() { out.append(try transform(row)) }
        return out
    }

    func compactMap<T>(_ transform: (SQLRow) throws -> T?) throws -> [T] {
        var out: [T] = []
        while let row = try next() { if let value = try transform(row) { out.append(value) } }
        return out
    }
}

extension SQLDatabase {
    func execute(sql: String, arguments: SQLArguments = []) throws {
        try execute(sql: sql, arguments: arguments, cached: false)
    }

    /// A statement prepared once and reused.
    func cachedStatement(sql: String) -> SQLStatement { SQLStatement(db: self, sql: sql, cached: true) }

    /// A statement for SQL text built at run time (not cached).
    func makeStatement(sql: String) -> SQLStatement { SQLStatement(db: self, sql: sql, cached: false) }
}

/// SQL text bound to a connection, run with `execute` or read with `SQLRow.fetch…`.
struct SQLStatement {
    let db: any SQLDatabase
    let sql: String
    let cached: Bool

    func execute(arguments: SQLArguments = []) throws {
        try db.execute(sql: sql, arguments: arguments, cached: cached)
    }
}

extension SQLRow {
    static func fetchCursor(_ statement: SQLStatement, arguments: SQLArguments = []) throws -> any SQLRowCursor {
        try statement.db.cursor(sql: statement.sql, arguments: arguments, cached: statement.cached)
    }

    static func fetchCursor(_ db: any SQLDatabase, sql: String, arguments: SQLArguments = []) throws -> any SQLRowCursor {
        try fetchCursor(db.makeStatement(sql: sql), arguments: arguments)
    }

    static func fetchAll(_ statement: SQLStatement, arguments: SQLArguments = []) throws -> [SQLRow] {
        try fetchCursor(statement, arguments: arguments).map { $0 }
    }

    static func fetchAll(_ db: any SQLDatabase, sql: String, arguments: SQLArguments = []) throws -> [SQLRow] {
        try fetchAll(db.makeStatement(sql: sql), arguments: arguments)
    }

    static func fetchOne(_ statement: SQLStatement, arguments: SQLArguments = []) throws -> SQLRow? {
        try fetchCursor(statement, arguments: arguments).next()
    }

    static func fetchOne(_ db: any SQLDatabase, sql: String, arguments: SQLArguments = []) throws -> SQLRow? {
        try fetchOne(db.makeStatement(sql: sql), arguments: arguments)
    }
}

extension SQLValueConvertible {
    /// The first column of every row (rows whose value is NULL or unreadable are skipped).
    static func fetchAll(_ db: any SQLDatabase, sql: String, arguments: SQLArguments = []) throws -> [Self] {
        try SQLRow.fetchCursor(db, sql: sql, arguments: arguments).compactMap { Self.fromSQL($0.value(at: 0)) }
    }

    /// The first column of the first row; nil when there is no row or its value is NULL.
    static func fetchOne(_ db: any SQLDatabase, sql: String, arguments: SQLArguments = []) throws -> Self? {
        try SQLRow.fetchOne(db, sql: sql, arguments: arguments).flatMap { Self.fromSQL($0.value(at: 0)) }
    }
}
