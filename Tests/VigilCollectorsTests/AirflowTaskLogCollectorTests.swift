import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import VigilTestSupport
import VigilCollectors
import VigilCore
import VigilStore

/// The collector reads each failed task's log once per try, stores its error, and never lets a log that cannot be
/// read cost the pass. Replayed: the captured 3.3.2 answers (airflow3()), with the failed tasks' logs answered by
/// the captured log of vigil_retry_fail's failed try (the collector does not look at the ids inside a log).
@Suite struct AirflowTaskLogCollectorTests {
    typealias F = AirflowFixtures
    let start = dbtUTC("2026-11-26T21:30:00Z")
    static let manualLog = "/api/v2/dags/customer_sync/dagRuns/\(F.manualCustomerSyncPath)/taskInstances/push_to_crm/logs/2"
    static let scheduledLog = "/api/v2/dags/customer_sync/dagRuns/\(F.scheduledCustomerSyncPath)/taskInstances/push_to_crm/logs/2"
    static let message = "RuntimeError: CRM refused the batch (vigil integration test)"

    /// airflow3() with the two failed tries' logs answered by `log`.
    static func route(log: @escaping @Sendable (SentRequest) throws -> HTTPResponse) -> ReplayTransport.Route {
        let base = airflow3()
        return { sent in
            [manualLog, scheduledLog].contains(sent.path) ? try log(sent) : try base(sent)
        }
    }

    static let realLog: @Sendable (SentRequest) throws -> HTTPResponse = { _ in
        .ok(try F.v2("task_log_vigil_retry_fail_push_to_crm_try2.json"))
    }

    private func storedPush(_ store: Store, run: String = F.manualCustomerSync) throws -> TaskInstance? {
        try store.taskInstances(source: "prod-airflow", pipelineID: "customer_sync", runID: run).first { $0.taskID == "push_to_crm" }
    }

    /// The import error is the only note before and after: log reads never degrade the source.
    private func expectUnaffected(_ result: AirflowPollResult) {
        guard case let .updated(summary) = result else { Issue.record("expected an update, got \(result)"); return }
        #expect(summary.health == .degraded && summary.notes.count == 1 && summary.notes[0].contains("broken_dag.py"),
                "\(summary.notes)")
        #expect(summary.taskInstances == 4)
    }

    @Test func theFailedTrysErrorIsStoredAndItsLogReadOnce() async throws {
        let store = try TestStore.fresh()
        let clock = AirflowTestClock(start)
        let transport = ReplayTransport(Self.route(log: Self.realLog))
        let collector = AirflowCollector(store: store, settings: airflowSettings(), transport: transport, clock: { clock.now })
        expectUnaffected(await collector.collect())
        #expect(try storedPush(store)?.errorMessage == Self.message)
        #expect(try storedPush(store, run: "scheduled__2026-11-26T00:00:00+00:00")?.errorMessage == Self.message)
        // Only failed tasks' logs, with the token, run ids percent-encoded, asking for JSON events.
        let logs = transport.requests.filter { $0.path.contains("/logs/") }
        #expect(Set(logs.map(\.path)) == [Self.manualLog, Self.scheduledLog] && logs.count == 2)
        #expect(logs.allSatisfy { $0.authorization == "Bearer jwt-1" && $0.query.isEmpty })

        // The runs are read again in the next passes (their window overlaps): the logs are not.
        for _ in 0..<3 {
            clock.advance(30)
            expectUnaffected(await collector.collect())
        }
        #expect(transport.requests.filter { $0.path.contains("/logs/") }.count == 2)
        #expect(try storedPush(store)?.errorMessage == Self.message)
    }

    @Test func aRestartedCollectorTakesTheMessageFromTheStore() async throws {
        let store = try TestStore.fresh()
        let first = AirflowCollector(store: store, settings: airflowSettings(), transport: ReplayTransport(Self.route(log: Self.realLog)),
                                     clock: { self.start })
        expectUnaffected(await first.collect())
        // A new process whose log reads would all fail: nothing is read, and the stored message stays.
        let failing = ReplayTransport(Self.route { _ in HTTPResponse(status: 500, body: Data("oops".utf8)) })
        let second = AirflowCollector(store: store, settings: airflowSettings(), transport: failing, clock: { self.start })
        expectUnaffected(await second.collect())
        #expect(failing.requests.filter { $0.path.contains("/logs/") }.isEmpty)
        #expect(try storedPush(store)?.errorMessage == Self.message)
    }

    /// Each way a log endpoint fails leaves the message empty, the pass whole and the source as it was.
    @Test(arguments: [
        HTTPResponse(status: 404, body: Data(#"{"detail":"TaskInstance not found"}"#.utf8)),
        HTTPResponse(status: 500, body: Data("Internal Server Error".utf8)),
        HTTPResponse(status: 200, body: Data("<html>log server down</html>".utf8)),
        HTTPResponse(status: 200, body: Data(#"{"content": [{"event": "no error here", "level": "info"}]}"#.utf8)),
    ])
    func aLogThatCannotBeReadLeavesTheMessageEmpty(answer: HTTPResponse) async throws {
        let store = try TestStore.fresh()
        let clock = AirflowTestClock(start)
        let transport = ReplayTransport(Self.route { _ in answer })
        let collector = AirflowCollector(store: store, settings: airflowSettings(), transport: transport, clock: { clock.now })
        expectUnaffected(await collector.collect())
        let push = try #require(try storedPush(store))
        #expect(push.state == .failed && push.errorMessage == nil)
        // Not asked again on the next pass, but after the retry delay, when the log may be there.
        clock.advance(30)
        expectUnaffected(await collector.collect())
        #expect(transport.requests.filter { $0.path == Self.manualLog }.count == 1)
        transport.reroute(Self.route(log: Self.realLog))
        clock.advance(airflowSettings().taskLogRetry)
        expectUnaffected(await collector.collect())
        #expect(transport.requests.filter { $0.path == Self.manualLog }.count == 2)
        #expect(try storedPush(store)?.errorMessage == Self.message)
    }

    /// The real log with its exception's text replaced.
    static func realLog(saying text: String) throws -> Data {
        var object = try #require(try JSONSerialization.jsonObject(with: F.v2("task_log_vigil_retry_fail_push_to_crm_try2.json"))
            as? [String: Any])
        var content = try #require(object["content"] as? [[String: Any]])
        let index = try #require(content.firstIndex { $0["error_detail"] != nil })
        var detail = try #require(content[index]["error_detail"] as? [[String: Any]])
        detail[0]["exc_value"] = text
        content[index]["error_detail"] = detail
        object["content"] = content
        return try JSONSerialization.data(withJSONObject: object)
    }

    @Test func vigilsOwnCredentialsInATasksErrorAreMasked() async throws {
        let body = try Self.realLog(saying: "login as admin:s3cret-pw refused")
        let store = try TestStore.fresh()
        let collector = AirflowCollector(store: store, settings: airflowSettings(), transport: ReplayTransport(Self.route { _ in .ok(body) }),
                                         clock: { self.start })
        expectUnaffected(await collector.collect())
        #expect(try storedPush(store)?.errorMessage == "RuntimeError: login as admin:••• refused")
    }

    @Test func aLogOverTheCapIsNotUsed() async throws {
        var settings = airflowSettings()
        settings.maxTaskLogBytes = 1_000
        let store = try TestStore.fresh()
        let collector = AirflowCollector(store: store, settings: settings, transport: ReplayTransport(Self.route(log: Self.realLog)),
                                         clock: { self.start })
        expectUnaffected(await collector.collect())
        #expect(try storedPush(store)?.errorMessage == nil)
    }

    /// Logs that never answer are given up after `taskLogsTimeout` (their requests cancelled): the pass is written
    /// without their messages. The time limit only turns a pass that waited for them into a failure, not a hang.
    @Test(.timeLimit(.minutes(2))) func slowLogsAreGivenUpNotThePass() async throws {
        var settings = airflowSettings()
        settings.taskLogsTimeout = 0.3
        settings.passTimeout = 3_600
        let store = try TestStore.fresh()
        let transport = SlowLogs(inner: ReplayTransport(Self.route(log: Self.realLog)))
        let collector = AirflowCollector(store: store, settings: settings, transport: transport, clock: { self.start })
        expectUnaffected(await collector.collect())
        #expect(transport.cancelled == 2)
        #expect(try storedPush(store)?.errorMessage == nil)
        #expect(try storedPush(store).map(\.state) == .failed)
    }

    /// Airflow 2: the text log of the failed try (Accept: text/plain, full content), read once, with basic auth.
    @Test func v1ReadsTheFailedTrysTextLogOnce() async throws {
        let logPath = "/api/v1/dags/customer_sync/dagRuns/manual_cs_1/taskInstances/push_to_crm/logs/2"
        let base = airflow2()
        let transport = ReplayTransport { sent in
            // Captured from vigil2_retry_fail's failed try (the collector does not look at the ids inside a log).
            sent.path == logPath ? .ok(try F.v1("task_log_vigil2_retry_fail_push_to_crm_try2.txt")) : try base(sent)
        }
        let store = try TestStore.fresh()
        let clock = AirflowTestClock(start)
        let settings = airflowSettings(.v1, credentials: .password(username: "admin", password: "admin"))
        let collector = AirflowCollector(store: store, settings: settings, transport: transport, clock: { clock.now })
        for _ in 0..<3 {
            guard case .updated = await collector.collect() else { Issue.record("v1 pass failed"); return }
            clock.advance(30)
        }
        let logs = transport.requests.filter { $0.path.contains("/logs/") }
        #expect(logs.map(\.path) == [logPath])
        #expect(logs.first?.accept == "text/plain" && logs.first?.query == ["full_content": "true"])
        #expect(logs.first?.authorization == "Basic " + Data("admin:admin".utf8).base64EncodedString())
        let push = try #require(try store.taskInstances(source: "prod-airflow", pipelineID: "customer_sync", runID: "manual_cs_1").first)
        #expect(push.errorMessage == AirflowTextLogTests.chained)
    }

    /// A try that failed and waits for its retry (up_for_retry, try 1) has its error read from try 1's log.
    @Test func aTryUpForRetryGetsItsError() async throws {
        var object = try #require(try JSONSerialization.jsonObject(with: F.v1("task_instances_customer_sync_failed.json"))
            as? [String: Any])
        var tasks = try #require(object["task_instances"] as? [[String: Any]])
        tasks[0]["state"] = "up_for_retry"
        tasks[0]["try_number"] = 1
        object["task_instances"] = tasks
        let retrying = try JSONSerialization.data(withJSONObject: object)
        let base = airflow2()
        let transport = ReplayTransport { sent in
            switch sent.path {
            case "/api/v1/dags/customer_sync/dagRuns/manual_cs_1/taskInstances": return .ok(retrying)
            case "/api/v1/dags/customer_sync/dagRuns/manual_cs_1/taskInstances/push_to_crm/logs/1":
                return .ok(try F.v1("task_log_vigil2_retry_fail_push_to_crm_try1.txt"))
            default: return try base(sent)
            }
        }
        let store = try TestStore.fresh()
        let settings = airflowSettings(.v1, credentials: .password(username: "admin", password: "admin"))
        let collector = AirflowCollector(store: store, settings: settings, transport: transport, clock: { self.start })
        guard case .updated = await collector.collect() else { Issue.record("v1 pass failed"); return }
        let push = try #require(try store.taskInstances(source: "prod-airflow", pipelineID: "customer_sync", runID: "manual_cs_1").first)
        #expect(push.state == .upForRetry && push.tryNumber == 1)
        #expect(push.errorMessage == AirflowTextLogTests.chained)
    }
}

/// Log requests never answer: they wait until cancelled, and count it; everything else goes straight through.
final class SlowLogs: HTTPTransport, @unchecked Sendable {
    let inner: ReplayTransport
    private let lock = NSLock()
    private var cancellations = 0
    var cancelled: Int { lock.withLock { cancellations } }

    init(inner: ReplayTransport) { self.inner = inner }

    func send(_ request: URLRequest) async throws -> HTTPResponse {
        guard request.url?.path.contains("/logs/") == true else { return try await inner.send(request) }
        do {
            try await Task.sleep(nanoseconds: 3_600 * 1_000_000_000)
        } catch {
            lock.withLock { cancellations += 1 }
            throw error
        }
        return try await inner.send(request)
    }
}
