import Foundation
import Testing
@testable import VigilCore

@Suite struct PipelineStatsTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// An hourly pipeline's runs, newest first: `states[0]` ran an hour ago, each taking `durations[i]` minutes.
    func runs(_ states: [RunState], durations: [Double]? = nil, hoursApart: Double = 1) -> [PipelineRun] {
        states.enumerated().map { i, state in
            let start = now.addingTimeInterval(-Double(i + 1) * hoursApart * 3_600)
            let minutes = durations?[i] ?? 10
            return PipelineRun(source: "af", pipelineID: "etl", runID: "r\(i)", state: state, logicalDate: start,
                               startedAt: start, endedAt: state.isTerminal ? start.addingTimeInterval(minutes * 60) : nil)
        }
    }

    @Test func successRatesOver24hAnd7d() throws {
        // 30 runs six hours apart: 4 in the last 24 h (1 failed), 28 within 7 days (3 failed), 2 older.
        var states = [RunState](repeating: .success, count: 30)
        states[1] = .failed
        states[10] = .failed
        states[20] = .upstreamFailed
        states[29] = .failed  // older than 7 days: not counted
        let stats = PipelineStats.of(runs(states, hoursApart: 6), now: now)
        #expect(stats.finished24h == 4 && stats.succeeded24h == 3)
        #expect(stats.finished7d == 28 && stats.succeeded7d == 25)
        #expect(stats.successRate24h == 0.75)
        #expect(abs(try #require(stats.successRate7d) - 25.0 / 28) < 1e-12)
    }

    @Test func failureStreakCountsFailedRunsFromTheNewestFinished() {
        #expect(PipelineStats.of(runs([.running, .failed, .upstreamFailed, .failed, .success, .failed]), now: now).failureStreak == 3)
        #expect(PipelineStats.of(runs([.success, .failed]), now: now).failureStreak == 0)
        #expect(PipelineStats.of(runs([.skipped, .failed, .success]), now: now).failureStreak == 1)
    }

    @Test func durationPercentilesAndTheSlowFlag() throws {
        let minutes: [Double] = [10, 12, 11, 9, 30, 10, 13, 11, 10, 12]
        let stats = PipelineStats.of(runs(Array(repeating: .success, count: 10), durations: minutes), now: now)
        // Sorted: 9 10 10 10 11 11 12 12 13 30; nearest rank p50 = 5th = 11, p95 = 10th = 30.
        // (Durations come from Date arithmetic: compare within a microsecond.)
        #expect(abs(try #require(stats.durationP50) - 11 * 60) < 1e-6)
        #expect(abs(try #require(stats.durationP95) - 30 * 60) < 1e-6)
        let slowRun = PipelineRun(source: "af", pipelineID: "etl", runID: "slow", state: .running,
                                  startedAt: now.addingTimeInterval(-31 * 60))
        #expect(stats.isSlow(slowRun, now: now))
        #expect(!stats.isSlow(runs([.success])[0], now: now))
    }

    @Test func tooFewRunsHaveNoPercentiles() {
        let stats = PipelineStats.of(runs([.success, .success, .success, .success]), now: now)
        #expect(stats.durationP50 == nil && stats.durationP95 == nil)
        #expect(!stats.isSlow(runs([.success], durations: [500])[0], now: now))
    }

    @Test func noRunsNoRates() {
        let stats = PipelineStats.of([], now: now)
        #expect(stats.successRate24h == nil && stats.successRate7d == nil && stats.failureStreak == 0)
    }

    @Test func futureSlotsAndUnfinishedRunsAreNotCounted() {
        var all = runs([.success, .failed, .running, .skipped])
        all.append(PipelineRun(source: "af", pipelineID: "etl", runID: "skewed", state: .success,
                               logicalDate: now.addingTimeInterval(3_600), startedAt: now, endedAt: now.addingTimeInterval(60)))
        let stats = PipelineStats.of(all, now: now)
        #expect(stats.finished24h == 2 && stats.succeeded24h == 1 && stats.finished7d == 2)
        // The future run is the newest finished one and succeeded: no streak.
        #expect(stats.failureStreak == 0)
    }

    @Test func percentilesAreOverTheNewestThirtySuccesses() throws {
        // 30 fast successes, then 10 older slow ones: the slow ones are past the sample.
        let minutes = Array(repeating: 10.0, count: 30) + Array(repeating: 100.0, count: 10)
        let stats = PipelineStats.of(runs(Array(repeating: .success, count: 40), durations: minutes), now: now)
        #expect(abs(try #require(stats.durationP95) - 10 * 60) < 1e-6)
    }

    @Test func theTallyIsCompleteOncePastTheWeekWithItsDurationsAndStreak() {
        var tally = PipelineStats.Tally(now: now)
        let history = runs([.failed] + Array(repeating: .success, count: 40), hoursApart: 6)
        var fed = 0
        for run in history where !tally.isComplete {
            tally.add(run.state, slot: run.logicalDate, duration: 600)
            fed += 1
        }
        // 30 durations are in after 31 runs, but the week ends at the 28th run six hours apart: the 29th is past it.
        #expect(fed == 31)
        #expect(tally.stats == PipelineStats.of(history, now: now))
        #expect(tally.stats.failureStreak == 1)
    }

    @Test func summingAddsCountsOnly() {
        let a = PipelineStats(finished24h: 4, succeeded24h: 3, finished7d: 10, succeeded7d: 9, failureStreak: 1, durationP50: 5)
        let b = PipelineStats(finished24h: 1, succeeded24h: 0, finished7d: 2, succeeded7d: 1)
        let total = PipelineStats(summing: [a, b])
        #expect(total == PipelineStats(finished24h: 5, succeeded24h: 3, finished7d: 12, succeeded7d: 10))
        #expect(total.successRate24h == 0.6)
        #expect(PipelineStats(summing: []).successRate24h == nil)
    }

    @Test func tierIsInheritedFromTheMostCriticalDatasetProduced() {
        let graph = LineageGraph([
            LineageEdge(upstream: .pipeline(source: "af", id: "etl"), downstream: .dataset("raw.a")),
            LineageEdge(upstream: .pipeline(source: "af", id: "etl"), downstream: .dataset("raw.b")),
            LineageEdge(upstream: .dataset("raw.b"), downstream: .dataset("marts.c")),
        ])
        let tiers = ["raw.a": 3, "raw.b": 2, "marts.c": 1]
        #expect(PipelineTier.inherited(Pipeline(source: "af", pipelineID: "etl"), lineage: graph, datasetTiers: tiers) == 2)
        #expect(PipelineTier.inherited(Pipeline(source: "af", pipelineID: "etl", tier: 1), lineage: graph, datasetTiers: tiers) == 1)
        #expect(PipelineTier.inherited(Pipeline(source: "af", pipelineID: "other"), lineage: graph, datasetTiers: tiers) == nil)
    }
}
