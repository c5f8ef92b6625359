import Foundation
import Testing
import VigilApp
import VigilCollectors
import VigilConfig
import VigilCore
import VigilStore
import VigilTestSupport

/// `vigil collect` with `changes:`: each repository is a git collector beside the sources, and one that is missing is
/// a down source saying why.
@Suite struct CollectorRunnerChangesTests {
    @Test func aRepositoryIsACollectorAndAMissingOneIsDown() async throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-no-repo-\(UUID().uuidString)").path
        var configuration = VigilConfiguration()
        configuration.changes = [ChangeRepoConfig(name: "dags", repo: missing, branch: "main",
                                                  touches: ["pipeline:prod-airflow/payments_ingest"])]
        let store = try TestStore.fresh()
        var lines: [String] = []
        let runner = CollectorRunner(configuration: configuration, store: store) { lines.append($0) }
        let git = try #require(runner.collectors.first as? GitCollector)
        #expect(runner.collectors.count == 1 && git.sourceName == "dags" && git.branch == "main")
        #expect(git.touches == ["pipeline:prod-airflow/payments_ingest"])
        try await OwnThread.run { runner.runOnce() }
        let source = try #require(try store.snapshot().sources.first)
        #expect(source.kind == .git && source.health == .down)
        #expect(source.lastError == "repository 'dags': \(missing) does not exist or is not a directory")
        #expect(lines.contains { $0.hasPrefix("dags: repository 'dags': ") })
    }
}
