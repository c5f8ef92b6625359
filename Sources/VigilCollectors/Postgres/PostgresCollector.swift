import Foundation
import VigilConfig
import VigilCore
import VigilStore

/// Reads one PostgreSQL warehouse over a read-only libpq session and writes what it says through the Store API:
/// each configured dataset's max(loaded_at) as freshness, its row count and columns as volume and schema checks,
/// and the latest sessions worth attention, top statements and table activity. One pass is one transaction. A dataset or view that cannot be read degrades the source with
/// a note naming it; a role without pg_monitor gets a note; no session at all marks the source down, keeps the last
/// good data and backs off (`nextDelay`). The session is kept between polls and reopened when it breaks.
/// Synchronous: called from the runner's thread; polls are serialised.
public final class PostgresCollector: @unchecked Sendable {
    public let sourceName: String
    public let settings: PostgresSettings
    private let store: Store
    private let clock: @Sendable () -> Date
    private let environment: [String: String]
    /// Guards everything below.
    private let lock = NSLock()
    private var connection: PostgresConnection?
    private var failures = 0

    public init(store: Store, settings: PostgresSettings, clock: @escaping @Sendable () -> Date = { Date() },
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        sourceName = settings.name
        self.settings = settings
        self.store = store
        self.clock = clock
        self.environment = environment
    }

    /// From a `sources:` entry and the datasets it measures; reads the DSN secret now.
    public convenience init(store: Store, config: SourceConfig, datasets: [DatasetConfig],
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws(PostgresError) {
        self.init(store: store, settings: try PostgresSettings(config: config, datasets: datasets, environment: environment),
                  environment: environment)
    }

    /// Failed passes in a row (0 after a success).
    public var consecutiveFailures: Int { lock.withLock { failures } }

    /// How long to wait before the next poll: the interval while all is well, then doubling per consecutive
    /// failure up to `maxBackoff`.
    public var nextDelay: TimeInterval {
        let failures = consecutiveFailures
        guard failures > 0 else { return settings.interval }
        let factor = pow(2, Double(min(failures, 20)))
        return min(settings.maxBackoff, max(settings.interval, settings.interval * factor))
    }

    /// One pass. Never throws: failures are recorded on the source and returned.
    public func poll() -> PostgresPollResult {
        lock.withLock {
            let now = clock()
            let pass: PostgresPass
            do throws(PostgresError) {
                pass = try readPass(now: now)
            } catch {
                return recordFailure(error, now: now)
            }
            do {
                try write(pass, now: now)
            } catch {
                return .storeFailed("source '\(sourceName)': could not write the store: \(error)")
            }
            failures = 0
            let checks = pass.activity.datasetChecks
            return .updated(PostgresPollSummary(
                health: pass.problems.isEmpty ? .ok : .degraded, notes: pass.notes, problems: pass.problems,
                datasetsMeasured: checks.filter { $0.problem == nil }.count,
                datasetProblems: checks.filter { $0.problem != nil }.count, sessions: pass.activity.sessions.count,
                statements: pass.activity.statements?.count, tables: pass.activity.tables.count))
        }
    }

    /// Closes the session (the next poll opens a new one).
    public func close() {
        lock.withLock {
            connection?.close()
            connection = nil
        }
    }

    // MARK: - Reading

    private func readPass(now: Date) throws(PostgresError) -> PostgresPass {
        let conninfo: PostgresConninfo
        do {
            conninfo = try PostgresConninfo(settings.dsn.value)
        } catch {
            throw .configuration(source: sourceName, reason: "the connection string is not valid: \(error.reason)")
        }
        let secrets = PostgresSecrets([settings.dsn.value, conninfo.password])
        let endpoint = secrets.clean(conninfo.endpoint(environment: environment), limit: 120)
        // A session kept from an earlier pass may have died since (server restart): one fresh try then.
        let reused = connection?.isUsable == true
        for attempt in 0..<2 {
            do throws(PostgresFailure) {
                let session = try openConnection(conninfo, secrets: secrets)
                return try PostgresReader.read(session, settings: settings, secrets: secrets, now: now)
            } catch {
                if error.isConnectionFailure {
                    connection?.close()
                    connection = nil
                    if reused && attempt == 0 && error.kind != .connect { continue }
                }
                throw postgresError(error, endpoint: endpoint)
            }
        }
        throw .connectionLost(source: sourceName, endpoint: endpoint, reason: "connection lost")
    }

    private func openConnection(_ conninfo: PostgresConninfo, secrets: PostgresSecrets) throws(PostgresFailure)
        -> PostgresConnection {
        if let connection, connection.isUsable { return connection }
        let fresh = try PostgresConnection(dsn: settings.dsn.value, parameters: sessionParameters(conninfo),
                                           secrets: secrets)
        connection = fresh
        return fresh
    }

    /// After the DSN's own: connect timeout, an application name unless the DSN has one, and a read-only session
    /// whose statements and lock waits are bounded (added to the DSN's own options, not replacing them).
    private func sessionParameters(_ conninfo: PostgresConninfo) -> [(String, String)] {
        func ms(_ seconds: TimeInterval) -> String { String(max(1, Int((seconds * 1000).rounded()))) }
        // TimeZone=UTC: json renders timestamptz with a "+00:00" offset whatever the server's zone is.
        let ours = "-c default_transaction_read_only=on -c statement_timeout=\(ms(settings.statementTimeout)) "
            + "-c lock_timeout=\(ms(settings.lockTimeout)) -c TimeZone=UTC"
        let theirs = conninfo.options["options"] ?? environment["PGOPTIONS"] ?? ""
        return [
            ("connect_timeout", String(max(2, Int(settings.connectTimeout.rounded(.up))))),
            ("fallback_application_name", "vigil"),
            ("options", theirs.isEmpty ? ours : "\(theirs) \(ours)"),
        ]
    }

    private func postgresError(_ failure: PostgresFailure, endpoint: String) -> PostgresError {
        switch failure.kind {
        case .connect: return .unreachable(source: sourceName, endpoint: endpoint, reason: failure.message)
        case .connectionLost, .clientTimeout:
            return .connectionLost(source: sourceName, endpoint: endpoint, reason: failure.message)
        case let .server(sqlstate): return .query(source: sourceName, sqlstate: sqlstate, reason: failure.message)
        }
    }

    // MARK: - Writing

    private func write(_ pass: PostgresPass, now: Date) throws {
        let status = SourceStatus(
            name: sourceName, kind: .postgres, health: pass.problems.isEmpty ? .ok : .degraded, lastAttemptAt: now,
            lastSuccessAt: now,
            lastError: pass.problems.isEmpty ? nil : TextSanitizer.collapsed(pass.problems.joined(separator: "; ")),
            note: pass.notes.isEmpty ? nil : TextSanitizer.collapsed(pass.notes.joined(separator: "; "), limit: 500))
        try store.write { w in
            try w.upsertSource(status)
            for target in settings.datasets { try w.upsertDataset(target.dataset) }
            for sample in pass.samples { try w.recordFreshness(sample) }
            for reading in pass.quality { try PostgresQuality.write(reading, to: w, source: sourceName, at: now) }
            try w.retireChecks(source: sourceName, keeping: PostgresQuality.checkIDs(settings.datasets))
            try w.replaceWarehouseActivity(source: sourceName, pass.activity)
        }
    }

    /// Marks the source down, the store keeps its last success time and its data.
    private func recordFailure(_ error: PostgresError, now: Date) -> PostgresPollResult {
        failures += 1
        let status = SourceStatus(name: sourceName, kind: .postgres, health: .down, lastAttemptAt: now,
                                  lastError: error.description)
        do {
            try store.write { w in try w.upsertSource(status) }
        } catch {
            return .storeFailed("source '\(sourceName)': could not write the store: \(error)")
        }
        return .failed(error)
    }
}
