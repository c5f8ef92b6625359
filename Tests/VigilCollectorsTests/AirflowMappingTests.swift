import Foundation
import Testing
import VigilCollectors
import VigilCore

/// AirflowMapping on the real captures: the values asserted are the ones in the fixture files.
@Suite struct AirflowMappingTests {
    typealias F = AirflowFixtures

    @Test func statesMapOntoVigilsSeven() {
        let cases: [(String?, RunState)] = [
            ("queued", .queued), ("scheduled", .queued), (nil, .queued), ("none", .queued),
            ("running", .running), ("deferred", .running), ("up_for_reschedule", .running),
            ("success", .success), ("failed", .failed), ("upstream_failed", .upstreamFailed),
            ("up_for_retry", .upForRetry), ("restarting", .upForRetry),
            ("skipped", .skipped), ("removed", .skipped), ("some_future_state", .queued),
        ]
        for (airflow, vigil) in cases { #expect(AirflowMapping.runState(airflow) == vigil, "\(airflow ?? "null")") }
    }

    @Test func v2DagsBecomePipelines() throws {
        let dags = try F.decodeV2(AirflowV2.DAGCollection.self, "dags.json").dags
            .map { AirflowMapping.dag($0, source: "af3") }
        let sync = dags[0], revenue = dags[1], slow = dags[2]
        #expect(sync.pipeline == Pipeline(source: "af3", pipelineID: "customer_sync", schedule: "0 0 * * *",
                                          scheduleInterval: 86_400, owner: "crm-team", isPaused: false, tier: nil,
                                          nextRunDue: dbtUTC("2026-11-27T00:00:00Z")))
        // The file and its last parse: a new parse is when the task list is read again.
        #expect(sync.parseKey?.hasPrefix("eyJidW5kbGVfbmFtZSI6ImRhZ3MtZm9sZGVyIiwicmVsYXRpdmVfZmlsZWxvYyI6ImN1c3RvbWVyX3N5bmMucHkifQ") == true)
        #expect(revenue.pipeline.schedule == "0 * * * *" && revenue.pipeline.scheduleInterval == 3600)
        #expect(revenue.pipeline.owner == "data-eng")
        // "Never, external triggers only": no schedule, nothing can be late.
        #expect(slow.pipeline.schedule == nil && slow.pipeline.scheduleInterval == nil && slow.pipeline.nextRunDue == nil)
    }

    /// Late has one definition, PipelineHealth's, fed by the DAG's next run due and the source's grace.
    @Test func aDagIsLateByPipelineHealthFromItsNextRunDue() throws {
        let paused = try F.decodeV2(AirflowV2.DAGCollection.self, "dags_before_unpause.json").dags
            .map { AirflowMapping.dag($0, source: "af3").pipeline }
        #expect(paused.allSatisfy(\.isPaused) && paused.contains { $0.nextRunDue != nil })
        let dayLater = dbtUTC("2026-11-28T00:00:00Z")
        #expect(paused.allSatisfy { PipelineHealth.of($0, recentRuns: [], now: dayLater) == .paused })
        var live = AirflowMapping.dag(try F.decodeV2(AirflowV2.DAGCollection.self, "dags.json").dags[1], source: "af3").pipeline
        live.lateGrace = 300
        let ran = PipelineRun(source: "af3", pipelineID: "daily_revenue", runID: "r", state: .success,
                              logicalDate: dbtUTC("2026-11-26T20:00:00Z"))
        // daily_revenue's next run is due 22:00: healthy within the grace, late after it.
        #expect(live.nextRunDue == dbtUTC("2026-11-26T22:00:00Z"))
        #expect(PipelineHealth.of(live, recentRuns: [ran], now: dbtUTC("2026-11-26T22:04:00Z")) == .healthy)
        #expect(PipelineHealth.of(live, recentRuns: [ran], now: dbtUTC("2026-11-26T22:06:00Z")) == .late)
        // v1: next_dagrun_create_after is the due time.
        let v1 = try F.decodeV1(AirflowV1.DAGCollection.self, "dags.json").dags.map { AirflowMapping.dag($0, source: "af2").pipeline }
        #expect(PipelineHealth.of(v1[0], recentRuns: [], now: dbtUTC("2026-11-27T00:09:00Z")) == .unknown)
        #expect(PipelineHealth.of(v1[0], recentRuns: [], now: dbtUTC("2026-11-27T00:11:00Z")) == .late)
    }

    @Test func tasksAreListedUpstreamFirst() throws {
        let captured = try F.decodeV2(AirflowTaskCollection.self, "dag_tasks_customer_sync.json").tasks
        #expect(AirflowMapping.taskOrder(captured) == ["fetch_customers", "push_to_crm"])
        // Given in task id order, as Airflow does; the order follows the edges, ties keep Airflow's order.
        let tasks = [AirflowTask(taskId: "a_load", downstreamTaskIds: ["c_report"]),
                     AirflowTask(taskId: "b_extract", downstreamTaskIds: ["a_load", "d_audit"]),
                     AirflowTask(taskId: "c_report", downstreamTaskIds: ["not_listed"]),
                     AirflowTask(taskId: "d_audit", downstreamTaskIds: [])]
        #expect(AirflowMapping.taskOrder(tasks) == ["b_extract", "a_load", "c_report", "d_audit"])
        let cycle = [AirflowTask(taskId: "x", downstreamTaskIds: ["y"]), AirflowTask(taskId: "y", downstreamTaskIds: ["x"]),
                     AirflowTask(taskId: "z")]
        #expect(AirflowMapping.taskOrder(cycle) == ["z", "x", "y"])
    }

    @Test func tierComesFromATierTag() {
        #expect(AirflowMapping.tier(tags: ["crm", "tier:1"]) == 1)
        #expect(AirflowMapping.tier(tags: ["Tier: 2"]) == 2)
        #expect(AirflowMapping.tier(tags: ["crm", "research"]) == nil)
        #expect(AirflowMapping.tier(tags: ["tier:0", "tier:x"]) == nil)
    }

    @Test func v1DagsBecomePipelines() throws {
        let dags = try F.decodeV1(AirflowV1.DAGCollection.self, "dags.json").dags.map { AirflowMapping.dag($0, source: "af2") }
        // v1's next_dagrun is the logical date (start of the interval); the run is due at create_after.
        #expect(dags[0].pipeline == Pipeline(source: "af2", pipelineID: "customer_sync", schedule: "@daily",
                                             scheduleInterval: 86_400, owner: "crm-team", isPaused: false,
                                             nextRunDue: dbtUTC("2026-11-27T00:00:00Z")))
        #expect(dags[0].parseKey?.contains("@") == true)
        #expect(dags[1].pipeline.schedule == "@hourly" && dags[1].pipeline.scheduleInterval == 3600)
        #expect(dags[2].pipeline.schedule == nil && dags[2].pipeline.nextRunDue == nil)
    }

    @Test func v2RunsIncludingManualRunsWithoutLogicalDate() throws {
        let runs = try F.decodeV2(AirflowV2.DAGRunCollection.self, "dag_runs_all_get.json").dagRuns
            .map { AirflowMapping.run($0, source: "af3") }
        let running = runs[0], manualFailed = runs[1], scheduled = runs[3]
        #expect(running.runID == "research_slow_1" && running.state == .running && running.endedAt == nil)
        #expect(abs(running.duration(now: dbtUTC("2026-11-26T21:27:31Z", plus: 0.793091))! - 60) < 1e-5)
        #expect(manualFailed.runID == F.manualCustomerSync && manualFailed.state == .failed)
        #expect(manualFailed.runType == "manual")
        // logical_date is null for manual runs in Airflow 3: run_after (the trigger time) stands in.
        #expect(sameInstant(manualFailed.logicalDate, dbtUTC("2026-11-26T21:26:11Z", plus: 0.422474)))
        // v2's own duration field (15.033418) matches end - start.
        #expect(abs(manualFailed.duration(now: .distantFuture)! - 15.033418) < 1e-5)
        #expect(scheduled.logicalDate == dbtUTC("2026-11-26T00:00:00Z") && scheduled.runType == "scheduled")
    }

    @Test func v1RunsHaveLogicalDatesAndNoDuration() throws {
        let runs = try F.decodeV1(AirflowV1.DAGRunCollection.self, "dag_runs_batch_list_post.json").dagRuns
            .map { AirflowMapping.run($0, source: "af2") }
        let manual = try #require(runs.first { $0.runID == "manual_cs_1" })
        #expect(manual.state == .failed && manual.runType == "manual")
        #expect(sameInstant(manual.logicalDate, dbtUTC("2026-11-26T21:32:24Z", plus: 0.984425)))
        #expect(sameInstant(manual.startedAt, dbtUTC("2026-11-26T21:32:35Z", plus: 0.323624)))
        #expect(runs.first { $0.runID == "research_slow_1" }?.state == .running)
    }

    @Test func failedTaskOnItsLastTry() throws {
        let tasks = try F.decodeV2(AirflowV2.TaskInstanceCollection.self, "task_instances_customer_sync_failed.json")
            .taskInstances.map { AirflowMapping.taskInstance($0, source: "af3") }
        let push = try #require(tasks.first { $0.taskID == "push_to_crm" })
        // retries=1: Airflow says try_number 2, max_tries 1. That is try 2 of 2.
        #expect(push.state == .failed && push.tryNumber == 2 && push.maxTries == 2)
        #expect(push.runID == F.manualCustomerSync && push.operatorName == "@task")
        #expect(abs(push.duration(now: .distantFuture)! - 5.217481) < 1e-5)
        let fetch = try #require(tasks.first { $0.taskID == "fetch_customers" })
        #expect(fetch.state == .success && fetch.tryNumber == 1 && fetch.maxTries == 2)
    }

    @Test func runningTaskWithoutRetries() throws {
        let task = try #require(try F.decodeV2(AirflowV2.TaskInstanceCollection.self, "task_instances_slow_backfill_running.json")
            .taskInstances.first.map { AirflowMapping.taskInstance($0, source: "af3") })
        #expect(task.state == .running && task.tryNumber == 1 && task.maxTries == 1 && task.endedAt == nil)
    }

    @Test func v1TaskInstancesUseTheOperatorClass() throws {
        let ti = try #require(try F.decodeV1(AirflowV1.TaskInstanceCollection.self, "task_instances_customer_sync_failed.json")
            .taskInstances.first)
        let task = AirflowMapping.taskInstance(ti, runID: "manual_cs_1", source: "af2")
        #expect(task.runID == "manual_cs_1" && task.taskID == "push_to_crm")
        #expect(task.tryNumber == 2 && task.maxTries == 2 && task.state == .failed)
        #expect(task.operatorName == "_PythonDecoratedOperator")
    }

    @Test func importErrorsBecomeOneNote() throws {
        let v2 = AirflowMapping.importErrorNote(try F.decodeV2(AirflowImportErrorCollection.self, "import_errors.json"))
        #expect(v2 == "1 DAG file fails to import: broken_dag.py "
                + "(ModuleNotFoundError: No module named 'this_module_does_not_exist')")
        // v1 names the file by absolute path; the note keeps the file name.
        let v1 = AirflowMapping.importErrorNote(try F.decodeV1(AirflowImportErrorCollection.self, "import_errors.json"))
        #expect(v1 == v2)
    }

    @Test func healthNotesOnlyForUnhealthyComponents() throws {
        #expect(AirflowMapping.healthNotes(try F.decodeV2(AirflowHealth.self, "monitor_health.json")).isEmpty)
        #expect(AirflowMapping.healthNotes(try F.decodeV1(AirflowHealth.self, "health.json")).isEmpty)
        var down = try F.decodeV2(AirflowHealth.self, "monitor_health.json")
        down.scheduler?.status = "unhealthy"
        #expect(AirflowMapping.healthNotes(down) == ["scheduler unhealthy, last heartbeat 2026-11-26T21:26:39Z"])
    }

    @Test func assetEventsBecomeFreshnessSamples() throws {
        let observed = dbtUTC("2026-11-26T21:30:00Z")
        let v2 = AirflowMapping.freshnessSamples(
            try F.decodeV2(AirflowV2.AssetEventCollection.self, "asset_events.json").assetEvents, observedAt: observed)
        #expect(v2.count == 1)
        #expect(v2.first?.dataset == "s3://warehouse/revenue_daily" && v2.first?.observedAt == observed)
        #expect(sameInstant(v2.first?.loadedAt, dbtUTC("2026-11-26T21:26:18Z", plus: 0.277223)))  // the newer of two
        let v1 = AirflowMapping.freshnessSamples(
            try F.decodeV1(AirflowV1.DatasetEventCollection.self, "dataset_events.json").datasetEvents, observedAt: observed)
        #expect(v1.map(\.dataset) == ["s3://warehouse/revenue_daily"])
        #expect(sameInstant(v1.first?.loadedAt, dbtUTC("2026-11-26T21:33:07Z", plus: 0.803641)))
    }

    @Test func assetsGiveProducerLineage() throws {
        let edge = LineageEdge(upstream: .pipeline(source: "af", id: "daily_revenue"), downstream: .dataset("s3://warehouse/revenue_daily"))
        #expect(AirflowMapping.lineage(try F.decodeV2(AirflowV2.AssetCollection.self, "assets.json").assets, source: "af")
                == [edge])
        #expect(AirflowMapping.lineage(try F.decodeV1(AirflowV1.DatasetCollection.self, "datasets.json").datasets, source: "af")
                == [edge])
    }
}
