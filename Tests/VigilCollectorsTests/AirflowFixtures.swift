import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import VigilCollectors

/// The real Airflow 3.3.2 (API v2) and 2.10.5 (API v1) answers under Fixtures/ (see their README), read by path.
enum AirflowFixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func v2(_ name: String) throws -> Data { try Data(contentsOf: root.appendingPathComponent("airflow-3.3.2/\(name)")) }
    static func v1(_ name: String) throws -> Data { try Data(contentsOf: root.appendingPathComponent("airflow-2.10.5/\(name)")) }
    static func v1Text(_ name: String) throws -> String { String(decoding: try v1(name), as: UTF8.self) }

    static func decodeV2<T: Decodable>(_ type: T.Type, _ name: String) throws -> T { try AirflowJSON.decode(type, from: v2(name)) }
    static func decodeV1<T: Decodable>(_ type: T.Type, _ name: String) throws -> T { try AirflowJSON.decode(type, from: v1(name)) }

    /// The captured run ids, as they appear in paths once percent-encoded.
    static let manualCustomerSync = "manual__2026-11-26T21:26:11.422474+00:00"
    static let manualCustomerSyncPath = "manual__2026-11-26T21%3A26%3A11.422474%2B00%3A00"
    static let scheduledCustomerSyncPath = "scheduled__2026-11-26T00%3A00%3A00%2B00%3A00"

    /// The 201 body of POST /auth/token. No login answer was captured (it would hold a live JWT); this is the
    /// `LoginResponse` schema of the captured v2-simple-auth-manager-generated.yaml: one required `access_token`.
    static func loginBody(_ token: String) -> Data { Data("{\"access_token\": \"\(token)\"}".utf8) }
}

/// What the collector sent, as the server would see it.
struct SentRequest: Sendable {
    var method: String
    /// Percent-encoded, exactly as on the wire.
    var path: String
    var query: [String: String]
    var authorization: String?
    var accept: String?
    var body: Data?
    /// Every header as sent (Dagster+'s token header, for one).
    var headers: [String: String]

    init(_ request: URLRequest) {
        let parts = URLComponents(url: request.url!, resolvingAgainstBaseURL: false)!
        method = request.httpMethod ?? "GET"
        path = parts.percentEncodedPath
        query = Dictionary((parts.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
        authorization = request.value(forHTTPHeaderField: "Authorization")
        accept = request.value(forHTTPHeaderField: "Accept")
        body = request.httpBody
        headers = request.allHTTPHeaderFields ?? [:]
    }
}

/// Replays captured answers: `route` picks the answer for each request; every request is recorded, and the
/// highest number of requests in flight at once is tracked.
final class ReplayTransport: HTTPTransport, @unchecked Sendable {
    typealias Route = @Sendable (SentRequest) throws -> HTTPResponse
    private let lock = NSLock()
    private var route: Route
    private var sent: [SentRequest] = []
    private var inFlight = 0
    private var peak = 0
    let delay: TimeInterval

    init(delay: TimeInterval = 0, _ route: @escaping Route) {
        self.route = route
        self.delay = delay
    }

    var requests: [SentRequest] { lock.withLock { sent } }
    var peakInFlight: Int { lock.withLock { peak } }
    func reroute(_ route: @escaping Route) { lock.withLock { self.route = route } }
    func count(_ method: String, _ path: String) -> Int { requests.filter { $0.method == method && $0.path == path }.count }
    func last(_ path: String) -> SentRequest? { requests.last { $0.path == path } }

    func send(_ request: URLRequest) async throws -> HTTPResponse {
        let sent = SentRequest(request)
        let route = lock.withLock { () -> Route in
            self.sent.append(sent)
            inFlight += 1
            peak = max(peak, inFlight)
            return self.route
        }
        defer { lock.withLock { inFlight -= 1 } }
        if delay > 0 { try await Task.sleep(nanoseconds: UInt64(delay * 1e9)) }
        return try route(sent)
    }
}

extension HTTPResponse {
    static func ok(_ body: Data) -> HTTPResponse { HTTPResponse(status: 200, body: body) }
}

/// A healthy Airflow 3.3.2 as captured: every read the collector makes answers with the file captured for it.
/// `token` is the JWT the login hands out; API calls must carry it.
func airflow3(token: String = "jwt-1", requireToken: Bool = true) -> ReplayTransport.Route {
    { sent in
        let f = AirflowFixtures.self
        if sent.path == "/auth/token" {
            return HTTPResponse(status: 201, body: f.loginBody(token))
        }
        let open = ["/api/v2/version", "/api/v2/monitor/health"]
        if requireToken, !open.contains(sent.path), sent.authorization != "Bearer \(token)" {
            return HTTPResponse(status: 401, body: try f.v2("error_401_no_token.json"))
        }
        switch sent.path {
        case "/api/v2/version": return .ok(try f.v2("version.json"))
        case "/api/v2/monitor/health": return .ok(try f.v2("monitor_health.json"))
        case "/api/v2/dags": return .ok(try f.v2("dags.json"))
        case "/api/v2/dags/~/dagRuns": return .ok(try f.v2("dag_runs_all_get.json"))
        case "/api/v2/dags/customer_sync/dagRuns/\(f.manualCustomerSyncPath)/taskInstances":
            return .ok(try f.v2("task_instances_customer_sync_failed.json"))
        case "/api/v2/dags/customer_sync/dagRuns/\(f.scheduledCustomerSyncPath)/taskInstances":
            // This run's own list was not captured; the cross-run list of failed task instances holds its task.
            return .ok(try f.v2("task_instances_all_failed.json"))
        case "/api/v2/dags/slow_backfill/dagRuns/research_slow_1/taskInstances":
            return .ok(try f.v2("task_instances_slow_backfill_running.json"))
        case "/api/v2/importErrors": return .ok(try f.v2("import_errors.json"))
        case "/api/v2/assets/events": return .ok(try f.v2("asset_events.json"))
        case "/api/v2/assets": return .ok(try f.v2("assets.json"))
        // Only customer_sync's task list was captured; every DAG answers it (the collector does not check the ids).
        case _ where isTaskList(sent.path, "/api/v2"): return .ok(try f.v2("dag_tasks_customer_sync.json"))
        default: return HTTPResponse(status: 404, body: try f.v2("error_404_missing_dag.json"))
        }
    }
}

/// A healthy Airflow 2.10.5 as captured, behind basic auth admin:admin.
func airflow2() -> ReplayTransport.Route {
    { sent in
        let f = AirflowFixtures.self
        let basic = "Basic " + Data("admin:admin".utf8).base64EncodedString()
        guard sent.authorization == basic else {
            return HTTPResponse(status: 401, body: try f.v1("error_401_bad_basic_auth.json"))
        }
        switch sent.path {
        case "/api/v1/version": return .ok(try f.v1("version.json"))
        case "/api/v1/health": return .ok(try f.v1("health.json"))
        case "/api/v1/dags": return .ok(try f.v1("dags.json"))
        // Captured from POST /dags/~/dagRuns/list, which answers the same DAGRunCollection as this GET.
        case "/api/v1/dags/~/dagRuns": return .ok(try f.v1("dag_runs_batch_list_post.json"))
        case "/api/v1/dags/customer_sync/dagRuns/manual_cs_1/taskInstances":
            return .ok(try f.v1("task_instances_customer_sync_failed.json"))
        case "/api/v1/importErrors": return .ok(try f.v1("import_errors.json"))
        case "/api/v1/datasets/events": return .ok(try f.v1("dataset_events.json"))
        case "/api/v1/datasets": return .ok(try f.v1("datasets.json"))
        // Captured from the 2.10.5 that scripts/airflow2-integration starts; every DAG answers it.
        case _ where isTaskList(sent.path, "/api/v1"): return .ok(try f.v1("dag_tasks_vigil2_retry_fail.json"))
        default: return HTTPResponse(status: 404, body: try f.v1("error_404_missing_dag.json"))
        }
    }
}

/// GET {prefix}/dags/{dag_id}/tasks.
func isTaskList(_ path: String, _ prefix: String) -> Bool {
    let parts = path.split(separator: "/", omittingEmptySubsequences: false)
    return path.hasPrefix(prefix + "/dags/") && parts.count == 6 && parts[5] == "tasks"
}

/// Settings for a source named "prod-airflow" at a documentation address (nothing listens there; the
/// transport is replaced).
func airflowSettings(_ api: AirflowAPI? = .v2, credentials: AirflowCredentials = .password(username: "admin", password: "s3cret-pw"))
    -> AirflowSettings {
    AirflowSettings(name: "prod-airflow", baseURL: URL(string: "http://airflow.example:8080")!, api: api,
                    credentials: credentials)
}

/// A clock the test moves by hand.
final class AirflowTestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Date
    init(_ start: Date) { value = start }
    var now: Date { lock.withLock { value } }
    func advance(_ seconds: TimeInterval) { lock.withLock { value = value.addingTimeInterval(seconds) } }
}
