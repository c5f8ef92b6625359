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
            let joined = try lineageCache.joined(db, datasets: datasets.map(\.dataset))
            let lineage = joined.lineage, graph = joined.graph, unplaced = joined.unplaced
            for (i, producer) in joined.producers.enumerated() {
                datasets[i].dataset.producedBy = producer.pipeline
                datasets[i].dataset.producerTask = producer.task
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

/// The snapshot's lineage: every source's edges joined onto one graph, and the producers it infers. It depends only
/// on the stored edges and on the datasets' names, identities, aliases and configured producers, so it is kept from
/// one read to the next while those hash the same (at 20,000 datasets the join and the graph were 40% of a
/// snapshot; hashing their inputs costs a read of the edges and no parsing). Each Store keeps its own.
final class LineageCache: @unchecked Sendable {
    struct Joined: Sendable {
        var lineage: [LineageEdge]
        var graph: LineageGraph
        var unplaced: [String: [String]]
        /// Per dataset, in the order given: the pipeline producing it (configured, else inferred) and the task in it.
        var producers: [(pipeline: String?, task: String?)]
    }

    private let lock = NSLock()
    private var last: (key: Int, joined: Joined)?
    /// Joins made rather than reused, for tests.
    private(set) var builds = 0

    /// Stored edges, in key order: the same order on both engines, whatever order the rows were written in.
    private static let edgesSQL = """
        SELECT source, upstream, downstream, upstream_key, downstream_key, via FROM lineage_edges
        ORDER BY source, upstream, downstream
        """

    func joined(_ db: any SQLDatabase, datasets: [Dataset]) throws -> Joined {
        var hasher = Hasher()
        for d in datasets {
            hasher.combine(d.name)
            hasher.combine(d.identity)
            hasher.combine(d.aliases)
            hasher.combine(d.producedBy)
        }
        hasher.combine(datasets.count)
        let rows = try SQLRow.fetchCursor(db.cachedStatement(sql: Self.edgesSQL))
        var edges = 0
        while let row = try rows.next() {
            for i in 0..<6 { hasher.combine(row[i] as String?) }
            edges += 1
        }
        hasher.combine(edges)
        let key = hasher.finalize()
        if let last = lock.withLock({ self.last }), last.key == key { return last.joined }
        let joined = try Self.join(db, datasets: datasets)
        lock.withLock {
            self.last = (key, joined)
            builds += 1
        }
        return joined
    }

    private static func join(_ db: any SQLDatabase, datasets: [Dataset]) throws -> Joined {
        // An Airflow asset URI, a dbt node and a warehouse table that are the same dataset become one node. Nodes
        // are stored as their text (LineageNode.text); a row naming neither a dataset nor a pipeline is skipped.
        let reported = try SQLRow.fetchCursor(db.cachedStatement(sql: edgesSQL)).compactMap { row -> DatasetNameIndex.ReportedEdge? in
            guard let upstream = LineageNode(parsing: row[1]), let downstream = LineageNode(parsing: row[2]) else { return nil }
            return DatasetNameIndex.ReportedEdge(source: row[0], edge: LineageEdge(upstream: upstream, downstream: downstream),
                                                 upstreamKey: row[3], downstreamKey: row[4], via: row[5])
        }
        let joined = DatasetNameIndex(datasets).join(try Array(reported))
        // LineageGraph orders each node's neighbours itself.
        let graph = LineageGraph(joined.edges)
        // Producers inferred from the joined graph where the config names none: the pipeline that writes the
        // dataset (an Airflow DAG through its outlet asset, the dbt project for a model), and the task in it.
        let producers = datasets.map { d -> (pipeline: String?, task: String?) in
            let pipeline = d.producedBy ?? graph.directUpstream(of: .dataset(d.name)).lazy.compactMap(\.pipelineID).first
            let task = joined.producers[d.name].flatMap { p in p.pipeline.pipelineID == pipeline ? p.task : nil }
            return (pipeline, task)
        }
        return Joined(lineage: joined.edges, graph: graph, unplaced: joined.unplaced.mapValues { $0.sorted() },
                      producers: producers)
    }
}
