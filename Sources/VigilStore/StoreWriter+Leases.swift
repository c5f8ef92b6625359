import Foundation
import VigilCore

/// Each source is collected by one process at a time: the holder of its lease (table source_leases). Times are the
/// store's own clock (`SQLDialect.now`), so collectors on machines whose clocks disagree still agree on expiry.
extension StoreWriter {
    /// Takes or renews `source`'s lease for `holder` for `seconds`; false when another holder's lease has not lapsed.
    public func claimSource(_ source: String, holder: String, for seconds: TimeInterval) throws -> Bool {
        let now = db.dialect.now
        try db.cachedStatement(sql: """
            INSERT INTO source_leases (source, holder, expires_at, acquired_at) VALUES (?1, ?2, \(now) + ?3, \(now))
            ON CONFLICT (source) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at,
              acquired_at = CASE WHEN source_leases.holder = excluded.holder THEN source_leases.acquired_at
                                 ELSE excluded.acquired_at END
            WHERE source_leases.holder = excluded.holder OR source_leases.expires_at < excluded.acquired_at
            """).execute(arguments: [source, holder, seconds])
        return db.changesCount == 1
    }

    /// Gives `source` up at once (a collector stopping), if `holder` has it.
    public func releaseSource(_ source: String, holder: String) throws {
        try db.execute(sql: "DELETE FROM source_leases WHERE source = ? AND holder = ?", arguments: [source, holder])
    }
}

/// A source's lease as stored.
public struct SourceLease: Sendable, Equatable {
    public var source: String
    public var holder: String
    public var expiresAt: Date
}

extension Store {
    /// Every source's lease, by source.
    public func leases() throws -> [String: SourceLease] {
        try database.read { db in
            var out: [String: SourceLease] = [:]
            for row in try SQLRow.fetchAll(db, sql: "SELECT source, holder, expires_at FROM source_leases") {
                out[row[0]] = SourceLease(source: row[0], holder: row[1], expiresAt: Date(timeIntervalSince1970: row[2]))
            }
            return out
        }
    }
}
