import Foundation
import Testing
import VigilApp
import VigilCollectors
import VigilConfig
import VigilCore
import VigilStore
import VigilTestSupport

/// `vigil collect` with a prefect source: the real collector, or a down source saying why it cannot run.
@Suite struct CollectorRunnerPrefectTests {
    private func configuration(_ token: SecretReference?, url: String = "http://127.0.0.1:1/api") -> VigilConfiguration {
        VigilConfiguration(sources: [SourceConfig(name: "pf", kind: .prefect, url: URL(string: url), token: token, timeout: 2)])
    }

    @Test func anUnsetKeyVariableMarksTheSourceDownNamingIt() async throws {
        let variable = "VIGIL_TEST_UNSET_PREFECT_KEY_\(UUID().uuidString.prefix(8))"
        let store = try TestStore.fresh()
        let runner = CollectorRunner(configuration: configuration(.env(variable)), store: store) { _ in }
        // On a thread of its own: the runner waits for each async pass, as on its thread in `vigil collect`.
        try await OwnThread.run { runner.runOnce() }
        let source = try #require(try store.snapshot().sources.first)
        #expect(source.health == .down && source.kind == .prefect)
        #expect(source.lastError == "source 'pf': environment variable \(variable) is not set (export \(variable) before starting vigil)")
    }

    @Test func anUnreachablePrefectIsDownWithoutItsKeyAndTheNextPollBacksOff() async throws {
        let variable = "VIGIL_TEST_PREFECT_KEY_\(UUID().uuidString.prefix(8))"
        let key = "pnu_\(UUID().uuidString)"
        setenv(variable, key, 1)
        defer { unsetenv(variable) }
        let store = try TestStore.fresh()
        var lines: [String] = []
        let runner = CollectorRunner(configuration: configuration(.env(variable)), store: store) { lines.append($0) }
        #expect(runner.collectors.first is PrefectCollector)
        try await OwnThread.run { runner.runOnce() }
        let source = try #require(try store.snapshot().sources.first)
        #expect(source.health == .down)
        #expect(source.lastError == "source 'pf': Prefect at http://127.0.0.1:1/api is unreachable: connection refused")
        #expect(!lines.joined().contains(key))
        #expect(runner.collectors.first?.nextDelay == 60)
    }
}

/// The console's log view on a prefect source: the task run's log, read from Prefect (here the captured answers,
/// Tests/VigilCollectorsTests/Fixtures/prefect-3.9, over a real socket).
@Suite struct PrefectTaskLogGatewayTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../VigilCollectorsTests/Fixtures/prefect-3.9").standardized

    @Test func aPrefectTasksLogComesFromPrefect() throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        func capture(_ name: String) throws -> CannedResponse {
            .json(try Data(contentsOf: Self.fixtures.appendingPathComponent(name)))
        }
        server.respond(["/api/task_runs/filter": try capture("task_runs_filter.json"),
                        "/api/logs/filter": try capture("logs_filter_validate.json")])
        let config = VigilConfiguration(sources: [SourceConfig(name: "pf", kind: .prefect,
                                                               url: server.baseURL.appendingPathComponent("api"))])
        let gateway = ConfiguredOrchestrators(configuration: config, store: try TestStore.fresh(), log: { _ in })
        let taskRuns = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.fixtures.appendingPathComponent("task_runs_filter.json")))
        let validate = try #require((taskRuns as? [[String: Any]])?.first { ($0["name"] as? String)?.hasPrefix("validate") == true })
        let ref = TaskLogRef(source: "pf", pipelineID: "vigil_fail/fail", runID: try #require(validate["flow_run_id"] as? String),
                             taskID: try #require(validate["name"] as? String), tryNumber: 1)
        let log = try gateway.taskLog(ref)
        #expect(log.lines.contains("Traceback (most recent call last):"))
        #expect(gateway.actionRefusal(source: "pf") == "prefect sources take no actions in this build")
    }
}
