import Foundation
import Testing
import VigilCore
@testable import VigilCollectors

/// The demo embeds runbooks/*.md; the copies must not drift from the files people read and edit.
struct DemoRunbookTests {
    private static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private func file(_ name: String) throws -> String {
        try String(contentsOf: Self.repositoryRoot.appendingPathComponent("runbooks/\(name)"), encoding: .utf8)
    }

    @Test func embeddedCopiesEqualTheFilesByteForByte() throws {
        #expect(Array(DemoRunbookFiles.staleTier1Table.utf8) == Array(try file("stale-tier1-table.md").utf8))
        #expect(Array(DemoRunbookFiles.failingDagTask.utf8) == Array(try file("failing-dag-task.md").utf8))
    }

    @Test func theStoryWalksTheStaleTableRunbook() {
        let runbook = DemoRunbooks.staleTier1
        #expect(runbook.id == "stale-tier1-table")
        #expect(runbook.appliesTo == [.tier(1)])
        #expect(runbook.severity == .sev2)
        #expect(runbook.sourcePath == nil)
        #expect(runbook.steps.count == 7)
        #expect(runbook.steps[4].command?.hasPrefix("airflow tasks clear {pipeline}") == true)
        #expect(runbook.steps[5].command == "vigil why {dataset}")
        #expect(DemoRunbooks.failingDagTask.appliesTo == [.pipeline("*")])
    }

    @Test func theStoryIncidentGetsItsRunbookFromTheSelectors() {
        // raw.customers is tier 1 and customer_sync a pipeline: both runbooks apply, the tier one first.
        let scope = RunbookScope(datasets: [.init(name: "raw.customers", tier: 1)],
                                 pipelines: [.init(name: "customer_sync", source: "airflow-prod")])
        #expect(RunbookMatcher.applicable(DemoRunbooks.all, scope: scope).map(\.id) == ["stale-tier1-table", "failing-dag-task"])
    }
}
