import GRDB
import Foundation
import Testing
import VigilCore
@testable import VigilStore

@Suite struct OpenModeTests {
    @Test func readOnlyOpenOfMissingFileThrowsMissing() throws {
        try withTempDirectory { dir in
            let path = storeFile(in: dir)
            let error = #expect(throws: StoreError.self) { _ = try Store(path: path, readOnly: true) }
            guard case .missing(let reported) = error else {
                Issue.record("unexpected \(String(describing: error))")
                return
            }
            #expect(reported == path)
            #expect(!FileManager.default.fileExists(atPath: path), "read-only open must not create the file")
        }
    }

    @Test func writeOnReadOnlyStoreThrowsReadOnly() throws {
        try withTempDirectory { dir in
            let path = storeFile(in: dir)
            do {
                let writer = try Store(path: path)
                try writer.write { try $0.setMeta("owner", "collector") }
            }
            let reader = try Store(path: path, readOnly: true)
            #expect(try reader.meta("owner") == "collector")
            let before = try reader.changeToken()
            let error = #expect(throws: StoreError.self) { try reader.write { try $0.setMeta("owner", "console") } }
            guard case .readOnly(let reported) = error else {
                Issue.record("unexpected \(String(describing: error))")
                return
            }
            #expect(reported == path)
            #expect(try reader.meta("owner") == "collector")
            #expect(try reader.changeToken() == before)
        }
    }

    @Test func storeMigratedByNewerBuildIsRefused() throws {
        try withTempDirectory { dir in
            let path = storeFile(in: dir)
            _ = try Store(path: path)
            // Simulate a newer Vigil: the same migrations plus one this build has never heard of.
            var newer = StoreMigrations.migrator
            newer.registerMigration("v2-from-the-future") { db in
                try db.execute(sql: "CREATE TABLE future (id INTEGER PRIMARY KEY)")
            }
            do {
                let queue = try DatabaseQueue(path: path)
                try newer.migrate(queue)
            }
            for readOnly in [false, true] {
                let error = #expect(throws: StoreError.self) { _ = try Store(path: path, readOnly: readOnly) }
                guard case .newerSchema(let reported) = error else {
                    Issue.record("unexpected \(String(describing: error)) (readOnly: \(readOnly))")
                    continue
                }
                #expect(reported == path)
                #expect(error?.description == "store at \(path) was written by a newer Vigil; upgrade Vigil or use another --store")
            }
        }
    }

    @Test func reopeningKeepsDataAndDoesNotRemigrate() throws {
        try withTempDirectory { dir in
            let path = storeFile(in: dir)
            do {
                let store = try Store(path: path)
                try store.write { try $0.upsertSource(SourceStatus(name: "airflow", kind: .airflow, health: .ok)) }
            }
            let reopened = try Store(path: path)
            #expect(try reopened.snapshot(now: t(0)).sources.map(\.name) == ["airflow"])
            let applied = try #require(reopened.database as? SQLiteEngine).writer.read { db in try StoreMigrations.migrator.appliedIdentifiers(db) }
            #expect(applied == ["v1", "v2-source-health", "v3-warehouse-activity", "v4-freshness-slo", "v5-hourly-lag",
                               "v6-runbook-selectors", "v7-incident-cause", "v8-lag-day", "v9-quality", "v10-tidy",
                               "v11-received-events", "v12-notify-outbox", "v13-changes", "v14-source-leases",
                               "v15-action-items", "v16-row-versions",
                               "v17-incident-row-versions"])
        }
    }

    /// A store written by the first release (v1 only) is brought up to date on open and keeps its rows.
    @Test func aVersionOneStoreIsUpgradedInPlace() throws {
        try withTempDirectory { dir in
            let path = try olderStore(in: dir, upTo: "v1", sql: """
                INSERT INTO sources (name, kind, health, last_success_at, last_error)
                VALUES ('prod-airflow', 'airflow', 'down', 1700000000, 'HTTP 503')
                """)
            let store = try Store(path: path)
            let source = try #require(try store.snapshot(now: t(0)).sources.first)
            #expect(source.name == "prod-airflow")
            #expect(source.health == .down)
            #expect(source.lastSuccessAt == t(0))
            #expect(source.consecutiveFailures == 0)
            #expect(source.lastPassSeconds == nil)
        }
    }

    @Test func readOnlyOpenOfUninitialisedFileIsExplained() throws {
        try withTempDirectory { dir in
            let path = storeFile(in: dir)
            #expect(FileManager.default.createFile(atPath: path, contents: nil))
            let error = #expect(throws: StoreError.self) { _ = try Store(path: path, readOnly: true) }
            guard case .cannotOpen(let reported, let reason) = error else {
                Issue.record("unexpected \(String(describing: error))")
                return
            }
            #expect(reported == path)
            #expect(reason.contains("not initialised"))
        }
    }
}
