import Foundation
import GRDB
import VigilCore

/// The shared state store: one SQLite file in WAL mode (the default), or a PostgreSQL database a team shares
/// (`postgres://…`); collectors writing and any number of consoles reading (and writing incident actions) at once.
public final class Store: Sendable {
    /// File path; nil for an in-memory or PostgreSQL store.
    public let path: String?
    /// Where the store is, for messages: the file path, ":memory:", or a PostgreSQL URL without its password.
    public let location: String
    let database: any StoreEngine
    let isReadOnly: Bool
    /// The file opened at `path`, to notice it being deleted or replaced (see `checkFile`).
    let fileIdentity: StoreFileIdentity?
    /// Skips the change counter's read while the store's files have not moved (see ChangeTokenCache).
    let tokenCache = ChangeTokenCache()
    /// The last snapshot's lineage, reused while its inputs are unchanged (see LineageCache).
    let lineageCache = LineageCache()
    /// The last snapshot's datasets and pipelines, re-read only where their rows changed (see SnapshotCache).
    let snapshotCache = SnapshotCache()
    /// The open incidents' similar past ones, ranked again only when the incidents changed (see SimilarKey).
    let similarCache = KeptValue<SimilarKey, [String: [SimilarIncident]]>()

    /// Opens or creates the store at `path`; see the module README in Migrations.swift for the schema.
    /// The directory (0700) and file (0600) are created before SQLite opens the file so it is never world-readable.
    /// `readOnly` never creates or migrates: it throws `.missing` when the file is absent.
    /// `path` may also be a PostgreSQL connection string (`postgres://…`, `postgresql://…`, or key=value with
    /// `host=`): the team store on that database.
    public convenience init(path: String, readOnly: Bool = false) throws {
        if Self.isPostgres(path) {
            try self.init(postgres: path, readOnly: readOnly)
        } else {
            try self.init(file: path, readOnly: readOnly)
        }
    }

    /// Where `path` points, for messages: a file path as it is, a PostgreSQL connection string without its password.
    public static func describe(_ path: String) -> String {
        guard isPostgres(path) else { return path }
        return (try? PostgresConninfo(path)).map(PostgresEngine.location) ?? "a PostgreSQL store (unreadable connection string)"
    }

    /// True for a PostgreSQL connection string rather than a file path.
    public static func isPostgres(_ text: String) -> Bool {
        let t = text.trimmingCharacters(in: .whitespaces)
        return t.hasPrefix("postgres://") || t.hasPrefix("postgresql://")
            || (t.contains("=") && (t.hasPrefix("host=") || t.hasPrefix("dbname=") || t.contains(" host=") || t.contains(" dbname=")))
    }

    private init(postgres dsn: String, readOnly: Bool) throws {
        let engine = try PostgresEngine(dsn: dsn)
        self.path = nil
        self.location = engine.location
        self.database = engine
        self.isReadOnly = readOnly
        self.fileIdentity = nil
        try PostgresMigrations.prepare(engine, readOnly: readOnly)
    }

    private init(file path: String, readOnly: Bool) throws {
        if readOnly {
            guard FileManager.default.fileExists(atPath: path) else { throw StoreError.missing(path: path) }
        } else {
            try StoreFiles.ensureDirectory(for: path)
            try StoreFiles.ensureFile(at: path)
        }
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: Self.configuration(readOnly: readOnly))
        } catch {
            throw Self.openFailure(error, path: path)
        }
        self.path = path
        self.location = path
        self.database = SQLiteEngine(writer: pool)
        self.isReadOnly = readOnly
        self.fileIdentity = StoreFileIdentity.current(path)
        try Self.prepareSchema(pool, path: path, readOnly: readOnly)
    }

    private init(memory queue: DatabaseQueue) {
        self.path = nil
        self.location = ":memory:"
        self.database = SQLiteEngine(writer: queue)
        self.isReadOnly = false
        self.fileIdentity = nil
    }

    /// A private in-memory store with the same schema, for snapshots and tests.
    public static func inMemory() throws -> Store {
        let queue = try DatabaseQueue(configuration: configuration(readOnly: false))
        try StoreMigrations.migrator.migrate(queue)
        return Store(memory: queue)
    }

    static func configuration(readOnly: Bool) -> Configuration {
        var config = Configuration()
        config.readonly = readOnly
        config.label = "vigil.store"
        // Other processes hold the write lock for milliseconds; waiting beats failing with "database is locked".
        config.busyMode = .timeout(5)
        return config
    }

    /// Refuses stores from a newer build, then brings older ones up to date (read-write only).
    private static func prepareSchema(_ pool: DatabasePool, path: String, readOnly: Bool) throws {
        let migrator = StoreMigrations.migrator
        do {
            if try pool.read(migrator.hasBeenSuperseded) { throw StoreError.newerSchema(path: path) }
            if readOnly {
                guard try pool.read(migrator.hasCompletedMigrations) else {
                    throw StoreError.cannotOpen(path: path, reason: """
                        the store is not initialised (or uses an older schema); \
                        open it once without read-only, e.g. by starting a collector
                        """)
                }
                return
            }
            do {
                try migrator.migrate(pool)
            } catch {
                // Another process may have migrated between our check and our attempt: accept its work.
                if try pool.read(migrator.hasBeenSuperseded) { throw StoreError.newerSchema(path: path) }
                guard try pool.read(migrator.hasCompletedMigrations) else { throw error }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw openFailure(error, path: path)
        }
    }

    /// A full disk or a read-only file system is named as such; anything else is "cannot open" with SQLite's words.
    static func openFailure(_ error: any Error, path: String) -> StoreError {
        if let mapped = StoreWriteFailure.map(error, path: path) as? StoreError { return mapped }
        if let why = StoreWriteFailure.unwritable(path: path) { return .notWritable(path: path, reason: why) }
        return StoreError.cannotOpen(path: path, reason: reason(error))
    }

    static func reason(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? error.description }
        return "\(error)"
    }

    var displayPath: String { location }

    /// One write transaction; bumps the change counter so every console notices.
    public func write(_ body: (StoreWriter) throws -> Void) throws {
        try writeReturning(body)
    }

    /// One write transaction that returns what `body` found (e.g. whether a claim succeeded). `quietly`: the change
    /// counter is left alone, so consoles do not re-read for it: for bookkeeping no pane shows (source leases, renewed
    /// by every collector process every pass).
    @discardableResult
    public func writeReturning<T>(quietly: Bool = false, _ body: (StoreWriter) throws -> T) throws -> T {
        guard !isReadOnly else { throw StoreError.readOnly(path: displayPath) }
        try checkFile()
        do {
            return try database.write(notifying: !quietly) { db in
                let writer = StoreWriter(db: db)
                let value = try body(writer)
                // PostgreSQL's engine bumps it first, with the row lock that queues writers (PostgresEngine.write).
                if db.dialect == .sqlite, !quietly { try writer.bumpChangeCounter() }
                return value
            }
        } catch {
            throw StoreWriteFailure.map(error, path: displayPath)
        }
    }

    /// Runs `body` while no other process on this store runs a body under the same `name` (detection reads a
    /// snapshot, then writes what it found: two collectors on a shared store must not both open the same incident).
    /// On PostgreSQL a session advisory lock; a SQLite file has one collector process already (CollectorLock).
    public func exclusively<T>(_ name: String, _ body: () throws -> T) throws -> T {
        guard let engine = database as? PostgresEngine else { return try body() }
        try engine.withConnection { db in try db.execute(sql: "SELECT pg_advisory_lock(hashtext(?))", arguments: [name]) }
        defer {
            _ = try? engine.withConnection { db in try db.execute(sql: "SELECT pg_advisory_unlock(hashtext(?))", arguments: [name]) }
        }
        return try body()
    }

    /// Waits until the change token differs from `seen`, up to `timeout`; nil when it did not (tests, benchmarks).
    public func waitForChange(from seen: Int64, timeout: TimeInterval) throws -> Int64? {
        if let engine = database as? PostgresEngine { return engine.changeFeed.waitForChange(from: seen, timeout: timeout) }
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let token = try changeToken()
            if token != seen { return token }
            Thread.sleep(forTimeInterval: 0.005)
        }
        return nil
    }

    /// Changes whenever any process commits a write. Cheap enough to poll every frame: a SQLite file's is read only
    /// when its files moved; a PostgreSQL store's comes from memory, kept current by LISTEN/NOTIFY
    /// (PostgresChangeFeed), and throws "unreachable since …" while the database cannot be reached.
    public func changeToken() throws -> Int64 {
        if let engine = database as? PostgresEngine { return try engine.changeFeed.token() }
        // The files are looked at before the counter is read, so a commit in between shows up next time.
        let stamp = path.flatMap(ChangeTokenCache.Stamp.init(path:))
        try checkFile(seen: stamp?.identity)
        if let token = tokenCache.token(for: stamp) { return token }
        let token = try database.read { db in
            try Int64.fetchOne(db, sql: "SELECT CAST(value AS BIGINT) FROM meta WHERE key = 'change_seq'") ?? 0
        }
        tokenCache.remember(token, stamp: stamp)
        return token
    }

    public func meta(_ key: String) throws -> String? {
        try database.read { db in try StoreQueries.meta(db, key) }
    }
}

extension Store {
    /// "SQLite" or "PostgreSQL".
    public var engineName: String { database.dialect == .sqlite ? "SQLite" : "PostgreSQL" }

    /// The migrations the store has applied, oldest first.
    public func appliedMigrations() throws -> [String] {
        let table = database.dialect == .sqlite ? "grdb_migrations" : "vigil_migrations"
        let applied = Set(try database.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM \(table)") })
        return Self.knownMigrations.filter(applied.contains)
    }

    /// Every migration this build knows, in order (the same list on both engines).
    public static var knownMigrations: [String] { PostgresMigrations.identifiers }
}
