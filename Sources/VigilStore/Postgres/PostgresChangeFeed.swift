import Foundation

/// Keeps a PostgreSQL store's change counter current without polling the database: a connection of its own LISTENs
/// on `vigil_changes` (every write transaction NOTIFYs it, delivered at commit) and re-reads the counter when told,
/// and every few seconds in case a notice was missed. `token()` answers from memory, so a slow or lost database
/// never holds up a console's frame; while the database cannot be reached it throws "unreachable since …", and the
/// feed reconnects by itself (backing off to 5 s).
final class PostgresChangeFeed: @unchecked Sendable {
    static let channel = "vigil_changes"
    /// How long the first `token()` waits for the first read before saying why it has none.
    static let firstReadWait: TimeInterval = 6

    private let dsn: String
    private let location: String
    private let secrets: PostgresSecrets
    private let condition = NSCondition()
    private var current: Int64?
    private var failure: (since: Date, reason: String)?
    private var stopped = false

    init(dsn: String, location: String, secrets: PostgresSecrets) {
        self.dsn = dsn
        self.location = location
        self.secrets = secrets
        let thread = Thread { [self] in run() }
        thread.name = "vigil-store-feed"
        thread.start()
    }

    func stop() {
        condition.withLock {
            stopped = true
            condition.broadcast()
        }
    }

    /// The change counter as last read; throws while the store cannot be reached.
    func token() throws -> Int64 {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date().addingTimeInterval(Self.firstReadWait)
        while current == nil, failure == nil, !stopped, condition.wait(until: deadline) {}
        if let failure {
            throw StoreError.unreachable(path: location, reason: "since \(Self.clock(failure.since)): \(failure.reason)")
        }
        guard let current else {
            throw StoreError.unreachable(path: location, reason: "no answer within \(Int(Self.firstReadWait)) s")
        }
        return current
    }

    /// Waits until the counter differs from `seen`, up to `timeout`; nil when it did not (benchmarks and tests).
    func waitForChange(from seen: Int64, timeout: TimeInterval) -> Int64? {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date().addingTimeInterval(timeout)
        while current == seen || current == nil, !stopped, condition.wait(until: deadline) {}
        return current.flatMap { $0 == seen ? nil : $0 }
    }

    /// A counter this process committed itself (newer than any notice still on its way).
    func observe(_ token: Int64) {
        condition.withLock {
            guard current.map({ token > $0 }) ?? true else { return }
            current = token
            condition.broadcast()
        }
    }

    private var isStopped: Bool { condition.withLock { stopped } }

    private func publish(_ token: Int64) {
        condition.withLock {
            current = max(current ?? token, token)
            failure = nil
            condition.broadcast()
        }
    }

    private func fail(_ reason: String) {
        condition.withLock {
            // The first failure of a streak sets "since"; later ones only update why.
            failure = (failure?.since ?? Date(), reason)
            condition.broadcast()
        }
    }

    private func run() {
        var backoff: TimeInterval = 0.5
        while !isStopped {
            do throws(PostgresFailure) {
                let connection = try PostgresConnection(dsn: dsn, parameters: [
                    ("application_name", "vigil-feed"), ("connect_timeout", "5"), ("client_encoding", "UTF8"),
                ], secrets: secrets)
                defer { connection.close() }
                _ = try connection.query("LISTEN \(Self.channel)", deadline: 10)
                publish(try read(connection))
                backoff = 0.5
                var lastRead = Date()
                while !isStopped {
                    let notes = try connection.waitForNotifications(seconds: 0.5)
                    if notes > 0 || Date().timeIntervalSince(lastRead) >= 5 {
                        publish(try read(connection))
                        lastRead = Date()
                    }
                }
            } catch {
                fail(error.message)
                let until = Date().addingTimeInterval(backoff)
                while !isStopped, Date() < until { Thread.sleep(forTimeInterval: 0.1) }
                backoff = min(5, backoff * 2)
            }
        }
    }

    private func read(_ connection: PostgresConnection) throws(PostgresFailure) -> Int64 {
        let text = try connection.value("SELECT value FROM meta WHERE key = 'change_seq'", deadline: 10)
        return text.flatMap { Int64($0) } ?? 0
    }

    static func clock(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "HH:mm:ss 'UTC'"
        return f.string(from: date)
    }
}
