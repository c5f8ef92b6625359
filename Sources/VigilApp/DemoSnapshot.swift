import Foundation
import VigilCollectors
import VigilStore
import VigilUI

/// Renders a pane of the demo scenario at its fixed seed and clock, so the same call gives the same cells
/// on every machine: the source of screenshots/ and of the golden-file tests.
public enum DemoSnapshot {
    /// The simulated moment snapshots show: the incident is open and its runbook partly walked.
    public static var now: Date { DemoScenario.snapshotStart.addingTimeInterval(DemoScenario.snapshotOffset) }

    /// A console over an in-memory store filled by the demo collector up to `now`.
    public static func makeController(pane: Pane) throws -> ConsoleController {
        let store = try Store.inMemory()
        let collector = DemoCollector(store: store, seed: 42, start: DemoScenario.snapshotStart)
        try collector.backfill()
        try DemoDetection.play(collector, store: store, to: now)
        return ConsoleController(dataSource: StoreDataSource(store: store, fixedNow: now), initialPane: pane)
    }

    public static func render(pane: Pane, width: Int, height: Int, keys: [InputEvent] = []) throws -> CellBuffer {
        let controller = try makeController(pane: pane)
        // Draw once first so list heights are known to the keys that page or click.
        _ = controller.render(width: width, height: height)
        for event in keys {
            controller.handle(event)
            _ = controller.render(width: width, height: height)
        }
        return controller.render(width: width, height: height)
    }
}
