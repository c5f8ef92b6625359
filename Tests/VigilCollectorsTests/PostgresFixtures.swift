import Foundation
@testable import VigilCollectors

/// The real PostgreSQL 15 answers under Fixtures/postgres-15 (see its README), read by path and decoded as the
/// collector decodes the server's json.
enum PostgresFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/postgres-15")

    static func text(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ name: String) throws -> T {
        try PostgresJSON.decode(type, try text(name), what: name)
    }

    static func activity() throws -> [PostgresActivityRow] { try decode([PostgresActivityRow].self, "pg_stat_activity.json") }
    static func statements() throws -> [PostgresStatementRow] { try decode([PostgresStatementRow].self, "pg_stat_statements.json") }
    static func tables() throws -> [PostgresTableRow] { try decode([PostgresTableRow].self, "pg_stat_user_tables.json") }
    /// PostgresQueries.catalog's answer for shop.`table` (orders, events, orders_recent, customers).
    static func catalog(_ table: String) throws -> PostgresCatalogRow { try decode(PostgresCatalogRow.self, "catalog_\(table).json") }

    /// "2026-11-26T21:27:47.042948+00:00" as a Date, microseconds kept.
    static func date(_ text: String) -> Date? { DbtTimestamp.parse(text) }
}
