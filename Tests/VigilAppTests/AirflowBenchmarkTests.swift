import Foundation
import Testing
import VigilApp
import VigilDevTools
import VigilCollectors
import VigilTestSupport

/// `vigil-dev bench airflow`'s engine against a loopback server answering like an empty Airflow 3: what it counts,
/// and that the requests file it writes for replaying holds no secret.
@Suite struct AirflowBenchmarkTests {
    static let password = "pw-SECRET-4711"
    static let token = "jwt-SECRET-0815"

    static func emptyAirflow() -> [String: CannedResponse] {
        func json(_ text: String, status: Int = 200) -> CannedResponse { .json(Data(text.utf8), status: status) }
        return [
            "/auth/token": json(#"{"access_token": "\#(token)"}"#, status: 201),
            "/api/v2/version": json(#"{"version": "3.3.2", "git_version": null}"#),
            "/api/v2/monitor/health": json(#"{"metadatabase": {"status": "healthy"}, "scheduler": {"status": "healthy"}}"#),
            "/api/v2/dags": json(#"{"dags": [], "total_entries": 0}"#),
            "/api/v2/dags/~/dagRuns": json(#"{"dag_runs": [], "total_entries": 0, "next_cursor": null}"#),
            "/api/v2/importErrors": json(#"{"import_errors": [], "total_entries": 0}"#),
            "/api/v2/assets/events": json(#"{"asset_events": [], "total_entries": 0}"#),
            "/api/v2/assets": json(#"{"assets": [], "total_entries": 0}"#),
        ]
    }

    private func settings(_ server: LoopbackHTTPServer) -> AirflowSettings {
        AirflowSettings(name: "bench", baseURL: server.baseURL, api: .v2,
                        credentials: .password(username: "vigil", password: Self.password))
    }

    @Test func timesEachPassAndListsTheFullSyncsRequestsWithoutSecrets() async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.respond(Self.emptyAirflow())
        let report = try await AirflowBenchmark(settings: settings(server), passes: 3, roundTrips: 2).run()

        // A login and six reads, then six reads per incremental pass (the token is kept), then the round trips.
        #expect(report.fullSyncRequests.count == 7)
        #expect(report.incremental.map(\.requests) == [6, 6, 6])
        #expect(report.roundTrip.count == 2 && report.roundTripPath == "/api/v2/version")
        #expect(server.requests.count == 7 + 18 + 2)
        #expect(report.fullSync > 0 && report.fullSyncHTTPBusy <= report.fullSync)

        let base = server.baseURL.absoluteString
        let lines = report.requestsFile.split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(lines.first == "POST \(base)/auth/token login")
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("GET \(base)/api/v2/") && $0.hasSuffix(" bearer") })
        #expect(lines.contains { $0.hasPrefix("GET \(base)/api/v2/dags/~/dagRuns?updated_at_gte=") })
        #expect(report.requestsFile.contains("# concurrency 4\n"))
        let everything = report.requestsFile + report.text + (try report.json())
        #expect(!everything.contains("SECRET"))

        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.json().utf8)) as? [String: Any])
        #expect(json["full_sync_requests"] as? Int == 7)
        #expect((json["incremental_ms"] as? [Double])?.count == 3)
        #expect(json["round_trip_median_ms"] is Double)
    }

    @Test func aFailingPassStopsTheBenchmarkWithTheCollectorsMessage() async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.respond(Self.emptyAirflow())
        server.respond("/api/v2/dags", with: .text("Internal Server Error", status: 500))
        do {
            _ = try await AirflowBenchmark(settings: settings(server), passes: 1).run()
            Issue.record("the benchmark should have failed")
        } catch {
            #expect("\(error)" == "the full sync failed: source 'bench': /api/v2/dags answered HTTP 500")
        }
    }
}
