import Foundation
import VigilCore

/// What a person does to an incident from the console; carried out by whoever wires the console to the store.
public enum ConsoleIncidentAction: Sendable, Equatable {
    case acknowledge
    case note(String)
    case severity(Severity)
    case takeLead
    case mitigate
    case resolve
    /// Runbook steps, by index in the attached runbook.
    case stepDone(Int)
    case stepSkipped(Int, reason: String)
    case stepNote(Int, String)
    /// Run the step's command (confirmed); the outcome lands on the timeline when it finishes.
    case runStep(Int)

    /// What the footer says once it is done, e.g. "INC-3 acknowledged", "step 2 done on INC-3".
    func outcome(on id: String) -> String {
        switch self {
        case .acknowledge: return "\(id) acknowledged"
        case .note: return "note added to \(id)"
        case .severity(let s): return "\(id) is \(s.label) now"
        case .takeLead: return "you lead \(id)"
        case .mitigate: return "\(id) mitigated"
        case .resolve: return "\(id) resolved"
        case .stepDone(let i): return "step \(i + 1) done on \(id)"
        case .stepSkipped(let i, _): return "step \(i + 1) skipped on \(id)"
        case .stepNote(let i, _): return "note on step \(i + 1) added to \(id)"
        case .runStep(let i): return "step \(i + 1) command started for \(id); its outcome goes on the timeline"
        }
    }
}

/// Carries out incident actions for the console (the store, as the acting user). A console without one is
/// read-only: the keys say so instead of acting.
public protocol ConsoleActionSink: AnyObject {
    func perform(_ action: ConsoleIncidentAction, incidentID: String) throws
}

/// A one-line question in the footer while an incident action needs input.
struct IncidentPrompt: Equatable {
    enum Kind: Equatable {
        case note, severity, confirm(ConsoleIncidentAction)
        case skipReason(Int), stepNote(Int), confirmRun(Int, command: String)

        var takesText: Bool {
            switch self {
            case .note, .skipReason, .stepNote: return true
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
        case .severity: return " severity of \(incidentID) (1-4): "
        case .confirm(let action): return " \(action == .resolve ? "resolve" : "mark mitigated") \(incidentID)? (y/n) "
        case .skipReason(let i): return " skip step \(i + 1) because: "
        case .stepNote(let i): return " note on step \(i + 1): "
        case .confirmRun(_, let command): return " run `\(TextSanitizer.singleLine(command))` now? (y/n) "
        }
    }

    var hint: String {
        switch kind {
        case .note, .skipReason, .stepNote: return "   ⏎ save  esc cancel"
        case .severity: return "   1 2 3 4  esc cancel"
        case .confirm, .confirmRun: return ""
        }
    }
}
