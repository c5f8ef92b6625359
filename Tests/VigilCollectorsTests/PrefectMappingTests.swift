import Foundation
import Testing
import VigilCollectors
import VigilCore

/// Prefect's captured shapes (Fixtures/prefect-3.9) onto Vigil's domain.
@Suite struct PrefectMappingTests {
    typealias F = PrefectFixtures

    @Test func everyStateTypeHasItsRunState() {
        let expected: [String?: RunState] = [
            "COMPLETED": .success, "FAILED": .failed, "CRASHED": .failed, "CANCELLED": .skipped,
            "CANCELLING": .running, "RUNNING": .running, "PENDING": .queued, "PAUSED": .queued, "SCHEDULED": .queued,
            "SOMETHING_NEW": .queued, nil: .queued,
        ]
        for (type, state) in expected { #expect(PrefectMapping.runState(type) == state, "\(type ?? "nil")") }
    }

    @Test func capturedRunsDecodeWithEveryStateTheScriptLeft() throws {
        let runs = try F.decode([PrefectFlowRun].self, "flow_runs_filter_recent.json")
        #expect(Set(runs.compactMap(\.stateType)) == ["COMPLETED", "FAILED", "CRASHED", "CANCELLED", "RUNNING", "PAUSED"])
        #expect(runs.allSatisfy { !PrefectMapping.isLate($0) })
        let late = try F.decode([PrefectFlowRun].self, "flow_runs_filter_late.json")
        #expect(late.count == 1 && late.allSatisfy(PrefectMapping.isLate))
    }

    @Test func deploymentsArePipelinesNamedFlowSlashDeployment() throws {
        let flows = Dictionary(uniqueKeysWithValues: try F.decode([PrefectFlow].self, "flows_filter.json").map { ($0.id, $0.name) })
        let deployments = try F.decode([PrefectDeployment].self, "deployments_filter.json")
        let pipelines = deployments.map {
            PrefectMapping.pipeline($0, flowName: flows[$0.flowId]!, source: "pf", oldestLate: nil)
        }
        #expect(Set(pipelines.map(\.pipelineID)) == [
            "vigil_ok/ok", "vigil_fail/fail", "vigil_hostile/hostile", "vigil_crash/crash", "vigil_sleep/cancel",
            "vigil_sleep/running", "vigil_wait_for_input/waiting", "vigil_ok/paused", "vigil_ok/late",
        ])
        let paused = try #require(pipelines.first { $0.pipelineID == "vigil_ok/paused" })
        #expect(paused.isPaused && paused.schedule == "*/5 * * * *" && paused.scheduleInterval == 300)
        let late = try #require(pipelines.first { $0.pipelineID == "vigil_ok/late" })
        #expect(!late.isPaused && late.schedule == "0 * * * *" && late.scheduleInterval == 3_600)
        #expect(pipelines.filter(\.isPaused).map(\.pipelineID) == ["vigil_ok/paused"])
    }

    @Test func aDeploymentWhoseSchedulesAreAllInactiveIsPaused() throws {
        var deployment = try #require(try F.decode([PrefectDeployment].self, "deployments_filter.json")
            .first { $0.name == "late" })
        #expect(!PrefectMapping.pipeline(deployment, flowName: "f", source: "pf", oldestLate: nil).isPaused)
        deployment.schedules = deployment.schedules?.map { var s = $0; s.active = false; return s }
        #expect(PrefectMapping.pipeline(deployment, flowName: "f", source: "pf", oldestLate: nil).isPaused)
    }

    @Test func aLateRunMakesItsDeploymentLateAtOnce() throws {
        let deployment = try #require(try F.decode([PrefectDeployment].self, "deployments_filter.json")
            .first { $0.name == "late" })
        let run = try #require(try F.decode([PrefectFlowRun].self, "flow_runs_filter_late.json").first)
        #expect(run.deploymentId == deployment.id)
        let due = try #require(run.expectedStartTime)
        let pipeline = PrefectMapping.pipeline(deployment, flowName: "vigil_ok", source: "pf", oldestLate: due)
        #expect(PipelineHealth.of(pipeline, recentRuns: [], now: due.addingTimeInterval(16)) == .late)
        let onTime = PrefectMapping.pipeline(deployment, flowName: "vigil_ok", source: "pf", oldestLate: nil)
        #expect(PipelineHealth.of(onTime, recentRuns: [], now: due.addingTimeInterval(16)) == .unknown)
    }

    @Test func aFailedTaskRunCarriesItsStateMessageCleaned() throws {
        let taskRuns = try F.decode([PrefectTaskRun].self, "task_runs_filter.json")
        let run = PipelineRun(source: "pf", pipelineID: "vigil_fail/fail", runID: "r", state: .failed)
        let byRun = Dictionary(grouping: taskRuns, by: { $0.flowRunId ?? "" })
        let failing = try #require(byRun.values.first { $0.contains { $0.name.hasPrefix("validate") } })
        let tasks = PrefectMapping.taskInstances(failing, of: run)
        #expect(tasks.map { $0.taskID.split(separator: "-").first! } == ["extract", "load", "validate"])
        let validate = try #require(tasks.last)
        #expect(validate.state == .failed && validate.tryNumber == 1 && validate.maxTries == 1)
        #expect(validate.errorMessage == "Task run encountered an exception ValueError: row count 10 below threshold 100")
        #expect(tasks.dropLast().allSatisfy { $0.state == .success && $0.errorMessage == nil })

        let hostile = try #require(taskRuns.first { $0.name.hasPrefix("hostile") })
        #expect(hostile.state?.message?.contains("\u{1B}") == true)
        let message = try #require(PrefectMapping.taskInstances([hostile], of: run).first?.errorMessage)
        #expect(TextSanitizer.isClean(message) && message.hasSuffix("red alert"))
    }

    @Test func aTaskErrorIsBounded() {
        let message = String(repeating: "boom ", count: 10_000)
        let bounded = PrefectMapping.taskError(message) ?? ""
        #expect(bounded.utf8.count <= AirflowMapping.maxTaskErrorBytes && bounded.hasSuffix("…"))
        #expect(PrefectMapping.taskError("  \n ") == nil && PrefectMapping.taskError(nil) == nil)
    }

    @Test func poolsWithoutAWorkerAndPausedQueuesAreNamed() throws {
        let pools = try F.decode([PrefectWorkPool].self, "work_pools_filter.json")
        let queues = try F.decode([PrefectWorkQueue].self, "work_queues_filter.json")
        // vigil-idle's default queue is NOT_READY too: its pool already says why.
        #expect(PrefectMapping.workProblems(pools: pools, queues: queues) == [
            "work pool 'vigil-idle' has no online worker", "work queue 'held' of work pool 'vigil-pool' is paused",
        ])
        var paused = try #require(pools.first { $0.name == "vigil-pool" })
        paused.isPaused = true
        #expect(PrefectMapping.workProblems(pools: [paused], queues: queues) == ["work pool 'vigil-pool' is paused"])
        var unpolled = try #require(queues.first { $0.workPoolName == "vigil-pool" && $0.name == "default" })
        unpolled.status = "NOT_READY"
        #expect(PrefectMapping.workProblems(pools: pools.filter { $0.name == "vigil-pool" }, queues: [unpolled])
            == ["work queue 'default' of work pool 'vigil-pool' is not polled by any worker"])
    }

    @Test func aRunWithoutDeploymentBelongsToItsFlow() throws {
        let flows = Dictionary(uniqueKeysWithValues: try F.decode([PrefectFlow].self, "flows_filter.json").map { ($0.id, $0.name) })
        let deployments = Dictionary(uniqueKeysWithValues: try F.decode([PrefectDeployment].self, "deployments_filter.json")
            .map { ($0.id, $0) })
        let runs = try F.decode([PrefectFlowRun].self, "flow_runs_filter_recent.json")
        let ids = runs.map { PrefectMapping.pipelineID(of: $0, flows: flows, deployments: deployments) }
        #expect(ids.contains("vigil_adhoc") && ids.contains("vigil_fail/fail") && !ids.contains(nil))
        var orphan = try #require(runs.first { $0.deploymentId != nil })
        orphan.deploymentId = "not-listed-yet"
        #expect(PrefectMapping.pipelineID(of: orphan, flows: flows, deployments: deployments) == nil)
    }
}
