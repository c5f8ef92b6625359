import Foundation
import Testing
@testable import VigilCollectors
import VigilCore

/// The pure mapping of a real Dagster 1.13's answers (Fixtures/dagster-1.13) onto Vigil's domain.
@Suite struct DagsterMappingTests {
    let source = "dagster"

    @Test func runStatusesMapOntoVigilStates() {
        let expected: [String: RunState] = [
            "QUEUED": .queued, "NOT_STARTED": .queued, "MANAGED": .queued, "STARTING": .running, "STARTED": .running,
            "CANCELING": .running, "SUCCESS": .success, "FAILURE": .failed, "CANCELED": .skipped, "SOMETHING_NEW": .queued,
        ]
        for (status, state) in expected { #expect(DagsterMapping.runState(status) == state, "\(status)") }
        #expect(DagsterMapping.stepState("FAILURE") == .failed && DagsterMapping.stepState("SKIPPED") == .skipped)
        #expect(DagsterMapping.stepState("IN_PROGRESS") == .running && DagsterMapping.stepState(nil) == .queued)
    }

    @Test func everyCapturedRunKeepsItsJobAndState() throws {
        let runs = try DagsterFixtures.runs()
        let ids = DagsterMapping.workspace(try DagsterFixtures.workspace(), source: source).ids
        let mapped = Dictionary(uniqueKeysWithValues: runs.map {
            let run = DagsterMapping.run($0, source: source, ids: ids)
            return (run.pipelineID, run)
        })
        #expect(mapped.mapValues(\.state) == ["ok_job": .success, "nightly_job": .success, "ingest_job": .success,
                                               "report_job": .failed, "queued_job": .queued, "canceled_job": .skipped])
        let queued = try #require(mapped["queued_job"])
        #expect(queued.startedAt == nil && queued.endedAt == nil && queued.logicalDate != nil)
        let failed = try #require(mapped["report_job"])
        #expect(failed.runID == DagsterFixtures.failedRunID && failed.runType == "manual")
        #expect(failed.startedAt == Date(timeIntervalSince1970: 1_796_315_882.604069))
        #expect(failed.endedAt == Date(timeIntervalSince1970: 1_796_315_886.692939))
    }

    @Test func workspaceJobsSchedulesAndTheLocationThatFailed() throws {
        let workspace = DagsterMapping.workspace(try DagsterFixtures.workspace(), source: source, lateGrace: 120)
        let byID = Dictionary(uniqueKeysWithValues: workspace.pipelines.map { ($0.pipelineID, $0) })
        #expect(Set(byID.keys) == ["__ASSET_JOB", "canceled_job", "ingest_job", "nightly_job", "ok_job", "queued_job",
                                   "report_job", "ticking_job"])
        // A STOPPED schedule pauses its job; a RUNNING one does not; no schedule, no pause.
        #expect(byID["nightly_job"]?.isPaused == true && byID["nightly_job"]?.schedule == "0 2 * * *")
        #expect(byID["ok_job"]?.isPaused == false && byID["report_job"]?.isPaused == false)
        #expect(byID["ok_job"]?.scheduleInterval != nil && byID["report_job"]?.schedule == nil)
        // Never ticked: due at the next future tick. Ticked: an interval (a minute) after the last tick.
        #expect(byID["ok_job"]?.nextRunDue == Date(timeIntervalSince1970: 1_798_761_600))
        #expect(byID["ticking_job"]?.nextRunDue == Date(timeIntervalSince1970: 1_796_316_000 + 60))
        #expect(byID["ticking_job"]?.lateGrace == 120 && byID["nightly_job"]?.nextRunDue == nil)
        // The broken location degrades the source, named, and the job list is not complete without it.
        #expect(workspace.problems.count == 1 && !workspace.complete)
        let problem = try #require(workspace.problems.first)
        #expect(problem.hasPrefix("code location 'broken_defs' failed to load: dagster._core.errors.DagsterImportError"))
        #expect(problem.contains("vigil_missing_module") && !problem.contains("\n"))
    }

    @Test func aRunningScheduleWhoseTickIsOverdueMakesItsJobLate() throws {
        let workspace = DagsterMapping.workspace(try DagsterFixtures.workspace(), source: source, lateGrace: 120)
        let ticking = try #require(workspace.pipelines.first { $0.pipelineID == "ticking_job" })
        let due = try #require(ticking.nextRunDue)
        #expect(PipelineHealth.of(ticking, recentRuns: [], now: due.addingTimeInterval(119)) == .unknown)
        #expect(PipelineHealth.of(ticking, recentRuns: [], now: due.addingTimeInterval(121)) == .late)
        let nightly = try #require(workspace.pipelines.first { $0.pipelineID == "nightly_job" })
        #expect(PipelineHealth.of(nightly, recentRuns: [], now: due.addingTimeInterval(86_400)) == .paused)
    }

    @Test func jobsOfTheSameNameInTwoLocationsGetTheLocationInTheirID() {
        let ids = DagsterMapping.JobIDs([("a.py", "__ASSET_JOB"), ("a.py", "load"), ("b.py", "__ASSET_JOB")])
        #expect(ids.id(job: "load", location: "a.py") == "load")
        #expect(ids.id(job: "__ASSET_JOB", location: "b.py") == "__ASSET_JOB@b.py")
        #expect(ids.id(job: "__ASSET_JOB", location: nil) == "__ASSET_JOB@a.py")
    }

    @Test func aFailedStepShowsTheUsersExceptionItsLastFramesAndDagstersWrapper() throws {
        let events = try #require(DagsterFixtures.decode(DagsterWire.LogsData.self, "step_failures_report_job.json")
            .logsForRun.events)
        let errors = DagsterMapping.stepErrors(events)
        #expect(Array(errors.keys) == [DagsterFixtures.failedStep])
        let text = try #require(errors[DagsterFixtures.failedStep])
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.first == DagsterFixtures.stepError)
        #expect(text.contains("dagster_defs/defs.py\", line") && text.contains("raise Exception(\"simulated failure"))
        #expect(lines.last == "raised as dagster._core.errors.DagsterExecutionStepExecutionError: Error occurred while executing op \"revenue_report\":")
        // The user's frame is the innermost: kept; Dagster's own outer frames beyond the last five are counted, not kept.
        #expect(text.utf8.count <= AirflowMapping.maxTaskErrorBytes)
        let runs = try DagsterFixtures.runs()
        let run = try #require(runs.first { $0.runId == DagsterFixtures.failedRunID })
        let steps = DagsterMapping.steps(run, source: source, ids: DagsterMapping.JobIDs([]), errors: errors)
        #expect(steps.map(\.taskID) == ["revenue_report"] && steps[0].state == .failed && steps[0].errorMessage == text)
        // The shared reference capture (another run, only messages asked for) reads the same way.
        let reference = try #require(DagsterFixtures.decode(DagsterWire.LogsData.self, "reference_run_failure_events.json")
            .logsForRun.events)
        #expect(DagsterMapping.stepErrors(reference)["revenue_report"] == DagsterFixtures.stepError
            + "\nraised as dagster._core.errors.DagsterExecutionStepExecutionError: Error occurred while executing op \"revenue_report\":")
    }

    @Test func aHostileOrHugeStepErrorIsCleanedAndBounded() throws {
        var events = try #require(DagsterFixtures.decode(DagsterWire.LogsData.self, "step_failures_report_job.json")
            .logsForRun.events)
        let index = try #require(events.firstIndex { $0.stepKey != nil })
        events[index].error?.cause?.message = "Exception: \u{1B}]52;c;cm0gLXJmIH4=\u{07}\u{1B}[2Jgone\u{202E}txt.exe\n"
            + String(repeating: "x", count: 20_000)
        let text = try #require(DagsterMapping.stepErrors(events)[DagsterFixtures.failedStep])
        #expect(TextSanitizer.clean(text) == text && !text.contains("\u{1B}") && text.hasPrefix("Exception: gone"))
        #expect(text.utf8.count <= AirflowMapping.maxTaskErrorBytes && text.hasSuffix("…"))
    }

    @Test func assetsBecomeDatasetsNamedByUriTableNameOrKey() throws {
        let ids = DagsterMapping.workspace(try DagsterFixtures.workspace(), source: source).ids
        let assets = DagsterMapping.assets(try DagsterFixtures.assets(), source: source, ids: ids,
                                           observedAt: DagsterFixtures.now, known: { _ in nil })
        let byName = Dictionary(uniqueKeysWithValues: assets.datasets.map { ($0.name, $0) })
        let customers = "postgres://127.0.0.1:5432/warehouse/raw/customers"
        #expect(Set(byName.keys) == [customers, "warehouse.raw.orders", "revenue_report"])
        #expect(byName[customers]?.identity == DatasetIdentity(namespace: "postgres://127.0.0.1:5432", name: "warehouse.raw.customers"))
        #expect(byName[customers]?.aliases == ["customers"])
        let orders = try #require(byName["warehouse.raw.orders"])
        #expect(orders.aliases == ["raw_orders"] && orders.owner == "data-platform" && orders.identity == nil)
        #expect(orders.producedBy == "dagster/ingest_job" && orders.policy == DagsterMapping.defaultPolicy)
        #expect(orders.tier == DagsterMapping.defaultTier && orders.source == source)
        // Materializations are loads (milliseconds); revenue_report never materialized.
        #expect(assets.freshness.map(\.dataset) == [customers, "warehouse.raw.orders"])
        #expect(assets.freshness.last?.loadedAt == Date(timeIntervalSince1970: 1_796_315_871.477))
        // The failing check, at severity ERROR, fails.
        let check = try #require(assets.checks.first)
        #expect(assets.checks.count == 1 && check.dataset == "warehouse.raw.orders" && check.name == "raw_orders_min_rows")
        #expect(check.state == .fail && check.kind == .test && check.message == "5001 rows, expected more than 10000")
        #expect(assets.definedChecks == ["warehouse.raw.orders/raw_orders_min_rows"])
        // Lineage: both upstream assets feed the report; each job feeds what it materializes, its op the producer.
        let edges = Set(assets.lineage)
        #expect(edges.contains(LineageEdge(upstream: .dataset("warehouse.raw.orders"), downstream: .dataset("revenue_report"))))
        #expect(edges.contains(LineageEdge(upstream: .dataset(customers), downstream: .dataset("revenue_report"))))
        let produce = LineageEdge(upstream: .pipeline(source: source, id: "ingest_job"), downstream: .dataset("warehouse.raw.orders"))
        #expect(edges.contains(produce) && assets.producers[produce] == "raw_orders")
        #expect(edges.count == 5)
    }

    @Test func anAssetAnotherSourceAlreadyNamesReportsOntoThatDataset() throws {
        let known = ["warehouse.raw.orders": "raw.orders"]
        let assets = DagsterMapping.assets(try DagsterFixtures.assets(), source: source, ids: DagsterMapping.JobIDs([]),
                                           observedAt: DagsterFixtures.now, known: { known[$0] })
        #expect(!assets.datasets.contains { $0.name == "warehouse.raw.orders" || $0.name == "raw.orders" })
        #expect(assets.checks.first?.dataset == "raw.orders" && assets.freshness.contains { $0.dataset == "raw.orders" })
        #expect(assets.lineage.contains(LineageEdge(upstream: .dataset("raw.orders"), downstream: .dataset("revenue_report"))))
    }

    @Test func referenceCaptureFreshnessWindowsAndAWarningCheck() throws {
        let assets = DagsterMapping.assets(try DagsterFixtures.assets("reference_asset_nodes.json"), source: source,
                                           ids: DagsterMapping.JobIDs([]), observedAt: DagsterFixtures.now, known: { _ in nil })
        let orders = try #require(assets.datasets.first { $0.name == "raw_orders" })
        #expect(orders.policy == FreshnessPolicy(warnAfter: 3600, errorAfter: 7200))
        let checks = Dictionary(uniqueKeysWithValues: assets.checks.map { ($0.name, $0) })
        #expect(checks["raw_orders_min_rows"]?.state == .warn && checks["freshness_check"]?.state == .pass)
    }
}
