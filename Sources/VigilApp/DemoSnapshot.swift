import Foundation
import VigilCollectors
import VigilStore
import VigilUI

/// Renders a pane of the demo scenario at its fixed seed and clock, so the same call gives the same cells
/// on every machine: the source of screenshots/ and of the golden-file tests.
public enum DemoSnapshot {
    /// The simulated moment snapshots show: the incident is open and its runbook partly walked.
    public static var now: Date { DemoScenario.snapshotStart.addingTimeInterval(DemoScenario.snapshotOffset) }

    /// A console over an in-memory store filled by the demo collector up to `now` (read-only: screenshots
    /// show what is there, and keys that would write say the console is read-only).
    public static func makeDriver(pane: Pane, width: Int = 120, height: Int = 40) async throws -> ConsoleDriver {
        let store = try Store.inMemory()
        let collector = DemoCollector(store: store, seed: 42, start: DemoScenario.snapshotStart)
        try await collector.backfill()
        try await DemoDetection.play(collector, store: store, to: now)
        return ConsoleDriver(data: StoreDataSource(store: store, fixedNow: now), pane: pane, width: width, height: height)
    }

    public static func render(pane: Pane, width: Int, height: Int, keys: [InputEvent] = []) async throws -> CellBuffer {
        var driver = try await makeDriver(pane: pane, width: width, height: height)
        for event in keys { driver.send(.input(event)) }
        return driver.frame()
    }
}
