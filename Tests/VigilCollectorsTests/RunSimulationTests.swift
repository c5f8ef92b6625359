import Foundation
import Testing
import VigilCollectors
import VigilCore

@Suite struct RunSimulationTests {
    let platform = Fixtures.platform
    let t0 = Fixtures.t0

    @Test func everyScheduledSlotProducesOneRun() {
        let orders = Fixtures.pipeline("ingest_orders")
        let runs = platform.runs(of: orders, from: t0.addingTimeInterval(-86400), to: t0, now: t0)
        #expect(runs.count == 96)
        #expect(Set(runs.map(\.runID)).count == 96)
        let first = runs[0]
        #expect(first.runID == "scheduled__" + "2026-01-14T08:45:00+00:00")
        #expect(first.logicalDate == t0.addingTimeInterval(-86400 - 900))
        #expect(runs.allSatisfy { $0.startedAt! > $0.logicalDate!.addingTimeInterval(900) })
    }

    @Test func dagsterRunsHaveUUIDs() {
        let job = Fixtures.pipeline("stg_orders_job")
        let runs = platform.runs(of: job, from: t0.addingTimeInterval(-3600), to: t0, now: t0)
        #expect(runs.count == 4)
        for run in runs {
            let parts = run.runID.split(separator: "-").map(\.count)
            #expect(parts == [8, 4, 4, 4, 12], "\(run.runID)")
        }
    }

    @Test func failureRateOverADayIsSane() {
        let runs = Fixtures.lastDay.map(\.run)
        let failed = runs.filter { $0.state == .failed }.count
        let rate = Double(failed) / Double(runs.count)
        #expect(runs.count > 800)
        #expect(rate > 0.01 && rate < 0.08, "failure rate \(rate)")
    }

    @Test func failedRunsFailOnTheLastTryAndSkipDownstream() {
        let failed = Fixtures.lastDay.filter { $0.run.state == .failed }
        #expect(!failed.isEmpty)
        for sim in failed {
            let tasks = sim.tasks
            let pipeline = Fixtures.pipeline(sim.run.pipelineID)
            #expect(tasks.map(\.taskID) == pipeline.tasks)
            let failedIndex = tasks.firstIndex { $0.state == .failed }!
            let culprit = tasks[failedIndex]
            #expect(culprit.tryNumber == culprit.maxTries)
            #expect(culprit.errorMessage?.isEmpty == false)
            #expect(tasks[..<failedIndex].allSatisfy { $0.state == .success })
            #expect(tasks[(failedIndex + 1)...].allSatisfy { $0.state == .upstreamFailed && $0.startedAt == nil })
            #expect(sim.run.endedAt == culprit.endedAt)
        }
        let messages = Set(failed.compactMap { $0.tasks.first { $0.state == .failed }?.errorMessage?.split(separator: "\n").last })
        #expect(messages.count >= 5, "failures should not all read the same")
    }

    @Test func taskInstancesStayInsideTheirRun() {
        for sim in Fixtures.lastDay where sim.run.state.isTerminal {
            for task in sim.tasks {
                if let s = task.startedAt { #expect(s >= sim.run.startedAt!) }
                if let e = task.endedAt { #expect(e <= sim.run.endedAt!) }
                #expect(task.tryNumber <= task.maxTries)
                #expect((1...3).contains(task.maxTries))
            }
        }
    }

    @Test func someGreenRunsNeededARetry() {
        let retried = Fixtures.lastDay.filter { $0.run.state == .success && $0.tasks.contains { $0.tryNumber > 1 } }
        #expect(retried.count >= 3)
    }

    @Test func durationsVaryWithOccasionalLongRuns() {
        var long = 0, total = 0
        for pipeline in platform.pipelines {
            let runs = platform.runs(of: pipeline, from: t0.addingTimeInterval(-3 * 86400), to: t0, now: t0)
                .filter { $0.state == .success }
            let durations = runs.compactMap { $0.duration(now: t0) }.sorted()
            guard durations.count >= 20 else { continue }
            let p95 = durations[Int(Double(durations.count) * 0.95) - 1]
            let median = durations[durations.count / 2]
            #expect(durations.last! > durations.first! * 1.2, "\(pipeline.pipelineID) durations barely vary")
            // Long runs stand well clear of the usual spread, not just above the 95th percentile.
            long += durations.filter { $0 > median * 1.8 }.count
            total += durations.count
            #expect(p95 < median * 3.5)
        }
        let share = Double(long) / Double(total)
        #expect(share > 0.01 && share < 0.1, "long-run share \(share)")
    }

    @Test func runningAndQueuedRunsShowUp() {
        var running = 0, partial = 0, queued = 0
        for minute in stride(from: 0, to: 24 * 60, by: 7) {
            let now = t0.addingTimeInterval(-Double(minute) * 60)
            for pipeline in platform.pipelines {
                for sim in platform.simulatedRuns(of: pipeline, from: now.addingTimeInterval(-7200), to: now, now: now) {
                    if sim.run.state == .queued { queued += 1; #expect(sim.tasks.isEmpty && sim.run.startedAt == nil) }
                    if sim.run.state == .running {
                        running += 1
                        #expect(sim.run.endedAt == nil)
                        if sim.tasks.count < pipeline.tasks.count, sim.tasks.last?.state == .running { partial += 1 }
                    }
                }
            }
        }
        #expect(running > 100)
        #expect(partial > 50)
        #expect(queued > 5)
    }

    @Test func theWorldIsAFunctionOfSeedAndStart() {
        let again = DemoPlatform(seed: 42, start: t0)
        let other = DemoPlatform(seed: 7, start: t0)
        let pipeline = Fixtures.pipeline("ingest_salesforce")
        let window = (t0.addingTimeInterval(-86400), t0)
        let a = platform.simulatedRuns(of: pipeline, from: window.0, to: window.1, now: t0)
        #expect(a == again.simulatedRuns(of: pipeline, from: window.0, to: window.1, now: t0))
        #expect(a != other.simulatedRuns(of: pipeline, from: window.0, to: window.1, now: t0))
        #expect(platform.datasets == again.datasets)
    }

    @Test func asOfViewsAgreeWithLaterOnes() {
        // A run seen at 10:00 is the same run seen later, only further along.
        let pipeline = Fixtures.pipeline("ingest_stripe_charges")
        let early = platform.runs(of: pipeline, from: t0.addingTimeInterval(-7200), to: t0, now: t0.addingTimeInterval(-1800))
        let late = platform.runs(of: pipeline, from: t0.addingTimeInterval(-7200), to: t0, now: t0.addingTimeInterval(86400))
        #expect(late.count == 2 && early.count == 2)
        #expect(early.map(\.runID) == late.map(\.runID))
        #expect(late.allSatisfy { $0.state.isTerminal })
        #expect(zip(early, late).allSatisfy { $0.startedAt == $1.startedAt || $0.startedAt == nil })
    }
}
