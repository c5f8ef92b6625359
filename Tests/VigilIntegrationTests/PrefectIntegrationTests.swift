import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import VigilCollectors
import VigilCore
import VigilStore

/// PrefectCollector against a real Prefect 3.9 server with a real process worker, started by
/// scripts/prefect-integration (flows in Tests/Integration/prefect_flows): after one pass the store must say what
/// Prefect's REST API says, read here independently with URLSession and JSONSerialization.
@Suite(.serialized, .enabled(if: PrefectEnvironment.url != nil))
struct PrefectIntegrationTests {
    let source = "prefect-it"
    let api: RawPrefect
    let directory: URL
    let store: Store

    init() throws {
        api = try RawPrefect()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-pfit-\(UUID().uuidString)")
        store = try Store(path: directory.appendingPathComponent("vigil.db").path)
    }

    /// One pass with a page size of 3, so every list of more than 3 items takes several pages.
    private func pollOK() async throws -> PrefectPollSummary {
        var settings = PrefectSettings(name: source, baseURL: api.base)
        settings.requestTimeout = 30
        settings.pageSize = 3
        let result = await PrefectCollector(store: store, settings: settings).collect()
        guard case let .updated(summary) = result else { throw IntegrationFailure("poll did not update the store: \(result)") }
        return summary
    }

    /// Prefect's pipelines as Vigil names them: "flow/deployment", or the flow for runs without a deployment.
    private func prefectLatestRuns() async throws -> [String: [String: Any]] {
        let flows = try await api.list("/flows/filter", [:])
        let flowNames = Dictionary(uniqueKeysWithValues: flows.map { ($0["id"] as! String, $0["name"] as! String) })
        let deployments = try await api.list("/deployments/filter", [:])
        let names = Dictionary(uniqueKeysWithValues: deployments.map {
            ($0["id"] as! String, "\(flowNames[$0["flow_id"] as! String]!)/\($0["name"] as! String)")
        })
        let runs = try await api.list("/flow_runs/filter", [
            "sort": "EXPECTED_START_TIME_DESC", "flow_runs": ["state": ["type": ["not_any_": ["SCHEDULED"]]]],
        ])
        var latest: [String: [String: Any]] = [:]
        for run in runs {
            let pipeline = (run["deployment_id"] as? String).flatMap { names[$0] } ?? flowNames[run["flow_id"] as! String]!
            if latest[pipeline] == nil { latest[pipeline] = run }
        }
        return latest
    }

    @Test func everyPipelinesLatestRunAgreesWithPrefectAfterOnePass() async throws {
        let summary = try await pollOK()
        let latest = try await prefectLatestRuns()
        // What the script left: every state type, a run with no deployment.
        let expected: [String: (prefect: String, vigil: RunState)] = [
            "vigil_ok/ok": ("COMPLETED", .success), "vigil_fail/fail": ("FAILED", .failed),
            "vigil_hostile/hostile": ("FAILED", .failed), "vigil_crash/crash": ("CRASHED", .failed),
            "vigil_sleep/cancel": ("CANCELLED", .skipped), "vigil_sleep/running": ("RUNNING", .running),
            "vigil_wait_for_input/waiting": ("PAUSED", .queued), "vigil_adhoc": ("COMPLETED", .success),
        ]
        #expect(Set(latest.keys) == Set(expected.keys))
        for (pipeline, run) in latest {
            let stored = try #require(try store.runs(source: source, pipelineID: pipeline).first, "no run of \(pipeline)")
            #expect(stored.runID == run["id"] as? String, "\(pipeline)")
            #expect(run["state_type"] as? String == expected[pipeline]?.prefect, "\(pipeline) in Prefect")
            #expect(stored.state == expected[pipeline]?.vigil, "\(pipeline) in Vigil")
            #expect(stored.state == PrefectMapping.runState(run["state_type"] as? String), "\(pipeline)")
            #expect(sameMillisecond(stored.startedAt, RawPrefect.date(run["start_time"])), "start of \(pipeline)")
            #expect(sameMillisecond(stored.endedAt, RawPrefect.date(run["end_time"])), "end of \(pipeline)")
        }
        #expect(summary.runs == latest.count)
        let pipelines = Dictionary(uniqueKeysWithValues: try store.pipelines(source: source).map { ($0.pipelineID, $0) })
        #expect(Set(pipelines.keys) == Set(expected.keys).union(["vigil_ok/paused", "vigil_ok/late"]))
        #expect(pipelines.values.filter(\.isPaused).map(\.pipelineID) == ["vigil_ok/paused"])
    }

    @Test func theFailedTaskShowsPrefectsMessageCleaned() async throws {
        _ = try await pollOK()
        let failedTasks = try await api.list("/task_runs/filter", ["task_runs": ["state": ["type": ["any_": ["FAILED"]]]]])
        for (pipeline, prefix) in [("vigil_fail/fail", "validate"), ("vigil_hostile/hostile", "hostile")] {
            let run = try #require(try store.runs(source: source, pipelineID: pipeline).first)
            let tasks = try store.taskInstances(source: source, pipelineID: pipeline, runID: run.runID)
            let failed = try #require(tasks.first { $0.state == .failed }, "no failed task in \(pipeline)")
            #expect(failed.taskID.hasPrefix(prefix))
            let theirs = try #require(failedTasks.first { $0["flow_run_id"] as? String == run.runID })
            #expect(failed.taskID == theirs["name"] as? String)
            let message = try #require((theirs["state"] as? [String: Any])?["message"] as? String)
            #expect(failed.errorMessage == TextSanitizer.clean(message))
            #expect(TextSanitizer.isClean(failed.errorMessage ?? "\u{1B}"))
        }
        let fail = try #require(try store.runs(source: source, pipelineID: "vigil_fail/fail").first)
        let validate = try #require(try store.taskInstances(source: source, pipelineID: "vigil_fail/fail", runID: fail.runID)
            .first { $0.state == .failed })
        #expect(validate.errorMessage?.hasSuffix("ValueError: row count 10 below threshold 100") == true)
    }

    @Test func theFailedTasksLogIsPrefectsWithItsTraceback() async throws {
        _ = try await pollOK()
        let run = try #require(try store.runs(source: source, pipelineID: "vigil_fail/fail").first)
        let task = try #require(try store.taskInstances(source: source, pipelineID: "vigil_fail/fail", runID: run.runID)
            .first { $0.state == .failed })
        let log = try await PrefectTaskLogs(settings: PrefectSettings(name: source, baseURL: api.base)).log(TaskLogRef(task))
        #expect(log.lines.contains { $0.contains(" ERROR Task run failed with exception: ValueError('row count 10 below threshold 100')") })
        #expect(log.lines.contains("Traceback (most recent call last):"))
        #expect(log.lines.contains { $0.contains("raise ValueError(FAIL_MESSAGE)") })
    }

    @Test func theLateRunMakesItsDeploymentLateAndTheIdlePoolAndHeldQueueDegradeTheSource() async throws {
        let summary = try await pollOK()
        let late = try await api.list("/flow_runs/filter", ["flow_runs": ["state": ["name": ["any_": ["Late"]]]]])
        // Read after the pass: at the top of the hour the late deployment's next scheduled run may turn Late too.
        #expect(summary.late >= 1 && summary.late <= late.count)
        let snapshot = try store.snapshot()
        let pipeline = try #require(snapshot.pipelines.first { $0.pipeline.source == source && $0.pipeline.pipelineID == "vigil_ok/late" })
        #expect(PipelineHealth.of(pipeline.pipeline, recentRuns: pipeline.recentRuns, now: Date()) == .late)
        #expect(pipeline.pipeline.nextRunDue.map { sameMillisecond($0, late.compactMap { RawPrefect.date($0["expected_start_time"]) }.min()) } == true)

        let pools = try await api.list("/work_pools/filter", [:])
        #expect(Dictionary(uniqueKeysWithValues: pools.map { ($0["name"] as! String, $0["status"] as? String) })
            == ["vigil-pool": "READY", "vigil-idle": "NOT_READY"])
        let queues = try await api.list("/work_queues/filter", [:])
        #expect(queues.filter { $0["is_paused"] as? Bool == true }.map { "\($0["work_pool_name"]!)/\($0["name"]!)" }
            == ["vigil-pool/held"])
        let status = try #require(snapshot.sources.first { $0.name == source })
        #expect(status.health == .degraded)
        #expect(status.lastError == "work pool 'vigil-idle' has no online worker; work queue 'held' of work pool 'vigil-pool' is paused")
    }

    @Test func prefectGoneKeepsTheLastGoodDataWithAClearError() async throws {
        _ = try await pollOK()
        let before = try store.pipelines(source: source).count
        // The same source at a port nothing listens on (the reserved TCP port 1).
        var settings = PrefectSettings(name: source, baseURL: URL(string: "http://127.0.0.1:1/api")!)
        settings.requestTimeout = 5
        guard case let .failed(error) = await PrefectCollector(store: store, settings: settings).collect() else {
            Issue.record("a pass against nothing did not fail"); return
        }
        #expect(error.description == "source '\(source)': Prefect at http://127.0.0.1:1/api is unreachable: connection refused")
        let status = try #require(try store.snapshot().sources.first { $0.name == source })
        #expect(status.health == .down && status.lastError == error.description)
        #expect(try store.pipelines(source: source).count == before)
        #expect(try store.runs(source: source, pipelineID: "vigil_fail/fail").first?.state == .failed)
    }

    /// The API key goes to Prefect (a server without auth ignores it) and nowhere else: not in the store file (WAL and
    /// shared memory included), not in an error.
    @Test func theAPIKeyNeverLandsInTheStore() async throws {
        let key = "pnu_vigil-it-\(UUID().uuidString)"
        var settings = PrefectSettings(name: source, baseURL: api.base, apiKey: key)
        settings.requestTimeout = 30
        guard case .updated = await PrefectCollector(store: store, settings: settings).collect() else {
            Issue.record("a pass with an API key failed"); return
        }
        settings.baseURL = URL(string: "http://127.0.0.1:1/api")!
        guard case let .failed(error) = await PrefectCollector(store: store, settings: settings).collect() else {
            Issue.record("a pass against nothing did not fail"); return
        }
        #expect(!error.description.contains(key))
        #expect(!"\(settings)".contains(key) && !String(reflecting: settings).contains(key))
        let files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
        #expect(files.contains { $0.lastPathComponent == "vigil.db" })
        for file in files {
            let bytes = try Data(contentsOf: file)
            #expect(bytes.range(of: Data(key.utf8)) == nil, "the key is in \(file.lastPathComponent)")
        }
    }
}

private func sameMillisecond(_ a: Date?, _ b: Date?) -> Bool {
    guard let a, let b else { return a == nil && b == nil }
    return abs(a.timeIntervalSince(b)) < 0.001
}

/// A CI run that lost the environment would skip these tests and still pass: make that a failure.
@Suite struct PrefectIntegrationGateTests {
    @Test(.enabled(if: IntegrationEnvironment.isCI))
    func ciProvidesPrefect() {
        #expect(PrefectEnvironment.url != nil,
                "CI=true but VIGIL_PREFECT_URL is unset: scripts/test must run scripts/prefect-integration before swift test")
    }
}

/// What scripts/test (via scripts/prefect-integration) hands these tests: the API URL, ending in /api.
enum PrefectEnvironment {
    static let url = IntegrationEnvironment.variables["VIGIL_PREFECT_URL"]
}

/// Prefect's REST API read with URLSession and JSONSerialization (not the collector's client).
struct RawPrefect {
    let base: URL

    init() throws {
        base = try #require(PrefectEnvironment.url.flatMap(URL.init(string:)), "VIGIL_PREFECT_URL is not a URL")
    }

    /// Every item of a filter endpoint, 200 at a time.
    func list(_ path: String, _ body: [String: Any]) async throws -> [[String: Any]] {
        var all: [[String: Any]] = []
        while true {
            var page = body
            page["limit"] = 200
            page["offset"] = all.count
            var request = URLRequest(url: URL(string: base.absoluteString + path)!)
            request.httpMethod = "POST"
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = try JSONSerialization.data(withJSONObject: page)
            let (data, response) = try await URLSession.shared.data(for: request)
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            guard status == 200 else { throw IntegrationFailure("POST \(path) answered \(status)") }
            let items = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
            all += items
            if items.count < 200 { return all }
        }
    }

    static func date(_ value: Any?) -> Date? {
        guard let text = value as? String else { return nil }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return date }
        return try? Date(text, strategy: .iso8601)
    }
}
