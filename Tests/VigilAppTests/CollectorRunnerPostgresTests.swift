import Foundation
import Testing
import VigilApp
import VigilConfig
import VigilCore
import VigilStore
import VigilTestSupport

/// `vigil collect` with a postgres source: the real collector, or a down source saying why it cannot run.
@Suite struct CollectorRunnerPostgresTests {
    let policy = FreshnessPolicy(warnAfter: 3600, errorAfter: 7200)

    private func configuration(dsnVariable: String) -> VigilConfiguration {
        VigilConfiguration(sources: [SourceConfig(name: "wh", kind: .postgres, dsn: .env(dsnVariable), timeout: 2)],
                           datasets: [DatasetConfig(name: "raw.orders", tier: 1, freshness: policy, loadedAt: "loaded_at")])
    }

    @Test func anUnsetDSNVariableMarksTheSourceDownNamingIt() async throws {
        let variable = "VIGIL_TEST_UNSET_DSN_\(UUID().uuidString.prefix(8))"
        let store = try TestStore.fresh()
        let runner = CollectorRunner(configuration: configuration(dsnVariable: variable), store: store) { _ in }
        // On a thread of its own: the runner waits for each async pass, as on its thread in `vigil collect`.
        try await OwnThread.run { runner.runOnce() }
        let source = try #require(try store.snapshot().sources.first)
        #expect(source.health == .down && source.kind == .postgres)
        #expect(source.lastError == "source 'wh': dsn: environment variable \(variable) is not set (export \(variable) before starting vigil)")
    }

    /// The dataset is declared with the postgres source as its measuring source, and the failed pass backs off.
    @Test func anUnreachableServerIsDownAndTheNextPollBacksOff() async throws {
        let variable = "VIGIL_TEST_DSN_\(UUID().uuidString.prefix(8))"
        let password = "pw-\(UUID().uuidString.prefix(8))"
        // Port 1 on loopback: nothing listens there, the connection is refused at once.
        setenv(variable, "postgresql://vigil:\(password)@127.0.0.1:1/warehouse", 1)
        defer { unsetenv(variable) }
        let store = try TestStore.fresh()
        let runner = CollectorRunner(configuration: configuration(dsnVariable: variable), store: store) { _ in }
        try runner.declareDatasets()
        // On a thread of its own: the runner waits for each async pass, as on its thread in `vigil collect`.
        try await OwnThread.run { runner.runOnce() }
        let snapshot = try store.snapshot()
        let source = try #require(snapshot.sources.first)
        #expect(source.health == .down)
        #expect(source.lastError?.hasPrefix("source 'wh': cannot connect to PostgreSQL at 127.0.0.1:1: ") == true,
                "\(source.lastError ?? "nil")")
        #expect(source.lastError?.contains(password) == false)
        #expect(snapshot.datasets.map(\.dataset.source) == ["wh"])
        #expect(runner.collectors.first?.nextDelay == 120)
    }
}
