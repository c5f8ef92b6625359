import Foundation
import Testing
import VigilCore
import VigilTestSupport
@testable import VigilStore

/// A PostgreSQL store's schema over time: one written by a newer Vigil is refused (read-write and read-only), one
/// from an older build gets the later migrations with its rows kept, and a read-only open never migrates.
/// Runs in the suite's PostgreSQL pass (VIGIL_TEST_STORE_DSN).
@Suite(.enabled(if: TestStore.isPostgres, "needs VIGIL_TEST_STORE_DSN (a PostgreSQL database)"))
struct PostgresSchemaTests {
    func sql(_ store: Store, _ text: String) throws {
        try (store.database as! PostgresEngine).withConnection { db in try db.execute(sql: text) }
    }

    @Test func aStoreMigratedByANewerVigilIsRefused() throws {
        let store = try freshStore()
        let dsn = try #require(store.connectionStringForTests)
        try sql(store, "INSERT INTO vigil_migrations (identifier) VALUES ('v99-from-the-future')")
        for readOnly in [false, true] {
            let error = #expect(throws: StoreError.self) { _ = try Store(path: dsn, readOnly: readOnly) }
            guard case .newerSchema(let reported) = error else {
                Issue.record("unexpected \(String(describing: error)) (readOnly: \(readOnly))")
                continue
            }
            #expect(reported == store.location)
            #expect(!reported.contains("options="), "named without its options or password: \(reported)")
        }
    }

    @Test func anOlderStoreGetsTheLaterMigrationsAndKeepsItsRows() throws {
        let store = try freshStore()
        let dsn = try #require(store.connectionStringForTests)
        try store.write { try $0.upsertSource(SourceStatus(name: "airflow", kind: .airflow, health: .ok)) }
        // As the baseline build left it: the later tables gone, their migrations not listed.
        let later = PostgresMigrations.later.map(\.id)
        try sql(store, "DROP TABLE source_leases; DROP TABLE action_items; ALTER TABLE datasets DROP COLUMN row_seq; "
                + "ALTER TABLE pipelines DROP COLUMN row_seq; ALTER TABLE incidents DROP COLUMN row_seq; DELETE FROM vigil_migrations WHERE identifier IN ("
                + later.map { "'\($0)'" }.joined(separator: ", ") + ")")

        let readOnly = #expect(throws: StoreError.self) { _ = try Store(path: dsn, readOnly: true) }
        #expect(readOnly?.description.contains("not initialised (or uses an older schema)") == true, "\(String(describing: readOnly))")

        let upgraded = try Store(path: dsn)
        #expect(try upgraded.appliedMigrations() == Store.knownMigrations)
        #expect(try upgraded.snapshot().sources.map(\.name) == ["airflow"])
        #expect(try upgraded.writeReturning { try $0.claimSource("airflow", holder: "h:1", for: 60) })
    }

    /// Cached statements are prepared once per connection; a table that changes shape under one (another Vigil's
    /// migration) would fail it with "cached plan must not change result type": the read is run again, prepared anew.
    @Test func aPreparedReadSurvivesItsTableChangingShape() throws {
        let store = try freshStore()
        let items = { try store.database.read { try StoreQueries.incidentRows($0, StoreQueries.actionItemRows, of: "INC-1") } }
        #expect(try items().isEmpty)
        try sql(store, "ALTER TABLE action_items ADD COLUMN added_by_a_later_vigil TEXT")
        #expect(try items().isEmpty)
        #expect(try items().isEmpty)
    }

    /// A statement that runs past the server's statement_timeout (here: blocked behind another session's lock) is
    /// the store not answering, said as "unreachable" with the server's words; once the lock goes, the same store
    /// reads again by itself.
    @Test func aStatementTimeoutIsTheStoreNotAnsweringUntilItAnswersAgain() throws {
        let store = try freshStore()
        let dsn = try #require(store.connectionStringForTests)
        let timed = try Store(path: dsn.replacingOccurrences(of: "options=", with: "options=-cstatement_timeout%3D300%20"), readOnly: true)
        #expect(try timed.snapshot().sources.isEmpty)
        let holder = try PostgresConnection(dsn: dsn, parameters: [], secrets: PostgresSecrets([]))
        _ = try holder.query("BEGIN", deadline: 5)
        _ = try holder.query("LOCK TABLE meta IN ACCESS EXCLUSIVE MODE", deadline: 5)
        let error = #expect(throws: StoreError.self) { _ = try timed.snapshot() }
        if case .unreachable(let path, let reason)? = error {
            #expect(path == store.location)
            #expect(reason.contains("statement timeout") && reason.contains("SQLSTATE 57014"), "\(reason)")
        } else {
            Issue.record("a statement timeout should read as unreachable, got \(String(describing: error))")
        }
        _ = try holder.query("ROLLBACK", deadline: 5)
        #expect(try timed.snapshot().sources.isEmpty)
    }
}
