import Foundation
import Testing
import VigilCollectors
import VigilCore

/// The scripted story, checked on the pure world.
@Suite struct StoryTests {
    let platform = Fixtures.platform

    @Test func rawCustomersStopsLoadingAndCrossesErrorAfterStart() {
        #expect(platform.loadedAt(dataset: "raw.customers", at: Fixtures.t0) == Fixtures.minutes(-117))
        #expect(Fixtures.state("raw.customers", at: Fixtures.minutes(2)) == .warn)
        #expect(Fixtures.state("raw.customers", at: Fixtures.minutes(4)) == .error)
        #expect(platform.story.incidentOpened == Fixtures.minutes(3))
    }

    @Test func customerSyncFailsAtPushToCRMUntilTheFix() {
        let sims = platform.simulatedRuns(of: Fixtures.pipeline("customer_sync"), from: Fixtures.minutes(-60),
                                          to: Fixtures.minutes(44), now: Fixtures.minutes(44))
        #expect(sims.count == 2)
        for sim in sims {
            #expect(sim.run.state == .failed)
            let push = sim.tasks.first { $0.taskID == "push_to_crm" }!
            #expect(push.state == .failed && push.tryNumber == 2 && push.maxTries == 2)
            #expect(push.errorMessage?.contains("503 Server Error") == true)
            #expect(sim.tasks.first { $0.taskID == "load_raw_customers" }?.state == .upstreamFailed)
        }
    }

    @Test func retryIsVisibleWhileTheTaskWaits() {
        // Between the two tries push_to_crm is up_for_retry with the first try's error.
        let sims = platform.simulatedRuns(of: Fixtures.pipeline("customer_sync"), from: Fixtures.minutes(0),
                                          to: Fixtures.minutes(1), now: Fixtures.minutes(2.5))
        let push = sims.first!.tasks.first { $0.taskID == "push_to_crm" }!
        #expect(sims.first!.run.state == .running)
        #expect(push.state == .upForRetry && push.tryNumber == 1)
        #expect(push.errorMessage != nil)
    }

    @Test func manualRerunFixesFreshnessAndDownstreamRecovers() {
        let manual = platform.runs(of: Fixtures.pipeline("customer_sync"), from: Fixtures.minutes(40),
                                   to: Fixtures.minutes(50), now: Fixtures.minutes(90))
        #expect(manual.map(\.runType) == ["manual"])
        #expect(manual.first?.state == .success)
        #expect(Fixtures.state("raw.customers", at: Fixtures.minutes(50)) == .fresh)
        #expect(Fixtures.state("raw.customers", at: Fixtures.minutes(90)) == .fresh)
        // The two tier-1 tables right behind raw.customers breach too (tighter story thresholds); fct_revenue warns.
        for (name, atSixty) in [("staging.stg_customers", FreshnessState.error), ("analytics.dim_customers", .error),
                                ("analytics.fct_revenue", .warn)] {
            #expect(Fixtures.state(name, at: Fixtures.minutes(-60)) == .fresh, "\(name)")
            #expect(Fixtures.state(name, at: Fixtures.minutes(60)) == atSixty, "\(name)")
            #expect(Fixtures.state(name, at: Fixtures.minutes(150)) == .fresh, "\(name)")
        }
    }

    @Test func hubspotExportIsFailingBeforeStart() {
        let runs = platform.runs(of: Fixtures.pipeline("reverse_etl_hubspot"), from: Fixtures.minutes(-6 * 60),
                                 to: Fixtures.t0, now: Fixtures.t0)
        #expect(!runs.isEmpty && runs.allSatisfy { $0.state == .failed })
    }

    @Test func storyWorksForAnyStartTime() {
        let odd = DemoPlatform(seed: 3, start: Date(timeIntervalSince1970: 1_780_000_000 + 1234.5))
        let t0 = odd.start
        func state(_ name: String, _ m: Double) -> FreshnessState {
            let t = t0.addingTimeInterval(m * 60)
            let d = odd.datasets.first { $0.name == name }!
            return d.policy.state(lag: odd.loadedAt(dataset: name, at: t).map { t.timeIntervalSince($0) })
        }
        #expect(odd.loadedAt(dataset: "raw.customers", at: t0) == t0.addingTimeInterval(-117 * 60))
        #expect(state("raw.customers", 10) == .error)
        #expect(state("raw.customers", 90) == .fresh)
        #expect(odd.pipelines.first { $0.pipelineID == "customer_sync" }?.schedule == "47 * * * *")
    }
}
