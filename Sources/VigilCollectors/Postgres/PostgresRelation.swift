import VigilStore
/// The table a dataset name points at: "schema.table", "table" (found through the search_path), or
/// "database.schema.table" (the database part is where the DSN connects; it is not checked here).
struct PostgresRelation: Sendable, Equatable {
    var schema: String?
    var table: String

    /// For messages: schema.table as configured.
    var displayName: String { schema.map { "\($0).\(table)" } ?? table }
}

extension PostgresRelation {
    init?(datasetName: String) {
        let parts = datasetName.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard (1...3).contains(parts.count), !parts.contains(where: \.isEmpty) else { return nil }
        table = parts[parts.count - 1]
        schema = parts.count >= 2 ? parts[parts.count - 2] : nil
    }
}

extension PostgresRelation {
    /// As SQL text: each part quoted with PQescapeIdentifier, so any name is an identifier and never SQL.
    func quoted(on connection: PostgresConnection) throws(PostgresFailure) -> String {
        let table = try connection.quoteIdentifier(self.table)
        guard let schema else { return table }
        return "\(try connection.quoteIdentifier(schema)).\(table)"
    }
}
