import Foundation
import VigilCore
import VigilStore

/// Reads a dbt project's target directory (manifest.json, run_results.json, optional sources.json): a `Collector`.
/// A pass re-reads only when a file's size, mtime or inode changed since the outcome, data or failure, was written;
/// a failed read changes only the source's status, so the console keeps showing the last good data with the source
/// marked down. Failures do not back off (the files are re-read as soon as they change).
public final class DbtCollector: Collector, @unchecked Sendable {
    public let sourceName: String
    public let targetDir: URL
    /// The postgres server dbt builds into, for the datasets' identities; nil leaves them without one.
    public let warehouse: PostgresLocation?
    public let store: Store
    public let clock: @Sendable () -> Date
    public let pacing: Pacing
    public var kind: SourceKind { .dbt }
    public var unchangedText: String { "dbt artifacts unchanged" }
    /// Guards the state below.
    private let lock = NSLock()
    /// Files whose outcome, data or failure, is already in the store.
    private var handled: DbtFileStamps?
    /// Files whose freshness samples were appended, so re-reading for another file's sake adds no duplicate history.
    private var recordedRunResults: DbtFileStamp?
    private var recordedSources: DbtFileStamp?
    /// What the pass read last moves the three above to, once it is written.
    private var pending: (handled: DbtFileStamps, runResults: DbtFileStamp??, sources: DbtFileStamp??)?

    public init(store: Store, sourceName: String, targetDir: URL, warehouse: PostgresLocation? = nil,
                interval: TimeInterval = 60, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.sourceName = sourceName
        self.targetDir = targetDir
        self.warehouse = warehouse
        self.clock = clock
        pacing = Pacing(interval: interval, maxBackoff: interval)
    }

    public convenience init(store: Store, sourceName: String, targetDir: String, warehouse: PostgresLocation? = nil,
                            interval: TimeInterval = 60, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.init(store: store, sourceName: sourceName, targetDir: URL(fileURLWithPath: targetDir), warehouse: warehouse,
                  interval: interval, clock: clock)
    }

    public func poll(now: Date) async -> SourcePass<DbtPollSummary, DbtArtifactError> {
        lock.withLock {
            pending = nil
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
            switch outcome {
            case let .failure(error):
                pending = (stamps, nil, nil)
                return .failed(error)
            case let .success(artifacts):
                return pass(artifacts, stamps: stamps, now: now)
            }
        }
    }

    public func passWritten(_ pass: SourcePass<DbtPollSummary, DbtArtifactError>) async {
        lock.withLock {
            guard let pending else { return }
            handled = pending.handled
            if let runResults = pending.runResults { recordedRunResults = runResults }
            if let sources = pending.sources { recordedSources = sources }
            self.pending = nil
        }
    }

    public func describe(_ s: DbtPollSummary) -> String {
        let warning = s.warning.map { " (warning: \($0))" } ?? ""
        let checks = s.checks > 0 ? ", \(s.checks) test results" : ""
        let changes = s.changes > 0 ? ", project changed" : ""
        return "dbt run \(s.runID) of \(s.pipelineID): \(s.taskInstances) nodes, \(s.datasets) datasets\(checks)\(changes)\(warning)"
    }

    /// Called with the lock held.
    private func pass(_ artifacts: DbtArtifacts, stamps: DbtFileStamps, now: Date) -> SourcePass<DbtPollSummary, DbtArtifactError> {
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
        var data = SourceData()
        data.health = warning == nil ? .ok : .degraded
        data.problems = warning.map { [$0.description] } ?? []
        data.pipelines = [batch.pipeline]
        // Models and sources gone from the manifest leave the panes; their history stays.
        data.datasets = batch.datasets
        data.datasetListing = .complete
        data.lineage = batch.lineage
        data.producers = batch.producerNodes
        data.runs = [batch.run]
        data.taskInstances = batch.taskInstances
        data.freshness = samples
        data.checks = checks
        data.definedChecks = batch.definedChecks
        // What changed since the last manifest (the marks it left); unread marks skip the diff, which the next pass does.
        var changes = 0
        if let marks = try? store.changeMarks(source: sourceName) {
            let dir = targetDir.path
            let diff = DbtMapping.manifestDiff(artifacts.manifest, marks: marks, source: sourceName,
                                               commit: { GitCommand.head(of: dir) }, now: now)
            data.changes = diff.change.map { [$0] } ?? []
            data.changeMarks = diff.marks
            changes = data.changes.count
        }
        pending = (stamps, .some(stamps.runResults), newSources ? .some(stamps.sources) : nil)
        return .read(data, summary: DbtPollSummary(
            pipelineID: batch.pipeline.pipelineID, runID: batch.run.runID, taskInstances: batch.taskInstances.count,
            datasets: batch.datasets.count, lineageEdges: batch.lineage.count, freshnessSamples: samples.count,
            checks: checks.count, changes: changes, warning: warning))
    }
}
