import Foundation
import VigilApp
import VigilConfig
import VigilCore
import VigilStore

/// Time from a detection pass that opens an incident to its alert accepted by Alertmanager (`POST /api/v2/alerts`
/// answered 2xx), through the real path: the detector writes the outbox row in its transaction, the notifier delivers
/// it and marks it delivered. Each sample is a fresh store whose tier-1 pipeline (its own id, so its own alert) failed.
public enum NotifyBenchmark {
    public static func run(alertmanager: URL, samples: Int) throws -> Timings {
        let notify = NotifyConfig(targets: [NotifyConfig.Target(name: "bench", kind: .alertmanager, url: alertmanager, timeout: 5)])
        var timings = Timings("pass opens incident → AM accepted")
        let now = Date()
        for i in 0..<samples {
            let store = try Store.inMemory()
            let id = "bench_\(UUID().uuidString.prefix(8))_\(i)"
            try store.write { w in
                try w.upsertPipeline(Pipeline(source: "bench", pipelineID: id, scheduleInterval: 3_600, tier: 1))
                try w.upsertRun(PipelineRun(source: "bench", pipelineID: id, runID: "r1", state: .failed,
                                            logicalDate: now.addingTimeInterval(-600), startedAt: now.addingTimeInterval(-600),
                                            endedAt: now.addingTimeInterval(-60)))
            }
            let detector = IncidentDetector(store: store, notify: notify)
            let notifier = Notifier(config: notify, store: store) { _ in }
            let delivered = try timings.measure { () throws -> Bool in
                _ = try detector.run()
                return notifier.deliverDue().contains { $0.contains(": HTTP 2") }
            }
            guard delivered else { throw BenchError("sample \(i): Alertmanager at \(alertmanager) did not accept the alert") }
        }
        return timings
    }
}
