import Foundation
import VigilCore
import VigilStore

/// Reads a dbt project's target directory (manifest.json, run_results.json, optional sources.json) and writes
/// what it says through the Store API. A poll re-reads only when a file's size, mtime or inode changed, and
/// writes everything in one transaction; a failed read changes only the source's status, so the console keeps
/// showing the last good data with the source marked down.
public final class DbtCollector: @unchecked Sendable {
    public let sourceName: String
    public let targetDir: URL
    /// The postgres server dbt builds into, for the datasets' identities; nil leaves them without one.
    public let warehouse: PostgresLocation?
    private let store: Store
    private let clock: @Sendable () -> Date
    /// Serialises polls; guards the state below.
    private let lock = NSLock()
    /// Files whose outcome, data or failure, is already in the store.
    private var handled: DbtFileStamps?
    /// Files whose freshness samples were appended, so re-reading for another file's sake adds no duplicate history.
    private var recordedRunResults: DbtFileStamp?
    private var recordedSources: DbtFileStamp?

    public init(store: Store, sourceName: String, targetDir: URL, warehouse: PostgresLocation? = nil,
                clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.sourceName = sourceName
        self.targetDir = targetDir
        self.warehouse = warehouse
        self.clock = clock
    }

    public convenience init(store: Store, sourceName: String, targetDir: String, warehouse: PostgresLocation? = nil,
                            clock: @escaping @Sendable () -> Date = { Date() }) {
        self.init(store: store, sourceName: sourceName, targetDir: URL(fileURLWithPath: targetDir), warehouse: warehouse,
                  clock: clock)
    }

    /// Throws only when the store itself cannot be written; artifact problems are returned as `.failed`.
    public func poll() throws -> DbtPollResult {
        try lock.withLock {
            let stamps = DbtFileStamps.of(targetDir)
            if stamps == handled { return .unchanged }
            let outcome: Result<DbtArtifacts, DbtArtifactError>
            do {
                outcome = .success(try DbtArtifacts.load(from: targetDir))
            } catch let error as DbtArtifactError {
                outcome = .failure(error)
            } catch {
                outcome = .failure(.unreadable(file: targetDir.lastPathComponent, reason: "\(error)"))
            }
            // dbt rewrote something while we read: what we read may be half a file. Try again next poll.
            guard DbtFileStamps.of(targetDir) == stamps else { return .unchanged }
            let now = clock()
            let result: DbtPollResult
            switch outcome {
            case let .failure(error):
                try recordFailure(error, now: now)
                result = .failed(error)
            case let .success(artifacts):
                result = .updated(try write(artifacts, stamps: stamps, now: now))
            }
            handled = stamps
            return result
        }
    }

    private func write(_ artifacts: DbtArtifacts, stamps: DbtFileStamps, now: Date) throws -> DbtPollSummary {
        var sources: DbtSourcesResults?
        var warning: DbtArtifactError?
        switch artifacts.sources {
        case let .success(value): sources = value
        case let .failure(error): warning = error
        case nil: break
        }
        let batch = DbtMapping.batch(manifest: artifacts.manifest, runResults: artifacts.runResults,
                                     sources: sources, source: sourceName, warehouse: warehouse)
        let newBuild = stamps.runResults != recordedRunResults
        let newSources = sources != nil && stamps.sources != recordedSources
        let samples = ((newBuild ? batch.buildSamples : []) + (newSources ? batch.sourceSamples : []))
            .sorted { ($0.observedAt, $0.dataset) < ($1.observedAt, $1.dataset) }
        // Test results are history (pass rates): recorded once per invocation, like the build samples.
        let checks = newBuild ? batch.checks : []
        let status = SourceStatus(name: sourceName, kind: .dbt, health: warning == nil ? .ok : .degraded,
                                  lastAttemptAt: now, lastSuccessAt: now, lastError: warning?.description)
        try store.write { w in
            try w.upsertSource(status)
            try w.upsertPipeline(batch.pipeline)
            for dataset in batch.datasets { try w.upsertDataset(dataset) }
            // Models and sources gone from the manifest leave the panes; their history stays.
            try w.retireDatasets(source: sourceName, keeping: Set(batch.datasets.map(\.name)), at: now)
            try w.replaceLineage(source: sourceName, edges: batch.lineage, via: batch.producerNodes)
            try w.upsertRun(batch.run)
            for task in batch.taskInstances { try w.upsertTaskInstance(task) }
            for sample in samples { try w.recordFreshness(sample) }
            for check in checks { try w.recordCheck(check) }
            try w.retireChecks(source: sourceName, keeping: batch.definedChecks)
        }
        recordedRunResults = stamps.runResults
        if newSources { recordedSources = stamps.sources }
        return DbtPollSummary(pipelineID: batch.pipeline.pipelineID, runID: batch.run.runID,
                              taskInstances: batch.taskInstances.count, datasets: batch.datasets.count,
                              lineageEdges: batch.lineage.count, freshnessSamples: samples.count, checks: checks.count,
                              warning: warning)
    }

    /// Marks the source down; the store keeps its last success time and data.
    private func recordFailure(_ error: DbtArtifactError, now: Date) throws {
        let status = SourceStatus(name: sourceName, kind: .dbt, health: .down, lastAttemptAt: now,
                                  lastError: error.description)
        try store.write { w in try w.upsertSource(status) }
    }
}
