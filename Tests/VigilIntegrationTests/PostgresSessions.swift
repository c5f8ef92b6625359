import CLibpq
import Foundation
import Testing

/// A plain libpq session the tests drive themselves (not the collector's code): to set up tables, hold locks,
/// keep queries running, and read what PostgreSQL reports.
final class HeldSession {
    private let conn: OpaquePointer
    /// The server process behind this session, as pg_stat_activity shows it.
    let pid: Int

    init(_ dsn: String, application: String = "vigil-it") throws {
        let pairs = [("dbname", dsn), ("application_name", application)]
        let keywords = pairs.map { strdup($0.0) }, values = pairs.map { strdup($0.1) }
        defer { (keywords + values).forEach { free($0) } }
        let keywordPointers = keywords.map { UnsafePointer($0) } + [nil]
        let valuePointers = values.map { UnsafePointer($0) } + [nil]
        let connection = PQconnectdbParams(keywordPointers, valuePointers, 1)
        guard let connection, PQstatus(connection) == CONNECTION_OK else {
            let message = connection.map { String(cString: PQerrorMessage($0)) } ?? "out of memory"
            PQfinish(connection)
            throw IntegrationFailure("could not connect for the test: \(message)")
        }
        conn = connection
        pid = Int(PQbackendPID(connection))
        try exec("SET client_min_messages = warning")
    }

    deinit { PQfinish(conn) }

    /// Runs `sql` (several statements allowed) and returns the last result's rows.
    @discardableResult
    func exec(_ sql: String) throws -> [[String?]] {
        guard let result = PQexec(conn, sql) else { throw IntegrationFailure("out of memory") }
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK else {
            throw IntegrationFailure("\(sql): \(String(cString: PQresultErrorMessage(result)))")
        }
        return (0..<PQntuples(result)).map { row in
            (0..<PQnfields(result)).map { column in
                PQgetisnull(result, row, column) == 1 ? nil : String(cString: PQgetvalue(result, row, column))
            }
        }
    }

    func value(_ sql: String) throws -> String? { try exec(sql).first?.first ?? nil }

    /// Starts `sql` without waiting for it: the session stays busy (running, or waiting for a lock).
    func start(_ sql: String) throws {
        guard PQsendQuery(conn, sql) == 1 else { throw IntegrationFailure("\(sql): \(String(cString: PQerrorMessage(conn)))") }
    }

    /// Cancels what `start` began and waits for the session to be idle again.
    func cancel() {
        if let cancel = PQgetCancel(conn) {
            var buffer = [CChar](repeating: 0, count: 256)
            _ = PQcancel(cancel, &buffer, Int32(buffer.count))
            PQfreeCancel(cancel)
        }
        while let result = PQgetResult(conn) { PQclear(result) }
    }
}

/// A schema of its own per test, dropped at the end, so runs and tests never see each other's tables.
final class TestSchema {
    let name: String
    let admin: HeldSession

    init(_ admin: HeldSession) throws {
        name = "vigil_it_" + UUID().uuidString.prefix(8).lowercased()
        self.admin = admin
        try admin.exec("CREATE SCHEMA \(name)")
    }

    func drop() { _ = try? admin.exec("DROP SCHEMA \(name) CASCADE") }

    /// "schema.table" as a dataset names it.
    func dataset(_ table: String) -> String { "\(name).\(table)" }
}

enum PostgresIntegration {
    static func dsn() throws -> String {
        try #require(IntegrationEnvironment.postgresDSN, "set VIGIL_PG_DSN (scripts/postgres-up prints it)")
    }

    /// The same server and database as `dsn`, as another role, over TCP.
    static func dsn(user: String, password: String) throws -> String {
        var components = try #require(URLComponents(string: try dsn()), "VIGIL_PG_DSN is not a URI")
        components.user = user
        components.password = password
        return try #require(components.string)
    }

    /// A time PostgreSQL stores exactly (whole microseconds), `offset` seconds from now.
    static func microsecondTime(_ offset: TimeInterval) -> Date {
        let seconds = (Date().timeIntervalSince1970 + offset) * 1_000_000
        return Date(timeIntervalSince1970: seconds.rounded() / 1_000_000)
    }

    /// SQL for a timestamptz literal of `date`.
    static func literal(_ date: Date) -> String {
        "to_timestamp(\(String(format: "%.6f", date.timeIntervalSince1970)))"
    }

    /// A TCP port on 127.0.0.1 that nothing listens on now: the kernel's pick, released again.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        try #require(bound)
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Polls `condition` until it holds or `seconds` pass; no timing is asserted, only the condition.
    static func waitUntil(_ what: String, seconds: TimeInterval = 60, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while try !condition() {
            guard Date() < deadline else { throw IntegrationFailure("gave up waiting for: \(what)") }
            Thread.sleep(forTimeInterval: 0.1)
        }
    }
}
