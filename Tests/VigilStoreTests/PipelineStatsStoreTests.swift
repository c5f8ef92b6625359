import Foundation
import Testing
import VigilCore
import VigilStore
import VigilTestSupport

/// The snapshot's pipeline stats come from one walk down each pipeline's recency index that stops early (on
/// PostgreSQL, one statement for every pipeline's first rows, then a walk of its own for those that need more);
/// these tests hold it to the rule (`PipelineStats.of`) applied to every run, on both engines.
@Suite struct PipelineStatsStoreTests {
    @Test(arguments: 0..<25)
    func statsMatchTheirDefinitionOverRandomHistories(seed: Int) throws {
        var random = SplitMix64(seed: UInt64(seed) &+ 1)
        let now = t(40 * 86_400)
        let store = try freshStore()
        var byPipeline: [String: [PipelineRun]] = [:]
        let states: [RunState] = [.success, .success, .success, .failed, .upstreamFailed, .running, .queued, .skipped]
        try store.write { w in
            for p in 0..<4 {
                let id = "p\(p)"
                try w.upsertPipeline(Pipeline(source: "airflow", pipelineID: id))
                // Hourly to daily, over 20 days, some in the future (a clock skew), some with no dates at all.
                let count = Int(random.next() % 300)
                for k in 0..<count {
                    let slot = now.timeIntervalSince1970 - Double(random.next() % (20 * 86_400)) + (k % 50 == 0 ? 3_600 : 0)
                    let state = states[Int(random.next() % UInt64(states.count))]
                    let undated = k % 97 == 0
                    let manual = k % 13 == 0
                    let started = Date(timeIntervalSince1970: slot + 60)
                    let run = PipelineRun(source: "airflow", pipelineID: id, runID: "r\(k)", state: state,
                                          logicalDate: undated || manual ? nil : Date(timeIntervalSince1970: slot),
                                          startedAt: undated ? nil : started,
                                          endedAt: undated || state == .running ? nil : started.addingTimeInterval(Double(random.next() % 3_000)))
                    try w.upsertRun(run)
                    byPipeline[id, default: []].append(run)
                }
            }
        }
        let snapshot = try store.snapshot(now: now, recentRunsPerPipeline: 24)
        for summary in snapshot.pipelines {
            let runs = byPipeline[summary.pipeline.pipelineID] ?? []
            #expect(summary.stats == PipelineStats.of(runs, now: now), "pipeline \(summary.pipeline.pipelineID), seed \(seed)")
            // The newest 24, newest first: slot descending, undated last, then run id descending.
            let newest = runs.sorted { a, b in
                switch (a.logicalDate ?? a.startedAt, b.logicalDate ?? b.startedAt) {
                case let (x?, y?) where x != y: return x > y
                case (nil, _?): return false
                case (_?, nil): return true
                default: return a.runID > b.runID
                }
            }.prefix(24).map(\.runID)
            #expect(summary.recentRuns.map(\.runID) == Array(newest), "pipeline \(summary.pipeline.pipelineID), seed \(seed)")
        }
    }

    /// A failure streak longer than the rows PostgreSQL reads per pipeline in its one statement (the walk is not
    /// settled by them, so that pipeline is walked again on its own), beside one those rows settle and one without
    /// runs: on both engines the stats are the rule's over every run.
    @Test func aStreakLongerThanOneBatchIsCountedWhole() throws {
        let now = t(40 * 86_400)
        let store = try freshStore()
        var byPipeline: [String: [PipelineRun]] = [:]
        try store.write { w in
            for (id, count, state) in [("streak", 260, RunState.failed), ("hourly", 300, .success), ("idle", 0, .success)] {
                try w.upsertPipeline(Pipeline(source: "airflow", pipelineID: id))
                for k in 0..<count {
                    let slot = now.addingTimeInterval(-Double(k) * 3_600 - 60)
                    let run = PipelineRun(source: "airflow", pipelineID: id, runID: "r\(k)", state: state, logicalDate: slot,
                                          startedAt: slot.addingTimeInterval(30), endedAt: slot.addingTimeInterval(90 + Double(k % 7)))
                    try w.upsertRun(run)
                    byPipeline[id, default: []].append(run)
                }
            }
        }
        let snapshot = try store.snapshot(now: now, recentRunsPerPipeline: 24)
        #expect(snapshot.pipelines.count == 3)
        for summary in snapshot.pipelines {
            let runs = byPipeline[summary.pipeline.pipelineID] ?? []
            #expect(summary.stats == PipelineStats.of(runs, now: now), "pipeline \(summary.pipeline.pipelineID)")
            #expect(summary.recentRuns.map(\.runID) == runs.prefix(24).map(\.runID))
        }
        #expect(snapshot.pipelines.first { $0.pipeline.pipelineID == "streak" }?.stats.failureStreak == 260)
    }
}
