import Foundation
import VigilCore

/// What the console's effect runner asks of the orchestrators: task logs, and actions (clear a task, trigger a run,
/// pause a DAG) with their dry run. Blocking calls (each waits for Airflow, up to the source's timeout per request):
/// call them from a thread of your own, neither the UI thread nor a thread of Swift's concurrency pool (a Task), since
/// they wait on work that pool runs.
public protocol OrchestratorGateway: Sendable {
    /// nil when actions are possible on this source; otherwise why not (e.g. "source airflow-prod has no actions:
    /// credential", "dbt sources take no actions").
    func actionRefusal(source: String) -> String?
    /// The log of one try (Airflow), or a dbt node's message and compiled SQL; capped, with a note when cut.
    func taskLog(_ ref: TaskLogRef) throws -> TaskLog
    /// What `perform` would do, changing nothing (a clear lists the task instances that will run again).
    func preview(_ action: OrchestratorAction) throws -> ActionPreview
    /// Carries the action out, then records it: on the incident's timeline when `incidentID` is given (who, what,
    /// Airflow's answer) and in the log. A failed attempt is recorded too, then thrown.
    func perform(_ action: OrchestratorAction, actor: String, incidentID: String?) throws -> ActionOutcome
}

/// An action or log refused before anything was sent, with the reason (no `actions:` credential, a read-only
/// console, a kind of source that takes none).
public struct OrchestratorRefusal: Error, Equatable, CustomStringConvertible {
    public var reason: String

    public init(_ reason: String) { self.reason = reason }

    public var description: String { reason }
}
