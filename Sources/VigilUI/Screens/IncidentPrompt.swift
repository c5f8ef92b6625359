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

    var pastTense: String {
        switch self {
        case .acknowledge: return "acknowledged"
        case .note: return "note added to"
        case .severity(let s): return "severity \(s.label) set on"
        case .takeLead: return "you lead"
        case .mitigate: return "mitigated"
        case .resolve: return "resolved"
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
    }
    var kind: Kind
    var incidentID: String
    var text = ""

    var label: String {
        switch kind {
        case .note: return " note for \(incidentID): "
        case .severity: return " severity of \(incidentID) (1-4): "
        case .confirm(let action): return " \(action == .resolve ? "resolve" : "mark mitigated") \(incidentID)? (y/n) "
        }
    }

    var hint: String {
        switch kind {
        case .note: return "   ⏎ save  esc cancel"
        case .severity: return "   1 2 3 4  esc cancel"
        case .confirm: return ""
        }
    }
}
