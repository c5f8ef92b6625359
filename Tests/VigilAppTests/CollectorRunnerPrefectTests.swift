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
        let store = try Store.inMemory()
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
        let store = try Store.inMemory()
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
