import Foundation
import VigilCollectors
import VigilCore

/// One shared world for the pure tests: building it calibrates freshness policies, which takes a moment.
enum Fixtures {
    static let t0 = DemoScenario.snapshotStart
    static let platform = DemoPlatform(seed: 42, start: t0)

    static func minutes(_ m: Double) -> Date { t0.addingTimeInterval(m * 60) }

    static func pipeline(_ id: String) -> Pipeline { platform.pipelines.first { $0.pipelineID == id }! }

    static func dataset(_ name: String) -> Dataset { platform.datasets.first { $0.name == name }! }

    static func state(_ name: String, at t: Date) -> FreshnessState {
        let lag = platform.loadedAt(dataset: name, at: t).map { t.timeIntervalSince($0) }
        return dataset(name).policy.state(lag: lag)
    }

    /// Every run triggered in the 24h before T0, as of T0.
    static let lastDay: [SimulatedRun] = platform.pipelines.flatMap {
        platform.simulatedRuns(of: $0, from: t0.addingTimeInterval(-86400), to: t0, now: t0)
    }
}
