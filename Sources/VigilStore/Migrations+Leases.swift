import GRDB

// v14: who collects each source.
//   source_leases   one row per source: the collector process (`holder`, host:pid:nonce) that collects it until
//                   `expires_at` (unix seconds by the store's clock), renewed every pass. Any number of `vigil collect`
//                   and `vigil serve` processes may share a PostgreSQL store; each source is collected by the holder of
//                   its lease only, and another process takes it over once the lease lapses (StoreWriter+Leases.swift).
extension StoreMigrations {
    static func v14SourceLeases(_ db: Database) throws {
        try db.execute(sql: PostgresMigrations.sourceLeases.replacingOccurrences(of: "DOUBLE PRECISION", with: "REAL")
            .replacingOccurrences(of: " COLLATE \"C\"", with: ""))
    }
}

extension PostgresMigrations {
    static let sourceLeases = """
        CREATE TABLE source_leases (
          source TEXT COLLATE "C" PRIMARY KEY NOT NULL,
          holder TEXT COLLATE "C" NOT NULL,
          expires_at DOUBLE PRECISION NOT NULL,
          acquired_at DOUBLE PRECISION NOT NULL
        );
        """
}
