import Foundation
import GRDB
import VigilCore

extension Store {
    /// How long resolved incidents stay on screen.
    static let resolvedIncidentWindow: TimeInterval = 7 * 86_400

    /// Everything a console shows, read in one read transaction so panes never disagree.
    /// `now` defaults to the demo's meta "clock" when present, else the real time.
    public func snapshot(now: Date? = nil, recentRunsPerPipeline: Int = 24) throws -> PlatformSnapshot {
        try database.read { db in
            let demoClock = try StoreQueries.meta(db, "clock").flatMap(StoreQueries.parseClock)
            let clock = now ?? demoClock ?? Date()
            let isDemo = try StoreQueries.meta(db, "demo") == "1"

            let sources = try Row.fetchAll(db, sql: "SELECT * FROM sources ORDER BY name").map(Decode.source)
            // Cursors decode each row where SQLite holds it; fetchAll would copy 20,000 rows first.
            let rows = try Array(Row.fetchCursor(db, sql: """
                SELECT \(Positional.datasetColumns) FROM datasets WHERE removed_at IS NULL ORDER BY name
                """).map(Positional.datasetSummary))
            var datasets = rows.map(\.summary)
            try StoreQueries.attachSLOs(db, to: &datasets, lagDays: rows.map(\.lagDay), now: clock)
            try StoreQueries.attachQuality(db, to: &datasets, now: clock)
            // Every source's edges joined onto one graph: an Airflow asset URI, a dbt node and a warehouse table
            // that are the same dataset become one node.
            let reported = try Row.fetchAll(db, sql: """
                SELECT source, upstream, downstream, via FROM lineage_edges ORDER BY upstream, downstream
                """)
            let index = DatasetNameIndex(datasets.map(\.dataset))
            var unplaced: [String: [String]] = [:]
            var edges: [LineageEdge] = []
            for (source, group) in Dictionary(grouping: reported, by: { $0[0] as String }) {
                let joined = index.join(group.map { LineageEdge(upstream: $0[1], downstream: $0[2]) })
                edges += joined.edges
                if !joined.unplaced.isEmpty { unplaced[source] = joined.unplaced.sorted() }
            }
            let lineage = Array(Set(edges)).sorted { ($0.upstream, $0.downstream) < ($1.upstream, $1.downstream) }
            let graph = LineageGraph(lineage)
            // What writes each dataset, on the joined graph: the task or node the source named on its edge.
            var via: [String: (pipeline: String, task: String)] = [:]
            for row in reported {
                guard let task = row[3] as String?, let up: String = row[1], up.hasPrefix(LineageEdge.pipelinePrefix) else { continue }
                let down: String = row[2]
                guard let name = index.resolve(String(down.dropFirst(LineageEdge.datasetPrefix.count))) else { continue }
                via[name] = (String(up.split(separator: "/", maxSplits: 1).last ?? ""), task)
            }
            // Producers inferred from the joined graph where the config names none: the pipeline that writes the
            // dataset (an Airflow DAG through its outlet asset, the dbt project for a model), and the task in it.
            for i in datasets.indices {
                let name = datasets[i].dataset.name
                if datasets[i].dataset.producedBy == nil {
                    let producer = graph.directUpstream(of: LineageEdge.dataset(name)).first { $0.hasPrefix(LineageEdge.pipelinePrefix) }
                    datasets[i].dataset.producedBy = producer.flatMap { node in
                        node.split(separator: "/", maxSplits: 1).last.map(String.init)
                    }
                }
                if let v = via[name], v.pipeline == datasets[i].dataset.producedBy { datasets[i].dataset.producerTask = v.task }
            }
            let tiers = Dictionary(datasets.map { ($0.dataset.name, $0.dataset.tier) }, uniquingKeysWith: { a, _ in a })
            let pipelines = try Array(Row.fetchCursor(db, sql: "SELECT * FROM pipelines WHERE removed_at IS NULL ORDER BY source, pipeline_id")
                .map(Decode.pipeline))
                .map { pipeline in
                    var pipeline = pipeline
                    pipeline.tier = PipelineTier.inherited(pipeline, lineage: graph, datasetTiers: tiers)
                    let (runs, stats) = try StoreQueries.recentActivity(db, source: pipeline.source, pipelineID: pipeline.pipelineID,
                                                                        now: clock, limit: recentRunsPerPipeline)
                    return PipelineSummary(pipeline: pipeline, recentRuns: runs,
                                           failedTasks: try StoreQueries.failedTasks(db, runs: runs), stats: stats)
                }
            let runbooks = try Row.fetchAll(db, sql: "SELECT * FROM runbooks ORDER BY id").map(Decode.runbook)

            let open = try Row.fetchAll(db, sql: """
                SELECT * FROM incidents WHERE state != 'resolved' ORDER BY severity, opened_at DESC, id
                """)
            let resolved = try Row.fetchAll(db, sql: """
                SELECT * FROM incidents WHERE state = 'resolved' AND coalesce(resolved_at, opened_at) >= ?
                ORDER BY coalesce(resolved_at, opened_at) DESC, id
                """, arguments: [clock.addingTimeInterval(-Self.resolvedIncidentWindow).unixSeconds])
            let incidents = try (open + resolved).map(Decode.incident).map { incident in
                IncidentSummary(incident: incident,
                                timeline: try StoreQueries.timeline(db, incidentID: incident.id),
                                stepProgress: try StoreQueries.stepProgress(db, incidentID: incident.id))
            }

            return PlatformSnapshot(now: clock, isDemo: isDemo, sources: sources, pipelines: pipelines,
                                    datasets: datasets, lineage: lineage, incidents: incidents, runbooks: runbooks,
                                    unplaced: unplaced)
        }
    }
}
