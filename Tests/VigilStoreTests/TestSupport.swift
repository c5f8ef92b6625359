import GRDB
import Foundation
import VigilTestSupport
import VigilCore
@testable import VigilStore

/// Runs `body` with a fresh directory under the system temp dir, removed afterwards.
func withTempDirectory<T>(_ body: (URL) throws -> T) throws -> T {
    let dir = FileManager.default.temporaryDirectory
        .appendingPathComponent("vigil-store-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    return try body(dir)
}

/// Whole-second dates so REAL unix-second storage round-trips exactly.
func t(_ offset: TimeInterval) -> Date { Date(timeIntervalSince1970: 1_700_000_000 + offset) }

func storeFile(in dir: URL) -> String { dir.appendingPathComponent("vigil.db").path }

/// A store file as an older build left it: migrated up to `migration` only, holding the rows `sql` inserts.
/// The connection is closed when it returns, so opening a `Store` on the path runs the newer migrations.
func olderStore(in dir: URL, upTo migration: String, sql: String, arguments: StatementArguments = []) throws -> String {
    let path = storeFile(in: dir)
    let queue = try DatabaseQueue(path: path)
    try StoreMigrations.migrator.migrate(queue, upTo: migration)
    try queue.write { db in try db.execute(sql: sql, arguments: arguments) }
    return path
}

enum Fixture {
    static func run(_ id: String, pipeline: String = "etl", state: RunState = .success,
                    logical: TimeInterval? = nil, started: TimeInterval? = nil) -> PipelineRun {
        PipelineRun(source: "airflow", pipelineID: pipeline, runID: id, state: state,
                    logicalDate: logical.map(t), startedAt: started.map(t), endedAt: started.map { t($0 + 60) })
    }

    static func dataset(_ name: String, tier: Int = 1) -> Dataset {
        Dataset(name: name, tier: tier, policy: FreshnessPolicy(warnAfter: 3600, errorAfter: 7200),
                source: "warehouse", producedBy: "etl", owner: "data-eng")
    }

    static func incident(_ id: String, severity: Severity, state: IncidentState = .triggered,
                         opened: TimeInterval, resolved: TimeInterval? = nil) -> Incident {
        Incident(id: id, title: "Incident \(id)", severity: severity, state: state, openedAt: t(opened),
                 resolvedAt: resolved.map(t), lead: "ana", affectedDatasets: ["analytics.fct_revenue"],
                 affectedPipelines: ["airflow/etl"], runbookID: "rb-stale")
    }
}

/// A fresh, empty store on the engine under test (see `TestStore`).
func freshStore() throws -> Store { try TestStore.fresh() }

enum TestBackend {
    static var isPostgres: Bool { TestStore.isPostgres }
}
