import Foundation
import VigilCore

/// Passed to `Store.write`; valid only inside that call's transaction. Every method is an upsert
/// keyed as noted, or an append for the append-only tables.
public struct StoreWriter {
    let db: any SQLDatabase

    init(db: any SQLDatabase) { self.db = db }

    /// nil deletes the key. `change_seq` is managed by the store.
    public func setMeta(_ key: String, _ value: String?) throws {
        if let value {
            try db.execute(sql: """
                INSERT INTO meta (key, value) VALUES (?, ?)
                ON CONFLICT(key) DO UPDATE SET value = excluded.value
                """, arguments: [key, value])
        } else {
            try db.execute(sql: "DELETE FROM meta WHERE key = ?", arguments: [key])
        }
    }

    /// Key: name. `consecutiveFailures` is counted here, not taken from `s`: one more when `s` is down,
    /// 0 otherwise. `lastPassSeconds` nil keeps the stored figure (collectors that do not time themselves), and so
    /// does `lastSuccessAt` nil: a failing collector writes none and the last good time (from before a restart too)
    /// stays.
    public func upsertSource(_ s: SourceStatus) throws {
        try db.cachedStatement(sql: """
            INSERT INTO sources (name, kind, health, last_attempt_at, last_success_at, last_error,
                                 consecutive_failures, last_pass_s, note)
            VALUES (?, ?, ?, ?, ?, ?, CASE WHEN ? = 'down' THEN 1 ELSE 0 END, ?, ?)
            ON CONFLICT(name) DO UPDATE SET
              kind = excluded.kind, health = excluded.health, last_attempt_at = excluded.last_attempt_at,
              last_success_at = coalesce(excluded.last_success_at, sources.last_success_at), last_error = excluded.last_error,
              consecutive_failures = CASE WHEN excluded.health = 'down' THEN sources.consecutive_failures + 1 ELSE 0 END,
              last_pass_s = coalesce(excluded.last_pass_s, sources.last_pass_s), note = excluded.note
            """).execute(arguments: [
                s.name, s.kind.rawValue, s.health.rawValue, s.lastAttemptAt?.unixSeconds,
                s.lastSuccessAt?.unixSeconds, s.lastError, s.health.rawValue, s.lastPassSeconds, s.note,
            ])
    }

    /// Records how long the last pass over `source` took (measured by whoever ran it).
    public func recordPassDuration(source: String, seconds: Double) throws {
        try db.execute(sql: "UPDATE sources SET last_pass_s = ? WHERE name = ?", arguments: [seconds, source])
    }

    /// Key: source + pipelineID.
    public func upsertPipeline(_ p: Pipeline) throws {
        try upsert("pipelines", key: ["source", "pipeline_id"], [
            ("source", p.source), ("pipeline_id", p.pipelineID), ("schedule", p.schedule),
            ("schedule_interval_s", p.scheduleInterval), ("owner", p.owner), ("is_paused", p.isPaused),
            ("tasks", try JSONText.encode(p.tasks)), ("tier", p.tier), ("next_run_due", p.nextRunDue?.unixSeconds),
            ("late_grace_s", p.lateGrace), ("removed_at", nil),
        ])
        try touchPipeline(source: p.source, id: p.pipelineID)
    }

    /// Key: source + pipelineID + runID.
    public func upsertRun(_ r: PipelineRun) throws {
        try upsert("runs", key: ["source", "pipeline_id", "run_id"], [
            ("source", r.source), ("pipeline_id", r.pipelineID), ("run_id", r.runID), ("state", r.state.rawValue),
            ("logical_date", r.logicalDate?.unixSeconds), ("started_at", r.startedAt?.unixSeconds),
            ("ended_at", r.endedAt?.unixSeconds), ("run_type", r.runType),
        ])
        try touchPipeline(source: r.source, id: r.pipelineID)
    }

    /// Key: source + pipelineID + runID + taskID.
    public func upsertTaskInstance(_ t: TaskInstance) throws {
        try upsert("task_instances", key: ["source", "pipeline_id", "run_id", "task_id"], [
            ("source", t.source), ("pipeline_id", t.pipelineID), ("run_id", t.runID), ("task_id", t.taskID),
            ("state", t.state.rawValue), ("try_number", t.tryNumber), ("max_tries", t.maxTries),
            ("started_at", t.startedAt?.unixSeconds), ("ended_at", t.endedAt?.unixSeconds),
            ("operator_name", t.operatorName), ("error_message", t.errorMessage),
        ])
        try touchPipeline(source: t.source, id: t.pipelineID)
    }

    /// Key: name. Leaves last_loaded_at / last_observed_at alone: only recordFreshness moves them. An identity or
    /// aliases left out (nil, empty) keep the stored ones, since several sources describe one dataset and not all
    /// of them know where it lives. A removed dataset listed again is back.
    public func upsertDataset(_ d: Dataset) throws {
        try db.cachedStatement(sql: """
            INSERT INTO datasets (name, tier, warn_after_s, error_after_s, source, produced_by, owner, slo_target,
                                  slo_window_s, namespace, qualified_name, aliases, removed_at, row_seq)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, \(db.dialect.rowSeq))
            ON CONFLICT(name) DO UPDATE SET
              tier = excluded.tier, warn_after_s = excluded.warn_after_s, error_after_s = excluded.error_after_s,
              source = excluded.source, produced_by = excluded.produced_by, owner = excluded.owner,
              slo_target = excluded.slo_target, slo_window_s = excluded.slo_window_s,
              namespace = coalesce(excluded.namespace, datasets.namespace),
              qualified_name = CASE WHEN excluded.namespace IS NULL THEN datasets.qualified_name ELSE excluded.qualified_name END,
              aliases = CASE WHEN excluded.aliases = '[]' THEN datasets.aliases ELSE excluded.aliases END,
              removed_at = NULL, row_seq = excluded.row_seq
            """).execute(arguments: [
                d.name, d.tier, d.policy.warnAfter, d.policy.errorAfter, d.source, d.producedBy, d.owner,
                d.objective?.target, d.objective?.window, d.identity?.namespace, d.identity?.name,
                try JSONText.encode(d.aliases),
            ])
    }

    /// Appends a history row and moves the dataset's last_loaded_at and last_observed_at forward (never back),
    /// so a late or out-of-order observation cannot make stale data look fresh-then-stale again.
    /// A sample for a dataset not yet upserted is kept as history only.
    /// It also extends the dataset's freshness intervals (the SLO history) from its previous observation to
    /// this one; an observation older than the newest one adds no interval (history is not rewritten).
    public func recordFreshness(_ sample: FreshnessSample) throws {
        let observed = sample.observedAt.unixSeconds
        let loaded = sample.loadedAt?.unixSeconds
        // One read of the dataset's state serves the intervals, the lag day and the pruning below.
        let row = try SQLRow.fetchOne(db.cachedStatement(sql: """
            SELECT warn_after_s, error_after_s, last_loaded_at, last_observed_at, lag_24h, lag_24h_hour FROM datasets WHERE name = ?
            """), arguments: [sample.dataset])
        let previous = row.map { row in
            (policy: FreshnessPolicy(warnAfter: row["warn_after_s"], errorAfter: row["error_after_s"]),
             loaded: (row["last_loaded_at"] as Double?).map { Date(timeIntervalSince1970: $0) },
             observed: (row["last_observed_at"] as Double?).map { Date(timeIntervalSince1970: $0) })
        }
        if let previous { try extendIntervals(with: sample, policy: previous.policy, loaded: previous.loaded, observed: previous.observed) }
        let newest = [previous?.loaded, sample.loadedAt].compactMap { $0 }.max()
        let hour = LagDay.hour(of: observed)
        let day = (row.flatMap { LagDay(blob: $0["lag_24h"], lastHour: $0["lag_24h_hour"]) } ?? LagDay(lastHour: hour))
            .recording(newest.map { max(0, observed - $0.unixSeconds) }, at: hour)
        try db.cachedStatement(sql: "INSERT INTO freshness_samples (dataset, observed_at, loaded_at) VALUES (?, ?, ?)")
            .execute(arguments: [sample.dataset, observed, loaded])
        try db.cachedStatement(sql: """
            UPDATE datasets SET
              last_loaded_at = CASE WHEN CAST(?1 AS DOUBLE PRECISION) IS NOT NULL AND (last_loaded_at IS NULL OR last_loaded_at < ?1)
                                    THEN ?1 ELSE last_loaded_at END,
              last_observed_at = CASE WHEN last_observed_at IS NULL OR last_observed_at < ?2
                                      THEN ?2 ELSE last_observed_at END,
              lag_24h = ?4, lag_24h_hour = ?5, row_seq = \(db.dialect.rowSeq)
            WHERE name = ?3
            """).execute(arguments: [loaded, observed, sample.dataset, day.blob, day.lastHour])
        // Old history goes once an hour per dataset (the first observation of a new hour), not on every write.
        if previous?.observed.map({ LagDay.hour(of: $0.unixSeconds) != hour }) ?? true {
            try prune(dataset: sample.dataset, now: observed)
        }
    }

    /// Replaces every edge reported by `source`; other sources' edges are untouched. `via` names, for a
    /// pipeline -> dataset edge, what inside the pipeline writes the dataset (an Airflow task, a dbt node).
    /// Edges the same as stored are left alone (collectors report their whole lineage every pass), so meta
    /// lineage_seq moves only when the lineage does and snapshots keep their join.
    public func replaceLineage(source: String, edges: [LineageEdge], via: [LineageEdge: String] = [:]) throws {
        let stored = try SQLRow.fetchAll(db.cachedStatement(sql: """
            SELECT upstream, downstream, via FROM lineage_edges WHERE source = ?
            """), arguments: [source]).map { row -> [String] in [row[0], row[1], (row[2] as String?) ?? ""] }
        let given = edges.map { [$0.upstream.text, $0.downstream.text, via[$0] ?? ""] }
        guard Set(stored) != Set(given) else { return }
        try db.execute(sql: "DELETE FROM lineage_edges WHERE source = ?", arguments: [source])
        try addLineage(source: source, edges: edges, via: via)
        try bumpCounter("lineage_seq")
    }

    /// Adds edges to the source's stored lineage (an edge stored already stays as it is).
    public func addLineage(source: String, edges: [LineageEdge], via: [LineageEdge: String] = [:]) throws {
        let insert = try db.cachedStatement(sql: """
            INSERT INTO lineage_edges (source, upstream, downstream, via, upstream_key, downstream_key)
            VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
            """)
        // A node's identity is parsed once here, so every snapshot joins by lookup. Nodes are stored as their text.
        func key(_ node: LineageNode) -> String? { node.datasetName.flatMap(DatasetNameIndex.identityKey) }
        var added = false
        for edge in edges {
            try insert.execute(arguments: [source, edge.upstream.text, edge.downstream.text, via[edge],
                                           key(edge.upstream), key(edge.downstream)])
            added = added || db.changesCount > 0
        }
        if added { try bumpCounter("lineage_seq") }
    }

    /// Key: id.
    public func upsertIncident(_ i: Incident) throws {
        try upsert("incidents", key: ["id"], [
            ("id", i.id), ("title", i.title), ("severity", i.severity.rawValue), ("state", i.state.rawValue),
            ("opened_at", i.openedAt.unixSeconds), ("resolved_at", i.resolvedAt?.unixSeconds), ("lead", i.lead),
            ("affected_datasets", try JSONText.encode(i.affectedDatasets)),
            ("affected_pipelines", try JSONText.encode(i.affectedPipelines)), ("runbook_id", i.runbookID),
            ("cause_key", i.causeKey), ("signal_at", i.signalAt?.unixSeconds), ("kind", i.kind?.rawValue),
            ("resolution", i.resolution?.rawValue), ("cause_change", i.causeChangeID),
        ])
        try touchIncident(i.id)
    }

    /// "INC-1", "INC-2", ... from a counter in meta; skips ids already taken so a reset counter cannot collide.
    public func nextIncidentID() throws -> String {
        var n = Int(try StoreQueries.meta(db, "incident_seq") ?? "") ?? 0
        repeat {
            n += 1
        } while try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM incidents WHERE id = ?)",
                                  arguments: ["INC-\(n)"]) ?? false
        try setMeta("incident_seq", String(n))
        return "INC-\(n)"
    }

    /// Append-only: the table's triggers reject updates and deletes.
    public func appendTimeline(_ e: TimelineEvent) throws {
        try db.execute(sql: """
            INSERT INTO timeline_events (incident_id, at, kind, actor, text) VALUES (?, ?, ?, ?, ?)
            """, arguments: [e.incidentID, e.at.unixSeconds, e.kind.rawValue, e.actor, e.text])
        try touchIncident(e.incidentID)
    }

    /// Key: id.
    public func upsertRunbook(_ r: Runbook) throws {
        try upsert("runbooks", key: ["id"], [
            ("id", r.id), ("title", r.title), ("steps", try JSONText.encode(r.steps)),
            ("applies_to", try JSONText.encode(r.appliesTo)), ("severity", r.severity?.rawValue), ("source_path", r.sourcePath),
        ])
    }

    /// Append-only, like the timeline: the newest entry per step is its status.
    public func recordStepProgress(_ p: RunbookStepProgress) throws {
        try db.execute(sql: """
            INSERT INTO runbook_progress (incident_id, runbook_id, step_index, status, actor, at, note)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [p.incidentID, p.runbookID, p.stepIndex, p.status.rawValue, p.actor, p.at.unixSeconds, p.note])
        try touchIncident(p.incidentID)
    }

    /// Called by Store.write at the end of every transaction: consoles poll this value.
    func bumpChangeCounter() throws { try bumpCounter("change_seq") }

    /// Adds one to the meta counter `key` (1 when absent).
    func bumpCounter(_ key: String) throws {
        try db.cachedStatement(sql: """
            INSERT INTO meta (key, value) VALUES (?, '1')
            ON CONFLICT(key) DO UPDATE SET value = CAST(CAST(meta.value AS BIGINT) + 1 AS TEXT)
            """).execute(arguments: [key])
    }

    /// Stamps the dataset's row with this write's change counter (datasets.row_seq), for what changed its summary
    /// beside the row itself (intervals, check results): the next snapshot reads it again.
    func touchDataset(_ name: String) throws {
        try db.cachedStatement(sql: "UPDATE datasets SET row_seq = \(db.dialect.rowSeq) WHERE name = ?").execute(arguments: [name])
    }

    /// The same for a pipeline (pipelines.row_seq), for its runs and task instances.
    func touchPipeline(source: String, id: String) throws {
        try db.cachedStatement(sql: "UPDATE pipelines SET row_seq = \(db.dialect.rowSeq) WHERE source = ? AND pipeline_id = ?")
            .execute(arguments: [source, id])
    }

    /// The same for an incident (incidents.row_seq), for the row and what is appended to it: timeline entries and
    /// runbook progress (an action item's every write appends its timeline entry).
    func touchIncident(_ id: String) throws {
        try db.cachedStatement(sql: "UPDATE incidents SET row_seq = \(db.dialect.rowSeq) WHERE id = ?").execute(arguments: [id])
    }

    /// INSERT ... ON CONFLICT DO UPDATE for the listed columns; unlisted columns keep their stored values.
    private func upsert(_ table: String, key: [String], _ columns: [(String, (any SQLValueConvertible)?)]) throws {
        try db.cachedStatement(sql: Self.upsertSQL(table, key: key, columns: columns.map(\.0)))
            .execute(arguments: SQLArguments(columns.map(\.1)))
    }

    /// INSERT … ON CONFLICT (key) DO UPDATE of every other listed column: a row replaced in place, on both engines.
    static func upsertSQL(_ table: String, key: [String], columns: [String]) -> String {
        let updates = columns.filter { !key.contains($0) }.map { "\($0) = excluded.\($0)" }
        return """
            INSERT INTO \(table) (\(columns.joined(separator: ", ")))
            VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))
            ON CONFLICT(\(key.joined(separator: ", "))) DO UPDATE SET \(updates.joined(separator: ", "))
            """
    }
}

// The wrapped connection is confined to the transaction's thread.
@available(*, unavailable)
extension StoreWriter: Sendable {}

extension StoreWriter {
    /// One incident, read inside the write transaction (to check its state before changing it).
    public func incident(id: String) throws -> Incident? {
        try SQLRow.fetchOne(db, sql: "SELECT * FROM incidents WHERE id = ?", arguments: [id]).map(Decode.incident)
    }
}

extension StoreWriter {
    /// One runbook, read inside the write transaction.
    public func runbook(id: String) throws -> Runbook? {
        try SQLRow.fetchOne(db, sql: "SELECT * FROM runbooks WHERE id = ?", arguments: [id]).map(Decode.runbook)
    }
}

extension StoreWriter {
    /// The open incident detection opened for `causeKey`, if any (the newest when several).
    public func openIncidentID(causeKey: String) throws -> String? {
        try String.fetchOne(db, sql: """
            SELECT id FROM incidents WHERE cause_key = ? AND state != 'resolved' ORDER BY opened_at DESC LIMIT 1
            """, arguments: [causeKey])
    }
}
