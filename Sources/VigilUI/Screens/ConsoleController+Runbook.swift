import Foundation
import VigilCore

/// Runbook pane keys for the selected step: Space done, s skip (asks why), n note on the step, x run its command
/// (asks to confirm; never in a read-only console).
extension ConsoleController {
    func handleRunbookKey(_ key: Key) -> Bool? {
        let c: Character
        switch key {
        case .char(let ch) where " snx".contains(ch): c = ch
        default: return nil
        }
        guard let incident = selectedIncident, let runbook = snapshot.runbook(id: incident.incident.runbookID) else {
            flash = ("no runbook here: pick an incident with one in the Incidents pane (3)", true)
            return true
        }
        let step = list(.pane(.runbook)).selected
        guard runbook.steps.indices.contains(step) else { return false }
        guard actionSink != nil else {
            flash = ("read-only console: runbook steps are not recorded and commands never run here", true)
            return true
        }
        let id = incident.incident.id
        switch c {
        case " ":
            perform(.stepDone(step), on: id)
        case "s": prompt = IncidentPrompt(kind: .skipReason(step), incidentID: id)
        case "n": prompt = IncidentPrompt(kind: .stepNote(step), incidentID: id)
        default:
            guard let command = runbook.steps[step].command else {
                flash = ("step \(step + 1) has no command to run", true)
                return true
            }
            let filled = RunbookPlaceholders(incident.incident, in: snapshot).fill(command)
            prompt = IncidentPrompt(kind: .confirmRun(step, command: filled), incidentID: id)
        }
        return true
    }
}
