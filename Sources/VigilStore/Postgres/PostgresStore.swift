import CLibpq
import Foundation

/// A team's shared store on PostgreSQL: the same schema and SQL as the SQLite file (see SQL.swift), one connection
/// per process, each transaction on it in turn. Writers serialise on the change counter's row (taken first, so two
/// processes writing at once queue instead of deadlocking, and an incident id is never handed out twice), as SQLite
/// serialises them on its file lock; readers see one committed state per snapshot (REPEATABLE READ).
final class PostgresEngine: StoreEngine, @unchecked Sendable {
    let dsn: String
    /// `postgresql://user@host:port/db`: where the store is, never its password.
    let location: String
    private let secrets: PostgresSecrets
    /// Longest any one statement may take before the connection is dropped (a server that stopped answering).
    let deadline: TimeInterval
    private let lock = NSLock()
    private var connection: PostgresConnection?
    /// Started by the first `changeToken()` (consoles, the notifier); commands that only read once never start it.
    private var feed: PostgresChangeFeed?

    deinit { feed?.stop() }

    /// The change feed, started on first use.
    var changeFeed: PostgresChangeFeed {
        lock.withLock {
            if let feed { return feed }
            let started = PostgresChangeFeed(dsn: dsn, location: location, secrets: secrets)
            feed = started
            return started
        }
    }

    init(dsn: String, deadline: TimeInterval = 30) throws {
        let conninfo: PostgresConninfo
        do {
            conninfo = try PostgresConninfo(dsn)
        } catch {
            throw StoreError.cannotOpen(path: "PostgreSQL store", reason: "unreadable connection string: \(error.reason)")
        }
        self.dsn = dsn
        self.secrets = PostgresSecrets([dsn, conninfo.password])
        self.location = Self.location(conninfo)
        self.deadline = deadline
    }

    var dialect: SQLDialect { .postgres }

    func read<T>(_ body: (any SQLDatabase) throws -> T) throws -> T {
        do {
            return try transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body)
        } catch StoreError.server(_, "0A000", _) {
            // A statement prepared before another Vigil changed a table's shape ("cached plan must not change result
            // type"): the connection forgot it, so a read, which changes nothing, runs once more.
            return try transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body)
        }
    }

    func write<T>(notifying: Bool, _ body: (any SQLDatabase) throws -> T) throws -> T {
        try transaction("BEGIN", lockingWriters: notifying, body)
    }

    /// Runs `body` on this process's connection inside BEGIN … COMMIT (ROLLBACK when it throws); a connection that
    /// broke is dropped, and the next transaction connects again.
    func transaction<T>(_ begin: String, lockingWriters: Bool = false, _ body: (any SQLDatabase) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        do {
            let db = PostgresDatabase(connection: try connected(), deadline: deadline)
            try db.execute(sql: begin)
            do {
                // One round trip before the body: the change counter's row locked (writers queue here) and bumped,
                // and the feeds notified (delivered at commit to every console's PostgresChangeFeed); this process's
                // own feed learns the new counter after the commit, so a read right after a write sees it.
                let written = lockingWriters ? try Int64.fetchOne(db, sql: """
                    WITH bumped AS (
                      UPDATE meta SET value = CAST(CAST(value AS BIGINT) + 1 AS TEXT) WHERE key = 'change_seq' RETURNING value
                    )
                    SELECT CAST(value AS BIGINT), pg_notify('\(PostgresChangeFeed.channel)', '') FROM bumped
                    """) : nil
                let value = try body(db)
                try db.execute(sql: "COMMIT")
                if let written { feed?.observe(written) }
                return value
            } catch {
                if db.connection.isUsable { try? db.execute(sql: "ROLLBACK") }
                throw error
            }
        } catch let failure as PostgresFailure {
            throw StoreError.postgres(location: location, failure)
        }
    }

    /// Runs `body` outside any transaction (migrations take their own, with an advisory lock).
    func withConnection<T>(_ body: (PostgresDatabase) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        do {
            return try body(PostgresDatabase(connection: try connected(), deadline: deadline))
        } catch let failure as PostgresFailure {
            throw StoreError.postgres(location: location, failure)
        }
    }

    private func connected() throws(PostgresFailure) -> PostgresConnection {
        if let connection, connection.isUsable { return connection }
        connection = nil
        let fresh = try PostgresConnection(dsn: dsn, parameters: [
            ("application_name", "vigil"), ("connect_timeout", "5"), ("client_encoding", "UTF8"),
        ], secrets: secrets)
        connection = fresh
        return fresh
    }

    static func location(_ conninfo: PostgresConninfo) -> String {
        let o = conninfo.options
        let user = o["user"].map { "\($0)@" } ?? ""
        let host = o["host"] ?? o["hostaddr"] ?? "localhost"
        let port = o["port"].map { ":\($0)" } ?? ""
        let db = o["dbname"].map { "/\($0)" } ?? ""
        return "postgresql://\(user)\(host.hasPrefix("/") ? "[\(host)]" : host)\(port)\(db)"
    }
}

/// `SQLDatabase` over one PostgreSQL connection inside one transaction.
final class PostgresDatabase: SQLDatabase {
    let connection: PostgresConnection
    let deadline: TimeInterval
    private(set) var changesCount = 0

    init(connection: PostgresConnection, deadline: TimeInterval) {
        self.connection = connection
        self.deadline = deadline
    }

    var dialect: SQLDialect { .postgres }

    func execute(sql: String, arguments: SQLArguments, cached: Bool) throws {
        changesCount = try run(sql, arguments, cached: cached)?.affected ?? 0
    }

    func cursor(sql: String, arguments: SQLArguments, cached: Bool) throws -> any SQLRowCursor {
        let result = try run(sql, arguments, cached: cached) ?? PostgresRows(columns: SQLColumns([]), rows: [], affected: 0)
        return PostgresRows.Cursor(result)
    }

    /// `cached` statements are prepared on the connection once (see `PostgresConnection.exchange`).
    private func run(_ sql: String, _ arguments: SQLArguments, cached: Bool) throws(PostgresFailure) -> PostgresRows? {
        try connection.exchange(Self.numbered(sql), arguments.values.map(Self.parameter), deadline: deadline, prepared: cached,
                                binary: true, read: PostgresRows.init(result:))
    }

    static func parameter(_ value: SQLValue) -> PostgresConnection.Parameter {
        switch value {
        case .null: return .null
        case let .integer(i): return .int8(i)
        case let .real(d): return .float8(d)
        case let .text(s): return .text(s)
        case let .blob(b): return .bytea(Array(b))
        }
    }

    /// The store's `?` and `?N` placeholders as PostgreSQL's `$N` (quoted text and identifiers left alone).
    static func numbered(_ sql: String) -> String {
        guard sql.contains("?") else { return sql }
        var out = "", next = 1, quote: Character?
        var chars = sql.makeIterator(), pending: Character? = nil
        func nextChar() -> Character? {
            if let p = pending { pending = nil; return p }
            return chars.next()
        }
        while let c = nextChar() {
            if let q = quote {
                out.append(c)
                if c == q { quote = nil }
            } else if c == "'" || c == "\"" {
                quote = c
                out.append(c)
            } else if c == "?" {
                var digits = ""
                while let d = nextChar() {
                    if d.isASCII, d.isNumber { digits.append(d) } else { pending = d; break }
                }
                if digits.isEmpty {
                    out += "$\(next)"
                    next += 1
                } else {
                    out += "$" + digits
                }
            } else {
                out.append(c)
            }
        }
        return out
    }
}

/// One statement's result, every value typed by its column's type.
struct PostgresRows {
    let columns: SQLColumns
    let rows: [[SQLValue]]
    /// Rows an INSERT, UPDATE or DELETE changed.
    let affected: Int

    init(columns: SQLColumns, rows: [[SQLValue]], affected: Int) {
        self.columns = columns
        self.rows = rows
        self.affected = affected
    }

    init(result: OpaquePointer) {
        let count = PQntuples(result), width = PQnfields(result)
        columns = SQLColumns((0..<width).map { String(cString: PQfname(result, $0)) })
        let types = (0..<width).map { PQftype(result, $0) }
        let binary = (0..<width).map { PQfformat(result, $0) == 1 }
        rows = (0..<count).map { row in
            (0..<width).map { column in
                guard PQgetisnull(result, row, column) == 0, let pointer = PQgetvalue(result, row, column) else { return .null }
                let length = Int(PQgetlength(result, row, column)), type = types[Int(column)]
                return binary[Int(column)]
                    ? Self.value(binary: UnsafeRawBufferPointer(start: pointer, count: length), type: type)
                    : Self.value(pointer, length: length, type: type)
            }
        }
        affected = Int(String(cString: PQcmdTuples(result))) ?? 0
    }

    /// Binary-format values (a prepared or parameterised statement's): big-endian integers and IEEE floats as they
    /// are, bytea raw, numeric through its decimal digits; text and anything else as UTF-8 text (the store's SQL
    /// selects no other types).
    static func value(binary b: UnsafeRawBufferPointer, type: Oid) -> SQLValue {
        func integer<T: FixedWidthInteger>(_: T.Type) -> T? {
            b.count == MemoryLayout<T>.size ? T(bigEndian: b.loadUnaligned(as: T.self)) : nil
        }
        switch type {
        case 20: return integer(Int64.self).map(SQLValue.integer) ?? .null
        case 23: return integer(Int32.self).map { .integer(Int64($0)) } ?? .null
        case 21: return integer(Int16.self).map { .integer(Int64($0)) } ?? .null
        case 26: return integer(UInt32.self).map { .integer(Int64($0)) } ?? .null
        case 701: return integer(UInt64.self).map { .real(Double(bitPattern: $0)) } ?? .null
        case 700: return integer(UInt32.self).map { .real(Double(Float(bitPattern: $0))) } ?? .null
        case 16: return b.first.map { .integer($0 == 0 ? 0 : 1) } ?? .null
        case 17: return .blob(Data(b))
        case 1700: return numeric(b)
        case 2278: return .null  // void (pg_notify's result)
        default: return .text(String(decoding: b, as: UTF8.self))
        }
    }

    /// numeric's binary form: digit count, weight (of the first base-10,000 digit), sign, display scale, then the
    /// digits. Read as "DIGITSe±EXP" through Double's own parser, as the text form was: exact to the last bit.
    static func numeric(_ b: UnsafeRawBufferPointer) -> SQLValue {
        guard b.count >= 8 else { return .null }
        func u16(_ at: Int) -> UInt16 { UInt16(bigEndian: b.loadUnaligned(fromByteOffset: at, as: UInt16.self)) }
        let count = Int(u16(0)), weight = Int(Int16(bitPattern: u16(2))), sign = u16(4)
        switch sign {
        case 0xC000: return .real(.nan)
        case 0xD000: return .real(.infinity)
        case 0xF000: return .real(-.infinity)
        default: break
        }
        guard b.count >= 8 + 2 * count else { return .null }
        guard count > 0 else { return .real(0) }
        var digits = sign == 0x4000 ? "-" : ""
        for i in 0..<count {
            let group = String(u16(8 + 2 * i))
            digits += i == 0 ? group : String(repeating: "0", count: 4 - group.count) + group
        }
        return Double(digits + "e\((weight - count + 1) * 4)").map(SQLValue.real) ?? .null
    }

    /// Text-format values: integers, floats and booleans as numbers, bytea from its hex form, anything else as text.
    static func value(_ pointer: UnsafeMutablePointer<CChar>, length: Int, type: Oid) -> SQLValue {
        let text = String(cString: pointer)
        switch type {
        case 20, 21, 23, 26: return Int64(text).map(SQLValue.integer) ?? .text(text)
        case 700, 701, 1700: return Double(text).map(SQLValue.real) ?? .text(text)
        case 16: return .integer(text == "t" ? 1 : 0)
        case 17: return hex(text).map(SQLValue.blob) ?? .text(text)
        case 2278: return .null  // void (pg_notify's result)
        default: return .text(text)
        }
    }

    /// bytea's text output, `\x` then two hex digits per byte.
    static func hex(_ text: String) -> Data? {
        guard text.hasPrefix("\\x") else { return nil }
        var data = Data(), high: UInt8?
        for byte in text.utf8.dropFirst(2) {
            let nibble: UInt8
            switch byte {
            case 48...57: nibble = byte - 48
            case 97...102: nibble = byte - 87
            case 65...70: nibble = byte - 55
            default: return nil
            }
            if let h = high { data.append(h << 4 | nibble); high = nil } else { high = nibble }
        }
        return high == nil ? data : nil
    }

    final class Cursor: SQLRowCursor {
        private let result: PostgresRows
        private var index = 0

        init(_ result: PostgresRows) { self.result = result }

        func next() throws -> SQLRow? {
            guard index < result.rows.count else { return nil }
            defer { index += 1 }
            return SQLRow(columns: result.columns, values: result.rows[index])
        }
    }
}

extension Store {
    /// Empties every table of a PostgreSQL store (the demo's reset; a SQLite demo file is deleted instead). TRUNCATE
    /// passes the append-only triggers, which guard rows one by one against the store's own writes.
    public func emptyEveryTable() throws {
        guard let engine = database as? PostgresEngine else { return }
        try engine.withConnection { db in
            let tables = try String.fetchAll(db, sql: """
                SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = current_schema() AND tablename != 'vigil_migrations'
                """)
            guard !tables.isEmpty else { return }
            // The change counter goes on from where it was: consoles watching compare it, and it never goes back.
            let seq = try Int64.fetchOne(db, sql: "SELECT CAST(value AS BIGINT) FROM meta WHERE key = 'change_seq'") ?? 0
            try db.execute(sql: "TRUNCATE \(tables.joined(separator: ", ")) RESTART IDENTITY")
            try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('change_seq', ?)", arguments: [String(seq + 1)])
            try db.execute(sql: "NOTIFY \(PostgresChangeFeed.channel)")
        }
    }
}

extension Store {
    /// The connection string of a PostgreSQL store (nil for SQLite): for tests that open it a second time.
    package var connectionStringForTests: String? { (database as? PostgresEngine)?.dsn }
}
