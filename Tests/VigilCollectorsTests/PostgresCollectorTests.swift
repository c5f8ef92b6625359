import Foundation
import Testing
import VigilTestSupport
@testable import VigilCollectors
import VigilConfig
import VigilCore
import VigilStore

/// What the collector does when there is no server to read: down, named, secret-free, backing off, data kept.
/// (The server side is covered by VigilIntegrationTests/PostgresIntegrationTests.)
@Suite struct PostgresCollectorTests {
    let password = "s3cret-\(UUID().uuidString.prefix(8))"

    /// A TCP port on 127.0.0.1 nothing listens on: bound by the kernel's choice, then released.
    static func closedPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        try #require(bound)
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private func settings(port: Int) -> PostgresSettings {
        var settings = PostgresSettings(name: "wh", dsn: PostgresDSN("postgresql://vigil:\(password)@127.0.0.1:\(port)/warehouse"))
        settings.connectTimeout = 2
        settings.interval = 60
        settings.maxBackoff = 600
        return settings
    }

    @Test func aClosedPortMarksTheSourceDownNamingHostAndPortButNotThePassword() async throws {
        let port = try Self.closedPort()
        let store = try TestStore.fresh()
        let collector = PostgresCollector(store: store, settings: settings(port: port))
        let result = await collector.collect()
        guard case let .failed(error) = result else { throw PollFailure("expected a failure, got \(result)") }
        guard case let .unreachable(source, endpoint, _) = error else { throw PollFailure("expected unreachable, got \(error)") }
        #expect(source == "wh" && endpoint == "127.0.0.1:\(port)")
        #expect(error.description.hasPrefix("source 'wh': cannot connect to PostgreSQL at 127.0.0.1:\(port): "))
        #expect(error.description.lowercased().contains("refused"), "\(error)")
        #expect(!error.description.contains(password))

        let stored = try #require(try store.snapshot().sources.first)
        #expect(stored.name == "wh" && stored.kind == .postgres && stored.health == .down)
        #expect(stored.lastError == error.description)
        #expect(stored.lastSuccessAt == nil)
        #expect(stored.consecutiveFailures == 1)
        #expect(try store.warehouseActivity(source: "wh") == nil)
    }

    @Test func failuresBackOffExponentiallyUpToTheCap() async throws {
        let collector = PostgresCollector(store: try TestStore.fresh(), settings: settings(port: try Self.closedPort()))
        #expect(collector.nextDelay == 60)
        var delays: [TimeInterval] = []
        for _ in 0..<5 {
            _ = await collector.collect()
            delays.append(collector.nextDelay)
        }
        #expect(delays == [120, 240, 480, 600, 600])
        #expect(collector.consecutiveFailures == 5)
    }

    /// Data written before the outage (by an earlier, successful pass) stays, and so does its success time.
    @Test func anOutageKeepsTheLastGoodDataAndSuccessTime() async throws {
        let store = try TestStore.fresh()
        let before = Date(timeIntervalSince1970: 1_800_000_000)
        let activity = WarehouseActivity(observedAt: before, database: "warehouse", role: "vigil",
                                         sessions: [WarehouseSession(pid: 7, kind: .longRunning, query: "select 1")])
        try store.write { w in
            try w.upsertSource(SourceStatus(name: "wh", kind: .postgres, health: .ok, lastAttemptAt: before, lastSuccessAt: before))
            try w.replaceWarehouseActivity(source: "wh", activity)
        }
        _ = await PostgresCollector(store: store, settings: settings(port: try Self.closedPort())).collect()
        let stored = try #require(try store.snapshot().sources.first)
        #expect(stored.health == .down)
        #expect(stored.lastSuccessAt == before)
        #expect(try store.warehouseActivity(source: "wh") == activity)
    }

    @Test func aMissingDSNVariableIsAConfigurationErrorNamingIt() async {
        let config = SourceConfig(name: "wh", kind: .postgres, dsn: .env("WAREHOUSE_DSN"))
        #expect(throws: PostgresError.configuration(
            source: "wh", reason: "dsn: environment variable WAREHOUSE_DSN is not set (export WAREHOUSE_DSN before starting vigil)")) {
            _ = try PostgresCollector(store: try TestStore.fresh(), config: config, datasets: [], environment: [:])
        }
    }

    @Test func settingsComeFromTheConfigAndItsDatasets() async throws {
        let config = SourceConfig(name: "wh", kind: .postgres, dsn: .env("DSN"), interval: 90, timeout: 4)
        let policy = FreshnessPolicy(warnAfter: 3600, errorAfter: 7200)
        let volume = VolumePolicy(maxDrop: 0.2, maxGrowth: 1, exactCountBelow: 1_000)
        let datasets = [DatasetConfig(name: "analytics.fct", tier: 1, freshness: policy, loadedAt: "updated_at"),
                        DatasetConfig(name: "raw.no_column", tier: 2, freshness: policy),
                        DatasetConfig(name: "raw.orders", tier: 2, freshness: policy, loadedAt: "at", volume: volume),
                        DatasetConfig(name: "raw.uncounted", tier: 3, freshness: policy, loadedAt: "at", volume: nil)]
        let settings = try PostgresSettings(config: config, datasets: datasets, environment: ["DSN": "postgresql://h/w"])
        #expect(settings.dsn.value == "postgresql://h/w")
        #expect(settings.interval == 90 && settings.statementTimeout == 4 && settings.connectTimeout == 4)
        func identity(_ name: String) -> DatasetIdentity { DatasetIdentity(namespace: "postgres://h:5432", name: "w.\(name)") }
        #expect(settings.datasets == [
            PostgresDatasetTarget(dataset: Dataset(name: "analytics.fct", tier: 1, policy: policy, source: "wh",
                                                   identity: identity("analytics.fct")),
                                  loadedAtColumn: "updated_at", volume: .default),
            PostgresDatasetTarget(dataset: Dataset(name: "raw.orders", tier: 2, policy: policy, source: "wh",
                                                   identity: identity("raw.orders")),
                                  loadedAtColumn: "at", volume: volume),
            PostgresDatasetTarget(dataset: Dataset(name: "raw.uncounted", tier: 3, policy: policy, source: "wh",
                                                   identity: identity("raw.uncounted")),
                                  loadedAtColumn: "at", volume: nil),
        ])
        // The DSN never prints.
        #expect("\(settings.dsn)" == "<connection string>")
        #expect(!String(reflecting: settings).contains("postgresql://h/w"))
    }

    @Test func anUnparsableDSNIsAConfigurationErrorWithoutTheSecret() async throws {
        let store = try TestStore.fresh()
        let dsn = "postgresql://vigil:\(password)%zz@h/w"
        let result = await PostgresCollector(store: store, settings: PostgresSettings(name: "wh", dsn: PostgresDSN(dsn))).collect()
        guard case let .failed(.configuration(source, reason)) = result else { throw PollFailure("got \(result)") }
        #expect(source == "wh" && reason.hasPrefix("the connection string is not valid: "))
        #expect(!reason.contains(password))
        #expect(try store.snapshot().sources.first?.lastError?.contains(password) == false)
    }
}

struct PollFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
