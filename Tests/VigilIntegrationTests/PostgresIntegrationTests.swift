import Foundation
import Testing
@testable import VigilCollectors
import VigilCore
import VigilStore

/// Every suite that works on the shared throwaway PostgreSQL (sessions held and terminated, locks, statistics
/// waited for, a cluster stopped) runs one test at a time, so no test's sessions or statistics land in another's.
@Suite(.serialized, .enabled(if: IntegrationEnvironment.postgresDSN != nil)) enum PostgresWarehouseSuites {}

extension PostgresWarehouseSuites {
/// PostgresCollector against a real PostgreSQL 15 (scripts/postgres-up; VIGIL_PG_DSN is a superuser on database
/// "warehouse"). Each test builds its own schema; what the store says is compared with what PostgreSQL reports,
/// read independently over a plain libpq session. Serialized: the session tests look at the whole server.
@Suite(.serialized, .enabled(if: IntegrationEnvironment.postgresDSN != nil))
struct PostgresIntegrationTests {
    let source = "pg-it"
    let policy = FreshnessPolicy(warnAfter: 3600, errorAfter: 7200)
    let admin: HeldSession
    let schema: TestSchema

    init() async throws {
        admin = try HeldSession(try PostgresIntegration.dsn())
        schema = try TestSchema(admin)
    }

    private func target(_ table: String, column: String = "loaded_at") -> PostgresDatasetTarget {
        PostgresDatasetTarget(dataset: Dataset(name: schema.dataset(table), tier: 1, policy: policy, source: source),
                              loadedAtColumn: column)
    }

    private func settings(_ targets: [PostgresDatasetTarget], dsn: String? = nil) throws -> PostgresSettings {
        var settings = PostgresSettings(name: source, dsn: PostgresDSN(try dsn ?? PostgresIntegration.dsn()), datasets: targets)
        settings.statementTimeout = 5
        settings.connectTimeout = 5
        return settings
    }

    private func pollOK(_ collector: PostgresCollector) async throws -> PostgresPollSummary {
        let result = await collector.collect()
        guard case let .updated(summary) = result else { throw IntegrationFailure("poll did not update the store: \(result)") }
        return summary
    }

    private func stored(_ store: Store) throws -> (SourceStatus, WarehouseActivity) {
        let status = try #require(try store.snapshot().sources.first { $0.name == source }, "no source \(source)")
        let activity = try #require(try store.warehouseActivity(source: source), "no warehouse activity for \(source)")
        return (status, activity)
    }

    private func dataset(_ store: Store, _ table: String) throws -> DatasetSummary {
        let name = schema.dataset(table)
        return try #require(try store.snapshot().datasets.first { $0.dataset.name == name }, "no dataset \(name)")
    }

    private func check(_ activity: WarehouseActivity, _ table: String) throws -> WarehouseDatasetCheck {
        try #require(activity.datasetChecks.first { $0.dataset == schema.dataset(table) }, "no check of \(table)")
    }

    @Test func freshStaleEmptyAndMissingTables() async throws {
        defer { schema.drop() }
        let s = schema.name
        let fresh = PostgresIntegration.microsecondTime(-60), stale = PostgresIntegration.microsecondTime(-3 * 3600)
        let lit = PostgresIntegration.literal
        try admin.exec("""
            CREATE TABLE \(s).fresh (id int, loaded_at timestamptz);
            INSERT INTO \(s).fresh VALUES (1, \(lit(fresh)) - interval '10 minutes'), (2, \(lit(fresh)));
            CREATE TABLE \(s).stale (id int, loaded_at timestamptz);
            INSERT INTO \(s).stale VALUES (1, \(lit(stale)));
            CREATE TABLE \(s).empty (id int, loaded_at timestamptz);
            CREATE TABLE \(s)."We""ird tbl" (id int, "Loaded At" timestamp);
            INSERT INTO \(s)."We""ird tbl" VALUES (1, \(lit(fresh)) AT TIME ZONE 'UTC');
            CREATE TABLE \(s).nocol (id int);
            CREATE TABLE \(s).numbers (id int, loaded_at bigint);
            INSERT INTO \(s).numbers VALUES (1, 5);
            """)
        let targets = [
            target("fresh"), target("stale"), target("empty"), target("missing"), target("We\"ird tbl", column: "Loaded At"),
            target("nocol"), target("numbers"),
            // Hostile names are identifiers, never SQL: these read nothing and drop nothing.
            target("x\"; DROP TABLE \(s).fresh; --"), target("stale", column: "loaded_at); DROP TABLE \(s).stale; --"),
        ]
        let store = try Store.inMemory()
        let summary = try await pollOK(PostgresCollector(store: store, settings: try settings(targets)))
        #expect(summary.health == .degraded)
        #expect(summary.datasetsMeasured == 4 && summary.datasetProblems == 5)

        // Load times are what PostgreSQL holds, to the microsecond; freshness follows from them.
        let now = Date()
        for (table, column, expected) in [("fresh", "loaded_at", fresh), ("stale", "loaded_at", stale),
                                          ("We\"ird tbl", "\"Loaded At\" AT TIME ZONE 'UTC'", fresh)] {
            let quoted = table.contains("\"") ? "\(s).\"We\"\"ird tbl\"" : "\(s).\(table)"
            let postgres = try Postgres.epoch("select max(\(column)) from \(quoted)")
            let stored = try dataset(store, table)
            #expect(sameInstant(postgres, expected), "\(table): PostgreSQL holds \(String(describing: postgres))")
            #expect(sameInstant(stored.lastLoadedAt, expected), "\(table): stored \(String(describing: stored.lastLoadedAt))")
            #expect(stored.dataset.source == source)
        }
        #expect(try dataset(store, "fresh").state(now: now) == .fresh)
        #expect(try dataset(store, "stale").state(now: now) == .error)
        // An empty table never loaded: unknown, and not a problem.
        let empty = try dataset(store, "empty")
        #expect(empty.lastLoadedAt == nil && empty.lastObservedAt != nil && empty.state(now: now) == .unknown)

        let (status, activity) = try stored(store)
        #expect(try check(activity, "empty").problem == nil)
        let problems = Dictionary(activity.datasetChecks.compactMap { c in c.problem.map { (c.dataset, $0) } },
                                  uniquingKeysWith: { a, _ in a })
        #expect(problems[schema.dataset("missing")] == WarehouseDatasetProblem(
            kind: .missingTable, message: "table \(s).missing does not exist"))
        #expect(problems[schema.dataset("nocol")] == WarehouseDatasetProblem(
            kind: .missingColumn, message: "column loaded_at does not exist in \(s).nocol"))
        #expect(problems[schema.dataset("numbers")]?.kind == .notATimestamp)
        #expect(problems[schema.dataset("x\"; DROP TABLE \(s).fresh; --")]?.kind == .missingTable)
        #expect(activity.datasetChecks.filter { $0.dataset == schema.dataset("stale") }.map(\.problem?.kind)
            .contains(.missingColumn))
        #expect(try Postgres.query("select count(*) from \(s).fresh") == "2")
        #expect(try Postgres.query("select count(*) from \(s).stale") == "1")

        #expect(status.health == .degraded && status.lastSuccessAt != nil)
        let lastError = try #require(status.lastError)
        #expect(lastError.hasPrefix("5 of 9 datasets unreadable: "), "\(lastError)")
        #expect(lastError.contains("table \(s).missing does not exist"), "\(lastError)")
        // Measured datasets got one history sample each, the empty one without a load time.
        for table in ["fresh", "stale", "empty", "We\"ird tbl"] {
            let history = try store.freshnessHistory(dataset: schema.dataset(table), since: .distantPast)
            #expect(history.count == 1, "\(table)")
        }
        #expect(try store.freshnessHistory(dataset: schema.dataset("missing"), since: .distantPast).isEmpty)
    }

    /// Counters and sizes are pg_stat_user_tables' own; the configured datasets' tables come first under the cap.
    @Test func tableActivityIsWhatPgStatUserTablesSays() async throws {
        defer { schema.drop() }
        let s = schema.name
        try admin.exec("""
            CREATE TABLE \(s).orders (id int primary key, loaded_at timestamptz);
            CREATE TABLE \(s).payments (id int, loaded_at timestamptz);
            BEGIN;
            INSERT INTO \(s).orders SELECT g, now() FROM generate_series(1, 30) g;
            UPDATE \(s).orders SET loaded_at = now() WHERE id <= 4;
            DELETE FROM \(s).orders WHERE id > 27;
            INSERT INTO \(s).payments VALUES (1, now());
            COMMIT;
            """)
        // Statistics reach pg_stat_user_tables asynchronously: wait until they show every change.
        try PostgresIntegration.waitUntil("pg_stat_user_tables counts the changes") {
            try admin.value("""
                SELECT n_tup_ins = 30 AND n_tup_upd = 4 AND n_tup_del = 3 FROM pg_stat_user_tables
                WHERE schemaname = '\(s)' AND relname = 'orders'
                """) == "t"
        }
        var settings = try settings([target("orders"), target("payments")])
        settings.maxTables = 2
        let store = try Store.inMemory()
        let summary = try await pollOK(PostgresCollector(store: store, settings: settings))
        #expect(summary.tables == 2)
        let tables = try stored(store).1.tables
        #expect(tables.map(\.id) == [schema.dataset("orders"), schema.dataset("payments")])
        let row = try #require(try admin.exec("""
            SELECT n_live_tup, n_dead_tup, n_tup_ins, n_tup_upd, n_tup_del, seq_scan, idx_scan,
                   pg_total_relation_size(relid)
            FROM pg_stat_user_tables WHERE schemaname = '\(s)' AND relname = 'orders'
            """).first)
        let orders = try #require(tables.first)
        let now = row.map { $0.flatMap { Int64($0) } }
        let storedValues: [Int64?] = [orders.liveTuples, orders.deadTuples, orders.inserts, orders.updates, orders.deletes]
        #expect(storedValues == Array(now[0..<5]))
        #expect(orders.totalBytes == now[7])
        #expect(orders.inserts == 30 && orders.deletes == 3)
        // Scans count every read, the collector's own max(loaded_at) included: they only grow.
        #expect((orders.sequentialScans ?? 0) <= (now[5] ?? 0) && (orders.indexScans ?? 0) <= (now[6] ?? 0))
        #expect(orders.sequentialScans != nil)
    }

    /// A query running for long, a transaction left idle with a row lock, and a session waiting for that lock:
    /// each stored with its kind and the pid PostgreSQL gave it; the blocked one names its blocker.
    @Test func longRunningIdleInTransactionAndBlockedSessions() async throws {
        defer { schema.drop() }
        let s = schema.name, dsn = try PostgresIntegration.dsn()
        try admin.exec("CREATE TABLE \(s).locks (id int primary key, v int); INSERT INTO \(s).locks VALUES (1, 0)")
        let holder = try HeldSession(dsn, application: "it-holder")
        let waiter = try HeldSession(dsn, application: "it-waiter")
        let sleeper = try HeldSession(dsn, application: "it-sleeper")
        try holder.exec("BEGIN")
        try holder.exec("UPDATE \(s).locks SET v = v + 1 WHERE id = 1")
        try waiter.start("UPDATE \(s).locks SET v = v + 2 WHERE id = 1")
        try sleeper.start("SELECT pg_sleep(600)")
        defer {
            sleeper.cancel()
            waiter.cancel()
            _ = try? holder.exec("ROLLBACK")
        }
        try PostgresIntegration.waitUntil("the three sessions are over a second old and the waiter is blocked") {
            try admin.value("""
                SELECT count(*) FROM pg_stat_activity WHERE now() - coalesce(query_start, xact_start) > interval '1.5 s'
                AND (pid = \(sleeper.pid) AND state = 'active'
                  OR pid = \(holder.pid) AND state = 'idle in transaction'
                  OR pid = \(waiter.pid) AND pg_blocking_pids(pid) = ARRAY[\(holder.pid)])
                """) == "3"
        }
        var settings = try settings([])
        settings.longRunningAfter = 1
        settings.idleInTransactionAfter = 1
        settings.blockedAfter = 1
        let store = try Store.inMemory()
        _ = try await pollOK(PostgresCollector(store: store, settings: settings))
        let sessions = Dictionary(uniqueKeysWithValues: try stored(store).1.sessions.map { ($0.pid, $0) })

        let sleeping = try #require(sessions[sleeper.pid], "the sleeping query is not listed")
        #expect(sleeping.kind == .longRunning)
        #expect(sleeping.query == "SELECT pg_sleep(600)")
        #expect(sleeping.application == "it-sleeper" && sleeping.state == "active")
        #expect((sleeping.queryAgeSeconds ?? 0) >= 1)
        let idle = try #require(sessions[holder.pid], "the idle transaction is not listed")
        #expect(idle.kind == .idleInTransaction)
        #expect(idle.state == "idle in transaction")
        #expect(idle.query == "UPDATE \(s).locks SET v = v + 1 WHERE id = 1")
        let blocked = try #require(sessions[waiter.pid], "the blocked session is not listed")
        #expect(blocked.kind == .blocked)
        #expect(blocked.blockedBy == [holder.pid])
        #expect(blocked.waitEventType == "Lock")
        #expect(blocked.application == "it-waiter")
        // What PostgreSQL says about the same sessions.
        let start = try #require(try Postgres.epoch("select query_start from pg_stat_activity where pid = \(sleeper.pid)"))
        #expect(sameInstant(sleeping.queryStart, start))
        // The collector never lists its own session.
        #expect(!sessions.values.contains { $0.application == "vigil" })
    }

    /// The statement timeout stops one dataset's slow read and a lock wait another's; the rest are measured.
    @Test func aStatementTimeoutCostsOneDatasetNotThePass() async throws {
        defer { schema.drop() }
        let s = schema.name
        try admin.exec("""
            CREATE TABLE \(s).fresh (loaded_at timestamptz); INSERT INTO \(s).fresh VALUES (now());
            CREATE VIEW \(s).slow AS SELECT now() AS loaded_at FROM pg_sleep(60);
            CREATE TABLE \(s).locked (loaded_at timestamptz); INSERT INTO \(s).locked VALUES (now());
            """)
        let locker = try HeldSession(try PostgresIntegration.dsn(), application: "it-locker")
        try locker.exec("BEGIN; LOCK TABLE \(s).locked IN ACCESS EXCLUSIVE MODE")
        defer { _ = try? locker.exec("ROLLBACK") }
        var settings = try settings([target("slow"), target("locked"), target("fresh")])
        settings.statementTimeout = 1
        let store = try Store.inMemory()
        let summary = try await pollOK(PostgresCollector(store: store, settings: settings))
        #expect(summary.health == .degraded && summary.datasetsMeasured == 1)
        let (status, activity) = try stored(store)
        #expect(try check(activity, "slow").problem == WarehouseDatasetProblem(
            kind: .timedOut, message: "max(loaded_at) of \(s).slow timed out after 1 s (statement_timeout)"))
        #expect(try check(activity, "locked").problem == WarehouseDatasetProblem(
            kind: .lockTimeout, message: "waited more than 0.8 s for a lock on \(s).locked (another session holds it)"))
        let loaded = try Postgres.epoch("select max(loaded_at) from \(s).fresh")
        #expect(sameInstant(try dataset(store, "fresh").lastLoadedAt, loaded))
        #expect(status.lastError?.contains("\(s).slow timed out after 1 s") == true, "\(status.lastError ?? "nil")")
        #expect(status.health == .degraded && status.consecutiveFailures == 0)
    }

    /// Slow tables cannot hold the pass (and the sources polled after it) for long: once the dataset budget is
    /// spent, the datasets left are reported as not measured. The first check alone spends this one.
    @Test func datasetsLeftWhenTheBudgetIsSpentAreNotMeasured() async throws {
        defer { schema.drop() }
        let s = schema.name
        try admin.exec("""
            CREATE VIEW \(s).slow AS SELECT now() AS loaded_at FROM pg_sleep(60);
            CREATE TABLE \(s).fresh (loaded_at timestamptz); INSERT INTO \(s).fresh VALUES (now());
            """)
        var settings = try settings([target("slow"), target("fresh")])
        settings.statementTimeout = 1
        settings.datasetBudget = 1
        let store = try Store.inMemory()
        let summary = try await pollOK(PostgresCollector(store: store, settings: settings))
        #expect(summary.datasetsMeasured == 0 && summary.datasetProblems == 2)
        let activity = try stored(store).1
        #expect(try check(activity, "slow").problem?.kind == .timedOut)
        #expect(try check(activity, "fresh").problem == WarehouseDatasetProblem(
            kind: .timedOut, message: "\(s).fresh not measured: this pass spent its 1 s on earlier datasets"))
        #expect(try dataset(store, "fresh").lastLoadedAt == nil)
    }

    /// default_transaction_read_only: a dataset whose read would write (a view over a writing function) fails
    /// with PostgreSQL's read-only error and writes nothing.
    @Test func theSessionIsReadOnly() async throws {
        defer { schema.drop() }
        let s = schema.name
        try admin.exec("""
            CREATE TABLE \(s).log (at timestamptz);
            CREATE FUNCTION \(s).writes() RETURNS timestamptz LANGUAGE sql VOLATILE
              AS 'INSERT INTO \(s).log VALUES (now()); SELECT now()';
            CREATE VIEW \(s).sneaky AS SELECT \(s).writes() AS loaded_at;
            """)
        let store = try Store.inMemory()
        _ = try await pollOK(PostgresCollector(store: store, settings: try settings([target("sneaky")])))
        let problem = try #require(try check(try stored(store).1, "sneaky").problem)
        #expect(problem.kind == .failed)
        #expect(problem.message.contains("read-only transaction") && problem.message.contains("SQLSTATE 25006"), "\(problem.message)")
        #expect(try Postgres.query("select count(*) from \(s).log") == "0")
    }

    @Test func topStatementsAreWhatPgStatStatementsCounts() async throws {
        defer { schema.drop() }
        let s = schema.name, marker = "vigil_it_marker_\(UUID().uuidString.prefix(8).lowercased())"
        try admin.exec("CREATE TABLE \(s).t (id int); INSERT INTO \(s).t SELECT generate_series(1, 10)")
        for _ in 0..<7 { try admin.exec("SELECT id AS \(marker) FROM \(s).t WHERE id > 3") }
        var settings = try settings([])
        settings.maxStatements = 100_000
        let store = try Store.inMemory()
        let summary = try await pollOK(PostgresCollector(store: store, settings: settings))
        let statements = try #require(try stored(store).1.statements, "pg_stat_statements was not read")
        #expect(summary.statements == statements.count)
        #expect(statements.map(\.totalMilliseconds) == statements.map(\.totalMilliseconds).sorted(by: >))
        let mine = try #require(statements.first { $0.query.contains(marker) }, "the marked statement is not listed")
        let row = try #require(try admin.exec("""
            SELECT calls, rows, queryid::text FROM pg_stat_statements WHERE query LIKE '%\(marker)%' AND query NOT LIKE '%LIKE%'
            """).first)
        #expect(mine.calls == 7 && mine.rows == 49)
        #expect([String(mine.calls), String(mine.rows), mine.queryID] == row)
        #expect(mine.database == "warehouse")
    }

    /// No pg_monitor: still ok, with a note saying what is hidden and how to fix it; granted, the note goes away
    /// and other roles' sessions appear. The role's password is never stored.
    @Test func aRoleWithoutPgMonitorGetsANoteNotAnError() async throws {
        defer { schema.drop() }
        let s = schema.name, role = "vigil_ro_\(UUID().uuidString.prefix(8).lowercased())"
        let password = "pw-\(UUID().uuidString)"
        try admin.exec("""
            CREATE TABLE \(s).fresh (loaded_at timestamptz); INSERT INTO \(s).fresh VALUES (now());
            CREATE ROLE \(role) LOGIN PASSWORD '\(password)';
            GRANT USAGE ON SCHEMA \(s) TO \(role); GRANT SELECT ON \(s).fresh TO \(role);
            """)
        defer { _ = try? admin.exec("DROP OWNED BY \(role); DROP ROLE \(role)") }
        let sleeper = try HeldSession(try PostgresIntegration.dsn(), application: "it-superuser-sleeper")
        try sleeper.start("SELECT pg_sleep(600)")
        defer { sleeper.cancel() }
        try PostgresIntegration.waitUntil("the superuser's query runs") {
            try admin.value("SELECT state FROM pg_stat_activity WHERE pid = \(sleeper.pid)") == "active"
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-pgit-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Store(path: directory.appendingPathComponent("vigil.db").path)
        var settings = try settings([target("fresh")], dsn: try PostgresIntegration.dsn(user: role, password: password))
        settings.longRunningAfter = 0
        let collector = PostgresCollector(store: store, settings: settings)
        defer { collector.close() }

        let summary = try await pollOK(collector)
        let note = "role \(role) lacks pg_monitor: sessions and statements of other roles are hidden (GRANT pg_monitor TO \(role))"
        #expect(summary.health == .ok && summary.notes == [note] && summary.problems.isEmpty)
        let (status, activity) = try stored(store)
        #expect(status.health == .ok && status.note == note && status.lastError == nil)
        #expect(activity.role == role && !activity.seesAllSessions)
        #expect(!activity.sessions.contains { $0.pid == sleeper.pid })
        // Statements of other roles are counted but their text is hidden.
        let others = (activity.statements ?? []).filter { $0.role != role }
        #expect(!others.isEmpty)
        #expect(others.allSatisfy { $0.query == "<insufficient privilege>" && $0.queryID == nil })
        #expect(sameInstant(try dataset(store, "fresh").lastLoadedAt, try Postgres.epoch("select max(loaded_at) from \(s).fresh")))

        try admin.exec("GRANT pg_monitor TO \(role)")
        _ = try await pollOK(collector)
        let (granted, seen) = try stored(store)
        #expect(granted.health == .ok && granted.note == nil)
        #expect(seen.seesAllSessions)
        #expect(seen.sessions.first { $0.pid == sleeper.pid }?.query == "SELECT pg_sleep(600)")

        // The bytes on disk, WAL included: no password, no DSN.
        for file in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            let bytes = try Data(contentsOf: directory.appendingPathComponent(file))
            #expect(bytes.range(of: Data(password.utf8)) == nil, "password in \(file)")
        }
    }

    /// pg_stat_statements absent from the database: a note, and the rest is read.
    @Test func aDatabaseWithoutPgStatStatementsGetsANote() async throws {
        defer { schema.drop() }
        let database = "vigil_it_" + UUID().uuidString.prefix(8).lowercased()
        try admin.exec("CREATE DATABASE \(database)")
        defer { _ = try? admin.exec("DROP DATABASE \(database) WITH (FORCE)") }
        var components = try #require(URLComponents(string: try PostgresIntegration.dsn()))
        components.path = "/\(database)"
        let store = try Store.inMemory()
        let collector = PostgresCollector(store: store, settings: try settings([], dsn: try #require(components.string)))
        defer { collector.close() }
        let summary = try await pollOK(collector)
        #expect(summary.health == .ok && summary.statements == nil)
        #expect(summary.notes == ["pg_stat_statements is not installed in database \(database): no top statements "
                                  + "(CREATE EXTENSION pg_stat_statements, with it in shared_preload_libraries)"])
        let (status, activity) = try stored(store)
        #expect(status.note == summary.notes.first && activity.statements == nil && activity.database == database)
    }

    @Test func anUnknownRoleIsDownWithHostAndPortAndNoPassword() async throws {
        defer { schema.drop() }
        let password = "pw-\(UUID().uuidString)"
        let dsn = try PostgresIntegration.dsn(user: "nobody_\(UUID().uuidString.prefix(8).lowercased())", password: password)
        let components = try #require(URLComponents(string: dsn))
        let endpoint = "\(try #require(components.host)):\(try #require(components.port))"
        let store = try Store.inMemory()
        let result = await PostgresCollector(store: store, settings: try settings([], dsn: dsn)).collect()
        guard case let .failed(error) = result else { throw IntegrationFailure("expected a failure, got \(result)") }
        #expect(error.description.hasPrefix("source '\(source)': cannot connect to PostgreSQL at \(endpoint): "), "\(error)")
        #expect(error.description.contains("does not exist"), "\(error)")
        let status = try #require(try store.snapshot().sources.first)
        #expect(status.health == .down && status.lastError == error.description)
        #expect(!error.description.contains(password))
    }
}
}
