import Foundation
import Testing
@testable import VigilCollectors
import VigilCore

/// Row estimates and columns from PostgresQueries.catalog's real answers (Fixtures/postgres-15/catalog_*.json; the
/// README there says how the tables were made and captured).
@Suite struct PostgresCatalogMappingTests {
    typealias F = PostgresFixtures

    /// shop.orders: 1,000 rows analyzed, then 900 deleted. reltuples still says 1,000; n_live_tup says 100.
    @Test func afterADeleteTheLiveCountWins() throws {
        let orders = try F.catalog("orders")
        #expect(orders.relkind == "r" && orders.parts.count == 1)
        #expect(orders.parts[0].reltuples == 1_000 && orders.parts[0].n_live_tup == 100 && orders.parts[0].analyzed)
        #expect(PostgresMapping.rowEstimate(orders) == 100)
    }

    /// shop.customers: 5,000 rows analyzed, then its statistics reset (as a crash or immediate shutdown does):
    /// n_live_tup is 0, reltuples survives.
    @Test func afterAStatisticsResetReltuplesWins() throws {
        let customers = try F.catalog("customers")
        #expect(customers.parts[0].n_live_tup == 0 && !customers.parts[0].analyzed)
        #expect(PostgresMapping.rowEstimate(customers) == 5_000)
    }

    /// shop.events: partitioned, rows only in its leaves: 300 in one never analyzed (reltuples -1), 200 in one
    /// analyzed.
    @Test func aPartitionedTableSumsItsLeaves() throws {
        let events = try F.catalog("events")
        #expect(events.relkind == "p" && events.parts.map(\.relkind) == ["r", "r"])
        #expect(events.parts.map(\.reltuples) == [-1, 200])
        #expect(PostgresMapping.rowEstimate(events) == 500)
    }

    /// shop.orders_recent: a view has no estimate, so it is counted.
    @Test func aViewHasNoEstimate() throws {
        let view = try F.catalog("orders_recent")
        #expect(view.relkind == "v" && view.parts.first?.n_live_tup == nil)
        #expect(PostgresMapping.rowEstimate(view) == nil)
        #expect(PostgresMapping.columns(view) == [TableColumn(name: "id", type: "bigint", nullable: true),
                                                  TableColumn(name: "amount", type: "numeric(12,2)", nullable: true)])
    }

    /// Columns in order, with format_type's names (modifiers, arrays, schema-qualified enums), the dropped
    /// column `legacy` left out.
    @Test func columnsAsPostgreSQLNamesThem() throws {
        let columns = PostgresMapping.columns(try F.catalog("orders"))
        #expect(SchemaRule.signature(columns) == "id bigint not null, amount numeric(12,2), status shop.order_status not null, "
                + "note text, tags text[], created_at timestamp with time zone not null, discount_code character varying(20)")
        #expect(!columns.contains { $0.name == "legacy" })
    }

    @Test func aPartitionedTableWithoutPartitionsHasNoRows() throws {
        let empty = PostgresCatalogRow(relkind: "p", parts: [], columns: [])
        #expect(PostgresMapping.rowEstimate(empty) == 0)
    }
}
