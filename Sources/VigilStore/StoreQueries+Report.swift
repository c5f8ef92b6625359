import Foundation
import VigilCore

extension Store {
    /// The scorecard's inputs for [from, to), read in one transaction: incidents opened in the window (all of them,
    /// with their timelines), changes made in it, each dataset's freshness intervals overlapping it, finished runs
    /// grouped by pipeline and the UTC day they ended, check results grouped by dataset and day, and the postmortem action
    /// items open at `to` (of any incident) with their incidents.
    /// `datasets` and `pipelines` are the catalogue with tiers and producers as the snapshot resolves them (tiers
    /// inherited through lineage), so the report and the console agree on what is tier 1.
    public func reliabilityInputs(from: Date, to: Date, datasets: [Dataset], pipelines: [Pipeline]) throws -> ReliabilityInputs {
        try database.read { db in
            let pipelineTiers = Dictionary(pipelines.compactMap { p in p.tier.map { (p.id, $0) } }, uniquingKeysWith: { a, _ in a })
            let pipelineIDs = Dictionary(grouping: pipelines, by: \.pipelineID)
            // Intervals of every dataset, one ordered cursor (as the snapshot reads them).
            var intervals: [String: [FreshnessInterval]] = [:]
            let cursor = try SQLRow.fetchCursor(db, sql: """
                SELECT dataset, start, "end", state FROM freshness_intervals WHERE "end" > ? AND start < ? ORDER BY dataset, start
                """, arguments: [from.unixSeconds, to.unixSeconds])
            while let row = try cursor.next() {
                intervals[row[0] as String, default: []].append(FreshnessInterval(
                    start: Date(timeIntervalSince1970: row[1]), end: Date(timeIntervalSince1970: row[2]),
                    state: FreshnessState(rawValue: row[3]) ?? .unknown))
            }
            let reportDatasets = datasets.map { d -> ReportDataset in
                // A producer named by bare id: the pipeline of that id at the dataset's source, else the only one.
                let producer = d.producedBy.map { id -> String in
                    guard !id.contains("/"), let candidates = pipelineIDs[id] else { return id }
                    return (candidates.first { $0.source == d.source } ?? candidates.first!).id
                }
                return ReportDataset(name: d.name, tier: d.tier, target: d.effectiveObjective.target, producedBy: producer,
                                     intervals: intervals[d.name] ?? [])
            }
            let runs = try SQLRow.fetchAll(db, sql: """
                SELECT source, pipeline_id, \(db.dialect.floorInteger("ended_at / 86400")) AS day, count(*), sum(CASE WHEN state = 'success' THEN 1 ELSE 0 END)
                FROM runs WHERE ended_at >= ? AND ended_at < ? AND state IN ('success', 'failed', 'upstream_failed')
                GROUP BY source, pipeline_id, day
                """, arguments: [from.unixSeconds, to.unixSeconds]).map { row in
                ReportRunCount(pipeline: "\(row[0] as String)/\(row[1] as String)",
                               day: Date(timeIntervalSince1970: Double(row[2] as Int64) * 86_400),
                               finished: row[3], succeeded: row[4])
            }
            let checks = try SQLRow.fetchAll(db, sql: """
                SELECT dataset, \(db.dialect.floorInteger("at / 86400")) AS day, count(*), sum(CASE WHEN state = 'pass' THEN 1 ELSE 0 END)
                FROM check_results WHERE at >= ? AND at < ? GROUP BY dataset, day
                """, arguments: [from.unixSeconds, to.unixSeconds]).map { row in
                ReportCheckCount(dataset: row[0], day: Date(timeIntervalSince1970: Double(row[1] as Int64) * 86_400),
                                 results: row[2], passed: row[3])
            }
            // Postmortem action items open at the window's end, of any incident, with their incidents.
            let items = try StoreQueries.openActionItems(db, at: to)
            let owners = try Dictionary(SQLRow.fetchAll(db, sql: """
                SELECT * FROM incidents WHERE id IN (SELECT incident_id FROM action_items WHERE \(StoreQueries.openAt))
                """, arguments: [to.unixSeconds]).map(Decode.incident).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            return ReliabilityInputs(from: from, to: to, incidents: try StoreQueries.incidents(db, openedFrom: from, to: to),
                                     changes: try StoreQueries.changes(db, from: from, to: to, limit: Int.max),
                                     datasets: reportDatasets, pipelineTiers: pipelineTiers, runs: runs, checks: checks,
                                     actionItems: items.compactMap { item in
                                         owners[item.incidentID].map { IncidentActionItem(item: item, incident: $0) }
                                     })
        }
    }
}

extension StoreQueries {
    /// Incidents opened in [from, to) with their timelines (one read for all the timelines), oldest first.
    static func incidents(_ db: any SQLDatabase, openedFrom from: Date, to: Date, timelines: Bool = true) throws -> [IncidentSummary] {
        let incidents = try SQLRow.fetchAll(db, sql: """
            SELECT * FROM incidents WHERE opened_at >= ? AND opened_at < ? ORDER BY opened_at, id
            """, arguments: [from.unixSeconds, to.unixSeconds]).map(Decode.incident)
        var events: [String: [TimelineEvent]] = [:]
        if timelines {
            for event in try SQLRow.fetchAll(db, sql: """
                SELECT t.* FROM timeline_events t JOIN incidents i ON i.id = t.incident_id
                WHERE i.opened_at >= ? AND i.opened_at < ? ORDER BY t.incident_id, t.at, t.seq
                """, arguments: [from.unixSeconds, to.unixSeconds]).map(Decode.timelineEvent) {
                events[event.incidentID, default: []].append(event)
            }
        }
        return incidents.map { IncidentSummary(incident: $0, timeline: events[$0.id] ?? [], stepProgress: []) }
    }
}
