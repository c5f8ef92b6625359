import CMalloc
import Foundation
import VigilCore
import VigilApp
import VigilStore

/// `vigil bench store`: the reads behind each pane on a large store, and the collector's write rates.
public struct StoreBenchmark {
    public var store: Store
    public var repeats = 20
    /// Opens the store again, as a new process would: its first snapshot has no lineage kept from before.
    public var reopen: () throws -> Store

    public init(store: Store, reopen: @escaping () throws -> Store) {
        self.store = store
        self.reopen = reopen
    }

    /// The snapshot feeds every pane; the drill-down views read their own rows when opened. Each figure is given to
    /// `each` as soon as it is measured (a 100,000-dataset store takes minutes). `detectionPasses` 0 skips detection.
    public func queries(detectionPasses: Int = 5, each: (Timings) -> Void) throws {
        var first = Timings("snapshot, first of a process")
        for _ in 0..<3 {
            let fresh = try reopen()
            _ = try first.measure { try fresh.snapshot() }
        }
        let snapshot = try store.snapshot()
        each(first)
        var t = Timings("snapshot, again (lineage unchanged)")
        for _ in 0..<max(3, repeats / 4) { _ = try t.measure { try store.snapshot() } }
        each(t)
        // A console woken by a write: one observation (the commonest write) re-reads that dataset's rows only.
        var seen = Timings("snapshot after a write (one observation)")
        for i in 0..<max(3, repeats / 2) where !snapshot.datasets.isEmpty {
            let d = snapshot.datasets[(i * 7919) % snapshot.datasets.count]
            try store.write { w in
                try w.recordFreshness(FreshnessSample(dataset: d.dataset.name, observedAt: snapshot.now.addingTimeInterval(Double(i)),
                                                      loadedAt: d.lastLoadedAt ?? snapshot.now))
            }
            _ = try seen.measure { try store.snapshot() }
        }
        each(seen)
        // What a running collector does after each pass: the rules over a snapshot, and their writes. The first
        // pass opens the incidents the generated platform calls for, off the clock; the passes after it find them.
        if detectionPasses > 0 {
            let detector = IncidentDetector(store: store)
            _ = try detector.run()
            var detection = Timings("detection after a collector pass")
            for _ in 0..<detectionPasses { _ = try detection.measure { try detector.run() } }
            each(detection)
        }
        var change = Timings("change token (polled 4x a second)")
        for _ in 0..<repeats * 10 { _ = try change.measure { try store.changeToken() } }
        each(change)
        let pipelines = snapshot.pipelines.map(\.pipeline)
        guard !pipelines.isEmpty else { return }
        var runs = Timings("runs of a pipeline (drill-down)")
        var tasks = Timings("task instances of a run")
        for i in 0..<repeats {
            let p = pipelines[(i * 7919) % pipelines.count]
            let list = try runs.measure { try store.runs(source: p.source, pipelineID: p.pipelineID) }
            if let run = list.first { _ = try tasks.measure { try store.taskInstances(source: p.source, pipelineID: p.pipelineID, runID: run.runID) } }
        }
        each(runs)
        each(tasks)
        var history = Timings("dataset freshness history (24 h)")
        let datasets = snapshot.datasets.map(\.dataset.name)
        for i in 0..<repeats where !datasets.isEmpty {
            _ = try history.measure { try store.freshnessHistory(dataset: datasets[(i * 7919) % datasets.count], since: snapshot.now.addingTimeInterval(-86_400)) }
        }
        each(history)
        var incidents = Timings("incident history (8 weeks, standup)")
        for _ in 0..<repeats { _ = try incidents.measure { try store.incidents(openedSince: snapshot.now.addingTimeInterval(-56 * 86_400)) } }
        each(incidents)
    }

    public struct IngestFigures: Sendable {
        public var runUpdates: Int
        public var runSeconds: Double
        public var freshnessObservations: Int
        public var freshnessSeconds: Double
    }

    /// `runUpdates` run upserts in collector-sized transactions (500 a pass): half change existing runs'
    /// states, half add new runs; then one pass observing the freshness of every dataset.
    public func ingest(runUpdates: Int = 100_000) throws -> IngestFigures {
        let snapshot = try store.snapshot(recentRunsPerPipeline: 1)
        let pipelines = snapshot.pipelines.map(\.pipeline)
        guard !pipelines.isEmpty else { return IngestFigures(runUpdates: 0, runSeconds: 0, freshnessObservations: 0, freshnessSeconds: 0) }
        let now = snapshot.now
        var timer = Timings("ingest")
        var written = 0
        while written < runUpdates {
            let batch = min(500, runUpdates - written)
            let first = written
            try timer.measure {
                try store.write { w in
                    for k in first..<(first + batch) {
                        let p = pipelines[k % pipelines.count]
                        let started = now.addingTimeInterval(Double(k % 3_600))
                        // Even k: a run that keeps changing state (running, then success); odd k: a new run each time.
                        let runID = k % 2 == 0 ? "bench__\(k % 1_000)" : "bench__new_\(k)"
                        try w.upsertRun(PipelineRun(source: p.source, pipelineID: p.pipelineID, runID: runID,
                                                    state: k % 4 == 0 ? .running : .success, logicalDate: started,
                                                    startedAt: started, endedAt: k % 4 == 0 ? nil : started.addingTimeInterval(90),
                                                    runType: "manual"))
                    }
                }
            }
            written += batch
        }
        let datasets = snapshot.datasets
        let observed = now.addingTimeInterval(600)
        var fresh = Timings("freshness")
        try fresh.measure {
            try store.write { w in
                for d in datasets {
                    try w.recordFreshness(FreshnessSample(dataset: d.dataset.name, observedAt: observed,
                                                          loadedAt: d.lastLoadedAt ?? observed.addingTimeInterval(-60)))
                }
            }
        }
        return IngestFigures(runUpdates: written, runSeconds: timer.samples.reduce(0, +),
                             freshnessObservations: datasets.count, freshnessSeconds: fresh.samples.reduce(0, +))
    }
}

extension StoreBenchmark {
    /// Heap bytes a snapshot holds once read (glibc's count of bytes in use, before and after), per dataset.
    /// Read by a store opened for it, so the lineage it keeps (shared with the snapshot) is counted too.
    public func snapshotMemory() throws -> (bytes: Int, datasets: Int) {
        let fresh = try reopen()
        let before = Self.heapInUse()
        let snapshot = try fresh.snapshot()
        let held = Self.heapInUse() - before
        return withExtendedLifetime((snapshot, fresh)) { (held, snapshot.datasets.count) }
    }

    private static func heapInUse() -> Int {
        let info = mallinfo2()
        return Int(info.uordblks) + Int(info.hblkhd)
    }
}
