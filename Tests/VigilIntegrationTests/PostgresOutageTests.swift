import Foundation
import Testing
@testable import VigilCollectors
import VigilCore
import VigilStore

extension PostgresWarehouseSuites {
/// A server that goes away and comes back, on a throwaway cluster of its own (scripts/postgres-up with its own
/// directory and port), so the cluster the other tests share is never stopped.
@Suite(.serialized, .enabled(if: IntegrationEnvironment.postgresDSN != nil))
struct PostgresOutageTests {
    let source = "pg-outage"

    @Test func anOutageMarksTheSourceDownKeepsTheDataAndRecovers() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-pg-outage-\(UUID().uuidString.prefix(8))").path
        let port = try PostgresIntegration.freePort()
        let environment = ["VIGIL_PG_DIR": directory, "VIGIL_PG_PORT": String(port)]
        var failure: (any Error)?
        do {
            try await outageAndRecovery(environment: environment, port: port)
        } catch {
            failure = error
        }
        _ = try? await Scripts.run("postgres-down", environment: environment)
        try? FileManager.default.removeItem(atPath: directory)
        if let failure { throw failure }
    }

    private func outageAndRecovery(environment: [String: String], port: Int) async throws {
        let dsn = try await Scripts.run("postgres-up", environment: environment).trimmingCharacters(in: .whitespacesAndNewlines)
        try #require(dsn.contains(":\(port)/"), "postgres-up printed \(dsn)")
        do {
            let admin = try HeldSession(dsn)
            try admin.exec("CREATE TABLE public.events (loaded_at timestamptz); INSERT INTO public.events VALUES (now())")
        }
        let policy = FreshnessPolicy(warnAfter: 3600, errorAfter: 7200)
        var settings = PostgresSettings(name: source, dsn: PostgresDSN(dsn), datasets: [
            PostgresDatasetTarget(dataset: Dataset(name: "public.events", tier: 1, policy: policy, source: source),
                                  loadedAtColumn: "loaded_at"),
        ])
        settings.connectTimeout = 5
        let store = try Store.inMemory()
        let collector = PostgresCollector(store: store, settings: settings)
        defer { collector.close() }

        guard case .updated = await collector.collect() else { throw IntegrationFailure("the first poll failed") }
        let before = try snapshot(store)
        #expect(before.status.health == .ok)
        let loaded = try #require(before.dataset.lastLoadedAt)

        try await Scripts.run("postgres-down", environment: environment)
        let result = await collector.collect()
        guard case let .failed(error) = result else { throw IntegrationFailure("expected a failure, got \(result)") }
        guard case let .unreachable(name, endpoint, _) = error else { throw IntegrationFailure("expected unreachable, got \(error)") }
        #expect(name == source && endpoint == "127.0.0.1:\(port)")
        let down = try snapshot(store)
        #expect(down.status.health == .down && down.status.consecutiveFailures == 1)
        #expect(down.status.lastError == error.description)
        #expect(error.description.hasPrefix("source '\(source)': cannot connect to PostgreSQL at 127.0.0.1:\(port): "))
        #expect(down.status.lastSuccessAt == before.status.lastSuccessAt)
        #expect(down.activity == before.activity)
        #expect(down.dataset.lastLoadedAt == loaded)
        #expect(collector.nextDelay == 2 * settings.interval)

        try await Scripts.run("postgres-up", environment: environment)
        guard case let .updated(summary) = await collector.collect() else { throw IntegrationFailure("no recovery after the restart") }
        #expect(summary.health == .ok)
        let back = try snapshot(store)
        #expect(back.status.health == .ok && back.status.lastError == nil && back.status.consecutiveFailures == 0)
        #expect(try #require(back.status.lastSuccessAt) > (before.status.lastSuccessAt ?? .distantFuture))
        #expect(back.dataset.lastLoadedAt == loaded)
        #expect(collector.nextDelay == settings.interval)
    }

    private func snapshot(_ store: Store) throws -> (status: SourceStatus, activity: WarehouseActivity?, dataset: DatasetSummary) {
        let snapshot = try store.snapshot()
        return (try #require(snapshot.sources.first { $0.name == source }), try store.warehouseActivity(source: source),
                try #require(snapshot.datasets.first { $0.dataset.name == "public.events" }))
    }
}
}
