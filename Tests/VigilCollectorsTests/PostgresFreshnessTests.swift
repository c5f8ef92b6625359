import Foundation
import Testing
@testable import VigilCollectors
import VigilStore
import VigilCore

/// How dataset names become tables, and what each failure tells the on-call engineer.
@Suite struct PostgresFreshnessTests {
    @Test func datasetNamesSplitIntoSchemaAndTable() {
        #expect(PostgresRelation(datasetName: "analytics.fct_revenue") == PostgresRelation(schema: "analytics", table: "fct_revenue"))
        #expect(PostgresRelation(datasetName: "fct_revenue") == PostgresRelation(schema: nil, table: "fct_revenue"))
        #expect(PostgresRelation(datasetName: "warehouse.analytics.fct") == PostgresRelation(schema: "analytics", table: "fct"))
        for bad in ["", "a..b", ".a", "a.", "a.b.c.d"] {
            #expect(PostgresRelation(datasetName: bad) == nil, "\(bad)")
        }
    }

    @Test func eachSQLStateSaysWhatToCheck() {
        func describe(_ state: String?, _ message: String = "boom") -> (WarehouseDatasetProblem.Kind, String) {
            PostgresFreshness.describe(PostgresFailure(kind: .server(sqlstate: state), message: message),
                                       relation: "analytics.fct_x", column: "loaded_at", role: "vigil_ro", timeout: 2,
                                       lockTimeout: 1.6)
        }
        #expect(describe("42P01") == (.missingTable, "table analytics.fct_x does not exist"))
        #expect(describe("3F000") == (.missingTable, "table analytics.fct_x does not exist"))
        #expect(describe("42703") == (.missingColumn, "column loaded_at does not exist in analytics.fct_x"))
        #expect(describe("42883") == (.notATimestamp, "column loaded_at of analytics.fct_x is not a timestamp or date"))
        #expect(describe("42501") == (.permissionDenied,
                                      "role vigil_ro may not read analytics.fct_x (GRANT SELECT ON analytics.fct_x TO vigil_ro)"))
        #expect(describe("57014") == (.timedOut, "max(loaded_at) of analytics.fct_x timed out after 2 s (statement_timeout)"))
        #expect(describe("55P03") == (.lockTimeout,
                                      "waited more than 1.6 s for a lock on analytics.fct_x (another session holds it)"))
        #expect(PostgresFreshness.describe(PostgresFailure(kind: .server(sqlstate: "42P01"), message: ""),
                                           relation: "Sales.Orders", column: "Loaded_At", role: "r", timeout: 1, lockTimeout: 1)
            == (.missingTable, "table Sales.Orders does not exist (names are case-sensitive: did you mean sales.orders?)"))
        #expect(PostgresFreshness.describe(PostgresFailure(kind: .server(sqlstate: "42703"), message: ""),
                                           relation: "sales.orders", column: "Loaded_At", role: "r", timeout: 1, lockTimeout: 1)
            == (.missingColumn, "column Loaded_At does not exist in sales.orders (names are case-sensitive: did you mean loaded_at?)"))
        #expect(describe("XX000", "disk on fire") == (.failed, "max(loaded_at) of analytics.fct_x failed: disk on fire (SQLSTATE XX000)"))
    }

    @Test func grantHintsQuoteRoleNamesOnlyWhenNeeded() {
        #expect(PostgresReader.sqlName("vigil_ro") == "vigil_ro")
        #expect(PostgresReader.sqlName("Vigil") == "\"Vigil\"")
        #expect(PostgresReader.sqlName("a\"b c") == "\"a\"\"b c\"")
        #expect(PostgresReader.sqlName("1st") == "\"1st\"")
    }
}
