import Foundation
import VigilConfig
import VigilCore
import VigilStore

/// Reads one Prefect 3 server or workspace through its REST API: a `Collector`.
///
/// A pass lists flows and deployments (complete listings: what is gone is retired), the runs that are not SCHEDULED
/// (Prefect pre-creates future runs) expected to start or ended within the lookback or still going, the Late runs
/// (which make their deployment late), the task runs of failed, running and paused runs, and the work pools and
/// queues. Flows, deployments and runs are the core: if one cannot be read the pass fails (the source goes down, its
/// data stays, passes back off). The Late runs, task runs, pools and queues are optional: one that fails is a note
/// and the source is degraded. A pool without an online worker, or paused, degrades the source with the pool named
/// (a paused or unpolled queue of a pool with workers likewise).
public actor PrefectCollector: Collector {
    public nonisolated let sourceName: String
    public nonisolated let settings: PrefectSettings
    public nonisolated let store: Store
    public nonisolated let clock: @Sendable () -> Date
    public nonisolated let pacing: Pacing
    public nonisolated var kind: SourceKind { .prefect }
    private let client: PrefectClient

    public init(store: Store, settings: PrefectSettings, transport: (any HTTPTransport)? = nil,
                clock: @escaping @Sendable () -> Date = { Date() }) {
        sourceName = settings.name
        self.settings = settings
        self.store = store
        self.clock = clock
        pacing = Pacing(interval: settings.interval, maxBackoff: settings.maxBackoff)
        let transport = transport ?? URLSessionTransport(timeout: settings.requestTimeout, maxBodyBytes: settings.maxBodyBytes,
                                                         maxConnections: settings.maxConcurrentRequests)
        client = PrefectClient(settings: settings, transport: transport)
    }

    /// From a `sources:` entry; reads its API key now. Throws `.configuration` naming the source.
    public init(store: Store, config: SourceConfig, transport: (any HTTPTransport)? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment) throws(PrefectError) {
        self.init(store: store, settings: try PrefectSettings(config: config, environment: environment), transport: transport)
    }

    public func poll(now: Date) async -> SourcePass<PrefectPollSummary, PrefectError> {
        do {
            let (data, summary) = try await withPassTimeout { try await self.readPass(now: now) }
            return .read(data, summary: summary)
        } catch {
            return .failed(Self.prefectError(error, source: sourceName, seconds: settings.passTimeout))
        }
    }

    public nonisolated func describe(_ s: PrefectPollSummary) -> String {
        let notes = s.problems.isEmpty ? "" : " (" + s.problems.joined(separator: "; ") + ")"
        return "\(s.health.rawValue), \(s.pipelines) deployments and flows, \(s.runs) runs, \(s.late) late, "
            + "\(s.taskInstances) task runs\(notes)"
    }

    // MARK: - Reading

    private func readPass(now: Date) async throws -> (SourceData, PrefectPollSummary) {
        let client = self.client
        let source = sourceName
        let page = max(1, settings.pageSize), listed = settings.maxListed
        let after = AirflowTimestamp.format(now.addingTimeInterval(-settings.lookback))
        let late: [String: any Sendable] = [
            "sort": "EXPECTED_START_TIME_ASC", "flow_runs": ["state": ["name": ["any_": ["Late"]]]],
        ]
        async let flowsRead = client.all(PrefectFlow.self, "/flows/filter", body: ["sort": "NAME_ASC"], pageSize: page, max: listed)
        async let deploymentsRead = client.all(PrefectDeployment.self, "/deployments/filter", body: ["sort": "NAME_ASC"],
                                               pageSize: page, max: listed)
        async let runsRead = Self.recentRuns(client, after: after, pageSize: page, max: settings.maxRunsPerPass)
        async let lateRead = Self.attempt(source) {
            try await client.all(PrefectFlowRun.self, "/flow_runs/filter", body: late, pageSize: page, max: listed).items
        }
        async let poolsRead = Self.attempt(source) {
            try await client.all(PrefectWorkPool.self, "/work_pools/filter", body: [:], pageSize: page, max: listed).items
        }
        async let queuesRead = Self.attempt(source) {
            try await client.all(PrefectWorkQueue.self, "/work_queues/filter", body: [:], pageSize: page, max: listed).items
        }
        let (flowList, flowsComplete) = try await flowsRead
        let (deploymentList, deploymentsComplete) = try await deploymentsRead
        let runList = try await runsRead

        var problems: [String] = []
        let flows = Dictionary(flowList.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let deployments = Dictionary(deploymentList.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var oldestLate: [String: Date] = [:]
        var lateCount = 0
        switch await lateRead {
        case let .success(runs):
            for run in runs where PrefectMapping.isLate(run) {
                guard let id = run.deploymentId, let due = run.expectedStartTime else { continue }
                lateCount += 1
                oldestLate[id] = min(oldestLate[id] ?? due, due)
            }
        case let .failure(error): problems.append("late runs unknown: \(error.reason)")
        }

        var pipelines: [Pipeline] = []
        for deployment in deploymentList {
            guard let flow = flows[deployment.flowId] else { continue }
            pipelines.append(PrefectMapping.pipeline(deployment, flowName: flow, source: source,
                                                     oldestLate: oldestLate[deployment.id]))
        }
        // Flows run outside any deployment are pipelines of their own; a flow that has deployments becomes one only
        // when it also runs on its own.
        let deployed = Set(deploymentList.map(\.flowId))
        var flowPipelines = Set(flowList.filter { !deployed.contains($0.id) }.map(\.name))
        var runs: [PipelineRun] = []
        for run in runList {
            guard let pipelineID = PrefectMapping.pipelineID(of: run, flows: flows, deployments: deployments) else { continue }
            if run.deploymentId == nil { flowPipelines.insert(pipelineID) }
            runs.append(PrefectMapping.run(run, pipelineID: pipelineID, source: source))
        }
        pipelines += flowPipelines.sorted().map { PrefectMapping.pipeline(flowName: $0, source: source) }

        let (tasks, taskNotes) = await taskInstances(of: runs)
        problems += taskNotes
        switch (await poolsRead, await queuesRead) {
        case let (.success(pools), .success(queues)): problems += PrefectMapping.workProblems(pools: pools, queues: queues)
        case let (.failure(error), _), let (_, .failure(error)): problems.append("work pools unknown: \(error.reason)")
        }

        var data = SourceData()
        data.health = problems.isEmpty ? .ok : .degraded
        data.problems = problems
        data.pipelines = pipelines
        // A deployment or flow deleted from Prefect leaves the panes; its runs stay. Only complete listings can tell.
        data.pipelineListing = flowsComplete && deploymentsComplete ? .complete : .upsert
        data.runs = runs
        data.taskInstances = tasks
        let summary = PrefectPollSummary(health: data.health, problems: problems, pipelines: pipelines.count,
                                         runs: runs.count, late: lateCount, taskInstances: tasks.count)
        return (data, summary)
    }

    /// The runs a pass keeps up to date, newest expected start first, at most `max`: those expected to start after
    /// `after`, those that ended after it (a long run stored as running finishes), and those still going whatever
    /// their age (Prefect's filters are flat: three reads, merged). SCHEDULED runs are not runs yet.
    private static func recentRuns(_ client: PrefectClient, after: String, pageSize: Int,
                                   max: Int) async throws -> [PrefectFlowRun] {
        let notScheduled: [String: any Sendable] = ["type": ["not_any_": ["SCHEDULED"]]]
        func filter(_ runs: [String: any Sendable]) -> [String: any Sendable] {
            ["sort": "EXPECTED_START_TIME_DESC", "flow_runs": runs]
        }
        async let started = client.all(PrefectFlowRun.self, "/flow_runs/filter", body: filter(
            ["state": notScheduled, "expected_start_time": ["after_": after]]), pageSize: pageSize, max: max)
        async let ended = client.all(PrefectFlowRun.self, "/flow_runs/filter", body: filter(
            ["state": notScheduled, "end_time": ["after_": after]]), pageSize: pageSize, max: max)
        async let going = client.all(PrefectFlowRun.self, "/flow_runs/filter", body: filter(
            ["state": ["type": ["any_": ["PENDING", "RUNNING", "PAUSED", "CANCELLING"]]]]), pageSize: pageSize, max: max)
        var seen = Set<String>()
        let runs = try await (started.items + ended.items + going.items).filter {
            seen.insert($0.id).inserted && ($0.stateType ?? $0.state?.type)?.uppercased() != "SCHEDULED"
        }
        let newestFirst = runs.sorted { ($0.expectedStartTime ?? .distantPast) > ($1.expectedStartTime ?? .distantPast) }
        return Array(newestFirst.prefix(max))
    }

    /// Task runs of the newest failed, running and paused runs, in one filter (paged); when they cannot be read the
    /// pass goes on with a note.
    private func taskInstances(of runs: [PipelineRun]) async -> ([TaskInstance], [String]) {
        let wanted = runs.filter { $0.state.isFailure || $0.state == .running || $0.state == .queued }
            .prefix(settings.maxTaskRunFlowRuns)
        guard !wanted.isEmpty else { return ([], []) }
        let body: [String: any Sendable] = ["sort": "EXPECTED_START_TIME_DESC",
                                            "flow_runs": ["id": ["any_": wanted.map(\.runID)]]]
        let client = self.client
        let read = await Self.attempt(sourceName) {
            try await client.all(PrefectTaskRun.self, "/task_runs/filter", body: body, pageSize: max(1, self.settings.pageSize),
                                 max: 5_000).items
        }
        switch read {
        case let .success(taskRuns):
            let byRun = Dictionary(grouping: taskRuns, by: { $0.flowRunId ?? "" })
            return (wanted.flatMap { PrefectMapping.taskInstances(byRun[$0.runID] ?? [], of: $0) }, [])
        case let .failure(error):
            return ([], ["task runs of \(wanted.count) run(s) unknown: \(error.reason)"])
        }
    }

    // MARK: - Helpers

    private func withPassTimeout<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let seconds = settings.passTimeout
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(nanoseconds: UInt64(seconds * 1e9))
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else {
                throw PrefectError.timeout(source: sourceName, endpoint: "one pass", seconds: seconds)
            }
            return value
        }
    }

    static func attempt<T: Sendable>(_ source: String, _ body: @Sendable () async throws -> T) async
        -> Result<T, PrefectError> {
        do {
            return .success(try await body())
        } catch {
            return .failure(prefectError(error, source: source, seconds: 0))
        }
    }

    /// Anything not already a PrefectError is a cancellation by the pass timeout.
    static func prefectError(_ error: any Error, source: String, seconds: Double) -> PrefectError {
        if let error = error as? PrefectError { return error }
        return .timeout(source: source, endpoint: "one pass", seconds: seconds)
    }
}

/// What one pass read, for the log line and tests.
public struct PrefectPollSummary: Equatable, Sendable {
    public var health: SourceHealth
    /// Why the source is degraded: pools without a worker or paused, such queues, optional reads that failed.
    public var problems: [String]
    public var pipelines: Int
    public var runs: Int
    /// Late runs Prefect reports (of deployments).
    public var late: Int
    public var taskInstances: Int
}
