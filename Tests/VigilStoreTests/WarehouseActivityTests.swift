import Foundation
import Testing
import VigilCore
import VigilStore

/// A warehouse collector's latest activity: written whole per source, read back as written, replaced by the next pass.
@Suite struct WarehouseActivityTests {
    static func activity(at offset: TimeInterval, statements: [WarehouseStatement]? = []) -> WarehouseActivity {
        WarehouseActivity(
            observedAt: t(offset), serverVersion: "15.18", database: "warehouse", role: "vigil_ro", seesAllSessions: false,
            sessions: [
                WarehouseSession(pid: 42, kind: .idleInTransaction, database: "warehouse", user: "etl",
                                 application: "loader", clientAddress: "10.0.0.5/32", state: "idle in transaction",
                                 waitEventType: "Client", waitEvent: "ClientRead", transactionStart: t(offset - 900),
                                 queryAgeSeconds: 899.5, transactionAgeSeconds: 900.25, query: "UPDATE t SET x = 1"),
                WarehouseSession(pid: 43, kind: .blocked, state: "active", waitEventType: "Lock",
                                 waitEvent: "transactionid", blockedBy: [42, 44], queryStart: t(offset - 30),
                                 queryAgeSeconds: 30, transactionAgeSeconds: 30, query: "UPDATE t SET x = 2"),
                WarehouseSession(pid: 7, kind: .longRunning, state: "active", queryStart: t(offset - 600),
                                 queryAgeSeconds: 600, query: "SELECT pg_sleep(900)"),
            ],
            statements: statements,
            tables: [
                WarehouseTableActivity(schema: "raw", table: "orders", liveTuples: 5031, deadTuples: 3, inserts: 5031,
                                       updates: 1, deletes: 2, sequentialScans: 6, indexScans: nil,
                                       lastAutovacuum: t(offset - 60), lastAutoanalyze: t(offset - 59), totalBytes: 344_064),
                WarehouseTableActivity(schema: "analytics", table: "fct", liveTuples: 3, totalBytes: 16_384),
            ],
            datasetChecks: [
                WarehouseDatasetCheck(dataset: "raw.orders", loadedAtColumn: "loaded_at", checkedAt: t(offset),
                                      loadedAt: t(offset - 120)),
                WarehouseDatasetCheck(dataset: "analytics.gone", loadedAtColumn: "updated_at", checkedAt: t(offset),
                                      problem: WarehouseDatasetProblem(kind: .missingTable,
                                                                       message: "table analytics.gone does not exist")),
                WarehouseDatasetCheck(dataset: "analytics.empty", loadedAtColumn: "loaded_at", checkedAt: t(offset)),
            ])
    }

    static let statement = WarehouseStatement(queryID: "-3586644363010470942", database: "bench", role: "postgres",
                                              calls: 2705, totalMilliseconds: 1497.5, meanMilliseconds: 0.5,
                                              maxMilliseconds: 79.25, rows: 2705, query: "UPDATE pgbench_branches ...")

    @Test func activityRoundTripsInReadingOrder() throws {
        let store = try freshStore()
        let written = Self.activity(at: 0, statements: [Self.statement,
            WarehouseStatement(queryID: nil, database: nil, role: nil, calls: 1, totalMilliseconds: 1, meanMilliseconds: 1,
                               maxMilliseconds: 1, rows: 0, query: "<insufficient privilege>")])
        try store.write { try $0.replaceWarehouseActivity(source: "wh", written) }
        let read = try #require(try store.warehouseActivity(source: "wh"))
        // Sessions: blocked first, then long-running, then idle in transaction; tables and checks by name.
        #expect(read.sessions.map(\.pid) == [43, 7, 42])
        #expect(read.tables.map(\.id) == ["analytics.fct", "raw.orders"])
        #expect(read.datasetChecks.map(\.dataset) == ["analytics.empty", "analytics.gone", "raw.orders"])
        #expect(read == Self.inReadingOrder(written))
    }

    /// `activity` as the store reads it back: sessions blocked, long-running, idle in transaction; the rest by name.
    static func inReadingOrder(_ activity: WarehouseActivity) -> WarehouseActivity {
        var sorted = activity
        let rank = Dictionary(uniqueKeysWithValues: WarehouseSession.Kind.allCases.enumerated().map { ($1, $0) })
        sorted.sessions.sort { (rank[$0.kind]!, -($0.queryAgeSeconds ?? 0), $0.pid) < (rank[$1.kind]!, -($1.queryAgeSeconds ?? 0), $1.pid) }
        sorted.tables.sort { ($0.schema, $0.table) < ($1.schema, $1.table) }
        sorted.datasetChecks.sort { $0.dataset < $1.dataset }
        return sorted
    }

    /// nil statements (pg_stat_statements unreadable) stay nil, distinct from "none".
    @Test func unavailableStatementsAreNotAnEmptyList() throws {
        let store = try freshStore()
        try store.write { w in
            try w.replaceWarehouseActivity(source: "a", Self.activity(at: 0, statements: nil))
            try w.replaceWarehouseActivity(source: "b", Self.activity(at: 0, statements: []))
        }
        #expect(try store.warehouseActivity(source: "a")?.statements == nil)
        #expect(try store.warehouseActivity(source: "b")?.statements == [])
    }

    @Test func aPassReplacesItsSourcesRowsOnly() throws {
        let store = try freshStore()
        try store.write { w in
            try w.replaceWarehouseActivity(source: "wh", Self.activity(at: 0, statements: [Self.statement]))
            try w.replaceWarehouseActivity(source: "other", Self.activity(at: 0))
        }
        let next = WarehouseActivity(observedAt: t(60), database: "warehouse", role: "vigil_ro",
                                     sessions: [WarehouseSession(pid: 9, kind: .blocking, blockedBy: [])])
        try store.write { try $0.replaceWarehouseActivity(source: "wh", next) }
        #expect(try store.warehouseActivity(source: "wh") == next)
        #expect(try store.warehouseActivity(source: "other") == Self.inReadingOrder(Self.activity(at: 0)))
        #expect(try Set(store.warehouseActivities().keys) == ["wh", "other"])
        #expect(try store.warehouseActivity(source: "nobody") == nil)
    }

    @Test func writingActivityBumpsTheChangeToken() throws {
        let store = try freshStore()
        let before = try store.changeToken()
        try store.write { try $0.replaceWarehouseActivity(source: "wh", Self.activity(at: 0)) }
        #expect(try store.changeToken() > before)
    }
}
