import Foundation
import Testing
@testable import VigilCollectors
import VigilCore
import VigilStore

extension PostgresWarehouseSuites {
/// The collector's own session: kept between polls, reopened when the server ends it, dropped when it stops
/// answering. Identified by an application_name of its own in the DSN (which wins over Vigil's fallback).
@Suite(.serialized, .enabled(if: IntegrationEnvironment.postgresDSN != nil))
struct PostgresSessionTests {
    let admin: HeldSession
    let application = "vigil-it-\(UUID().uuidString.prefix(8).lowercased())"

    init() async throws {
        admin = try HeldSession(try PostgresIntegration.dsn())
    }

    private func collector(store: Store) throws -> PostgresCollector {
        var components = try #require(URLComponents(string: try PostgresIntegration.dsn()))
        components.queryItems = (components.queryItems ?? []) + [URLQueryItem(name: "application_name", value: application)]
        return PostgresCollector(store: store, settings: PostgresSettings(name: "pg-session", dsn: PostgresDSN(try #require(components.string))))
    }

    /// Server pids of the collector's sessions.
    private func sessions() throws -> [Int] {
        try admin.exec("SELECT pid FROM pg_stat_activity WHERE application_name = '\(application)' ORDER BY pid")
            .compactMap { row in row.first.flatMap { $0 }.flatMap { Int($0) } }
    }

    private func pollOK(_ collector: PostgresCollector) async throws {
        let result = await collector.collect()
        guard case .updated = result else { throw IntegrationFailure("poll did not update the store: \(result)") }
    }

    @Test func oneSessionServesEveryPoll() async throws {
        let collector = try collector(store: try Store.inMemory())
        try await pollOK(collector)
        let first = try sessions()
        #expect(first.count == 1)
        try await pollOK(collector)
        try await pollOK(collector)
        #expect(try sessions() == first)
        collector.close()
        try PostgresIntegration.waitUntil("the closed session leaves pg_stat_activity") { try sessions().isEmpty }
    }

    /// pg_terminate_backend ends the kept session: the next poll opens a new one and succeeds.
    @Test func aSessionEndedByTheServerIsReopenedWithinThePass() async throws {
        let store = try Store.inMemory()
        let collector = try collector(store: store)
        defer { collector.close() }
        try await pollOK(collector)
        let before = try #require(try sessions().first)
        #expect(try admin.value("SELECT pg_terminate_backend(\(before))") == "t")
        try PostgresIntegration.waitUntil("the ended session leaves pg_stat_activity") { try !sessions().contains(before) }
        try await pollOK(collector)
        let after = try sessions()
        #expect(after.count == 1 && after.first != before)
        let status = try #require(try store.snapshot().sources.first)
        #expect(status.health == .ok && status.consecutiveFailures == 0)
    }

    /// Our own deadline, for a server that stops answering: the query is abandoned and the session dropped.
    @Test func aQueryPastTheClientDeadlineDropsTheSession() async throws {
        let connection = try PostgresConnection(dsn: try PostgresIntegration.dsn(),
                                                parameters: [("application_name", application)],
                                                secrets: PostgresSecrets([]))
        let pid = try #require(try connection.value("SELECT pg_backend_pid()", deadline: 5).flatMap { Int($0) })
        do {
            _ = try connection.query("SELECT pg_sleep(30)", deadline: 0.3)
            Issue.record("pg_sleep(30) answered within 0.3 s")
        } catch {
            #expect(error.kind == .clientTimeout)
            #expect(error.message == "no answer within 0.3 s; connection dropped")
        }
        #expect(!connection.isUsable)
        // The server notices the closed socket once the sleep ends; it is cancelled here so the test need not wait.
        _ = try admin.value("SELECT pg_cancel_backend(\(pid))")
        try PostgresIntegration.waitUntil("the dropped session leaves pg_stat_activity") { try !sessions().contains(pid) }
    }
}
}
