import Foundation
import VigilCore

/// An incident action the console asks the store to carry out.
public enum ConsoleIncidentAction: Sendable, Equatable {
    /// Open an incident by hand (the id is the store's to give).
    case open(title: String)
    case acknowledge
    case note(String)
    /// A postmortem action item (its text; owner and due day are set from the command line).
    case actionItem(String)
    case severity(Severity)
    case takeLead
    case mitigate
    /// Resolve, saying how it ended (asked with a one-key choice: f u n d).
    case resolve(IncidentResolution)
    /// Runbook steps, by index in the attached runbook.
    case stepDone(Int)
    case stepSkipped(Int, reason: String)
    case stepNote(Int, String)
    /// Run the step's command (confirmed); the outcome lands on the timeline when it finishes.
    case runStep(Int)

    /// What the footer says once it is done, e.g. "INC-3 acknowledged", "step 2 done on INC-3".
    func outcome(on id: String) -> String {
        switch self {
        case .open(let title): return "\(id) opened: \(title)"
        case .acknowledge: return "\(id) acknowledged"
        case .note: return "note added to \(id)"
        case .actionItem: return "action item added to \(id)"
        case .severity(let s): return "\(id) is \(s.label) now"
        case .takeLead: return "you lead \(id)"
        case .mitigate: return "\(id) mitigated"
        case .resolve(let how): return "\(id) resolved as \(how.rawValue)"
        case .stepDone(let i): return "step \(i + 1) done on \(id)"
        case .stepSkipped(let i, _): return "step \(i + 1) skipped on \(id)"
        case .stepNote(let i, _): return "note on step \(i + 1) added to \(id)"
        case .runStep(let i): return "step \(i + 1) command started for \(id); its outcome goes on the timeline"
        }
    }
}

/// Carries out incident actions (the store, as the acting user); returns the incident's id (a new one for `.open`).
public protocol ConsoleActionSink: AnyObject {
    @discardableResult
    func perform(_ action: ConsoleIncidentAction, incidentID: String) throws -> String
}

/// What the console asks of the orchestrators: task logs, and actions (clear a task, trigger a run, pause a DAG)
/// with their dry run. Blocking calls (each waits for Airflow, up to the source's timeout per request): the runtime
/// makes them on its own dispatch queues, never on the UI thread nor in a Swift concurrency Task (they wait on work
/// that pool runs). VigilApp's `ConfiguredOrchestrators` is the one for a `vigil.yaml`.
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

/// The keys of the resolve question, one per `IncidentResolution`, in the order asked.
enum ResolutionKeys {
    static let all: [(key: Character, how: IncidentResolution)] = [("f", .fixed), ("u", .upstream), ("n", .noise), ("d", .duplicate)]

    static func resolution(for key: Key) -> IncidentResolution? {
        guard case .char(let c) = key else { return nil }
        return all.first { $0.key == c }?.how
    }
}

/// A one-line question in the footer while an action needs input or a confirmation.
struct Prompt: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case note, actionItem, severity, confirm(ConsoleIncidentAction)
        /// How did it end? One key: f fixed, u upstream, n noise, d duplicate (esc cancels).
        case resolveHow
        case skipReason(Int), stepNote(Int), confirmRun(Int, command: String)
        /// The title of an incident opened by hand (`:incident open`).
        case incidentTitle
        /// An orchestrator action, with what its dry run said will happen.
        case confirmAction(OrchestratorAction, preview: ActionPreview?)

        var takesText: Bool {
            switch self {
            case .note, .actionItem, .skipReason, .stepNote, .incidentTitle: return true
            default: return false
            }
        }

        var isConfirmation: Bool {
            switch self {
            case .confirm, .confirmRun, .confirmAction: return true
            default: return false
            }
        }
    }
    var kind: Kind
    var incidentID: String
    var text = ""

    var label: String {
        switch kind {
        case .note: return " note for \(incidentID): "
        case .actionItem: return " action item for \(incidentID): "
        case .severity: return " severity of \(incidentID) (1-4): "
        case .confirm: return " mark mitigated \(incidentID)? (y/n) "
        case .resolveHow: return " resolve \(incidentID) as: "
        case .skipReason(let i): return " skip step \(i + 1) because: "
        case .stepNote(let i): return " note on step \(i + 1): "
        case .confirmRun(_, let command): return " run `\(TextSanitizer.singleLine(command))` now? (y/n) "
        case .incidentTitle: return " title of the new incident: "
        case .confirmAction(let action, let preview):
            let count = preview.map { " (\($0.affected.count) task instance\($0.affected.count == 1 ? "" : "s") will rerun)" } ?? ""
            return " " + TextSanitizer.singleLine(action.summary) + count + "? (y/n) "
        }
    }

    var hint: String {
        switch kind {
        case .note, .actionItem, .skipReason, .stepNote, .incidentTitle: return "   ⏎ save  esc cancel"
        case .severity: return "   1 2 3 4  esc cancel"
        case .resolveHow: return ResolutionKeys.all.map { "\($0.key) \($0.how.rawValue)" }.joined(separator: "  ") + "  esc cancel"
        case .confirm, .confirmRun, .confirmAction: return ""
        }
    }
}

/// The `:` command palette: what is typed, the candidate picked with Tab, and where ↑/↓ are in the history.
struct Palette: Sendable, Equatable {
    var text = ""
    /// What the text matches, best first (found again on each key, so drawing only reads them).
    var matches: [PaletteCandidate] = []
    var choice = 0
    /// Index into the history while ↑/↓ walk it; nil while typing.
    var historyIndex: Int?
}
