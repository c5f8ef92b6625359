import Foundation
import VigilCore
import VigilStore
import VigilUI

/// Carries out the console's incident keys on the store, as the acting user.
public final class StoreActionSink: ConsoleActionSink {
    let actions: IncidentActions

    public init(store: Store, actor: String) {
        actions = IncidentActions(store: store, actor: actor)
    }

    @discardableResult
    public func perform(_ action: ConsoleIncidentAction, incidentID id: String) throws -> String {
        switch action {
        case .open(let title): return try actions.open(title: title, severity: .sev3)
        case .acknowledge: try actions.acknowledge(id)
        case .note(let text): try actions.note(id, text)
        case .actionItem(let text): try actions.addActionItem(id, text: text)
        case .severity(let s): try actions.setSeverity(id, s)
        case .takeLead: try actions.setLead(id)
        case .mitigate: try actions.mitigate(id)
        case .resolve(let how): try actions.resolve(id, as: how)
        case .stepDone(let i): try actions.markStep(id, step: i, done: true)
        case .stepSkipped(let i, let reason): try actions.markStep(id, step: i, done: false, note: reason)
        case .stepNote(let i, let text): try actions.note(id, "step \(i + 1): " + text)
        case .runStep(let i):
            // A command can take a while: it runs off the UI thread; its outcome reaches every console through
            // the store (the timeline entry), like any other write.
            let actions = self.actions
            let failures = self.failures
            Thread.detachNewThread {
                do { try actions.runStep(id, step: i, timeout: StoreActionSink.commandTimeout) } catch { failures.record("\(error)") }
            }
        }
        return id
    }

    /// How long a runbook command may run before it is killed.
    public static let commandTimeout: TimeInterval = 60

    /// Failures of background commands, for the log (the console shows the timeline entry of those that ran).
    public let failures = FailureLog()

    public final class FailureLog: @unchecked Sendable {
        private let lock = NSLock()
        private var entries: [String] = []
        func record(_ text: String) { lock.withLock { entries.append(text) } }
        public var all: [String] { lock.withLock { entries } }
    }
}
