import Foundation
import Testing
import VigilCollectors
import VigilCore
import VigilStore
import VigilTestSupport

/// One pass of `PrefectCollector` over the captured answers (replayed, then served by a real socket for the faults):
/// what lands in the store, and that a broken Prefect loses nothing.
@Suite struct PrefectCollectorTests {
    typealias F = PrefectFixtures
    static let source = "prefect-prod"

    static func settings(_ url: URL = URL(string: "http://prefect.test/api")!, apiKey: String? = nil) -> PrefectSettings {
        var settings = PrefectSettings(name: source, baseURL: url, apiKey: apiKey)
        settings.requestTimeout = 5
        return settings
    }

    @Test func onePassStoresEveryDeploymentsLatestRunTaskErrorsLateAndTheIdlePool() async throws {
        let store = try TestStore.fresh()
        let transport = ReplayTransport(F.route())
        let collector = PrefectCollector(store: store, settings: Self.settings(), transport: transport, clock: { F.capturedAt })
        let result = await collector.collect()
        guard case let .updated(summary) = result else { Issue.record("pass failed: \(result)"); return }
        #expect(summary.health == .degraded && summary.late == 1)
        #expect(summary.problems == ["work pool 'vigil-idle' has no online worker",
                                     "work queue 'held' of work pool 'vigil-pool' is paused"])

        let status = try #require(try store.snapshot().sources.first { $0.name == Self.source })
        #expect(status.kind == .prefect && status.health == .degraded)
        #expect(status.lastError == "work pool 'vigil-idle' has no online worker; work queue 'held' of work pool 'vigil-pool' is paused")

        let latest: [String: RunState] = [
            "vigil_ok/ok": .success, "vigil_fail/fail": .failed, "vigil_hostile/hostile": .failed,
            "vigil_crash/crash": .failed, "vigil_sleep/cancel": .skipped, "vigil_sleep/running": .running,
            "vigil_wait_for_input/waiting": .queued, "vigil_adhoc": .success,
        ]
        let snapshot = try store.snapshot()
        let pipelines = Dictionary(uniqueKeysWithValues: snapshot.pipelines.map { ($0.pipeline.pipelineID, $0) })
        #expect(Set(pipelines.keys) == Set(latest.keys).union(["vigil_ok/paused", "vigil_ok/late"]))
        for (id, state) in latest {
            #expect(try store.runs(source: Self.source, pipelineID: id).first?.state == state, "\(id)")
        }
        #expect(pipelines["vigil_ok/paused"]?.pipeline.isPaused == true)
        let late = try #require(pipelines["vigil_ok/late"])
        #expect(PipelineHealth.of(late.pipeline, recentRuns: late.recentRuns, now: F.capturedAt) == .late)

        let failed = try #require(try store.runs(source: Self.source, pipelineID: "vigil_fail/fail").first)
        let tasks = try store.taskInstances(source: Self.source, pipelineID: "vigil_fail/fail", runID: failed.runID)
        let validate = try #require(tasks.first { $0.state == .failed })
        #expect(validate.errorMessage?.hasSuffix("ValueError: row count 10 below threshold 100") == true)

        // No API key: no Authorization header; paging asked 200 at a time.
        #expect(transport.requests.allSatisfy { $0.authorization == nil })
        #expect(transport.requests.allSatisfy { String(decoding: $0.body ?? Data(), as: UTF8.self).contains(#""limit":200"#) })
    }

    @Test func theAPIKeyGoesAsABearerTokenAndARefusalNeverShowsIt() async throws {
        let key = "pnu_secret-key-1234"
        let store = try TestStore.fresh()
        let good = PrefectCollector(store: store, settings: Self.settings(apiKey: key), transport: ReplayTransport(F.route(apiKey: key)),
                                    clock: { F.capturedAt })
        guard case .updated = await good.collect() else { Issue.record("pass with the key failed"); return }
        let wrong = PrefectCollector(store: store, settings: Self.settings(apiKey: "pnu_wrong-key-5678"),
                                     transport: ReplayTransport(F.route(apiKey: key)), clock: { F.capturedAt })
        guard case let .failed(error) = await wrong.collect() else { Issue.record("a wrong key was accepted"); return }
        #expect(error.description.contains("Prefect refused the API key (HTTP 401)"))
        #expect(!error.description.contains("pnu_wrong"))
        let status = try #require(try store.snapshot().sources.first { $0.name == Self.source })
        #expect(status.health == .down && !(status.lastError ?? "").contains("pnu_"))
        // The data of the good pass stays.
        #expect(try store.runs(source: Self.source, pipelineID: "vigil_fail/fail").count == 1)
    }

    @Test func aTaskRunsLogIsItsRecordsOldestFirstWithTheTraceback() async throws {
        let transport = ReplayTransport(F.route())
        let logs = PrefectTaskLogs(settings: Self.settings(), transport: transport)
        let taskRuns = try F.decode([PrefectTaskRun].self, "task_runs_filter.json")
        let validate = try #require(taskRuns.first { $0.name.hasPrefix("validate") })
        let ref = TaskLogRef(source: Self.source, pipelineID: "vigil_fail/fail", runID: try #require(validate.flowRunId),
                             taskID: validate.name, tryNumber: 1)
        let log = try await logs.log(ref)
        #expect(log.lines.first?.hasSuffix(" ERROR Task run failed with exception: ValueError('row count 10 below threshold 100')") == true)
        #expect(log.lines.contains("Traceback (most recent call last):"))
        #expect(log.lines.last?.contains("ERROR Finished in state Failed(") == true && log.truncationNote == nil)
        // Asked by the flow run, then by the task run's id.
        let bodies = transport.requests.map { String(decoding: $0.body ?? Data(), as: UTF8.self) }
        #expect(transport.requests.map(\.path) == ["/api/task_runs/filter", "/api/logs/filter"])
        #expect(bodies.last?.contains(validate.id) == true && bodies.first?.contains(validate.flowRunId!) == true)

        let missing = TaskLogRef(source: Self.source, pipelineID: "vigil_fail/fail", runID: validate.flowRunId!,
                                 taskID: "no-such-task", tryNumber: 1)
        await #expect(throws: PrefectError.self) { try await logs.log(missing) }
    }

    /// Through a real socket: Prefect down, 500, garbage, a huge body, a cut-off body, a slow answer. Each is a clear
    /// error on the source, and what the last good pass stored stays.
    @Test func aBrokenPrefectKeepsTheLastGoodData() async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        var table: [String: CannedResponse] = [:]
        for (path, file) in [("/api/flows/filter", "flows_filter.json"), ("/api/deployments/filter", "deployments_filter.json"),
                             ("/api/flow_runs/filter", "flow_runs_filter_recent.json"),
                             ("/api/task_runs/filter", "task_runs_filter.json"),
                             ("/api/work_pools/filter", "work_pools_filter.json"),
                             ("/api/work_queues/filter", "work_queues_filter.json")] {
            table[path] = .json(try F.data(file))
        }
        server.respond(table)
        let store = try TestStore.fresh()
        var settings = Self.settings(server.baseURL.appendingPathComponent("api"))
        settings.requestTimeout = 1
        settings.maxBodyBytes = 1_048_576
        let collector = PrefectCollector(store: store, settings: settings, clock: { F.capturedAt })
        guard case .updated = await collector.collect() else { Issue.record("the good pass failed"); return }
        let stored = try store.runs(source: Self.source, pipelineID: "vigil_fail/fail")
        #expect(stored.count == 1)

        let runsPath = "/api/flow_runs/filter"
        var cut = CannedResponse.json(try F.data("flow_runs_filter_recent.json"))
        cut.closeAfterBytes = 1_000
        var slow = CannedResponse.json(try F.data("flow_runs_filter_recent.json"))
        slow.delay = 3
        let faults: [(CannedResponse, String)] = [
            (.json(Data(#"{"detail":"Internal Server Error"}"#.utf8), status: 500),
             "/flow_runs/filter answered HTTP 500: Internal Server Error"),
            (.json(try F.data("error_422_bad_sort.json"), status: 422),
             "/flow_runs/filter answered HTTP 422: Invalid request received. body.sort: Input should be 'CREATED_DESC'"),
            (.json(Data("<html>not json</html>".utf8)), "/flow_runs/filter did not answer with the expected JSON: not valid JSON"),
            (.json(try F.data("flows_filter.json")), "/flow_runs/filter did not answer with the expected JSON"),
            (.json(Data(repeating: 0x20, count: 2_000_000)), "/flow_runs/filter answered more than 1 MB; refused"),
            (cut, "the answer of /flow_runs/filter was cut off"),
            (slow, "/flow_runs/filter timed out after 1 s"),
        ]
        for (answer, message) in faults {
            server.respond(runsPath, with: answer)
            guard case let .failed(error) = await collector.collect() else { Issue.record("no failure for \(message)"); continue }
            #expect(error.description.hasPrefix("source '\(Self.source)': "))
            #expect(error.description.contains(message), "\(error)")
            let status = try #require(try store.snapshot().sources.first { $0.name == Self.source })
            #expect(status.health == .down && status.lastError == error.description)
            #expect(try store.runs(source: Self.source, pipelineID: "vigil_fail/fail") == stored)
        }
        server.stop()
        // A refused connection fails at once; the 1 s timeout above would also catch a machine too busy to get there.
        settings.requestTimeout = 30
        let again = PrefectCollector(store: store, settings: settings, clock: { F.capturedAt })
        guard case let .failed(down) = await again.collect() else { Issue.record("a stopped server answered"); return }
        #expect(down.description.contains("is unreachable"))
        #expect(try store.pipelines(source: Self.source).count == 10)
    }
}
