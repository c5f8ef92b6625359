import Foundation
import Testing
@testable import VigilCollectors
import VigilCore
import VigilStore

extension PostgresWarehouseSuites {
/// Volume and schema checks of PostgresCollector against a real PostgreSQL 15 (VIGIL_PG_DSN, as
/// PostgresIntegrationTests). Each test has its own schema; passes an hour apart are made with a clock the test
/// moves, so a week of history takes seconds. What the store says is compared with what PostgreSQL reports.
@Suite(.serialized, .enabled(if: IntegrationEnvironment.postgresDSN != nil))
struct PostgresQualityIntegrationTests {
    let source = "pg-quality-it"
    let policy = FreshnessPolicy(warnAfter: 3600, errorAfter: 7200)
    let admin: HeldSession
    let schema: TestSchema
    let clock = PassClock()

    init() async throws {
        admin = try HeldSession(try PostgresIntegration.dsn())
        schema = try TestSchema(admin)
    }

    /// The collector's clock: starts now, moved by the test between passes.
    final class PassClock: @unchecked Sendable {
        private let lock = NSLock()
        private var time = Date()
        var now: Date { lock.withLock { time } }
        func advance(_ seconds: TimeInterval) { lock.withLock { time += seconds } }
    }

    private func target(_ table: String, volume: VolumePolicy? = .default) -> PostgresDatasetTarget {
        PostgresDatasetTarget(dataset: Dataset(name: schema.dataset(table), tier: 1, policy: policy, source: source),
                              loadedAtColumn: "loaded_at", volume: volume)
    }

    private func collector(_ store: Store, _ targets: [PostgresDatasetTarget],
                           adjust: (inout PostgresSettings) -> Void = { _ in }) throws -> PostgresCollector {
        var settings = PostgresSettings(name: source, dsn: PostgresDSN(try PostgresIntegration.dsn()), datasets: targets)
        settings.statementTimeout = 5
        settings.connectTimeout = 5
        adjust(&settings)
        let clock = self.clock
        return PostgresCollector(store: store, settings: settings, clock: { clock.now })
    }

    /// One pass an hour after the previous one.
    @discardableResult
    private func pass(_ collector: PostgresCollector) async throws -> PostgresPollSummary {
        clock.advance(3_600)
        let result = await collector.collect()
        guard case let .updated(summary) = result else { throw IntegrationFailure("poll did not update the store: \(result)") }
        return summary
    }

    private func checks(_ store: Store, _ table: String) throws -> [String: DataCheck] {
        let name = schema.dataset(table)
        let summary = try #require(try store.snapshot().datasets.first { $0.dataset.name == name }, "no dataset \(name)")
        return Dictionary(uniqueKeysWithValues: (summary.quality?.checks ?? []).map { ($0.name, $0) })
    }

    private func rowCounts(_ store: Store, _ table: String) throws -> [Int] {
        var counts: [(at: Date, rows: Int)] = []
        try store.write { w in counts = try w.rowCounts(dataset: schema.dataset(table), since: .distantPast) }
        return counts.map(\.rows)
    }

    /// The columns as PostgreSQL lists them, read over psql.
    private func columns(_ table: String) throws -> String {
        try Postgres.query("""
            SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod) || CASE WHEN attnotnull THEN ' not null'
                                                                                         ELSE '' END, ', ' ORDER BY attnum)
            FROM pg_attribute WHERE attrelid = '\(schema.dataset(table))'::regclass AND attnum > 0 AND NOT attisdropped
            """)
    }

    /// 12,400 rows for four hourly passes, then a DELETE leaves 1,010: the volume check fails with the numbers,
    /// the dataset's timeline says so, and the store's row-count history holds what PostgreSQL counted.
    @Test func aTableLosingMostOfItsRowsFailsItsVolumeCheck() async throws {
        defer { schema.drop() }
        let s = schema.name
        try admin.exec("""
            CREATE TABLE \(s).orders (id int, loaded_at timestamptz);
            INSERT INTO \(s).orders SELECT g, now() FROM generate_series(1, 12400) g;
            """)
        let store = try Store.inMemory()
        let collector = try collector(store, [target("orders")])
        defer { collector.close() }
        for _ in 0..<3 { try await pass(collector) }
        #expect(try checks(store, "orders")["volume"]?.message
                == "12,400 rows; no baseline yet (2 of 3 hourly counts from the last 7 days)")
        try await pass(collector)
        #expect(try checks(store, "orders")["volume"]?.message == "12,400 rows, 7-day median 12,400")
        #expect(try checks(store, "orders")["volume"]?.state == .pass)

        try admin.exec("DELETE FROM \(s).orders WHERE id > 1010")
        #expect(try Postgres.query("SELECT count(*) FROM \(s).orders") == "1010")
        let summary = try await pass(collector)
        #expect(summary.health == .ok && summary.problems.isEmpty)
        let volume = try #require(try checks(store, "orders")["volume"])
        let message = "rows dropped 92% (12,400 → 1,010) against the 7-day median"
        #expect(volume.state == .fail && volume.kind == .volume && volume.source == source)
        #expect(volume.message == message)
        #expect(sameInstant(volume.at, clock.now))
        #expect(try rowCounts(store, "orders") == [12_400, 12_400, 12_400, 12_400, 1_010])
        let events = try store.datasetEvents(dataset: schema.dataset("orders"))
        #expect(events.map(\.kind) == [.volumeChange] && events.first?.text == message)

        // Still down an hour later: one event for the drop, not one per pass.
        try await pass(collector)
        #expect(try checks(store, "orders")["volume"]?.state == .fail)
        #expect(try store.datasetEvents(dataset: schema.dataset("orders")).count == 1)
    }

    /// Above `exact_count_below` the count is PostgreSQL's estimate (n_live_tup once a vacuum or analyze has set
    /// it), said to be one, and a DELETE shows in it as soon as the deleting session's statistics arrive.
    @Test func aLargeTableIsJudgedOnItsEstimate() async throws {
        defer { schema.drop() }
        let s = schema.name
        // Each psql run is its own session, which reports its statistics when it ends.
        _ = try Postgres.query("""
            CREATE TABLE \(s).events (id int, loaded_at timestamptz) WITH (autovacuum_enabled = false);
            INSERT INTO \(s).events SELECT g, now() FROM generate_series(1, 12400) g
            """)
        func stat(_ column: String) throws -> String {
            try Postgres.query("SELECT \(column) FROM pg_stat_all_tables WHERE relid = '\(s).events'::regclass")
        }
        func liveTuples() throws -> String { try stat("n_live_tup") }
        // A session's statistics are flushed as its backend exits, after psql has returned: an ANALYZE run before the
        // INSERT's arrive is added to by them (n_live_tup 24,800, seen on a loaded CI run). Wait for them first.
        try PostgresIntegration.waitUntil("the insert's statistics arrived") { try stat("n_tup_ins") == "12400" }
        _ = try Postgres.query("ANALYZE \(s).events")
        try PostgresIntegration.waitUntil("n_live_tup is 12400") { try liveTuples() == "12400" }
        let store = try Store.inMemory()
        let collector = try collector(store, [target("events", volume: VolumePolicy(exactCountBelow: 1_000))])
        defer { collector.close() }
        for _ in 0..<4 { try await pass(collector) }
        #expect(try checks(store, "events")["volume"]?.message == "12,400 rows, 7-day median 12,400 (estimated)")

        _ = try Postgres.query("DELETE FROM \(s).events WHERE id > 1010")
        try PostgresIntegration.waitUntil("n_live_tup is 1010") { try liveTuples() == "1010" }
        #expect(try Postgres.query("SELECT reltuples FROM pg_class WHERE oid = '\(s).events'::regclass") == "12400")
        try await pass(collector)
        let volume = try #require(try checks(store, "events")["volume"])
        #expect(volume.state == .fail)
        #expect(volume.message == "rows dropped 92% (12,400 → 1,010) against the 7-day median (estimated)")
        #expect(try rowCounts(store, "events") == [12_400, 12_400, 12_400, 12_400, 1_010])
    }

    /// A column added and another retyped between passes: a schema_change event naming both and a warn schema
    /// check with the same text, held for a day, then passing; the stored schema is the new one.
    @Test func aTableGainingAColumnIsASchemaChange() async throws {
        defer { schema.drop() }
        let s = schema.name
        try admin.exec("""
            CREATE TABLE \(s).payments (id bigint NOT NULL, amount numeric(12,2), loaded_at timestamptz);
            INSERT INTO \(s).payments VALUES (1, 9.99, now());
            """)
        let store = try Store.inMemory()
        let collector = try collector(store, [target("payments")])
        defer { collector.close() }
        try await pass(collector)
        #expect(try checks(store, "payments")["schema"]?.message == "3 columns, first look")
        #expect(try checks(store, "payments")["schema"]?.state == .pass)

        try admin.exec("""
            ALTER TABLE \(s).payments ADD COLUMN discount_code text;
            ALTER TABLE \(s).payments ALTER COLUMN amount TYPE text;
            """)
        try await pass(collector)
        let text = "column amount retyped numeric(12,2) → text; column discount_code added (text, nullable)"
        let schemaCheck = try #require(try checks(store, "payments")["schema"])
        #expect(schemaCheck.state == .warn && schemaCheck.kind == .schema && schemaCheck.message == text)
        let events = try store.datasetEvents(dataset: schema.dataset("payments"))
        #expect(events.map(\.kind) == [.schemaChange] && events.first?.text == text)
        #expect(sameInstant(events.first?.at, clock.now))
        // The same change is a Change (kind schema) for root cause: one, named compactly.
        let changes = try store.changes(from: .distantPast, to: .distantFuture)
        #expect(changes.map(\.title) == ["\(schema.dataset("payments")) columns: amount numeric(12,2) → text, +discount_code"])
        #expect(changes.first?.kind == .schema && changes.first?.subjects == ["dataset:\(schema.dataset("payments"))"])
        #expect(changes.first?.detail == text)
        var stored: (signature: String, columns: String)?
        try store.write { w in stored = try w.schema(dataset: schema.dataset("payments")) }
        #expect(stored?.signature == (try columns("payments")))
        #expect(stored?.signature == "id bigint not null, amount text, loaded_at timestamp with time zone, discount_code text")

        // The warn holds for a day after the change (here an hour after), then the check passes again (here 25 h
        // after); no second event.
        try await pass(collector)
        #expect(try checks(store, "payments")["schema"]?.state == .warn)
        clock.advance(23 * 3_600)
        try await pass(collector)
        #expect(try checks(store, "payments")["schema"]?.message == "4 columns, unchanged")
        #expect(try checks(store, "payments")["schema"]?.state == .pass)
        #expect(try store.datasetEvents(dataset: schema.dataset("payments")).count == 1)
        #expect(try store.changes(from: .distantPast, to: .distantFuture).count == 1)
    }

    /// An unchanged table passes both checks, pass after pass; with `volume: false` it is not counted at all.
    @Test func anUnchangedTablePassesBothChecks() async throws {
        defer { schema.drop() }
        let s = schema.name
        try admin.exec("""
            CREATE TABLE \(s).steady (id int, loaded_at timestamptz);
            INSERT INTO \(s).steady SELECT g, now() FROM generate_series(1, 500) g;
            CREATE TABLE \(s).uncounted (id int, loaded_at timestamptz);
            """)
        let store = try Store.inMemory()
        let collector = try collector(store, [target("steady"), target("uncounted", volume: nil)])
        defer { collector.close() }
        for _ in 0..<5 { try await pass(collector) }
        let steady = try checks(store, "steady")
        #expect(steady["volume"]?.state == .pass && steady["volume"]?.message == "500 rows, 7-day median 500")
        #expect(steady["schema"]?.state == .pass && steady["schema"]?.message == "2 columns, unchanged")
        #expect(try rowCounts(store, "steady") == [500, 500, 500, 500, 500])
        #expect(try store.datasetEvents(dataset: schema.dataset("steady")).isEmpty)
        let uncounted = try checks(store, "uncounted")
        #expect(uncounted["volume"] == nil && uncounted["schema"]?.state == .pass)
        #expect(try rowCounts(store, "uncounted").isEmpty)

        // Passes closer together than an hour are judged but keep no count: the baseline stays one count an hour.
        clock.advance(-3_000)
        try await pass(collector)
        #expect(try rowCounts(store, "steady").count == 5)
        #expect(sameInstant(try checks(store, "steady")["volume"]?.at, clock.now))

        // Counting turned off in the config: the source's next pass drops the volume check it no longer runs.
        let uncounting = try self.collector(store, [target("steady", volume: nil), target("uncounted", volume: nil)])
        defer { uncounting.close() }
        try await pass(uncounting)
        #expect(try checks(store, "steady")["volume"] == nil && checks(store, "steady")["schema"]?.state == .pass)
    }

    /// A count that overruns the statement timeout costs that dataset's volume check (error, and the source is
    /// degraded naming it), not the pass: its freshness and columns are still read, and so is the next dataset.
    /// A missing table is named once, by the freshness read, and gets no volume or schema check.
    @Test func aSlowCountIsThatDatasetsProblem() async throws {
        defer { schema.drop() }
        let s = schema.name
        // max(loaded_at) takes one row off the index; count(*) sleeps 10 ms for each of 2,000 rows.
        try admin.exec("""
            CREATE TABLE \(s).base (id int, loaded_at timestamptz);
            INSERT INTO \(s).base SELECT g, now() - g * interval '1 minute' FROM generate_series(1, 2000) g;
            CREATE INDEX ON \(s).base (loaded_at);
            ANALYZE \(s).base;
            CREATE VIEW \(s).slow_count AS SELECT id, loaded_at FROM \(s).base WHERE pg_sleep(0.01) IS NOT NULL;
            CREATE TABLE \(s).fresh (loaded_at timestamptz); INSERT INTO \(s).fresh VALUES (now());
            """)
        let store = try Store.inMemory()
        let collector = try collector(store, [target("slow_count"), target("missing"), target("fresh")]) {
            $0.statementTimeout = 1
        }
        defer { collector.close() }
        let summary = try await pass(collector)
        #expect(summary.health == .degraded && summary.datasetsMeasured == 2 && summary.datasetProblems == 1)
        let slow = try checks(store, "slow_count")
        let timedOut = "count(*) of \(s).slow_count timed out after 1 s (statement_timeout); volume: false stops counting it"
        #expect(slow["volume"]?.state == .error && slow["volume"]?.message == timedOut)
        #expect(slow["schema"]?.state == .pass && slow["schema"]?.message == "2 columns, first look")
        #expect(try rowCounts(store, "slow_count").isEmpty)
        let name = schema.dataset("slow_count")
        #expect(try store.snapshot().datasets.first { $0.dataset.name == name }?.lastLoadedAt != nil)
        #expect(try checks(store, "missing").isEmpty)
        #expect(try checks(store, "fresh")["volume"]?.message == "1 row; no baseline yet (0 of 3 hourly counts from the last 7 days)")

        let status = try #require(try store.snapshot().sources.first { $0.name == source })
        let lastError = try #require(status.lastError)
        #expect(lastError.contains("1 of 3 datasets unreadable: table \(s).missing does not exist"), "\(lastError)")
        #expect(lastError.contains("rows or columns unreadable: \(timedOut)"), "\(lastError)")
    }

    /// The dataset budget covers the counts too: a slow count spends it, and the datasets after it are reported as
    /// not measured rather than holding up the pass.
    @Test func theCountsStayWithinTheDatasetBudget() async throws {
        defer { schema.drop() }
        let s = schema.name
        try admin.exec("""
            CREATE TABLE \(s).base (id int, loaded_at timestamptz);
            INSERT INTO \(s).base SELECT g, now() - g * interval '1 minute' FROM generate_series(1, 2000) g;
            CREATE INDEX ON \(s).base (loaded_at);
            ANALYZE \(s).base;
            CREATE VIEW \(s).slow_count AS SELECT id, loaded_at FROM \(s).base WHERE pg_sleep(0.01) IS NOT NULL;
            CREATE TABLE \(s).fresh (loaded_at timestamptz); INSERT INTO \(s).fresh VALUES (now());
            """)
        let store = try Store.inMemory()
        let collector = try collector(store, [target("slow_count"), target("fresh")]) {
            $0.statementTimeout = 1
            $0.datasetBudget = 1
        }
        defer { collector.close() }
        let started = Date()
        let summary = try await pass(collector)
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(summary.datasetsMeasured == 1 && summary.datasetProblems == 1)
        #expect(try checks(store, "slow_count")["volume"]?.state == .error)
        #expect(try checks(store, "fresh").isEmpty)
        let activity = try #require(try store.warehouseActivity(source: source))
        #expect(activity.datasetChecks.first { $0.dataset == schema.dataset("fresh") }?.problem == WarehouseDatasetProblem(
            kind: .timedOut, message: "\(s).fresh not measured: this pass spent its 1 s on earlier datasets"))
    }
}
}
