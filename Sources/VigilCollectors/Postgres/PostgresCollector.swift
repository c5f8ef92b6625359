import Foundation
import VigilConfig
import VigilCore
import VigilStore

/// Reads one PostgreSQL warehouse over a read-only libpq session: a `Collector`. A pass reads each configured
/// dataset's max(loaded_at) as freshness, its row count and columns as volume and schema checks, and the latest
/// sessions worth attention, top statements and table activity. A dataset or view that cannot be read degrades the
/// source with a problem naming it; a role without pg_monitor gets a note; no session at all fails the pass (the source
/// goes down, its data stays, passes back off). The session is kept between passes and reopened when it breaks.
/// libpq blocks: a pass holds the calling thread for its queries (each bounded by the statement timeout); passes
/// are serialised.
public final class PostgresCollector: Collector, @unchecked Sendable {
    public let sourceName: String
    public let settings: PostgresSettings
    public let store: Store
    public let clock: @Sendable () -> Date
    public let pacing: Pacing
    public var kind: SourceKind { .postgres }
    private let environment: [String: String]
    /// Guards everything below.
    private let lock = NSLock()
    private var connection: PostgresConnection?

    public init(store: Store, settings: PostgresSettings, clock: @escaping @Sendable () -> Date = { Date() },
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        sourceName = settings.name
        self.settings = settings
        self.store = store
        self.clock = clock
        self.environment = environment
        pacing = Pacing(interval: settings.interval, maxBackoff: settings.maxBackoff)
    }

    /// From a `sources:` entry and the datasets it measures; reads the DSN secret now.
    public convenience init(store: Store, config: SourceConfig, datasets: [DatasetConfig],
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws(PostgresError) {
        self.init(store: store, settings: try PostgresSettings(config: config, datasets: datasets, environment: environment),
                  environment: environment)
    }

    public func poll(now: Date) async -> SourcePass<PostgresPollSummary, PostgresError> {
        lock.withLock {
            let pass: PostgresPass
            do throws(PostgresError) {
                pass = try readPass(now: now)
            } catch {
                return .failed(error)
            }
            var data = SourceData()
            data.health = pass.problems.isEmpty ? .ok : .degraded
            data.problems = pass.problems
            data.notes = pass.notes
            data.datasets = settings.datasets.map(\.dataset)
            data.freshness = pass.samples
            data.tableReadings = pass.quality
            data.definedChecks = PostgresQuality.checkIDs(settings.datasets)
            data.warehouseActivity = pass.activity
            let checks = pass.activity.datasetChecks
            return .read(data, summary: PostgresPollSummary(
                health: data.health, notes: pass.notes, problems: pass.problems,
                datasetsMeasured: checks.filter { $0.problem == nil }.count,
                datasetProblems: checks.filter { $0.problem != nil }.count, sessions: pass.activity.sessions.count,
                statements: pass.activity.statements?.count, tables: pass.activity.tables.count))
        }
    }

    public func describe(_ s: PostgresPollSummary) -> String {
        let statements = s.statements.map { ", \($0) statements" } ?? ""
        let problems = s.problems.isEmpty ? "" : " (" + s.problems.joined(separator: "; ") + ")"
        let notes = s.notes.isEmpty ? "" : " [note: " + s.notes.joined(separator: "; ") + "]"
        return "\(s.health.rawValue), \(s.datasetsMeasured) datasets measured, \(s.sessions) sessions "
            + "worth attention\(statements), \(s.tables) tables\(problems)\(notes)"
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
}
