import Foundation
import Testing
@testable import VigilCollectors
import VigilStore
import VigilCore

/// PostgresMapping on the captured pg_stat_* answers: the values asserted are the ones in the fixture files.
@Suite struct PostgresMappingTests {
    typealias F = PostgresFixtures
    let secrets = PostgresSecrets(["postgresql://vigil:s3cret@db:5432/warehouse", "s3cret"])

    private func thresholds(_ longRunning: TimeInterval, _ idle: TimeInterval, _ blocked: TimeInterval)
        -> PostgresMapping.SessionThresholds {
        .init(longRunningAfter: longRunning, idleInTransactionAfter: idle, blockedAfter: blocked)
    }

    @Test func everyBackendDecodes() throws {
        let rows = try F.activity()
        #expect(rows.map(\.pid) == [4593, 4594, 4596, 4597, 4598, 24150, 24152, 24293])
        #expect(rows.filter { $0.backend_type == "client backend" }.map(\.pid) == [24150, 24152, 24293])
        let blocked = try #require(rows.first { $0.pid == 24293 })
        #expect(blocked.blocked_by == [24152])
        #expect(blocked.query_age_s == 10.039361)
        #expect(blocked.wait_event_type == "Lock")
        #expect(rows.first { $0.pid == 4593 }?.state == nil)
    }

    /// With low thresholds each held session is listed for its own reason; background workers never are.
    @Test func heldSessionsAreClassifiedByKind() throws {
        let sessions = PostgresMapping.sessions(try F.activity(), thresholds: thresholds(5, 5, 5), secrets: secrets)
        #expect(sessions.map(\.pid) == [24150, 24152, 24293])
        let byPid = Dictionary(uniqueKeysWithValues: sessions.map { ($0.pid, $0) })
        let long = try #require(byPid[24150])
        #expect(long.kind == .longRunning)
        #expect(long.application == "etl_loader" && long.user == "dbt" && long.database == "warehouse")
        #expect(long.query == "SELECT pg_sleep(45), count(*) FROM raw.orders")
        #expect(long.queryAgeSeconds == 11.046461)
        #expect(long.queryStart == F.date("2026-11-26T21:27:47.042948+00:00"))
        #expect(long.clientAddress == "127.0.0.1/32")
        let idle = try #require(byPid[24152])
        #expect(idle.kind == .idleInTransaction)
        #expect(idle.state == "idle in transaction")
        #expect(idle.transactionAgeSeconds == 11.033593)
        #expect(idle.transactionStart == F.date("2026-11-26T21:27:47.055816+00:00"))
        let blocked = try #require(byPid[24293])
        #expect(blocked.kind == .blocked)
        #expect(blocked.blockedBy == [24152])
        #expect(blocked.waitEvent == "transactionid")
    }

    /// At the defaults (5 min, 5 min, 10 s) only the lock wait is listed, with the idle session holding the lock.
    @Test func defaultThresholdsListTheBlockedSessionAndItsBlocker() throws {
        let defaults = PostgresSettings(name: "wh", dsn: PostgresDSN("x"))
        let sessions = PostgresMapping.sessions(try F.activity(), thresholds: thresholds(
            defaults.longRunningAfter, defaults.idleInTransactionAfter, defaults.blockedAfter), secrets: secrets)
        #expect(sessions.map(\.pid) == [24152, 24293])
        #expect(sessions.map(\.kind) == [.blocking, .blocked])
    }

    @Test func thresholdsAreInclusiveAndAgesDecide() throws {
        // 24150 ran 11.046461 s: listed at exactly that threshold, not a microsecond above.
        let at = PostgresMapping.sessions(try F.activity(), thresholds: thresholds(11.046461, 3600, 3600), secrets: secrets)
        #expect(at.map(\.pid) == [24150])
        let above = PostgresMapping.sessions(try F.activity(), thresholds: thresholds(11.046462, 3600, 3600), secrets: secrets)
        #expect(above.isEmpty)
    }

    @Test func statementsKeepOrderCountsAndTimes() throws {
        let statements = PostgresMapping.statements(try F.statements(), secrets: secrets)
        #expect(statements.count == 15)
        #expect(statements.map(\.totalMilliseconds) == statements.map(\.totalMilliseconds).sorted(by: >))
        let first = try #require(statements.first)
        #expect(first.queryID == "-3586644363010470942")
        #expect(first.database == "bench" && first.role == "postgres")
        #expect(first.calls == 2705 && first.rows == 2705)
        #expect(first.totalMilliseconds == 1497.8110319999996)
        #expect(first.meanMilliseconds == 0.5537194203327193)
        #expect(first.maxMilliseconds == 79.614507)
        #expect(first.query == "UPDATE pgbench_branches SET bbalance = bbalance + $1 WHERE bid = $2")
    }

    /// Utility statements keep their literals in pg_stat_statements: a role's password must not reach the store.
    @Test func passwordsInStatementTextAreMasked() throws {
        let statements = PostgresMapping.statements(try F.statements(), secrets: secrets)
        let createRole = try #require(statements.first { $0.queryID == "4166237801585506225" })
        #expect(createRole.query == "CREATE ROLE dbt LOGIN PASSWORD '***'")
        #expect(try F.text("pg_stat_statements.json").contains("PASSWORD 'dbt'"))
    }

    /// Multi-line statement text (dbt's comment header) becomes one bounded line.
    @Test func statementTextIsOneLine() throws {
        let statements = PostgresMapping.statements(try F.statements(), secrets: secrets)
        let dbt = try #require(statements.first { $0.queryID == "-7006955838357521220" })
        #expect(!dbt.query.contains("\n"))
        #expect(dbt.query.hasPrefix("/* {\"app\": \"dbt\""))
        #expect(dbt.query.hasSuffix("create table \"warehouse\".\"analytics\".\"fct_revenue__"))
        #expect(dbt.query.count <= PostgresMapping.queryLimit)
    }

    @Test func tablesCarryCountersAndMaintenanceTimes() throws {
        let tables = PostgresMapping.tables(try F.tables())
        #expect(tables.map(\.id) == ["analytics.fct_revenue", "raw.customers", "raw.orders", "raw.payments"])
        let customers = try #require(tables.first { $0.id == "raw.customers" })
        #expect(customers.liveTuples == 200 && customers.deadTuples == 20)
        #expect(customers.inserts == 200 && customers.updates == 20 && customers.deletes == 0)
        #expect(customers.sequentialScans == 7 && customers.indexScans == 2)
        #expect(customers.totalBytes == 65536)
        #expect(customers.lastAutoanalyze == F.date("2026-11-26T21:23:54.714744+00:00"))
        #expect(customers.lastAutovacuum == nil && customers.lastVacuum == nil && customers.lastAnalyze == nil)
        let orders = try #require(tables.first { $0.id == "raw.orders" })
        #expect(orders.indexScans == nil)
        #expect(orders.lastAutovacuum == F.date("2026-11-26T21:23:54.716639+00:00"))
        #expect(tables.first { $0.id == "raw.payments" }?.deletes == 10)
    }

    @Test func timestampsKeepMicroseconds() throws {
        let date = try #require(F.date("2026-11-26T21:27:47.042948+00:00"))
        #expect(abs(date.timeIntervalSince1970 - 1_795_728_467.042948) < 1e-6)
    }
}
