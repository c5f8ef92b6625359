import Foundation
import VigilCore

extension Store {
    /// How long resolved incidents stay on screen.
    static let resolvedIncidentWindow: TimeInterval = 7 * 86_400
    /// At most this many changes in a snapshot (the newest).
    static let snapshotChangeLimit = 2_000

    /// Everything a console shows, read in one read transaction so panes never disagree.
    /// `now` defaults to the demo's meta "clock" when present, else the real time. Without `now`, the datasets and
    /// pipelines unchanged since this Store's last snapshot are taken from it (SnapshotCache); with `now` (a report
    /// as of a time, a test) everything is read.
    public func snapshot(now: Date? = nil, recentRunsPerPipeline: Int = 24) throws -> PlatformSnapshot {
        do {
            return try database.read { db in try snapshot(db, now: now, recentRuns: recentRunsPerPipeline) }
        } catch {
            snapshotCache.clear()
            throw error
        }
    }

    private func snapshot(_ db: any SQLDatabase, now: Date?, recentRuns: Int) throws -> PlatformSnapshot {
        let demoClock = try StoreQueries.meta(db, "clock").flatMap(StoreQueries.parseClock)
        let clock = now ?? demoClock ?? Date()
        let isDemo = try StoreQueries.meta(db, "demo") == "1"
        let seq = try StoreQueries.meta(db, "change_seq").flatMap { Int64($0) } ?? 0

        let sources = try SQLRow.fetchAll(db, sql: "SELECT * FROM sources ORDER BY name").map(Decode.source)
        // `rows` alone holds what it was updated into: derive changes it in place, not a copy.
        var rows: SnapshotCache.Rows
        var partial = false
        if now == nil, let updated = try snapshotCache.base(seq: seq, clock: clock, recentRuns: recentRuns)?.updated(db, to: seq, clock: clock) {
            rows = updated
            partial = true
        } else {
            rows = try SnapshotCache.Rows.read(db, seq: seq, clock: clock, recentRuns: recentRuns)
        }
        let (key, joined) = try lineageCache.joined(db, identity: rows.identity, datasets: rows.configuredDatasets)
        let lineage = joined.lineage, graph = joined.graph, unplaced = joined.unplaced
        rows.derive(joined, key: key)
        let incidents = rows.incidents.filter { SnapshotCache.Rows.shows($0.incident, at: clock) }
        // The memory for the open incidents only (none open: nothing read). See `PlatformSnapshot.similar`.
        let open = incidents.filter { $0.incident.state.isOpen }
        if !open.isEmpty, rows.past == nil {
            rows.past = try StoreQueries.pastIncidents(db, since: clock.addingTimeInterval(-SimilarIncidents.lookBack),
                                                       limit: SimilarIncidents.pastLimit, timelines: .detectedOnly)
        }
        if now == nil { snapshotCache.keep(rows, partial: partial) }
        let datasets = rows.datasets, pipelines = rows.pipelines
        let runbooks = try SQLRow.fetchAll(db, sql: "SELECT * FROM runbooks ORDER BY id").map(Decode.runbook)

        var snapshot = PlatformSnapshot(now: clock, isDemo: isDemo, sources: sources, pipelines: pipelines,
                                        datasets: datasets, lineage: lineage, incidents: incidents, runbooks: runbooks,
                                        unplaced: unplaced, graph: graph)
        snapshot.notifyTargets = try SQLRow.fetchAll(db, sql: "SELECT * FROM notify_targets ORDER BY name").map(Decode.notifyTarget)
        snapshot.changes = try StoreQueries.changes(db, from: clock.addingTimeInterval(-PlatformSnapshot.changeWindow),
                                                    to: clock.addingTimeInterval(1), limit: Self.snapshotChangeLimit)
        snapshot.changeIncidents = try StoreQueries.changeIncidents(db, since: clock.addingTimeInterval(-PlatformSnapshot.changeWindow))
        if !open.isEmpty, let kept = rows.past {
            let since = clock.addingTimeInterval(-SimilarIncidents.lookBack)
            let past = kept.filter { ($0.incident.resolvedAt ?? $0.incident.openedAt) >= since }
            let key = SimilarKey(open: open.map(\.incident), past: past.map(\.incident), incidents: rows.incidentSeq)
            snapshot.similar = try similarCache.value(for: key) { try StoreQueries.similar(db, to: open, among: past) }
        }
        return snapshot
    }
}

/// The snapshot's lineage: every source's edges joined onto one graph, and the producers it infers. It depends only
/// on the stored edges and on the datasets' names, identities, aliases and configured producers, so it is kept from
/// one read to the next while those hash the same and meta lineage_seq, moved by every write of the edges, has not
/// moved (at 20,000 datasets the join and the graph were 40% of a snapshot). Each Store keeps its own.
final class LineageCache: @unchecked Sendable {
    struct Joined: Sendable {
        var lineage: [LineageEdge]
        var graph: LineageGraph
        var unplaced: [String: [String]]
        /// Per dataset, in the order given: the pipeline producing it (configured, else inferred) and the task in it.
        var producers: [(pipeline: String?, task: String?)]
    }

    private let kept = KeptValue<Int, Joined>()
    /// Joins made rather than reused, for tests.
    var builds: Int { kept.computed }

    /// Stored edges, in key order: the same order on both engines, whatever order the rows were written in.
    private static let edgesSQL = """
        SELECT source, upstream, downstream, upstream_key, downstream_key, via FROM lineage_edges
        ORDER BY source, upstream, downstream
        """

    /// The join for datasets whose names, identities, aliases and configured producers hash to `identity`
    /// (`datasets` gives them, when the join is made again), and the key it is kept under.
    func joined(_ db: any SQLDatabase, identity: Int, datasets: () -> [Dataset]) throws -> (key: Int, joined: Joined) {
        var hasher = Hasher()
        hasher.combine(identity)
        // Every lineage write moves meta lineage_seq (StoreWriter.addLineage, replaceLineage).
        hasher.combine(try StoreQueries.meta(db, "lineage_seq"))
        let key = hasher.finalize()
        return (key, try kept.value(for: key) { try Self.join(db, datasets: datasets()) })
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

/// The similar past incidents of the open ones are kept while what they were ranked and described from is the same:
/// the open and the past incidents, with their timelines and runbook progress (the largest incidents.row_seq moves
/// with every write of an incident or of what is appended to it). Ranking every open incident against the past is
/// most of a snapshot while an outage keeps hundreds open (534 against 180 resolved on the generated platform: 30 ms
/// a read). Each Store keeps its own.
struct SimilarKey: Equatable, Sendable {
    var open: [Incident]
    var past: [Incident]
    var incidents: Int64
}

/// The last value computed for a key, given again while the same key asks (a Store keeps the lineage join and the
/// similar incidents so).
final class KeptValue<Key: Equatable & Sendable, Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var last: (key: Key, value: Value)?
    /// Values computed rather than given again, for tests.
    private(set) var computed = 0

    func value(for key: Key, compute: () throws -> Value) rethrows -> Value {
        if let last = lock.withLock({ self.last }), last.key == key { return last.value }
        let value = try compute()
        lock.withLock {
            last = (key, value)
            computed += 1
        }
        return value
    }
}
