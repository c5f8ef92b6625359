import Foundation
import VigilConfig
import VigilCore
import VigilStore

/// Reads one Dagster (1.13, open source or Dagster+) through its GraphQL API: a `Collector`.
///
/// A pass sends three queries at once: the workspace (code locations, jobs, schedules, sensors), the runs updated
/// since the last written pass (the first pass: the last `initialLookback`), and the assets (materializations, checks,
/// dependencies); then, for failed runs whose step errors are not known yet, their step failure events (each run
/// once, at most `maxStepErrorRunsPerPass` a pass). The workspace and the runs are the core: if either cannot be read
/// the pass fails (the source goes down, its data stays, passes back off). The assets and the step errors are
/// optional: when they fail the source is degraded with a note and the rest is written. A code location that fails to
/// load degrades the source, named. The transport is injected: tests replay real answers, the demo can answer the
/// queries (`DagsterQuery`) itself.
public actor DagsterCollector: Collector {
    public nonisolated let sourceName: String
    public nonisolated let settings: DagsterSettings
    public nonisolated let store: Store
    public nonisolated let clock: @Sendable () -> Date
    public nonisolated let pacing: Pacing
    public nonisolated var kind: SourceKind { .dagster }
    private let client: DagsterClient
    /// Start of the last written pass: the next one asks for runs updated since then (minus the overlap).
    private var runsWatermark: Date?
    /// Step errors read, per failed run (step key -> text): re-applied each time the run is read again.
    private var stepErrors: [String: [String: String]] = [:]
    /// Failed runs whose step errors could not be read yet (newest first): tried again on the next passes.
    private var pendingErrors: [DagsterWire.Run] = []

    /// Runs whose step errors are remembered, and failed runs waiting for theirs, at most.
    static let maxRememberedRuns = 1_000

    public init(store: Store, settings: DagsterSettings, transport: (any HTTPTransport)? = nil,
                clock: @escaping @Sendable () -> Date = { Date() }) {
        sourceName = settings.name
        self.settings = settings
        self.store = store
        self.clock = clock
        pacing = Pacing(interval: settings.interval, maxBackoff: settings.maxBackoff)
        let transport = transport ?? URLSessionTransport(timeout: settings.requestTimeout, maxBodyBytes: settings.maxBodyBytes)
        client = DagsterClient(settings: settings, transport: transport)
    }

    /// From a `sources:` entry; reads its token now. Throws `.configuration` naming the source.
    public init(store: Store, config: SourceConfig, transport: (any HTTPTransport)? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment) throws(DagsterError) {
        self.init(store: store, settings: try DagsterSettings(config: config, environment: environment), transport: transport)
    }

    public func poll(now: Date) async -> SourcePass<DagsterPollSummary, DagsterError> {
        do {
            return try await readPass(now: now)
        } catch {
            return .failed(Self.dagsterError(error, source: sourceName))
        }
    }

    public func passWritten(_ pass: SourcePass<DagsterPollSummary, DagsterError>) async {
        guard case let .read(_, summary) = pass else { return }
        runsWatermark = summary.startedAt
    }

    public nonisolated func describe(_ s: DagsterPollSummary) -> String {
        let notes = s.notes.isEmpty ? "" : " (" + s.notes.joined(separator: "; ") + ")"
        return "\(s.health.rawValue), \(s.pipelines) jobs, \(s.runs) runs, \(s.steps) steps, \(s.assets) assets, "
            + "\(s.checks) checks\(notes)"
    }

    // MARK: - Reading

    private func readPass(now: Date) async throws -> SourcePass<DagsterPollSummary, DagsterError> {
        let client = client
        let since = runsWatermark.map { $0.addingTimeInterval(-settings.overlap) }
            ?? now.addingTimeInterval(-settings.initialLookback)
        let runVariables = RunsVariables(limit: max(1, settings.maxRunsPerPass),
                                         filter: .init(updatedAfter: since.timeIntervalSince1970))
        async let workspaceRead = client.run(.workspace, as: DagsterWire.WorkspaceData.self)
        async let runsRead = client.run(.runs, variables: runVariables, as: DagsterWire.RunsData.self)
        async let assetsRead = Self.attempt(sourceName) { try await client.run(.assets, as: DagsterWire.AssetsData.self) }

        let workspaceAnswer = try await workspaceRead.workspaceOrError
        guard workspaceAnswer.typename == "Workspace", let entries = workspaceAnswer.locationEntries else {
            throw client.refused(.workspace, typename: workspaceAnswer.typename, message: workspaceAnswer.message)
        }
        let workspace = DagsterMapping.workspace(entries, source: sourceName, lateGrace: settings.lateGrace)
        let runsAnswer = try await runsRead.runsOrError
        guard runsAnswer.typename == "Runs", let wireRuns = runsAnswer.results else {
            throw client.refused(.runs, typename: runsAnswer.typename, message: runsAnswer.message)
        }

        var problems = workspace.problems
        let (errorRuns, errorProblem) = await readStepErrors(of: wireRuns)
        problems += [errorProblem].compactMap { $0 }
        var data = SourceData()
        data.pipelines = workspace.pipelines
        // A job gone from Dagster leaves the panes; its runs stay. Only a workspace whose locations all loaded can tell.
        data.pipelineListing = workspace.complete ? .complete : .upsert
        data.runs = wireRuns.map { DagsterMapping.run($0, source: sourceName, ids: workspace.ids) }
        data.taskInstances = (wireRuns + errorRuns).flatMap {
            DagsterMapping.steps($0, source: sourceName, ids: workspace.ids, errors: stepErrors[$0.runId] ?? [:])
        }

        var assetCount = 0, checkCount = 0
        switch await assetsRead {
        case let .success(answer):
            let known = try? store.datasetNameIndex(excludingSource: sourceName)
            let assets = DagsterMapping.assets(answer.assetNodes, source: sourceName, ids: workspace.ids, observedAt: now,
                                               known: { known?.resolve($0) })
            data.datasets = assets.datasets
            data.datasetListing = .complete
            data.freshness = assets.freshness
            data.resolveDatasetNames = true
            data.checks = assets.checks
            data.definedChecks = assets.definedChecks
            data.lineage = assets.lineage
            data.producers = assets.producers
            (assetCount, checkCount) = (answer.assetNodes.count, assets.checks.count)
        case let .failure(error):
            problems.append("assets unknown: \(error.reason)")
        }
        data.health = problems.isEmpty ? .ok : .degraded
        data.problems = problems
        data.notes = workspace.notes

        let summary = DagsterPollSummary(health: data.health, notes: problems + workspace.notes,
                                         pipelines: data.pipelines.count, runs: data.runs.count,
                                         steps: data.taskInstances.count, assets: assetCount, checks: checkCount,
                                         stepErrorRuns: errorRuns.count, startedAt: now)
        return .read(data, summary: summary)
    }

    /// Reads the step errors of failed runs not read yet (this pass's, then those left over from earlier passes),
    /// newest first, at most `maxStepErrorRunsPerPass`, concurrently. Returns the earlier passes' runs whose errors
    /// came in now (their steps are written again, with the errors) and a problem when some could not be read.
    private func readStepErrors(of runs: [DagsterWire.Run]) async -> ([DagsterWire.Run], String?) {
        let fresh = Set(runs.map(\.runId))
        let failed = runs.filter { DagsterMapping.runState($0.status) == .failed && stepErrors[$0.runId] == nil }
        let waiting = failed + pendingErrors.filter { !fresh.contains($0.runId) && stepErrors[$0.runId] == nil }
        let toRead = Array(waiting.prefix(settings.maxStepErrorRunsPerPass))
        guard !toRead.isEmpty else { return ([], nil) }
        let client = client, settings = settings, source = sourceName
        let results = await withTaskGroup(of: (String, Result<[String: String], DagsterError>).self) { group in
            for run in toRead {
                group.addTask {
                    (run.runId, await Self.attempt(source) { try await Self.stepErrors(of: run.runId, client: client, settings: settings) })
                }
            }
            var out: [String: Result<[String: String], DagsterError>] = [:]
            for await (id, result) in group { out[id] = result }
            return out
        }
        var failures: [DagsterError] = []
        for (id, result) in results {
            switch result {
            case let .success(errors): stepErrors[id] = errors
            case let .failure(error): failures.append(error)
            }
        }
        if stepErrors.count > Self.maxRememberedRuns {
            stepErrors = stepErrors.filter { fresh.contains($0.key) }
        }
        pendingErrors = Array(waiting.filter { stepErrors[$0.runId] == nil }.prefix(Self.maxRememberedRuns))
        let recovered = toRead.filter { !fresh.contains($0.runId) && stepErrors[$0.runId] != nil }
        let problem = failures.first.map { "step errors of \(failures.count) failed run(s) unknown: \($0.reason)" }
        return (recovered, problem)
    }

    /// A run's step failures, page by page, up to `maxEventPages` pages of `eventPageSize` events. A run Dagster no
    /// longer has (deleted since it was listed) has none: it is not asked for again.
    private static func stepErrors(of runID: String, client: DagsterClient,
                                   settings: DagsterSettings) async throws(DagsterError) -> [String: String] {
        var errors: [String: String] = [:]
        var cursor: String?
        for _ in 0..<max(1, settings.maxEventPages) {
            let variables = EventVariables(runId: runID, afterCursor: cursor, limit: max(1, settings.eventPageSize))
            let page = try await client.run(.stepFailures, variables: variables, as: DagsterWire.LogsData.self).logsForRun
            if page.typename == "RunNotFoundError" { return errors }
            guard page.typename == "EventConnection" else {
                throw client.refused(.stepFailures, typename: page.typename, message: page.message)
            }
            errors.merge(DagsterMapping.stepErrors(page.events ?? [])) { $1 }
            guard page.hasMore == true, let next = page.cursor, next != cursor else { break }
            cursor = next
        }
        return errors
    }

    // MARK: - Helpers

    static func attempt<T: Sendable>(_ source: String, _ body: @Sendable () async throws -> T) async
        -> Result<T, DagsterError> {
        do {
            return .success(try await body())
        } catch {
            return .failure(dagsterError(error, source: source))
        }
    }

    /// Anything not already a DagsterError is a cancellation (the client throws only DagsterError).
    static func dagsterError(_ error: any Error, source: String) -> DagsterError {
        if let error = error as? DagsterError { return error }
        return .cancelled(source: source, query: "one pass")
    }

    struct RunsVariables: Encodable, Sendable {
        struct Filter: Encodable, Sendable {
            var updatedAfter: Double
        }

        var limit: Int
        var filter: Filter
    }

    struct EventVariables: Encodable, Sendable {
        var runId: String
        var afterCursor: String?
        var limit: Int
    }
}

/// What one pass read (for the log line and tests).
public struct DagsterPollSummary: Sendable, Equatable {
    public var health: SourceHealth
    /// Problems (load errors, reads that failed) and notes, as the log line shows them.
    public var notes: [String]
    public var pipelines: Int
    public var runs: Int
    public var steps: Int
    public var assets: Int
    public var checks: Int
    /// Runs of earlier passes whose step errors were read in this one.
    public var stepErrorRuns: Int
    public var startedAt: Date
}
