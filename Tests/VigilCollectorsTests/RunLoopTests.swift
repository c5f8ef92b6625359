import Foundation
import Testing
import VigilTestSupport
import VigilCollectors
import VigilStore

@Suite struct RunLoopTests {
    @Test func runAdvancesSimulatedTimeUntilCancelled() async throws {
        let store = try TestStore.fresh()
        let start = Fixtures.t0
        let collector = DemoCollector(store: store, start: start)
        try await collector.backfill()
        let clock = ContinuousClock()
        let began = clock.now
        let task = Task { try await collector.run(speed: 600) }
        // Other suites may keep the cooperative pool busy, so wait for progress instead of a fixed time.
        // No speed is asserted (tests assert behaviour, benchmarks measure speed): only that time moves.
        // The bound is generous: on a loaded 2-core machine the demo and snapshot suites held both of the pool's
        // threads for over two minutes of a full `swift test`.
        while collector.simulatedNow.timeIntervalSince(start) < 60, began.duration(to: clock.now) < .seconds(600) {
            try await Task.sleep(for: .milliseconds(100))
        }
        task.cancel()
        try await task.value  // returns normally once cancelled
        let wall = began.duration(to: clock.now)
        let wallSeconds = Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18
        let reached = collector.simulatedNow.timeIntervalSince(start)
        // Simulated time moves at `speed` times real time, never ahead of it.
        #expect(reached >= 60 && reached <= wallSeconds * 600, "reached \(reached)s in \(wallSeconds)s")
        #expect(try store.meta("clock") == String(collector.simulatedNow.timeIntervalSince1970))
        let stopped = collector.simulatedNow
        try await Task.sleep(for: .milliseconds(1200))
        #expect(collector.simulatedNow == stopped)
    }
}
