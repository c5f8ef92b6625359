import Foundation
import Testing
import VigilTestSupport
import VigilCollectors
import VigilCore
import VigilStore

/// Ticking in one big step or many small ones must leave the same store behind.
@Suite struct CadenceTests {
    let t0 = Fixtures.t0

    @Test func storeContentDoesNotDependOnTickCadence() async throws {
        let end = t0.addingTimeInterval(20 * 60)
        let coarse = try TestStore.fresh()
        let a = DemoCollector(store: coarse, start: t0)
        try await a.backfill()
        try await a.tick(to: end)

        let fine = try TestStore.fresh()
        let b = DemoCollector(store: fine, start: t0)
        try await b.backfill()
        for second in 1...1200 { try await b.tick(to: t0.addingTimeInterval(Double(second))) }

        let snapA = try coarse.snapshot(now: end, recentRunsPerPipeline: 200)
        let snapB = try fine.snapshot(now: end, recentRunsPerPipeline: 200)
        // Compared piece by piece so a failure names what differs.
        #expect(snapA.sources == snapB.sources)
        #expect(snapA.pipelines.count == snapB.pipelines.count)
        for (a, b) in zip(snapA.pipelines, snapB.pipelines) { #expect(a == b, "\(a.pipeline.pipelineID)") }
        for (a, b) in zip(snapA.datasets, snapB.datasets) { #expect(a == b, "\(a.dataset.name)") }
        #expect(snapA.incidents == snapB.incidents)
        #expect(snapA == snapB)
        #expect(snapA.incidents.count == 2)  // the scripted ones; detection is VigilApp's

        let since = t0.addingTimeInterval(-3600)
        for dataset in snapA.datasets.map(\.dataset.name) {
            let historyA = try coarse.freshnessHistory(dataset: dataset, since: since)
            #expect(historyA == (try fine.freshnessHistory(dataset: dataset, since: since)), "\(dataset)")
        }
        // The fine cadence must also have captured the running and retrying states in between.
        for summary in snapA.pipelines {
            for run in summary.recentRuns.prefix(3) {
                let tasksA = try coarse.taskInstances(source: run.source, pipelineID: run.pipelineID, runID: run.runID)
                #expect(tasksA == (try fine.taskInstances(source: run.source, pipelineID: run.pipelineID, runID: run.runID)))
            }
        }
    }

    @Test func ticksMatchThePureWorld() async throws {
        let store = try TestStore.fresh()
        let collector = DemoCollector(store: store, start: t0)
        try await collector.backfill()
        let now = t0.addingTimeInterval(37 * 60 + 13)
        try await collector.tick(to: t0.addingTimeInterval(11 * 60))
        try await collector.tick(to: now)
        let snap = try store.snapshot(now: now, recentRunsPerPipeline: 500)
        let platform = collector.platform
        let from = t0.addingTimeInterval(-DemoCollector.historySpan + 1)
        for summary in snap.pipelines {
            // The demo polls its Dagster every 5 simulated minutes: the store has Dagster's runs as of 35:00. Dagster
            // also reports the runs created before the window that were still changing in it.
            let isDagster = summary.pipeline.source == "dagster-analytics"
            let seen = isDagster ? t0.addingTimeInterval(35 * 60) : now
            let expected = platform.runs(of: summary.pipeline, from: from, to: seen.addingTimeInterval(1), now: seen)
            let stored = summary.recentRuns.filter { !isDagster || $0.logicalDate! >= from }
            #expect(stored.sorted { $0.runID < $1.runID } == expected.sorted { $0.runID < $1.runID },
                    "\(summary.pipeline.pipelineID)")
        }
        for summary in snap.datasets {
            // The store saw the newest load no later than the last 5-minute sample.
            let truth = platform.loadedAt(dataset: summary.dataset.name, at: now)
            let atGrid = platform.loadedAt(dataset: summary.dataset.name, at: t0.addingTimeInterval(35 * 60))
            #expect(summary.lastLoadedAt == truth || summary.lastLoadedAt == atGrid, "\(summary.dataset.name)")
        }
    }

    @Test func replayingAnOldTimeChangesNothing() async throws {
        let store = try TestStore.fresh()
        let collector = DemoCollector(store: store, start: t0)
        try await collector.backfill()
        try await collector.tick(to: t0.addingTimeInterval(600))
        let before = try store.snapshot(now: t0.addingTimeInterval(600))
        try await collector.tick(to: t0.addingTimeInterval(300))
        try await collector.tick(to: t0.addingTimeInterval(600))
        #expect(try store.snapshot(now: t0.addingTimeInterval(600)) == before)
        #expect(collector.simulatedNow == t0.addingTimeInterval(600))
    }
}
