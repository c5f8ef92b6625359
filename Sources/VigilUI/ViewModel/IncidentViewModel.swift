import Foundation
import VigilCore

public enum IncidentViewModel {
    /// Open incidents first (most severe, then newest), then resolved ones, newest first.
    public static func rows(_ snapshot: PlatformSnapshot, filter: String) -> [IncidentSummary] {
        snapshot.incidents
            .filter { filter.isEmpty || $0.incident.title.localizedCaseInsensitiveContains(filter)
                || $0.incident.id.localizedCaseInsensitiveContains(filter)
                || $0.incident.affectedDatasets.contains { $0.localizedCaseInsensitiveContains(filter) } }
            .sorted { a, b in
                let oa = a.incident.state.isOpen, ob = b.incident.state.isOpen
                if oa != ob { return oa }
                if oa, a.incident.severity != b.incident.severity { return a.incident.severity < b.incident.severity }
                return a.incident.openedAt > b.incident.openedAt
            }
    }

    public static func openCount(_ snapshot: PlatformSnapshot) -> Int {
        snapshot.incidents.filter { $0.incident.state.isOpen }.count
    }

    /// The index of the step an incident lead should do next: the first one not done or skipped.
    public static func currentStep(_ incident: IncidentSummary, runbook: Runbook) -> Int? {
        runbook.steps.indices.first { i in
            guard let p = incident.status(ofStep: i) else { return true }
            return p.status == .pending
        }
    }

    /// The changes before an incident's first signal, to its cause or what it lists (or upstream), newest first
    /// (`ChangeContext.before(incident:)`).
    public static func changesBefore(_ summary: IncidentSummary, in snapshot: PlatformSnapshot) -> [ChangeBefore] {
        snapshot.changes.isEmpty ? [] : ChangeContext.before(incident: summary.incident, in: snapshot)
    }
}
