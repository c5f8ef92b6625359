import Foundation
import VigilCore

extension Store {
    /// How long resolved incidents stay on screen.
    static let resolvedIncidentWindow: TimeInterval = 7 * 86_400
    /// At most this many changes in a snapshot (the newest).
    static let snapshotChangeLimit = 2_000

    /// Everything a console shows, read in one read transaction so panes never disagree.
    /// `now` defaults to the demo's meta "clock" when present, else the real time.
    public func snapshot(now: Date? = nil, recentRunsPerPipeline: Int = 24) throws -> PlatformSnapshot {
        try database.read { db in
            let demoClock = try StoreQueries.meta(db, "clock").flatMap(StoreQueries.parseClock)
            let clock = now ?? demoClock ?? Date()
            let isDemo = try StoreQueries.meta(db, "demo") == "1"

            let sources = try SQLRow.fetchAll(db, sql: "SELECT * FROM sources ORDER BY name").map(Decode.source)
            // Cursors decode each row where SQLite holds it; fetchAll would copy 20,000 rows first.
            let rows = try Array(SQLRow.fetchCursor(db, sql: """
                SELECT \(Positional.datasetColumns) FROM datasets WHERE removed_at IS NULL ORDER BY name
                """).map(Positional.datasetSummary))
            var datasets = rows.map(\.summary)
            try StoreQueries.attachSLOs(db, to: &datasets, lagDays: rows.map(\.lagDay), now: clock)
            try StoreQueries.attachQuality(db, to: &datasets, passRates: rows.map(\.passRates), now: clock)
            // Every source's edges joined onto one graph: an Airflow asset URI, a dbt node and a warehouse table
            // that are the same dataset become one node.
            // Nodes are stored as their text (LineageNode.text); a row naming neither a dataset nor a pipeline is skipped.
            // In key order: the same order on both engines, whatever order the rows were written or updated in.
            let reported = try SQLRow.fetchCursor(db, sql: """
                SELECT source, upstream, downstream, upstream_key, downstream_key, via FROM lineage_edges
                ORDER BY source, upstream, downstream
                """).compactMap { row -> DatasetNameIndex.ReportedEdge? in
                    guard let upstream = LineageNode(parsing: row[1]), let downstream = LineageNode(parsing: row[2]) else { return nil }
                    return DatasetNameIndex.ReportedEdge(source: row[0], edge: LineageEdge(upstream: upstream, downstream: downstream),
                                                         upstreamKey: row[3], downstreamKey: row[4], via: row[5])
                }
            let joined = DatasetNameIndex(datasets.map(\.dataset)).join(try Array(reported))
            let unplaced = joined.unplaced.mapValues { $0.sorted() }
            // LineageGraph orders each node's neighbours itself.
            let lineage = joined.edges
            let graph = LineageGraph(lineage)
            // Producers inferred from the joined graph where the config names none: the pipeline that writes the
            // dataset (an Airflow DAG through its outlet asset, the dbt project for a model), and the task in it.
            for i in datasets.indices {
                let name = datasets[i].dataset.name
                if datasets[i].dataset.producedBy == nil {
                    datasets[i].dataset.producedBy = graph.directUpstream(of: .dataset(name)).lazy.compactMap(\.pipelineID).first
                }
                if let p = joined.producers[name], p.pipeline.pipelineID == datasets[i].dataset.producedBy {
                    datasets[i].dataset.producerTask = p.task
                }
            }
            let tiers = Dictionary(datasets.map { ($0.dataset.name, $0.dataset.tier) }, uniquingKeysWith: { a, _ in a })
            // SQLite walks each pipeline's runs in-process; PostgreSQL reads them all in one round trip.
            let activity = db.dialect == .postgres
                ? try StoreQueries.recentActivityOfAll(db, now: clock, limit: recentRunsPerPipeline) : nil
            let pipelines = try Array(SQLRow.fetchCursor(db, sql: "SELECT * FROM pipelines WHERE removed_at IS NULL ORDER BY source, pipeline_id")
                .map(Decode.pipeline))
                .map { pipeline in
                    var pipeline = pipeline
                    pipeline.tier = PipelineTier.inherited(pipeline, lineage: graph, datasetTiers: tiers)
                    let (runs, stats) = try activity.map { $0[StoreQueries.activityKey(pipeline.source, pipeline.pipelineID)]
                                                            ?? ([], PipelineStats.Tally(now: clock).stats) }
                        ?? StoreQueries.recentActivity(db, source: pipeline.source, pipelineID: pipeline.pipelineID,
                                                       now: clock, limit: recentRunsPerPipeline)
                    return PipelineSummary(pipeline: pipeline, recentRuns: runs,
                                           failedTasks: try StoreQueries.failedTasks(db, runs: runs), stats: stats)
                }
            let runbooks = try SQLRow.fetchAll(db, sql: "SELECT * FROM runbooks ORDER BY id").map(Decode.runbook)

            let open = try SQLRow.fetchAll(db, sql: """
                SELECT * FROM incidents WHERE state != 'resolved' ORDER BY severity, opened_at DESC, id
                """)
            let resolved = try SQLRow.fetchAll(db, sql: """
                SELECT * FROM incidents WHERE state = 'resolved' AND coalesce(resolved_at, opened_at) >= ?
                ORDER BY coalesce(resolved_at, opened_at) DESC, id
                """, arguments: [clock.addingTimeInterval(-Self.resolvedIncidentWindow).unixSeconds])
            let incidents = try (open + resolved).map(Decode.incident).map { incident in
                IncidentSummary(incident: incident,
                                timeline: try StoreQueries.timeline(db, incidentID: incident.id),
                                stepProgress: try StoreQueries.stepProgress(db, incidentID: incident.id),
                                actionItems: try StoreQueries.actionItems(db, incidentID: incident.id))
            }

            var snapshot = PlatformSnapshot(now: clock, isDemo: isDemo, sources: sources, pipelines: pipelines,
                                            datasets: datasets, lineage: lineage, incidents: incidents, runbooks: runbooks,
                                            unplaced: unplaced, graph: graph)
            snapshot.notifyTargets = try SQLRow.fetchAll(db, sql: "SELECT * FROM notify_targets ORDER BY name").map(Decode.notifyTarget)
            snapshot.changes = try StoreQueries.changes(db, from: clock.addingTimeInterval(-PlatformSnapshot.changeWindow),
                                                        to: clock.addingTimeInterval(1), limit: Self.snapshotChangeLimit)
            snapshot.changeIncidents = try StoreQueries.changeIncidents(db, since: clock.addingTimeInterval(-PlatformSnapshot.changeWindow))
            // Memory for the open incidents only (none open: nothing read). See `PlatformSnapshot.similar`.
            let openSummaries = incidents.filter { $0.incident.state.isOpen }
            if !openSummaries.isEmpty {
                let past = try StoreQueries.pastIncidents(db, since: clock.addingTimeInterval(-SimilarIncidents.lookBack),
                                                          limit: SimilarIncidents.pastLimit, timelines: .detectedOnly)
                for open in openSummaries {
                    let found = try StoreQueries.similarIncidents(db, to: open, now: clock, past: past)
                    if !found.isEmpty { snapshot.similar[open.incident.id] = found }
                }
            }
            return snapshot
        }
    }
}
