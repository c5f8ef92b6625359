import Foundation
import Testing
import VigilCore
import VigilConfig

/// The runbooks shipped in runbooks/ read cleanly, as `vigil runbook check` would see them.
struct ExampleRunbookTests {
    private static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("runbooks").path

    @Test func examplesCheckClean() {
        let library = RunbookFolder.load(Self.folder)
        #expect(library.problems == [])
        #expect(library.runbooks.map(\.id) == ["failing-dag-task", "stale-tier1-table"])
    }

    @Test func everyStepSaysWhatToDoAndMostHaveACommand() {
        for runbook in RunbookFolder.load(Self.folder).runbooks {
            #expect(runbook.steps.allSatisfy { $0.detail?.isEmpty == false }, "\(runbook.id): a step without guidance")
            #expect(runbook.steps.filter { $0.command != nil }.count >= runbook.steps.count / 2, "\(runbook.id)")
            #expect(!runbook.appliesTo.isEmpty, "\(runbook.id) applies to nothing")
        }
    }
}
