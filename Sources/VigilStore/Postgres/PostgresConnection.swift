import CLibpq
import Foundation
import VigilCore
#if canImport(Glibc)
import Glibc
#endif

/// One libpq connection, used by one thread at a time (the collector serialises its passes). Queries are sent
/// with parameters (never pasted into the SQL) and waited for with a deadline of our own, so a server or network
/// that stops answering cannot hang the collector: past the deadline the connection is dropped.
/// Every message is masked with `secrets` and made one line before it leaves this type.
package final class PostgresConnection {
    private var conn: OpaquePointer?
    private let secrets: PostgresSecrets
    /// Statements prepared on this connection, by SQL text and parameter types (a NULL's type is the server's to
    /// infer, so the same text with a NULL is another statement): parsed and planned once, then only executed.
    private var prepared: [PreparedKey: String] = [:]
    private var preparedCount = 0

    private struct PreparedKey: Hashable {
        let sql: String
        let types: [Oid]
    }

    /// Connects, blocking for at most libpq's connect_timeout. `parameters` come after the DSN, so they win.
    package init(dsn: String, parameters: [(String, String)], secrets: PostgresSecrets) throws(PostgresFailure) {
        self.secrets = secrets
        let pairs = [("dbname", dsn)] + parameters
        let keywords = pairs.map { strdup($0.0) }, values = pairs.map { strdup($0.1) }
        defer { (keywords + values).forEach { free($0) } }
        let keywordPointers = keywords.map { UnsafePointer($0) } + [nil]
        let valuePointers = values.map { UnsafePointer($0) } + [nil]
        // expand_dbname = 1: the first dbname is the DSN itself (URI or key=value), later keywords override it.
        let connection = PQconnectdbParams(keywordPointers, valuePointers, 1)
        guard let connection, PQstatus(connection) == CONNECTION_OK else {
            let message = connection.map { String(cString: PQerrorMessage($0)) } ?? "out of memory"
            PQfinish(connection)
            throw PostgresFailure(kind: .connect, message: secrets.clean(Self.headline(message)))
        }
        vigil_pg_quiet_notices(connection)
        conn = connection
    }

    deinit { close() }

    /// False once the server closed the connection, a query overran its deadline, or `close()` was called.
    package var isUsable: Bool { conn.map { PQstatus($0) == CONNECTION_OK } ?? false }

    package func close() {
        if let conn { PQfinish(conn) }
        conn = nil
    }

    /// Runs one statement and returns its rows as text (nil for NULL). Server errors carry their SQLSTATE.
    package func query(_ sql: String, _ parameters: [String?] = [], deadline seconds: TimeInterval) throws(PostgresFailure) -> [[String?]] {
        try exchange(sql, parameters.map { $0.map(Parameter.text) ?? .null }, deadline: seconds, read: Self.rows(of:)) ?? []
    }

    /// A statement's parameter as it is sent: `text` lets the server infer the type from where it is used.
    package enum Parameter {
        case null
        case text(String)
        case int8(Int64)
        case float8(Double)
        case bytea([UInt8])
    }

    /// Sends one statement with its parameters (or, with none and not `prepared`, as a simple query, which may hold
    /// several statements) and reads the last result with `read`; nil when no statement returned one. `prepared`:
    /// the statement is prepared on this connection the first time and executed by name after (for SQL whose text
    /// does not vary, run many times: the store's `cachedStatement`).
    /// `binary`: values come in PostgreSQL's binary form (numbers as bytes, not text to parse; see `PostgresRows`),
    /// except for a simple query's.
    package func exchange<T>(_ sql: String, _ parameters: [Parameter], deadline seconds: TimeInterval, prepared: Bool = false,
                             binary: Bool = false, read: (OpaquePointer) -> T) throws(PostgresFailure) -> T? {
        guard let conn, isUsable else { throw PostgresFailure(kind: .connectionLost, message: "not connected") }
        var types: [Oid] = [], values: [UnsafeMutablePointer<CChar>?] = [], lengths: [Int32] = [], formats: [Int32] = []
        for parameter in parameters {
            switch parameter {
            case .null: types.append(0); values.append(nil); lengths.append(0); formats.append(0)
            case let .text(s): types.append(0); values.append(strdup(s)); lengths.append(0); formats.append(0)
            case let .int8(i): types.append(20); values.append(strdup(String(i))); lengths.append(0); formats.append(0)
            case let .float8(d): types.append(701); values.append(strdup(Self.float8(d))); lengths.append(0); formats.append(0)
            case let .bytea(bytes):
                let copy = malloc(max(bytes.count, 1))!.assumingMemoryBound(to: CChar.self)
                bytes.withUnsafeBytes { buffer in
                    if let base = buffer.baseAddress { memcpy(copy, base, bytes.count) }
                }
                types.append(17); values.append(copy); lengths.append(Int32(bytes.count)); formats.append(1)
            }
        }
        defer { values.forEach { free($0) } }
        let valuePointers = values.map { $0.map { UnsafePointer($0) } }
        let deadline = Date().addingTimeInterval(seconds)
        let sent: Int32
        if prepared {
            let key = PreparedKey(sql: sql, types: types)
            let name: String
            if let known = self.prepared[key] {
                name = known
            } else {
                preparedCount += 1
                name = "vigil_\(preparedCount)"
                guard PQsendPrepare(conn, name, sql, Int32(types.count), types) == 1 else { throw lost(conn) }
                try waitForResult(conn, deadline: deadline, seconds: seconds)
                let _: Void? = try results(conn) { _ in }
                self.prepared[key] = name
            }
            sent = PQsendQueryPrepared(conn, name, Int32(values.count), valuePointers, lengths, formats, binary ? 1 : 0)
        } else if parameters.isEmpty {
            sent = PQsendQuery(conn, sql)
        } else {
            sent = PQsendQueryParams(conn, sql, Int32(values.count), types, valuePointers, lengths, formats, binary ? 1 : 0)
        }
        guard sent == 1 else { throw lost(conn) }
        try waitForResult(conn, deadline: deadline, seconds: seconds)
        do {
            return try results(conn, read)
        } catch {
            // A prepared plan whose tables changed shape under it (another Vigil migrated the store) fails with
            // 0A000 "cached plan must not change result type": prepare anew next time.
            if prepared, error.sqlstate == "0A000" { self.prepared = self.prepared.filter { $0.key.sql != sql } }
            throw error
        }
    }

    /// Reads every result of the statement just sent, returning the last one's `read` (a server error wins).
    private func results<T>(_ conn: OpaquePointer, _ read: (OpaquePointer) -> T) throws(PostgresFailure) -> T? {
        var out: T?
        var failure: PostgresFailure?
        while let result = PQgetResult(conn) {
            defer { PQclear(result) }
            switch PQresultStatus(result) {
            case PGRES_TUPLES_OK, PGRES_COMMAND_OK:
                out = read(result)
            default:
                if failure == nil { failure = serverFailure(result) }
            }
        }
        if PQstatus(conn) != CONNECTION_OK { throw lost(conn) }
        if let failure { throw failure }
        return out
    }

    /// float8's text form, infinities and NaN as PostgreSQL spells them.
    static func float8(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d > 0 ? "Infinity" : "-Infinity" }
        return "\(d)"
    }

    /// The first column of the first row.
    package func value(_ sql: String, _ parameters: [String?] = [], deadline: TimeInterval) throws(PostgresFailure) -> String? {
        try query(sql, parameters, deadline: deadline).first?.first ?? nil
    }

    /// `name` as a quoted SQL identifier (PQescapeIdentifier): safe to put in SQL text whatever it contains.
    package func quoteIdentifier(_ name: String) throws(PostgresFailure) -> String {
        guard let conn else { throw PostgresFailure(kind: .connectionLost, message: "not connected") }
        let bytes = Array(name.utf8)
        guard let quoted = PQescapeIdentifier(conn, name, bytes.count) else {
            throw PostgresFailure(kind: .server(sqlstate: nil),
                                  message: secrets.clean(String(cString: PQerrorMessage(conn))))
        }
        defer { PQfreemem(quoted) }
        return String(cString: quoted)
    }

    /// Polls the socket until libpq has the whole result, or drops the connection at the deadline.
    private func waitForResult(_ conn: OpaquePointer, deadline: Date, seconds: TimeInterval) throws(PostgresFailure) {
        while PQisBusy(conn) != 0 {
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else {
                close()
                throw PostgresFailure(kind: .clientTimeout,
                                      message: "no answer within \(PostgresFailure.seconds(seconds)); connection dropped")
            }
            var fd = pollfd(fd: PQsocket(conn), events: Int16(POLLIN), revents: 0)
            _ = poll(&fd, 1, Int32(min(remaining, 1) * 1000) + 1)
            guard PQconsumeInput(conn) == 1 else { throw lost(conn) }
        }
    }

    /// Waits up to `seconds` for NOTIFY messages on the channels this connection LISTENs to; returns how many came
    /// (0 on timeout). Throws when the connection broke.
    package func waitForNotifications(seconds: TimeInterval) throws(PostgresFailure) -> Int {
        guard let conn, isUsable else { throw PostgresFailure(kind: .connectionLost, message: "not connected") }
        var count = drainNotifications(conn)
        guard count == 0 else { return count }
        var fd = pollfd(fd: PQsocket(conn), events: Int16(POLLIN), revents: 0)
        let ready = poll(&fd, 1, Int32(max(0, seconds) * 1000))
        if ready > 0 {
            guard PQconsumeInput(conn) == 1 else { throw lost(conn) }
            count = drainNotifications(conn)
        }
        if PQstatus(conn) != CONNECTION_OK { throw lost(conn) }
        return count
    }

    private func drainNotifications(_ conn: OpaquePointer) -> Int {
        var count = 0
        while let note = PQnotifies(conn) {
            PQfreemem(note)
            count += 1
        }
        return count
    }

    private func lost(_ conn: OpaquePointer) -> PostgresFailure {
        let message = String(cString: PQerrorMessage(conn))
        close()
        return PostgresFailure(kind: .connectionLost, message: secrets.clean(message.isEmpty ? "connection lost" : Self.headline(message)))
    }

    /// libpq's first line: what happened ("connection to server at … failed: Connection refused"), without the
    /// indented advice lines after it ("Is the server running on that host…"), which crowd a one-line status.
    static func headline(_ message: String) -> String {
        message.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? message
    }

    private func serverFailure(_ result: OpaquePointer) -> PostgresFailure {
        func field(_ code: Int32) -> String? { PQresultErrorField(result, code).map { String(cString: $0) } }
        let primary = field(vigil_pg_diag_message_primary()) ?? String(cString: PQresultErrorMessage(result))
        return PostgresFailure(kind: .server(sqlstate: field(vigil_pg_diag_sqlstate())), message: secrets.clean(primary))
    }

    private static func rows(of result: OpaquePointer) -> [[String?]] {
        let count = PQntuples(result), columns = PQnfields(result)
        return (0..<count).map { row in
            (0..<columns).map { column in
                PQgetisnull(result, row, column) == 1 ? nil : String(cString: PQgetvalue(result, row, column))
            }
        }
    }
}

/// A libpq-level failure; `message` is already masked and one line.
package struct PostgresFailure: Error, Sendable, Equatable {
    package enum Kind: Sendable, Equatable {
        /// Could not connect: refused, DNS, authentication, no such database.
        case connect
        /// The server answered with an error.
        case server(sqlstate: String?)
        /// The connection broke mid-pass (server restart, network).
        case connectionLost
        /// The server did not answer within our own deadline.
        case clientTimeout
    }

    package var kind: Kind
    package var message: String

    package init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    package var sqlstate: String? {
        if case let .server(code) = kind { return code }
        return nil
    }

    /// True when the connection cannot be used any more: the pass must reconnect.
    package var isConnectionFailure: Bool {
        switch kind {
        case .connect, .connectionLost, .clientTimeout: return true
        case .server: return false
        }
    }

    package static func seconds(_ s: Double) -> String {
        s == s.rounded() ? "\(Int(s)) s" : String(format: "%.1f s", s)
    }
}

extension PostgresSecrets {
    /// Masked and made one bounded line: what any libpq or server text becomes before Vigil keeps it.
    package func clean(_ text: String, limit: Int = 300) -> String {
        TextSanitizer.collapsed(scrub(text), limit: limit)
    }
}
