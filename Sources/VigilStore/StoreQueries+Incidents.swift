import Foundation
import GRDB
import VigilCore

extension Store {
    /// One incident with its timeline and runbook progress, however old.
    public func incident(id: String) throws -> IncidentSummary? {
        try database.read { db in
            guard let incident = try Row.fetchOne(db, sql: "SELECT * FROM incidents WHERE id = ?", arguments: [id])
                .map(Decode.incident) else { return nil }
            return IncidentSummary(incident: incident, timeline: try StoreQueries.timeline(db, incidentID: id),
                                   stepProgress: try StoreQueries.stepProgress(db, incidentID: id))
        }
    }

    /// Incidents opened at or after `since` (all of them when nil), open first by severity, then newest first.
    public func incidents(openedSince since: Date?) throws -> [Incident] {
        try database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM incidents WHERE opened_at >= ?
                ORDER BY state = 'resolved', severity, opened_at DESC, id
                """, arguments: [since?.timeIntervalSince1970 ?? -Double.greatestFiniteMagnitude]).map(Decode.incident)
        }
    }

    /// A dataset's freshness intervals overlapping [from, to], oldest first.
    public func freshnessIntervals(dataset: String, from: Date, to: Date) throws -> [FreshnessInterval] {
        try database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT start, "end", state FROM freshness_intervals WHERE dataset = ? AND "end" > ? AND start < ? ORDER BY start
                """, arguments: [dataset, from.timeIntervalSince1970, to.timeIntervalSince1970]).map {
                FreshnessInterval(start: Date(timeIntervalSince1970: $0["start"]), end: Date(timeIntervalSince1970: $0["end"]),
                                  state: FreshnessState(rawValue: $0["state"]) ?? .unknown)
            }
        }
    }
}

extension Store {
    public func runbook(id: String) throws -> Runbook? {
        try database.read { db in try Row.fetchOne(db, sql: "SELECT * FROM runbooks WHERE id = ?", arguments: [id]).map(Decode.runbook) }
    }
}
