import Foundation
import VigilCore

/// Incident keys (Incidents and Runbook panes): a acknowledge, n note, v severity, t take the lead,
/// m mitigate, r resolve. Notes and severity ask in the footer; mitigate and resolve ask to confirm.
extension ConsoleController {
    /// nil when `key` is not an incident key here; otherwise whether to redraw.
    func handleIncidentKey(_ key: Key) -> Bool? {
        guard pane == .incidents || pane == .runbook, stacks[pane]?.isEmpty ?? true else { return nil }
        if pane == .runbook, let handled = handleRunbookKey(key) { return handled }
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
        case (_, .escape), (.confirm, .char("n")), (.confirm, .char("N")), (.confirmRun, .char("n")), (.confirmRun, .char("N")):
            prompt = nil
            flash = ("cancelled", false)
        case (let kind, .enter) where kind.takesText:
            prompt = nil
            let text = p.text.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else {
                if case .skipReason = kind { flash = ("a skip needs a reason", true) } else { flash = ("empty note: nothing added", true) }
                return true
            }
            switch kind {
            case .skipReason(let i): perform(.stepSkipped(i, reason: text), on: p.incidentID)
            case .stepNote(let i): perform(.stepNote(i, text), on: p.incidentID)
            default: perform(.note(text), on: p.incidentID)
            }
        case (let kind, .backspace) where kind.takesText, (let kind, .delete) where kind.takesText:
            if !p.text.isEmpty { p.text.removeLast() }
            prompt = p
        case (let kind, .ctrl("u")) where kind.takesText:
            p.text = ""
            prompt = p
        case (let kind, .char(let c)) where kind.takesText:
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
        case (.confirmRun(let i, _), .char("y")), (.confirmRun(let i, _), .char("Y")):
            prompt = nil
            perform(.runStep(i), on: p.incidentID)
        default:
            return false
        }
        return true
    }

    func perform(_ action: ConsoleIncidentAction, on id: String) {
        guard let sink = actionSink else { return }
        do {
            try sink.perform(action, incidentID: id)
            // A step checked or skipped moves the cursor on to the next one, as a checklist would.
            switch action {
            case .stepDone(let i), .stepSkipped(let i, _):
                let count = snapshot.runbook(id: selectedIncident?.incident.runbookID)?.steps.count ?? 0
                if i + 1 < count { lists[.pane(.runbook), default: ListState()].selected = i + 1 }
            default: break
            }
            flash = (action.outcome(on: id), false)
            reload()
        } catch {
            flash = (TextSanitizer.singleLine("\(error)"), true)
        }
    }
}
