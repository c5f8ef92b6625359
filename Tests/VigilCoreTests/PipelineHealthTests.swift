import Foundation
import Testing
@testable import VigilCore

@Suite struct PipelineHealthTests {
    let t0 = Date(timeIntervalSince1970: 1_700_000_000)
    let hourly = Pipeline(source: "af", pipelineID: "orders", schedule: "@hourly", scheduleInterval: 3600)

    func run(_ state: RunState, slotAgo: TimeInterval, id: String = UUID().uuidString) -> PipelineRun {
        PipelineRun(source: "af", pipelineID: "orders", runID: id, state: state,
                    logicalDate: t0.addingTimeInterval(-slotAgo), startedAt: t0.addingTimeInterval(-slotAgo + 3600))
    }

    @Test func latestFailureIsFailing() {
        let h = PipelineHealth.of(hourly, recentRuns: [run(.failed, slotAgo: 3600), run(.success, slotAgo: 7200)], now: t0)
        #expect(h == .failing)
    }

    @Test func aRetryAfterAFailureStillCountsAsFailing() {
        let h = PipelineHealth.of(hourly, recentRuns: [run(.running, slotAgo: 3600), run(.failed, slotAgo: 7200)], now: t0)
        #expect(h == .failing)
    }

    @Test func runningAfterSuccessIsRunning() {
        let h = PipelineHealth.of(hourly, recentRuns: [run(.running, slotAgo: 3600), run(.success, slotAgo: 7200)], now: t0)
        #expect(h == .running)
    }

    @Test func missedScheduleIsLate() {
        // The newest slot is 3 intervals old: the next run should have started an hour ago.
        let late = PipelineHealth.of(hourly, recentRuns: [run(.success, slotAgo: 3 * 3600 + 700)], now: t0)
        #expect(late == .late)
        let onTime = PipelineHealth.of(hourly, recentRuns: [run(.success, slotAgo: 3600)], now: t0)
        #expect(onTime == .healthy)
    }

    @Test func pausedAndEmpty() {
        var paused = hourly
        paused.isPaused = true
        #expect(PipelineHealth.of(paused, recentRuns: [run(.failed, slotAgo: 3600)], now: t0) == .paused)
        #expect(PipelineHealth.of(hourly, recentRuns: [], now: t0) == .unknown)
    }
}
