import Foundation
import Testing
import VigilCore
@testable import VigilStore

/// Every upsert writes what the reads give back, and a second upsert with the same key replaces the row.
@Suite struct RoundTripTests {
    @Test func metaSetReadAndDelete() throws {
        let store = try freshStore()
        try store.write { try $0.setMeta("demo", "1") }
        #expect(try store.meta("demo") == "1")
        try store.write { try $0.setMeta("demo", "0") }
        #expect(try store.meta("demo") == "0")
        try store.write { try $0.setMeta("demo", nil) }
        #expect(try store.meta("demo") == nil)
    }

    @Test func sourcesUpsertByName() throws {
        let store = try freshStore()
        let down = SourceStatus(name: "airflow", kind: .airflow, health: .down, lastAttemptAt: t(10),
                                lastSuccessAt: t(0), lastError: "HTTP 503")
        try store.write { try $0.upsertSource(SourceStatus(name: "airflow", kind: .airflow, health: .ok)) }
        try store.write { try $0.upsertSource(down) }
        try store.write { try $0.upsertSource(SourceStatus(name: "dbt", kind: .dbt)) }
        let sources = try store.snapshot(now: t(0)).sources
        var stored = down
        stored.consecutiveFailures = 1
        #expect(sources == [stored, SourceStatus(name: "dbt", kind: .dbt)])
    }

    /// Failures in a row are counted by the store whatever the collector passes; a success resets them.
    @Test func consecutiveFailuresCountDownPollsAndResetOnSuccess() throws {
        let store = try freshStore()
        func write(_ health: SourceHealth) throws -> SourceStatus? {
            try store.write { try $0.upsertSource(SourceStatus(name: "wh", kind: .postgres, health: health,
                                                                consecutiveFailures: 99)) }
            return try store.snapshot(now: t(0)).sources.first
        }
        #expect(try write(.down)?.consecutiveFailures == 1)
        #expect(try write(.down)?.consecutiveFailures == 2)
        #expect(try write(.down)?.consecutiveFailures == 3)
        #expect(try write(.degraded)?.consecutiveFailures == 0)
        #expect(try write(.down)?.consecutiveFailures == 1)
        #expect(try write(.ok)?.consecutiveFailures == 0)
    }

    /// A pass duration recorded after the pass survives the collector's next status write without one.
    @Test func passDurationAndNoteRoundTrip() throws {
        let store = try freshStore()
        try store.write { w in
            try w.upsertSource(SourceStatus(name: "wh", kind: .postgres, health: .ok, note: "no pg_monitor"))
            try w.recordPassDuration(source: "wh", seconds: 0.25)
        }
        try store.write { try $0.upsertSource(SourceStatus(name: "wh", kind: .postgres, health: .ok, note: "no pg_monitor")) }
        let source = try #require(try store.snapshot(now: t(0)).sources.first)
        #expect(source.lastPassSeconds == 0.25)
        #expect(source.note == "no pg_monitor")
        try store.write { try $0.upsertSource(SourceStatus(name: "wh", kind: .postgres, health: .ok, lastPassSeconds: 1.5)) }
        let later = try #require(try store.snapshot(now: t(0)).sources.first)
        #expect(later.lastPassSeconds == 1.5)
        #expect(later.note == nil)
    }

    @Test func pipelinesUpsertBySourceAndID() throws {
        let store = try freshStore()
        let v1 = Pipeline(source: "airflow", pipelineID: "etl", schedule: "@hourly", scheduleInterval: 3600)
        let v2 = Pipeline(source: "airflow", pipelineID: "etl", schedule: "@daily", scheduleInterval: 86400,
                          owner: "ana", isPaused: true, tasks: ["extract", "load"], tier: 1)
        let other = Pipeline(source: "dbt", pipelineID: "etl")
        try store.write { w in
            try w.upsertPipeline(v1)
            try w.upsertPipeline(other)
        }
        try store.write { try $0.upsertPipeline(v2) }
        #expect(try store.snapshot(now: t(0)).pipelines.map(\.pipeline) == [v2, other])
    }

    @Test func runsUpsertByRunID() throws {
        let store = try freshStore()
        try store.write { try $0.upsertRun(Fixture.run("r1", state: .running, logical: 0, started: 5)) }
        var finished = Fixture.run("r1", state: .failed, logical: 0, started: 5)
        finished.runType = "manual"
        try store.write { try $0.upsertRun(finished) }
        #expect(try store.runs(source: "airflow", pipelineID: "etl") == [finished])
        #expect(try store.runs(source: "airflow", pipelineID: "other").isEmpty)
    }

    @Test func taskInstancesUpsertAndOrderByStart() throws {
        let store = try freshStore()
        func task(_ id: String, started: TimeInterval?, state: RunState = .success) -> TaskInstance {
            TaskInstance(source: "airflow", pipelineID: "etl", runID: "r1", taskID: id, state: state,
                         tryNumber: 2, maxTries: 3, startedAt: started.map(t), endedAt: started.map { t($0 + 9) },
                         operatorName: "PythonOperator", errorMessage: state == .failed ? "boom\nline 2" : nil)
        }
        try store.write { w in
            try w.upsertTaskInstance(task("load", started: 20, state: .running))
            try w.upsertTaskInstance(task("report", started: nil, state: .queued))
            try w.upsertTaskInstance(task("b_extract", started: 10))
            try w.upsertTaskInstance(task("a_extract", started: 10))
        }
        try store.write { try $0.upsertTaskInstance(task("load", started: 20, state: .failed)) }
        let tasks = try store.taskInstances(source: "airflow", pipelineID: "etl", runID: "r1")
        #expect(tasks.map(\.taskID) == ["a_extract", "b_extract", "load", "report"])
        #expect(tasks[2] == task("load", started: 20, state: .failed))
        #expect(try store.taskInstances(source: "airflow", pipelineID: "etl", runID: "r2").isEmpty)
    }

    @Test func datasetsUpsertByName() throws {
        let store = try freshStore()
        var revenue = Fixture.dataset("analytics.fct_revenue")
        try store.write { try $0.upsertDataset(revenue) }
        revenue.tier = 2
        revenue.policy = FreshnessPolicy(warnAfter: 60, errorAfter: 120)
        revenue.owner = nil
        revenue.objective = FreshnessObjective(target: 0.98, window: 7 * 86_400)
        try store.write { try $0.upsertDataset(revenue) }
        let summaries = try store.snapshot(now: t(0)).datasets
        #expect(summaries.map(\.dataset) == [revenue])
        #expect(summaries.first?.lastLoadedAt == nil && summaries.first?.lastObservedAt == nil)
        // Never observed: an SLO report with no figures, against the objective set.
        #expect(summaries.first?.slo?.objective == revenue.objective)
        #expect(summaries.first?.slo?.attainment == nil)
    }

    @Test func incidentsUpsertByID() throws {
        let store = try freshStore()
        var incident = Fixture.incident("INC-1", severity: .sev2, opened: 0)
        try store.write { try $0.upsertIncident(incident) }
        incident.state = .acknowledged
        incident.severity = .sev1
        incident.lead = "bo"
        incident.affectedDatasets = ["a", "b"]
        try store.write { try $0.upsertIncident(incident) }
        let incidents = try store.snapshot(now: t(60)).incidents
        #expect(incidents.map(\.incident) == [incident])
    }

    @Test func runbooksUpsertByID() throws {
        let store = try freshStore()
        let first = Runbook(id: "rb-stale", title: "Stale data", steps: [RunbookStep(title: "Check")])
        let second = Runbook(id: "rb-stale", title: "Stale dataset", steps: [
            RunbookStep(title: "Check the DAG", detail: "Look at the grid", command: "airflow dags list-runs etl"),
            RunbookStep(title: "Backfill"),
        ])
        try store.write { try $0.upsertRunbook(first) }
        try store.write { try $0.upsertRunbook(second) }
        #expect(try store.snapshot(now: t(0)).runbooks == [second])
    }

    @Test func runbookSelectorsSeverityAndSourceRoundTrip() throws {
        let store = try freshStore()
        let runbook = Runbook(id: "stale-tier1-table", title: "Stale tier-1 table", steps: [RunbookStep(title: "Check")],
                              appliesTo: [.tier(1), .dataset("raw.*"), .pipeline("customer_sync"), .tag("crm")],
                              severity: .sev2, sourcePath: "runbooks/stale-tier1-table.md")
        let bare = Runbook(id: "by-hand", title: "Attached by hand", steps: [RunbookStep(title: "Look")])
        try store.write { w in
            try w.upsertRunbook(runbook)
            try w.upsertRunbook(bare)
        }
        #expect(try store.snapshot(now: t(0)).runbooks == [bare, runbook])
        let stored = try store.database.read { db in
            try String.fetchOne(db, sql: "SELECT applies_to FROM runbooks WHERE id = 'stale-tier1-table'")
        }
        #expect(stored == #"[{"tier":1},{"dataset":"raw.*"},{"pipeline":"customer_sync"},{"tag":"crm"}]"#)
    }

    @Test func lineageIsReplacedPerSourceAndDeduplicated() throws {
        let store = try freshStore()
        let shared = LineageEdge(upstream: .dataset("raw.orders"), downstream: .pipeline(source: "airflow", id: "etl"))
        let old = LineageEdge(upstream: .pipeline(source: "airflow", id: "etl"), downstream: .dataset("stg.orders"))
        let new = LineageEdge(upstream: .pipeline(source: "airflow", id: "etl"), downstream: .dataset("analytics.fct_revenue"))
        try store.write { w in
            try w.replaceLineage(source: "airflow", edges: [shared, old, old])
            try w.replaceLineage(source: "dbt", edges: [shared])
        }
        try store.write { try $0.replaceLineage(source: "airflow", edges: [shared, new]) }
        #expect(Set(try store.snapshot(now: t(0)).lineage) == [shared, new])
        #expect(try store.snapshot(now: t(0)).lineage.count == 2)

        try store.write { try $0.replaceLineage(source: "airflow", edges: []) }
        #expect(try store.snapshot(now: t(0)).lineage == [shared])
    }

    @Test func incidentIDsCountUpAndSkipTakenIDs() throws {
        let store = try freshStore()
        var ids: [String] = []
        try store.write { w in
            ids.append(try w.nextIncidentID())
            ids.append(try w.nextIncidentID())
            try w.upsertIncident(Fixture.incident("INC-3", severity: .sev3, opened: 0))
        }
        try store.write { ids.append(try $0.nextIncidentID()) }
        #expect(ids == ["INC-1", "INC-2", "INC-4"])
    }

    @Test func failedWriteLeavesNothingBehind() throws {
        struct Boom: Error {}
        let store = try freshStore()
        let before = try store.changeToken()
        #expect(throws: Boom.self) {
            try store.write { w in
                try w.upsertSource(SourceStatus(name: "airflow", kind: .airflow))
                throw Boom()
            }
        }
        #expect(try store.snapshot(now: t(0)).sources.isEmpty)
        #expect(try store.changeToken() == before)
    }
}
