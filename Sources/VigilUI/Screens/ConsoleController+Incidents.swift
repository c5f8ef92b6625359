import Foundation
import VigilCore

/// Incident keys (Incidents and Runbook panes): a acknowledge, n note, v severity, t take the lead,
/// m mitigate, r resolve. Notes and severity ask in the footer; mitigate and resolve ask to confirm.
extension ConsoleController {
    /// nil when `key` is not an incident key here; otherwise whether to redraw.
    func handleIncidentKey(_ key: Key) -> Bool? {
        guard pane == .incidents || pane == .runbook, stacks[pane]?.isEmpty ?? true else { return nil }
        guard case .char(let c) = key, "antvmr".contains(c) else { return nil }
        guard let id = selectedIncident?.incident.id else {
            flash = ("no incident selected", true)
            return true
        }
        guard actionSink != nil else {
            flash = ("read-only console: incident actions are off (vigil incident … from a writable Vigil)", true)
            return true
        }
        switch c {
        case "a": perform(.acknowledge, on: id)
        case "n": prompt = IncidentPrompt(kind: .note, incidentID: id)
        case "v": prompt = IncidentPrompt(kind: .severity, incidentID: id)
        case "t": perform(.takeLead, on: id)
        case "m": prompt = IncidentPrompt(kind: .confirm(.mitigate), incidentID: id)
        default: prompt = IncidentPrompt(kind: .confirm(.resolve), incidentID: id)
        }
        return true
    }

    func answerPrompt(_ key: Key) -> Bool {
        guard var p = prompt else { return false }
        switch (p.kind, key) {
        case (_, .escape), (.confirm, .char("n")), (.confirm, .char("N")):
            prompt = nil
            flash = ("cancelled", false)
        case (.note, .enter):
            prompt = nil
            let text = p.text.trimmingCharacters(in: .whitespaces)
            if text.isEmpty { flash = ("empty note: nothing added", true) } else { perform(.note(text), on: p.incidentID) }
        case (.note, .backspace), (.note, .delete):
            if !p.text.isEmpty { p.text.removeLast() }
            prompt = p
        case (.note, .ctrl("u")):
            p.text = ""
            prompt = p
        case (.note, .char(let c)):
            // Anything typed or pasted, in any script; control characters never reach the store.
            p.text += TextSanitizer.singleLine(String(c))
            prompt = p
        case (.severity, .char(let c)):
            guard let n = Int(String(c)), let severity = Severity(rawValue: n) else { return false }
            prompt = nil
            perform(.severity(severity), on: p.incidentID)
        case (.confirm(let action), .char("y")), (.confirm(let action), .char("Y")):
            prompt = nil
            perform(action, on: p.incidentID)
        default:
            return false
        }
        return true
    }

    private func perform(_ action: ConsoleIncidentAction, on id: String) {
        guard let sink = actionSink else { return }
        do {
            try sink.perform(action, incidentID: id)
            flash = (action == .takeLead ? "you lead \(id)" : "\(id) \(action.pastTense)", false)
            if case .note = action { flash = ("note added to \(id)", false) }
            if case .severity(let s) = action { flash = ("\(id) is \(s.label) now", false) }
            reload()
        } catch {
            flash = (TextSanitizer.singleLine("\(error)"), true)
        }
    }
}
