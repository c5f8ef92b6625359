import Foundation
import VigilCollectors
import VigilCore
import VigilStore

/// The demo runs Vigil's own incident detection over the simulated platform, as `vigil collect` does over real
/// sources: the tier-1 breach of the story is detected, not scripted (the script plays only the people's part).
public enum DemoDetection {
    public static func detector(_ store: Store) -> IncidentDetector {
        IncidentDetector(store: store, runbookFor: IncidentDetector.matchingRunbook)
    }

    /// Advances the demo to `end` a simulated minute at a time, detecting after each, so incidents open when their
    /// signal appears rather than all at `end`.
    public static func play(_ collector: DemoCollector, store: Store, to end: Date) async throws {
        let detector = detector(store)
        var t = collector.start
        while t < end {
            t = min(end, t.addingTimeInterval(60))
            try await collector.tick(to: t)
            try detector.run(now: t)
        }
    }
}
