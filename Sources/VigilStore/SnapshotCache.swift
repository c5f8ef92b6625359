import Foundation
import VigilCore

/// A snapshot's datasets, pipelines and incidents, kept by the Store so the next snapshot re-reads only the rows
/// written since (their `row_seq` above the change counter this one was read at; see Migrations+RowVersions.swift).
/// At 100,000 datasets and 10,000 pipelines a full read is seconds; a console woken by one collector pass or one
/// incident action needs a few rows of it.
///
/// What a summary shows also moves with the clock (SLO windows, burn rates, the sparkline's hours, run stats), so a
/// summary is reused for at most `reuse` after it was computed and never across an hour; after that the next
/// snapshot reads everything again. A console re-reads once a minute anyway (ConsoleState.shownAt), so it shows no
/// older figures than before. Rows are kept as shown (with the producers and tiers the lineage gives them); what the
/// rows themselves say of those is kept beside them, for the next join.
final class SnapshotCache: @unchecked Sendable {
    /// How long a summary is reused while its rows are unchanged.
    static let reuse: TimeInterval = 60

    struct Rows: Sendable {
        /// meta change_seq at the read.
        var seq: Int64
        var clock: Date
        var recentRuns: Int
        /// By name (byte order, as `ORDER BY name` on both engines), with the producers the lineage infers once
        /// `derive` ran.
        var datasets: [DatasetSummary]
        /// By source, then pipeline id, with the tiers they inherit once `derive` ran.
        var pipelines: [PipelineSummary]
        /// What the rows say before lineage: the producer a dataset's config names, a pipeline's own tier (by
        /// `StoreQueries.activityKey`). Most have none.
        var configuredProducers: [String: String]
        var storedTiers: [String: Int]
        /// The incidents shown (`shows`) at the clock they were read at, in the order shown (`shownBefore`); the
        /// resolved ones similar incidents are found among, once some incident was open (nil until then, and again
        /// after any incident changed); the largest incidents.row_seq, moved by every incident write.
        var incidents: [IncidentSummary]
        var past: [IncidentSummary]? = nil
        var incidentSeq: Int64
        /// A hash of what the lineage join reads of the datasets: names, identities, aliases, configured producers.
        var identity: Int
        /// The join `derive` last applied, and what changed since: indexes of rows read again (nil: everything),
        /// and whether a dataset's tier changed (pipelines inherit them).
        var derivedFrom: Int?
        var changedDatasets: [Int]? = nil
        var changedPipelines: [Int]? = nil
        var tiersChanged = true
    }

    private let lock = NSLock()
    private var last: Rows?
    /// Snapshots that read only the rows changed, and those that read everything (for tests and the benchmark).
    private(set) var partial = 0, full = 0

    /// The rows kept, when a snapshot at `clock` of a store at change `seq` may start from them.
    func base(seq: Int64, clock: Date, recentRuns: Int) -> Rows? {
        lock.withLock {
            guard let last, last.recentRuns == recentRuns, last.seq <= seq,
                  clock >= last.clock, clock.timeIntervalSince(last.clock) < Self.reuse,
                  LagDay.hour(of: clock.timeIntervalSince1970) == LagDay.hour(of: last.clock.timeIntervalSince1970)
            else { return nil }
            return last
        }
    }

    /// Keeps `rows`. A partial read keeps the clock of the full one it started from: reuse is counted from there.
    func keep(_ rows: Rows, partial wasPartial: Bool) {
        lock.withLock {
            last = rows
            if wasPartial { partial += 1 } else { full += 1 }
        }
    }

    /// Drops what is kept (a read that failed half way must not leave a half-updated base).
    func clear() { lock.withLock { last = nil } }
}

extension SnapshotCache.Rows {
    /// Above this many changed rows a full read is faster than one read per row.
    static func tooMany(_ changed: Int, of count: Int) -> Bool { changed > max(256, count / 8) }

    /// Everything, read at `clock`.
    static func read(_ db: any SQLDatabase, seq: Int64, clock: Date, recentRuns: Int) throws -> Self {
        var datasets: [DatasetSummary] = [], lagDays: [LagDay?] = [], passRates: [Positional.PassRates] = []
        let cursor = try SQLRow.fetchCursor(db, sql: """
            SELECT \(Positional.datasetColumns) FROM datasets WHERE removed_at IS NULL ORDER BY name
            """)
        while let row = try cursor.next() {
            let (summary, lagDay, rates) = try Positional.datasetSummary(row)
            datasets.append(summary)
            lagDays.append(lagDay)
            passRates.append(rates)
        }
        try StoreQueries.attachSLOs(db, to: &datasets, lagDays: lagDays, now: clock)
        lagDays = []
        try StoreQueries.attachQuality(db, to: &datasets, passRates: passRates, now: clock)
        // SQLite walks each pipeline's runs in-process; PostgreSQL reads them all in one round trip.
        let activity = db.dialect == .postgres ? try StoreQueries.recentActivityOfAll(db, now: clock, limit: recentRuns) : nil
        let pipelines = try Array(SQLRow.fetchCursor(db, sql: """
            SELECT * FROM pipelines WHERE removed_at IS NULL ORDER BY source, pipeline_id
            """).map(Decode.pipeline)).map { pipeline in
                try summary(db, of: pipeline, activity: activity.map { $0[StoreQueries.activityKey(pipeline.source, pipeline.pipelineID)]
                                                                         ?? ([], PipelineStats.Tally(now: clock).stats) },
                            clock: clock, recentRuns: recentRuns)
            }
        var configured: [String: String] = [:]
        for d in datasets { if let p = d.dataset.producedBy { configured[d.dataset.name] = p } }
        var tiers: [String: Int] = [:]
        for p in pipelines { if let t = p.pipeline.tier { tiers[key(p)] = t } }
        return Self(seq: seq, clock: clock, recentRuns: recentRuns, datasets: datasets, pipelines: pipelines,
                    configuredProducers: configured, storedTiers: tiers, incidents: try shownIncidents(db, at: clock),
                    incidentSeq: try Int64.fetchOne(db, sql: "SELECT max(row_seq) FROM incidents") ?? 0,
                    identity: identity(datasets, configured: configured))
    }

    /// These rows brought up to change `seq`: the datasets, pipelines and incidents written since read again, as of `clock`
    /// (the rows keep the clock of their full read, from which their reuse is counted); nil when so many changed
    /// that `read` is faster.
    func updated(_ db: any SQLDatabase, to seq: Int64, clock: Date) throws -> Self? {
        guard seq != self.seq else { return self }
        var next = self
        next.seq = seq
        let datasetRows = try SQLRow.fetchAll(db.cachedStatement(sql: """
            SELECT \(Positional.datasetColumns), removed_at FROM datasets WHERE row_seq > ?
            """), arguments: [self.seq])
        let pipelineRows = try SQLRow.fetchAll(db.cachedStatement(sql: "SELECT * FROM pipelines WHERE row_seq > ?"),
                                               arguments: [self.seq])
        let incidentRows = try SQLRow.fetchAll(db.cachedStatement(sql: "SELECT * FROM incidents WHERE row_seq > ?"),
                                               arguments: [self.seq])
        if Self.tooMany(datasetRows.count, of: datasets.count) || Self.tooMany(pipelineRows.count, of: pipelines.count)
            || Self.tooMany(incidentRows.count, of: incidents.count) {
            return nil
        }
        if !incidentRows.isEmpty { try next.replaceIncidents(db, incidentRows, clock: clock) }
        var datasetChanges: [(key: String, value: DatasetSummary?)] = []
        for row in datasetRows {
            var (summary, lagDay, passRates) = try Positional.datasetSummary(row)
            let name = summary.dataset.name
            let removed: Double? = row[Positional.datasetColumnCount]
            guard removed == nil else {
                datasetChanges.append((name, nil))
                continue
            }
            try StoreQueries.attachSLO(db, to: &summary, lagDay: lagDay, now: clock)
            try StoreQueries.attachQuality(db, to: &summary, passRates: passRates, now: clock)
            datasetChanges.append((name, summary))
        }
        var pipelineChanges: [(key: String, value: PipelineSummary?)] = []
        for row in pipelineRows {
            let pipeline = try Decode.pipeline(row)
            let removed: Double? = row["removed_at"]
            pipelineChanges.append((StoreQueries.activityKey(pipeline.source, pipeline.pipelineID),
                                    removed == nil ? try Self.summary(db, of: pipeline, activity: nil, clock: clock, recentRuns: recentRuns) : nil))
        }
        next.apply(datasetChanges, pipelineChanges)
        return next
    }

    /// The incidents in `rows` (written since) read again with their timelines, runbook progress and action items,
    /// in place of what was kept of them.
    private mutating func replaceIncidents(_ db: any SQLDatabase, _ rows: [SQLRow], clock: Date) throws {
        let changed = try rows.map(Decode.incident)
        let ids = Set(changed.map(\.id))
        let (condition, arguments) = StoreQueries.among(Array(ids))
        incidents.removeAll { ids.contains($0.incident.id) }
        incidents += try StoreQueries.summaries(db, of: changed.filter { Self.shows($0, at: clock) }, where: condition, arguments)
        incidents.sort { Self.shownBefore($0.incident, $1.incident) }
        incidentSeq = max(incidentSeq, rows.map { $0["row_seq"] as Int64 }.max() ?? 0)
        past = nil
    }

    /// Whether a console shows `incident` at `clock`: open, or resolved in the week before.
    static func shows(_ incident: Incident, at clock: Date) -> Bool {
        incident.state != .resolved || (incident.resolvedAt ?? incident.openedAt) >= clock.addingTimeInterval(-Store.resolvedIncidentWindow)
    }

    /// The order incidents are shown in: open first, by severity then newest; then resolved, newest resolved first;
    /// ties by id. `shownIncidents` reads them in the same order.
    static func shownBefore(_ a: Incident, _ b: Incident) -> Bool {
        let aResolved = a.state == .resolved, bResolved = b.state == .resolved
        if aResolved != bResolved { return bResolved }
        if aResolved {
            let aAt = a.resolvedAt ?? a.openedAt, bAt = b.resolvedAt ?? b.openedAt
            if aAt != bAt { return aAt > bAt }
        } else {
            if a.severity != b.severity { return a.severity < b.severity }
            if a.openedAt != b.openedAt { return a.openedAt > b.openedAt }
        }
        return bytes(a.id, b.id)
    }

    /// The incidents shown at `clock`, in the order shown, each table read once for all of them.
    private static func shownIncidents(_ db: any SQLDatabase, at clock: Date) throws -> [IncidentSummary] {
        let since = clock.addingTimeInterval(-Store.resolvedIncidentWindow).unixSeconds
        let open = try SQLRow.fetchAll(db, sql: """
            SELECT * FROM incidents WHERE state != 'resolved' ORDER BY severity, opened_at DESC, id
            """)
        let resolved = try SQLRow.fetchAll(db, sql: """
            SELECT * FROM incidents WHERE state = 'resolved' AND coalesce(resolved_at, opened_at) >= ?
            ORDER BY coalesce(resolved_at, opened_at) DESC, id
            """, arguments: [since])
        return try StoreQueries.summaries(db, of: (open + resolved).map(Decode.incident), where: """
            incident_id IN (SELECT id FROM incidents WHERE state != 'resolved' OR coalesce(resolved_at, opened_at) >= ?)
            """, [since])
    }

    /// The changed rows put in place: replaced where they were, or the lists rebuilt and sorted when a row came or
    /// went. Notes for `derive` what it must apply again.
    private mutating func apply(_ datasetChanges: [(key: String, value: DatasetSummary?)],
                                _ pipelineChanges: [(key: String, value: PipelineSummary?)]) {
        var identityMoved = false, tierMoved = false
        if !datasetChanges.isEmpty {
            for (name, summary) in datasetChanges {
                let old = configuredProducers[name]
                configuredProducers[name] = summary?.dataset.producedBy
                identityMoved = identityMoved || old != configuredProducers[name]
            }
            let placed = Self.place(&datasets, datasetChanges, key: \.dataset.name, before: { Self.bytes($0.dataset.name, $1.dataset.name) },
                                    same: { old, new in
                                        identityMoved = identityMoved || old.dataset.identity != new.dataset.identity
                                            || old.dataset.aliases != new.dataset.aliases
                                        tierMoved = tierMoved || old.dataset.tier != new.dataset.tier
                                    })
            if let placed {
                changedDatasets = changedDatasets.map { $0 + placed }
            } else {
                changedDatasets = nil
                identityMoved = true
                tierMoved = true
            }
        }
        if !pipelineChanges.isEmpty {
            for (key, summary) in pipelineChanges { storedTiers[key] = summary?.pipeline.tier }
            let placed = Self.place(&pipelines, pipelineChanges, key: Self.key, before: { a, b in
                a.pipeline.source == b.pipeline.source ? Self.bytes(a.pipeline.pipelineID, b.pipeline.pipelineID)
                    : Self.bytes(a.pipeline.source, b.pipeline.source)
            }, same: { _, _ in })
            changedPipelines = placed.flatMap { placed in changedPipelines.map { $0 + placed } }
        }
        if identityMoved { identity = Self.identity(datasets, configured: configuredProducers) }
        if tierMoved { tiersChanged = true }
    }

    /// Puts each change where its key is in `list` (sorted by `before`) and returns the indexes replaced; `same` sees
    /// each row replaced beside its new one. A row added or removed: the list is rebuilt and sorted, and nil.
    private static func place<T>(_ list: inout [T], _ changes: [(key: String, value: T?)], key: (T) -> String,
                                 before: (T, T) -> Bool, same: (T, T) -> Void) -> [Int]? {
        var replaced: [Int] = []
        var structural = false
        for (k, value) in changes {
            let i = position(of: k, in: list, key: key, before: before, probe: value)
            switch (i, value) {
            case let (i?, new?):
                same(list[i], new)
                list[i] = new
                replaced.append(i)
            case (nil, nil):
                break   // removed, and not shown anyway
            default:
                structural = true
            }
        }
        guard structural else { return replaced }
        let removed = Set(changes.filter { $0.value == nil }.map(\.key))
        let changed = Dictionary(changes.compactMap { c in c.value.map { (c.key, $0) } }, uniquingKeysWith: { _, b in b })
        list.removeAll { removed.contains(key($0)) || changed[key($0)] != nil }
        list += changed.values
        list.sort(by: before)
        return nil
    }

    /// Where the row keyed `k` is in `list`, by binary search; `probe` is a row with that key when there is one (a
    /// removed row has none: then a linear look).
    private static func position<T>(of k: String, in list: [T], key: (T) -> String, before: (T, T) -> Bool, probe: T?) -> Int? {
        guard let probe else { return list.firstIndex { key($0) == k } }
        var low = 0, high = list.count
        while low < high {
            let mid = (low + high) / 2
            if before(list[mid], probe) { low = mid + 1 } else { high = mid }
        }
        return low < list.count && key(list[low]) == k ? low : nil
    }

    /// The lineage's producers and inherited tiers applied: to every row when the join or the rows' order changed,
    /// else to the rows read again only (the others keep what they were given from the same join).
    mutating func derive(_ joined: LineageCache.Joined, key: Int) {
        let everything = derivedFrom != key || changedDatasets == nil
        for i in everything ? Array(datasets.indices) : changedDatasets ?? [] {
            let producer = joined.producers[i]
            if datasets[i].dataset.producedBy != producer.pipeline { datasets[i].dataset.producedBy = producer.pipeline }
            if datasets[i].dataset.producerTask != producer.task { datasets[i].dataset.producerTask = producer.task }
        }
        let allPipelines = everything || tiersChanged || changedPipelines == nil
        let indexes = allPipelines ? Array(pipelines.indices) : changedPipelines ?? []
        if !indexes.isEmpty {
            let tiers = Dictionary(datasets.map { ($0.dataset.name, $0.dataset.tier) }, uniquingKeysWith: { a, _ in a })
            for i in indexes {
                var own = pipelines[i].pipeline
                own.tier = storedTiers[Self.key(pipelines[i])]
                let tier = PipelineTier.inherited(own, lineage: joined.graph, datasetTiers: tiers)
                if pipelines[i].pipeline.tier != tier { pipelines[i].pipeline.tier = tier }
            }
        }
        derivedFrom = key
        changedDatasets = []
        changedPipelines = []
        tiersChanged = false
    }

    /// The datasets as the lineage join reads them: with the producers their config names only.
    func configuredDatasets() -> [Dataset] {
        datasets.map { d in
            var dataset = d.dataset
            dataset.producedBy = configuredProducers[dataset.name]
            dataset.producerTask = nil
            return dataset
        }
    }

    private static func identity(_ datasets: [DatasetSummary], configured: [String: String]) -> Int {
        var hasher = Hasher()
        for d in datasets {
            hasher.combine(d.dataset.name)
            hasher.combine(d.dataset.identity)
            hasher.combine(d.dataset.aliases)
            hasher.combine(configured[d.dataset.name])
        }
        hasher.combine(datasets.count)
        return hasher.finalize()
    }

    private static func key(_ p: PipelineSummary) -> String { StoreQueries.activityKey(p.pipeline.source, p.pipeline.pipelineID) }

    /// A pipeline's summary: its newest runs and stats (`activity` when read already), and its last run's failures.
    private static func summary(_ db: any SQLDatabase, of pipeline: Pipeline, activity: (runs: [PipelineRun], stats: PipelineStats)?,
                                clock: Date, recentRuns: Int) throws -> PipelineSummary {
        let (runs, stats) = try activity ?? StoreQueries.recentActivity(db, source: pipeline.source, pipelineID: pipeline.pipelineID,
                                                                       now: clock, limit: recentRuns)
        return PipelineSummary(pipeline: pipeline, recentRuns: runs, failedTasks: try StoreQueries.failedTasks(db, runs: runs), stats: stats)
    }

    /// Byte order, as SQLite compares text and PostgreSQL under COLLATE "C".
    private static func bytes(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }
}
