import Foundation
import Testing
import VigilTestSupport
import VigilConfig
import VigilCollectors
import VigilCore
import VigilStore

/// Logging in, renewing a token once, and refusals, replayed with Airflow 3.3.2's real error bodies.
@Suite struct AirflowAuthTests {
    typealias F = AirflowFixtures
    let start = dbtUTC("2026-11-26T21:30:00Z")

    private func collector(_ store: Store, _ transport: ReplayTransport,
                           _ settings: AirflowSettings = airflowSettings()) -> AirflowCollector {
        AirflowCollector(store: store, settings: settings, transport: transport, clock: { self.start })
    }

    @Test func expiredTokenLogsInAgainOnceAndRetries() async throws {
        // The first token is refused with the captured "Token Expired"; the second login gets a good one.
        let logins = LockedCounter()
        let healthy = airflow3(token: "jwt-2")
        let transport = ReplayTransport { sent in
            if sent.path == "/auth/token" {
                return HTTPResponse(status: 201, body: F.loginBody(logins.next() == 1 ? "jwt-1" : "jwt-2"))
            }
            if sent.authorization == "Bearer jwt-1" {
                return HTTPResponse(status: 401, body: try F.v2("error_401_expired_token.json"))
            }
            return try healthy(sent)
        }
        let result = await collector(try TestStore.fresh(), transport).collect()
        guard case .updated = result else { Issue.record("expected an update, got \(result)"); return }
        #expect(transport.count("POST", "/auth/token") == 2)
        #expect(transport.last("/api/v2/dags")?.authorization == "Bearer jwt-2")
    }

    @Test func aTokenRefusedAfterReloginIsFinal() async throws {
        let transport = ReplayTransport { sent in
            if sent.path == "/auth/token" { return HTTPResponse(status: 201, body: F.loginBody("jwt-1")) }
            if sent.path == "/api/v2/version" || sent.path == "/api/v2/monitor/health" { return try airflow3()(sent) }
            return HTTPResponse(status: 401, body: try F.v2("error_401_expired_token.json"))
        }
        var settings = airflowSettings()
        settings.maxConcurrentRequests = 1  // one core read at a time, so the login count is exact
        let result = await collector(try TestStore.fresh(), transport, settings).collect()
        guard case let .failed(error) = result else { Issue.record("expected a failure, got \(result)"); return }
        #expect(error == .unauthorized(source: "prod-airflow", endpoint: "/api/v2/dags", status: 401, detail: "Token Expired"))
        // The optional reads may also renew once each; the core read renewed exactly once and gave up.
        #expect(transport.count("GET", "/api/v2/dags") == 2)
    }

    @Test func wrongPasswordNamesSourceAndStatusButNotThePassword() async throws {
        let store = try TestStore.fresh()
        let transport = ReplayTransport { sent in
            if sent.path == "/auth/token" {
                return HTTPResponse(status: 401, body: try F.v2("error_401_auth_token_wrong_password.json"))
            }
            return try airflow3()(sent)
        }
        let settings = airflowSettings(credentials: .password(username: "admin", password: "hunter2-wrong"))
        let airflow = collector(store, transport, settings)
        let result = await airflow.collect()
        guard case let .failed(error) = result else { Issue.record("expected a failure, got \(result)"); return }
        #expect(error == .unauthorized(source: "prod-airflow", endpoint: "/auth/token", status: 401, detail: "Invalid credentials"))
        let text = error.description
        #expect(text == "source 'prod-airflow': Airflow refused the credentials (HTTP 401 Invalid credentials) at /auth/token; "
                + "check the username and password or token")
        #expect(!text.contains("hunter2-wrong"))
        let status = try #require(try store.snapshot(now: start).sources.first)
        #expect(status.health == .down && status.lastError == text && status.lastSuccessAt == nil)
        // Shared login: concurrent reads did not each try the bad password, nor did reads starting after the refusal.
        #expect(transport.count("POST", "/auth/token") == 1)
        // The next pass tries once again (the password may have been fixed on Airflow's side).
        guard case let .failed(second) = await airflow.collect() else { Issue.record("the second pass did not fail"); return }
        #expect(second == error)
        #expect(transport.count("POST", "/auth/token") == 2)
    }

    @Test func noCredentialsWorksAgainstAnOpenAirflow() async throws {
        let transport = ReplayTransport(airflow3(requireToken: false))
        let result = await collector(try TestStore.fresh(), transport, airflowSettings(credentials: .none)).collect()
        guard case .updated = result else { Issue.record("expected an update, got \(result)"); return }
        #expect(transport.requests.allSatisfy { $0.authorization == nil })
        #expect(transport.count("GET", "/auth/token") == 0)
    }

    @Test func noCredentialsAsksForAnAllAdminsToken() async throws {
        // Refused with the captured "Not authenticated", the collector takes the token all-admins mode hands out.
        let transport = ReplayTransport { sent in
            if sent.path == "/auth/token" && sent.method == "GET" {
                return HTTPResponse(status: 201, body: F.loginBody("jwt-admins"))
            }
            return try airflow3(token: "jwt-admins")(sent)
        }
        var settings = airflowSettings(credentials: .none)
        settings.maxConcurrentRequests = 1
        let result = await collector(try TestStore.fresh(), transport, settings).collect()
        guard case .updated = result else { Issue.record("expected an update, got \(result)"); return }
        #expect(transport.count("POST", "/auth/token") == 0)
        #expect(transport.last("/api/v2/dags/~/dagRuns")?.authorization == "Bearer jwt-admins")
    }

    @Test func aRejectedStaticTokenIsNotRetried() async throws {
        let transport = ReplayTransport { sent in
            if sent.path == "/api/v2/version" { return .ok(try F.v2("version.json")) }
            return HTTPResponse(status: 403, body: try F.v2("error_403_malformed_token.json"))
        }
        let settings = airflowSettings(credentials: .token("not-a-jwt-token"))
        let result = await collector(try TestStore.fresh(), transport, settings).collect()
        guard case let .failed(error) = result else { Issue.record("expected a failure, got \(result)"); return }
        #expect(error == .unauthorized(source: "prod-airflow", endpoint: "/api/v2/dags", status: 403, detail: "Invalid JWT token"))
        #expect(error.description.contains("HTTP 403") && !error.description.contains("not-a-jwt-token"))
        #expect(transport.requests.filter { $0.path == "/auth/token" }.isEmpty)
        #expect(transport.count("GET", "/api/v2/dags") == 1)
    }

    @Test func v1BadBasicAuthIsUnauthorized() async throws {
        let transport = ReplayTransport(airflow2())
        let settings = airflowSettings(.v1, credentials: .password(username: "admin", password: "wrong-pw"))
        let result = await collector(try TestStore.fresh(), transport, settings).collect()
        guard case let .failed(error) = result else { Issue.record("expected a failure, got \(result)"); return }
        // v1's error body has a null detail: the title speaks.
        #expect(error == .unauthorized(source: "prod-airflow", endpoint: "/api/v1/dags", status: 401, detail: "Unauthorized"))
        #expect(!error.description.contains("wrong-pw"))
    }

    @Test func credentialsNeverPrint() {
        let credentials = AirflowCredentials.password(username: "admin", password: "s3cret-pw")
        #expect("\(credentials)" == "password(username: admin)")
        var dumped = ""
        dump(credentials, to: &dumped)
        #expect(!dumped.contains("s3cret-pw"))
        #expect(!String(reflecting: AirflowCredentials.token("tok-123456")).contains("tok-123456"))
    }
}

/// Counts calls from any thread.
final class LockedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func next() -> Int { lock.withLock { value += 1; return value } }
}

/// A password variable that is not set names the source once, the variable, and what to do; never a value.
@Suite struct AirflowConfigSecretTests {
    @Test func aMissingPasswordVariableNamesTheSourceOnce() {
        let config = SourceConfig(name: "prod-airflow", kind: .airflow, url: URL(string: "http://127.0.0.1:8080"),
                                  username: "vigil", password: .env("AIRFLOW_PASSWORD"))
        #expect(throws: AirflowError.configuration(
            source: "prod-airflow",
            reason: "environment variable AIRFLOW_PASSWORD is not set (export AIRFLOW_PASSWORD before starting vigil)")) {
            _ = try AirflowSettings(config: config, environment: [:])
        }
    }
}
