import Foundation
import VigilCore

/// One scripted step of the runbook attached to an incident.
struct ScriptedStep: Sendable {
    let index: Int
    let status: StepStatus
    let note: String?
}

/// One scripted timeline entry; it may also move the incident's state or lead, or tick a runbook step.
struct ScriptedEvent: Sendable {
    let at: Date
    let kind: TimelineEventKind
    let actor: String
    let text: String
    var state: IncidentState? = nil
    var lead: String? = nil
    var step: ScriptedStep? = nil
}

/// An incident the demo plays out; the first event opens it. Ids come from the store when it opens.
/// With a `causeKey`, Vigil's detection opens it instead (the first event only marks when that is expected) and the
/// script plays the people's part on the open incident with that cause: acknowledging, notes, runbook steps
/// (its title, severity and affected lists are then what the story expects; detection writes its own).
struct ScriptedIncident: Sendable {
    let key: String
    var causeKey: String? = nil
    let title: String
    let severity: Severity
    let affectedDatasets: [String]
    let affectedPipelines: [String]
    let runbookID: String?
    let events: [ScriptedEvent]
    /// Every scripted story is about a pipeline (failing, or running slow).
    var kind: IncidentKind = .pipeline

    var openedAt: Date { events[0].at }

    /// The incident as its record reads after every event up to `t` happened.
    func incident(id: String, at t: Date) -> Incident {
        var incident = Incident(id: id, title: title, severity: severity, openedAt: openedAt,
                                affectedDatasets: affectedDatasets, affectedPipelines: affectedPipelines, runbookID: runbookID,
                                kind: kind)
        for event in events where event.at <= t {
            if let state = event.state {
                incident.state = state
                if state == .resolved { incident.resolvedAt = event.at }
            }
            if let lead = event.lead { incident.lead = lead }
        }
        return incident
    }
}
