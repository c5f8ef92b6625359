import Foundation
import VigilCore

/// A row of the Changes pane: a change, what it feeds downstream, and the incidents that named it.
public struct ChangeRow: Sendable, Equatable, Identifiable {
    public var change: Change
    /// Every node below its subjects in lineage, nearest first (`ChangeContext.downstream`).
    public var downstream: [LineageNode]
    /// Incidents whose detection named it (`causeChangeID`), by id.
    public var incidents: [String]

    public var id: String { change.id }
}

public enum ChangesViewModel {
    /// Changes newest first (as the snapshot holds them), matching `filter` (see `matches`).
    public static func rows(_ snapshot: PlatformSnapshot, filter: String) -> [ChangeRow] {
        let graph = snapshot.graph
        var naming = snapshot.changeIncidents
        for s in snapshot.incidents {
            if let id = s.incident.causeChangeID, !(naming[id]?.contains(s.incident.id) ?? false) {
                naming[id, default: []].append(s.incident.id)
            }
        }
        let needle = TextSearch.Needle(filter)
        return snapshot.changes.compactMap { c -> ChangeRow? in
            let incidents = naming[c.id] ?? []
            guard matches(c, incidents: incidents, needle) else { return nil }
            return ChangeRow(change: c, downstream: ChangeContext.downstream(of: c, lineage: graph), incidents: incidents)
        }
    }

    /// Whether a change row matches the filter: in title, kind, source, subjects, ref, author or a naming
    /// incident's id (case-insensitive).
    static func matches(_ row: ChangeRow, _ needle: TextSearch.Needle) -> Bool {
        matches(row.change, incidents: row.incidents, needle)
    }

    private static func matches(_ c: Change, incidents: [String], _ needle: TextSearch.Needle) -> Bool {
        guard !needle.isEmpty else { return true }
        let fields = [c.title, c.kind.label, c.kind.rawValue, c.source, c.ref ?? "", c.author ?? ""] + c.subjects + incidents
        return fields.contains(where: { needle.found(in: $0) })
    }

    /// "raw.payments, analytics.fct_revenue +3" — the first `limit` names, then how many more.
    public static func namesText(_ nodes: [String], limit: Int = 2) -> String {
        guard !nodes.isEmpty else { return "—" }
        let shown = nodes.prefix(limit).joined(separator: ", ")
        return nodes.count > limit ? shown + " +\(nodes.count - limit)" : shown
    }

    /// A subject as people read it: a dataset's name, a pipeline as "SOURCE/ID".
    public static func subjectNames(_ change: Change) -> [String] {
        change.subjects.map { LineageNode(parsing: $0)?.name ?? $0 }
    }
}
