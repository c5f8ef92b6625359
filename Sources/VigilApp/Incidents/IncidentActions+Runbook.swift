import Foundation
import VigilCore
import VigilStore

/// Walking an incident's runbook: each step done, skipped (with a reason) or run (with its output) is a progress
/// row and a timeline entry, written together.
extension IncidentActions {
    public func markStep(_ id: String, step index: Int, done: Bool, note: String? = nil) throws {
        let text = note.map(TypedText.block).flatMap { $0.isEmpty ? nil : $0 }
        if !done && text == nil { throw Failure.emptyText("the reason for skipping") }
        try recordStep(id, step: index, status: done ? .done : .skipped, note: text) { title in
            "step \(index + 1) \(done ? "done" : "skipped"): \(title)" + (text.map { " — \($0)" } ?? "")
        }
    }

    /// Records a step's command having run: done when it exited 0, with its (truncated, cleaned) output.
    public func recordRun(_ id: String, step index: Int, command: String, result: ShellResult) throws {
        let summary = result.summary
        try recordStep(id, step: index, status: result.succeeded ? .done : .pending, note: summary) { title in
            "step \(index + 1) ran: \(title)\n$ \(TypedText.line(command))\n\(summary)"
        }
    }

    private func recordStep(_ id: String, step index: Int, status: StepStatus, note: String?,
                            _ text: (String) -> String) throws {
        let now = clock()
        var failure: Failure?
        try store.write { w in
            guard let incident = try w.incident(id: id) else { failure = .notFound(id); return }
            guard incident.state.isOpen else {
                failure = .notAllowed(id: id, state: incident.state, action: "work its runbook")
                return
            }
            guard let runbookID = incident.runbookID, let runbook = try w.runbook(id: runbookID),
                  runbook.steps.indices.contains(index) else {
                failure = .notAllowed(id: id, state: incident.state, action: "mark step \(index + 1) (no such runbook step)")
                return
            }
            try w.recordStepProgress(RunbookStepProgress(incidentID: id, runbookID: runbookID, stepIndex: index,
                                                         status: status, actor: actor, at: now, note: note))
            let kind: TimelineEventKind = status == .skipped ? .stepSkipped : .stepDone
            try w.appendTimeline(TimelineEvent(incidentID: id, at: now, kind: kind, actor: actor,
                                               text: text(TypedText.line(runbook.steps[index].title))))
        }
        if let failure { throw failure }
    }
}

extension IncidentActions {
    /// Runs step `index`'s command of the incident's runbook (the caller confirmed it) and records the outcome.
    /// Blocks for up to `timeout` seconds: call it off the UI thread.
    public func runStep(_ id: String, step index: Int, timeout: TimeInterval = 60) throws {
        guard let summary = try store.incident(id: id) else { throw Failure.notFound(id) }
        guard let runbookID = summary.incident.runbookID, let runbook = try store.runbook(id: runbookID),
              runbook.steps.indices.contains(index), let command = runbook.steps[index].command else {
            throw Failure.notAllowed(id: id, state: summary.incident.state, action: "run step \(index + 1) (it has no command)")
        }
        // {dataset}, {pipeline}, {task}, {incident}: filled from this incident, as the console showed them.
        let filled = RunbookPlaceholders(summary.incident, in: try store.snapshot()).fill(command)
        try recordRun(id, step: index, command: filled, result: ShellStep.run(filled, timeout: timeout))
    }
}
