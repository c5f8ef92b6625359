import Foundation
import Testing
import VigilTestSupport
import VigilApp
import VigilCore
import VigilStore

/// Runbook steps recorded as progress and timeline together; commands run with a timeout, output cleaned.
@Suite struct RunbookStepActionsTests {
    func incidentWithRunbook(_ store: Store, command: String) throws -> IncidentActions {
        let actions = IncidentActions(store: store, actor: "ana")
        let runbook = Runbook(id: "rb", title: "RB", steps: [RunbookStep(title: "look"), RunbookStep(title: "run", command: command)])
        _ = try actions.open(title: "t", severity: .sev3, runbook: runbook)
        return actions
    }

    @Test func doneAndSkippedStepsAreProgressAndTimeline() throws {
        let store = try TestStore.fresh()
        let actions = try incidentWithRunbook(store, command: "true")
        try actions.markStep("INC-1", step: 0, done: true)
        #expect(throws: IncidentActions.Failure.emptyText("the reason for skipping")) { try actions.markStep("INC-1", step: 1, done: false) }
        try actions.markStep("INC-1", step: 1, done: false, note: "not needed")
        #expect(throws: (any Error).self) { try actions.markStep("INC-1", step: 7, done: true) }
        let s = try #require(try store.incident(id: "INC-1"))
        #expect(s.stepProgress.map(\.status) == [.done, .skipped])
        #expect(s.status(ofStep: 1)?.note == "not needed")
        #expect(s.timeline.map(\.kind) == [.detected, .stepDone, .stepSkipped])
        #expect(s.timeline[2].text == "step 2 skipped: run — not needed")
    }

    @Test func aCommandsOutputIsRecordedCleanAndAFailureLeavesTheStepOpen() throws {
        let store = try TestStore.fresh()
        let actions = try incidentWithRunbook(store, command: "printf 'ok \\033[2J\\n'; echo oops >&2; exit 3")
        try actions.runStep("INC-1", step: 1)
        let s = try #require(try store.incident(id: "INC-1"))
        let entry = try #require(s.timeline.last)
        #expect(entry.kind == .stepDone)
        #expect(entry.text.contains("exit 3"))
        #expect(entry.text.contains("ok") && entry.text.contains("oops"))
        #expect(!entry.text.contains("\u{1B}"))
        // Exit 3: the run is on the timeline, the step is not checked.
        #expect(s.status(ofStep: 1)?.status == .pending)
        #expect(throws: (any Error).self) { try actions.runStep("INC-1", step: 0) }  // step 1 has no command
    }

    @Test func aCommandPastItsTimeoutIsKilledWithWhatItStarted() {
        let result = ShellStep.run("echo started; sleep 30 & wait", timeout: 0.5)
        #expect(result.timedOut)
        #expect(result.exitStatus == nil)
        #expect(result.summary.hasPrefix("timed out"))
        #expect(result.output == "started")
    }
}
