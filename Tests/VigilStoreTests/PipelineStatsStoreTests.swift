import Foundation
import Testing
import VigilCore
import VigilStore
import VigilTestSupport

/// The snapshot's pipeline stats come from one walk down each pipeline's recency index that stops early;
/// these tests hold it to the plain definition, computed here over every run.
@Suite struct PipelineStatsStoreTests {
    /// The definition: finished runs (success, failed, upstream failed) whose slot (logical date, else start) is
    /// within 7 days / 24 hours before `now`, and the p50/p95 of the durations of the newest 30 successful runs.
    static func expected(_ runs: [PipelineRun], now: Date) -> PipelineStats {
        var s = PipelineStats()
        let finished: Set<RunState> = [.success, .failed, .upstreamFailed]
        for r in runs {
            guard let slot = r.logicalDate ?? r.startedAt, finished.contains(r.state),
                  slot <= now, slot >= now.addingTimeInterval(-7 * 86_400) else { continue }
            s.finished7d += 1
            if r.state == .success { s.succeeded7d += 1 }
            if slot >= now.addingTimeInterval(-86_400) {
                s.finished24h += 1
                if r.state == .success { s.succeeded24h += 1 }
            }
        }
        let newestFirst = runs.sorted {
            let a = ($0.logicalDate ?? $0.startedAt)?.timeIntervalSince1970 ?? -.infinity
            let b = ($1.logicalDate ?? $1.startedAt)?.timeIntervalSince1970 ?? -.infinity
            return a != b ? a > b : $0.runID > $1.runID
        }
        let durations = newestFirst.filter { $0.state == .success }
            .compactMap { r in r.startedAt.flatMap { s in r.endedAt.map { $0.timeIntervalSince(s) } } }
            .prefix(30)
        if durations.count >= PipelineStats.minimumSample {
            s.durationP50 = PipelineStats.percentile(Array(durations), 0.5)
            s.durationP95 = PipelineStats.percentile(Array(durations), 0.95)
        }
        return s
    }

    @Test(arguments: 0..<25)
    func statsMatchTheirDefinitionOverRandomHistories(seed: Int) throws {
        var random = SplitMix64(seed: UInt64(seed) &+ 1)
        let now = t(40 * 86_400)
        let store = try Store.inMemory()
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
            var want = Self.expected(runs, now: now)
            want.failureStreak = summary.stats.failureStreak
            #expect(summary.stats == want, "pipeline \(summary.pipeline.pipelineID), seed \(seed)")
            #expect(summary.recentRuns.count == min(24, runs.count))
        }
    }
}
