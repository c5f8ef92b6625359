import Foundation
import VigilCore
import VigilStore

/// A collector stand-in for crash and load tests: writes numbered batches of runs, one transaction each, so a
/// test can tell exactly which batches were committed (they all must survive a SIGKILL) and which were not.
/// Batch numbers continue from the store, so a writer restarted after a crash carries on where it stopped.
public struct StressWriter {
    public static let source = "stress"
    public static let pipeline = "stress_load"
    /// meta key holding the last committed batch number, written in the batch's own transaction.
    static let lastBatchKey = "stress_last_batch"

    public let store: Store
    public let runsPerBatch: Int
    public let tasksPerRun: Int

    public init(store: Store, runsPerBatch: Int = 50, tasksPerRun: Int = 3) {
        self.store = store
        self.runsPerBatch = runsPerBatch
        self.tasksPerRun = tasksPerRun
    }

    /// The last batch a writer committed to this store (0 when none).
    public func lastBatch() throws -> Int {
        try store.meta(Self.lastBatchKey).flatMap { Int($0) } ?? 0
    }

    /// The text the source's note shows after `batch` commits; consoles display it on the Sources pane.
    public static func note(batch: Int, final: Bool) -> String {
        final ? "stress done at batch \(batch)" : "stress batch \(batch) committed"
    }

    /// Writes batch `number` (its runs, their task instances, the source's note) in one transaction.
    public func write(batch number: Int, final: Bool = false, now: Date = Date()) throws {
        let tasks = (1...max(1, tasksPerRun)).map { "task_\($0)" }
        try store.write { w in
            try w.upsertSource(SourceStatus(name: Self.source, kind: .airflow, health: .ok, lastAttemptAt: now,
                                            lastSuccessAt: now, note: Self.note(batch: number, final: final)))
            try w.upsertPipeline(Pipeline(source: Self.source, pipelineID: Self.pipeline, tasks: tasks))
            for i in 0..<runsPerBatch {
                let runID = Self.runID(batch: number, index: i)
                try w.upsertRun(PipelineRun(source: Self.source, pipelineID: Self.pipeline, runID: runID,
                                            state: .success, logicalDate: now, startedAt: now, endedAt: now))
                for task in tasks {
                    try w.upsertTaskInstance(TaskInstance(source: Self.source, pipelineID: Self.pipeline, runID: runID,
                                                          taskID: task, state: .success, startedAt: now, endedAt: now))
                }
            }
            try w.setMeta(Self.lastBatchKey, String(number))
        }
    }

    /// Run ids are `b<batch>-<index>` so a test can count each batch's rows.
    public static func runID(batch: Int, index: Int) -> String { "b\(batch)-\(index)" }
}
