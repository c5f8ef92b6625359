import Foundation
import VigilCore

extension Store {
    /// One incident with its timeline, runbook progress and action items, however old.
    public func incident(id: String) throws -> IncidentSummary? {
        try database.read { db in
            guard let incident = try SQLRow.fetchOne(db, sql: "SELECT * FROM incidents WHERE id = ?", arguments: [id])
                .map(Decode.incident) else { return nil }
            return try StoreQueries.summaries(db, of: [incident], where: "incident_id = ?", [id]).first
        }
    }

    /// Incidents opened at or after `since` (all of them when nil), open first by severity, then newest first.
    public func incidents(openedSince since: Date?) throws -> [Incident] {
        try database.read { db in
            try SQLRow.fetchAll(db, sql: """
                SELECT * FROM incidents WHERE opened_at >= ?
                ORDER BY state = 'resolved', severity, opened_at DESC, id
                """, arguments: [since?.timeIntervalSince1970 ?? -Double.greatestFiniteMagnitude]).map(Decode.incident)
        }
    }

    /// A dataset's freshness intervals overlapping [from, to], oldest first.
    public func freshnessIntervals(dataset: String, from: Date, to: Date) throws -> [FreshnessInterval] {
        try database.read { db in
            try SQLRow.fetchAll(db, sql: """
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
        try database.read { db in try SQLRow.fetchOne(db, sql: "SELECT * FROM runbooks WHERE id = ?", arguments: [id]).map(Decode.runbook) }
    }
}

extension StoreQueries {
    /// Resolved incidents resolved at or after `since`, newest first, at most `limit`. `timelines`: `.full` reads their
    /// timelines, runbook progress and action items (`summaries`); `.detectedOnly` reads only their detected entries
    /// (in one query), which is all `SimilarIncidents` ranks by.
    enum PastTimelines { case full, detectedOnly }

    static func pastIncidents(_ db: any SQLDatabase, since: Date, limit: Int, timelines: PastTimelines) throws -> [IncidentSummary] {
        let from = """
            FROM incidents WHERE state = 'resolved' AND coalesce(resolved_at, opened_at) >= ?
            ORDER BY coalesce(resolved_at, opened_at) DESC, id LIMIT ?
            """
        let past = "SELECT id \(from)", arguments: SQLArguments = [since.unixSeconds, limit]
        let incidents = try SQLRow.fetchAll(db, sql: "SELECT * \(from)", arguments: arguments).map(Decode.incident)
        switch timelines {
        case .full:
            return try summaries(db, of: incidents, where: "incident_id IN (\(past))", arguments)
        case .detectedOnly:
            guard !incidents.isEmpty else { return [] }
            var detected: [String: [TimelineEvent]] = [:]
            for e in try SQLRow.fetchAll(db, sql: """
                SELECT t.* FROM timeline_events t JOIN (\(past)) i ON t.incident_id = i.id
                WHERE t.kind = 'detected' ORDER BY t.at, t.seq
                """, arguments: arguments).map(Decode.timelineEvent) {
                detected[e.incidentID, default: []].append(e)
            }
            return incidents.map { IncidentSummary(incident: $0, timeline: detected[$0.id] ?? [], stepProgress: []) }
        }
    }

    /// Each open incident's most similar past ones (`SimilarIncidents`), ranked on the cheap reading of the past
    /// (detected entries only); then the rows of those found are read (`summaries`). Open incidents with none found
    /// have no entry.
    static func similar(_ db: any SQLDatabase, to open: [IncidentSummary], among past: [IncidentSummary]) throws -> [String: [SimilarIncident]] {
        let memory = SimilarIncidents.Memory(past)
        let ranked = open.map { ($0.incident.id, SimilarIncidents.rank($0, in: memory)) }.filter { !$0.1.isEmpty }
        var found: [String: Incident] = [:]
        for (_, similar) in ranked { for s in similar { found[s.incident.id] = s.incident } }
        let (condition, arguments) = among(Array(found.keys))
        var read: [String: IncidentSummary] = [:]
        for s in try summaries(db, of: Array(found.values), where: condition, arguments) { read[s.incident.id] = s }
        var out: [String: [SimilarIncident]] = [:]
        for (id, similar) in ranked {
            out[id] = similar.compactMap { s in
                read[s.incident.id].map { SimilarIncidents.describe($0, score: s.score, reasons: s.reasons) }
            }
        }
        return out
    }

    /// `incidents` with their timelines, runbook progress and action items: a statement per table for all of them,
    /// over the incidents `condition` (on incident_id, with `arguments`) selects, which must take in theirs.
    static func summaries(_ db: any SQLDatabase, of incidents: [Incident], where condition: String,
                          _ arguments: SQLArguments) throws -> [IncidentSummary] {
        guard !incidents.isEmpty else { return [] }
        let timelines = try incidentRows(db, timelineRows, where: condition, arguments)
        let progress = try incidentRows(db, progressRows, where: condition, arguments)
        let items = try incidentRows(db, actionItemRows, where: condition, arguments)
        return incidents.map { i in
            IncidentSummary(incident: i, timeline: timelines[i.id] ?? [], stepProgress: progress[i.id] ?? [],
                            actionItems: items[i.id] ?? [])
        }
    }

    /// The condition on incident_id for `summaries` naming these incidents.
    static func among(_ ids: [String]) -> (condition: String, arguments: SQLArguments) {
        ("incident_id IN (\(Array(repeating: "?", count: ids.count).joined(separator: ", ")))",
         SQLArguments(ids.map { $0 as (any SQLValueConvertible)? }))
    }

    /// A table of rows per incident, each incident's in its order: timeline entries and runbook progress (in the
    /// order they happened), action items (by number).
    struct IncidentRows<T>: Sendable {
        let table: String
        let order: String
        let decode: @Sendable (SQLRow) throws -> T
    }
    static let timelineRows = IncidentRows(table: "timeline_events", order: "at, seq", decode: Decode.timelineEvent)
    static let progressRows = IncidentRows(table: "runbook_progress", order: "at, seq", decode: Decode.stepProgress)
    static let actionItemRows = IncidentRows(table: "action_items", order: "number", decode: Decode.actionItem)

    /// The `rows` of the incidents `condition` (on incident_id, with `arguments`) selects, by incident: one statement
    /// for all of them.
    static func incidentRows<T>(_ db: any SQLDatabase, _ rows: IncidentRows<T>, where condition: String,
                                _ arguments: SQLArguments) throws -> [String: [T]] {
        var out: [String: [T]] = [:]
        for row in try SQLRow.fetchAll(db, sql: """
            SELECT * FROM \(rows.table) WHERE \(condition) ORDER BY incident_id, \(rows.order)
            """, arguments: arguments) {
            out[row["incident_id"], default: []].append(try rows.decode(row))
        }
        return out
    }

    /// One incident's `rows`.
    static func incidentRows<T>(_ db: any SQLDatabase, _ rows: IncidentRows<T>, of incidentID: String) throws -> [T] {
        try incidentRows(db, rows, where: "incident_id = ?", [incidentID])[incidentID] ?? []
    }
}

extension Store {
    /// Incidents resolved in the `lookBack` before `now` (180 days), newest first, at most `limit` (500), each with
    /// its timeline and runbook progress: the memory `vigil incident show` ranks similar incidents from.
    public func resolvedIncidents(before now: Date, lookBack: TimeInterval = SimilarIncidents.lookBack,
                                  limit: Int = SimilarIncidents.pastLimit) throws -> [IncidentSummary] {
        try database.read { db in
            try StoreQueries.pastIncidents(db, since: now.addingTimeInterval(-lookBack), limit: limit, timelines: .full)
        }
    }
}
