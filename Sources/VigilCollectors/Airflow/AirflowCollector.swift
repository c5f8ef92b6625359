import Foundation
import VigilConfig
import VigilCore
import VigilStore

/// Reads one Airflow (API v2 or v1): a `Collector`.
///
/// A pass reads health, DAGs (and the task lists of new or re-parsed ones), runs updated since the last written pass,
/// task instances of failed and running runs, import errors, asset events and asset lineage; `collect()` writes all of
/// it in ONE transaction, and DAGs a complete listing no longer has are retired. DAGs and runs are the core: if they
/// cannot be read the pass fails (the source goes down, its data stays, passes back off). The other reads are
/// optional: when one fails the source is degraded with a note, and the rest is written.
public actor AirflowCollector: Collector {
    public nonisolated let sourceName: String
    public nonisolated let settings: AirflowSettings
    public nonisolated let store: Store
    public nonisolated let clock: @Sendable () -> Date
    public nonisolated let pacing: Pacing
    public nonisolated var kind: SourceKind { .airflow }
    private let client: AirflowClient
    private var api: AirflowAPI?
    /// Start of the last written pass: the next one asks for runs updated since then (minus the overlap).
    private var runsWatermark: Date?
    /// Newest asset event recorded, in Airflow's clock.
    private var eventsWatermark: Date?
    /// Failed tasks' errors already read from their logs.
    private var taskErrors = AirflowTaskErrors()
    /// DAGs' task lists, and when they were read.
    private var dagTasks = AirflowDAGTasks()

    public init(store: Store, settings: AirflowSettings, transport: (any HTTPTransport)? = nil,
                clock: @escaping @Sendable () -> Date = { Date() }) {
        sourceName = settings.name
        self.settings = settings
        self.store = store
        self.clock = clock
        pacing = Pacing(interval: settings.interval, maxBackoff: settings.maxBackoff)
        api = settings.api
        let transport = transport ?? URLSessionTransport(timeout: settings.requestTimeout, maxBodyBytes: settings.maxBodyBytes,
                                                         maxConnections: settings.maxConcurrentRequests)
        client = AirflowClient(settings: settings, transport: transport)
    }

    /// From a `sources:` entry; reads its secrets now. Throws `.configuration` naming the source.
    public init(store: Store, config: SourceConfig, transport: (any HTTPTransport)? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment) throws(AirflowError) {
        self.init(store: store, settings: try AirflowSettings(config: config, environment: environment), transport: transport)
    }

    public func poll(now: Date) async -> SourcePass<AirflowPollSummary, AirflowError> {
        let read: AirflowPass
        do {
            read = try await withPassTimeout { try await self.readPass(now: now) }
        } catch {
            return .failed(Self.airflowError(error, source: sourceName, seconds: settings.passTimeout))
        }
        var data = SourceData()
        data.health = read.summary.health
        data.problems = read.summary.notes
        data.pipelines = read.pipelines
        // A DAG deleted from Airflow leaves the panes; its runs stay. Only a complete listing can tell.
        data.pipelineListing = read.pipelinesComplete ? .complete : .upsert
        data.runs = read.runs
        data.taskInstances = read.taskInstances
        data.freshness = read.samples
        data.resolveDatasetNames = true
        data.lineage = read.lineage
        data.producers = read.producerTasks
        // New DAG versions the runs used, against the last version seen per DAG; unread marks skip it this pass.
        if !read.versions.isEmpty, let marks = try? store.changeMarks(source: sourceName) {
            (data.changes, data.changeMarks) = AirflowMapping.versionChanges(read.versions, marks: marks, source: sourceName)
        }
        data.changes += read.sourceChanges
        data.changeMarks.merge(read.sourceMarks) { _, new in new }
        return .read(data, summary: read.summary)
    }

    /// The pass is stored: the next one asks for what changed since it started, and for events after its newest.
    public func passWritten(_ pass: SourcePass<AirflowPollSummary, AirflowError>) async {
        guard case let .read(_, summary) = pass else { return }
        runsWatermark = summary.startedAt
        if let newest = summary.newestEvent { eventsWatermark = max(eventsWatermark ?? newest, newest) }
    }

    public nonisolated func describe(_ s: AirflowPollSummary) -> String {
        let notes = s.notes.isEmpty ? "" : " (" + s.notes.joined(separator: "; ") + ")"
        return "\(s.health.rawValue), \(s.pipelines) DAGs, \(s.runs) runs, \(s.taskInstances) task instances\(notes)"
    }

    // MARK: - Reading

    private func readPass(now: Date) async throws -> AirflowPass {
        await client.beginPass()
        let api = try await resolveAPI()
        let reader = AirflowReader(client: client, api: api, source: sourceName, pageSize: max(1, settings.pageSize))
        let since = runsWatermark.map { $0.addingTimeInterval(-settings.overlap) }
            ?? now.addingTimeInterval(-settings.initialLookback)
        let eventsAfter = eventsWatermark
        let source = sourceName

        // DAGs and runs do not depend on each other: read both at once, and start them first, since the runs'
        // pages and then their task instances are the longest chain of requests in a pass.
        let maxRuns = settings.maxRunsPerPass
        async let dagsRead = reader.dags()
        async let runsRead = reader.runs(updatedSince: since, max: maxRuns)
        async let health = Self.attempt(source) { try await reader.health() }
        async let importErrors = Self.attempt(source) { try await reader.importErrors() }
        async let lineage = Self.attempt(source) { try await reader.lineage() }
        async let freshness = Self.attempt(source) { try await reader.freshness(after: eventsAfter, observedAt: now) }
        // When both fail, the DAGs' error is the one reported.
        let (dags, dagsComplete) = try await dagsRead
        // Airflow 2: the sources of DAGs parsed again since they were last read (bounded), compared with their marks.
        async let sourcesRead = api == .v1 ? Self.dagSources(of: dags, reader: reader, store: store, now: now)
            : ([], [:], [])
        let planned = dagTasks.plan(dags, store: store, source: source, limit: settings.maxDAGTaskReadsPerPass)
        var pipelines = planned.pipelines
        async let dagTasksRead = Self.taskLists(of: planned.toRead, reader: reader)
        let (runs, versions) = try await runsRead
        let (tasksRead, taskNotes) = await taskInstances(of: runs, reader: reader)
        let tasks = await withErrorMessages(tasksRead, reader: reader, now: now)
        let (taskLists, taskListNotes) = await dagTasksRead
        dagTasks.record(taskLists, dags: dags, into: &pipelines)
        for index in pipelines.indices { pipelines[index].lateGrace = settings.lateGrace }

        var notes: [String] = []
        switch await health {
        case let .success(value): notes += AirflowMapping.healthNotes(value)
        case let .failure(error): notes.append("health unknown: \(error.reason)")
        }
        switch await importErrors {
        case let .success(value): notes += [AirflowMapping.importErrorNote(value)].compactMap { $0 }
        case let .failure(error): notes.append("import errors unknown: \(error.reason)")
        }
        let (sourceChanges, sourceMarks, sourceNotes) = await sourcesRead
        notes += taskNotes + taskListNotes + sourceNotes
        var edges: [LineageEdge]?
        var producers: [LineageEdge: String] = [:]
        switch await lineage {
        case let .success(value): (edges, producers) = (value.edges, value.producers)
        case let .failure(error): notes.append("asset lineage unknown: \(error.reason)")
        }
        var samples: [FreshnessSample] = []
        var newestEvent: Date?
        switch await freshness {
        case let .success(value): (samples, newestEvent) = value
        case let .failure(error): notes.append("asset events unknown: \(error.reason)")
        }

        let summary = AirflowPollSummary(api: api, health: notes.isEmpty ? .ok : .degraded, notes: notes,
                                         pipelines: dags.count, runs: runs.count, taskInstances: tasks.count,
                                         freshnessSamples: samples.count, lineageEdges: edges?.count,
                                         taskListsRead: taskLists.count, runsUpdatedSince: since, startedAt: now,
                                         newestEvent: newestEvent)
        return AirflowPass(pipelines: pipelines, pipelinesComplete: dagsComplete, runs: runs, taskInstances: tasks,
                           samples: samples, lineage: edges, producerTasks: producers, versions: versions,
                           sourceChanges: sourceChanges, sourceMarks: sourceMarks, summary: summary)
    }

    private func resolveAPI() async throws -> AirflowAPI {
        if let api { return api }
        let detected = try await client.detectAPI()
        api = detected
        return detected
    }

    /// Task instances of the newest failed and running runs, read concurrently (the client caps requests in
    /// flight). A run whose tasks cannot be read costs a note, not the pass.
    private func taskInstances(of runs: [PipelineRun], reader: AirflowReader) async -> ([TaskInstance], [String]) {
        let wanted = runs.filter { $0.state.isFailure || $0.state == .running || $0.state == .upForRetry }
            .prefix(settings.maxTaskInstanceRuns)
        let source = sourceName
        return await withTaskGroup(of: (Int, Result<[TaskInstance], AirflowError>).self) { group in
            for (index, run) in wanted.enumerated() {
                group.addTask { (index, await Self.attempt(source) { try await reader.taskInstances(of: run) }) }
            }
            var results: [(Int, Result<[TaskInstance], AirflowError>)] = []
            for await result in group { results.append(result) }
            var tasks: [TaskInstance] = []
            var seen = Set<String>()
            var failures: [AirflowError] = []
            for (_, result) in results.sorted(by: { $0.0 < $1.0 }) {
                switch result {
                case let .success(value): tasks += value.filter { seen.insert($0.id).inserted }
                case let .failure(error): failures.append(error)
                }
            }
            let notes = failures.first.map {
                ["task instances of \(failures.count) run(s) unknown: \($0.reason)"]
            } ?? []
            return (tasks, notes)
        }
    }

    /// The task lists of `dags`, read concurrently (the client caps requests in flight); a list that cannot be read
    /// costs a note, not the pass.
    private static func taskLists(of dags: [String], reader: AirflowReader) async -> ([String: [String]], [String]) {
        let source = reader.source
        return await withTaskGroup(of: (String, Result<[String], AirflowError>).self) { group in
            for dag in dags {
                group.addTask { (dag, await Self.attempt(source) { try await reader.tasks(ofDAG: dag) }) }
            }
            var lists: [String: [String]] = [:]
            var failures: [AirflowError] = []
            for await (dag, result) in group {
                switch result {
                case let .success(tasks): lists[dag] = tasks
                case let .failure(error): failures.append(error)
                }
            }
            let notes = failures.first.map { ["tasks of \(failures.count) DAG(s) unknown: \($0.reason)"] } ?? []
            return (lists, notes)
        }
    }

    /// Airflow 2 DAG sources read this pass (`AirflowMapping.sourcesToRead`) and what changed; a file that cannot be
    /// read costs a note (its DAGs are read again next pass), never the pass.
    private static func dagSources(of dags: [AirflowDAG], reader: AirflowReader, store: Store, now: Date) async
        -> ([Change], [String: String], [String]) {
        guard let marks = try? store.changeMarks(source: reader.source) else { return ([], [:], []) }
        var read: [(dag: AirflowDAG, text: String)] = []
        var failures: [AirflowError] = []
        for file in AirflowMapping.sourcesToRead(dags, marks: marks, source: reader.source) {
            switch await attempt(reader.source, { try await reader.dagSource(fileToken: file.fileToken) }) {
            case let .success(text): read += file.dags.map { ($0, text) }
            case let .failure(error): failures.append(error)
            }
        }
        let (changes, newMarks) = AirflowMapping.sourceChanges(read, marks: marks, source: reader.source, at: now)
        let notes = failures.first.map { ["sources of \(failures.count) DAG file(s) unknown: \($0.reason)"] } ?? []
        return (changes, newMarks, notes)
    }

    /// Failed tasks get the error of their try's log; a log that cannot be read leaves it empty, never fails the pass.
    private func withErrorMessages(_ tasks: [TaskInstance], reader: AirflowReader, now: Date) async -> [TaskInstance] {
        var (tasks, toRead) = taskErrors.plan(tasks, store: store, settings: settings, now: now)
        guard !toRead.isEmpty else { return tasks }
        let found = await AirflowTaskErrors.read(toRead.map { tasks[$0] }, reader: reader,
                                                 maxBytes: settings.maxTaskLogBytes, timeout: settings.taskLogsTimeout)
        taskErrors.record(found, into: &tasks, at: toRead, settings: settings, now: now)
        return tasks
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
                throw AirflowError.timeout(source: sourceName, endpoint: "one pass", seconds: seconds)
            }
            return value
        }
    }

    static func attempt<T: Sendable>(_ source: String, _ body: @Sendable () async throws -> T) async
        -> Result<T, AirflowError> {
        do {
            return .success(try await body())
        } catch {
            return .failure(airflowError(error, source: source, seconds: 0))
        }
    }

    /// Anything not already an AirflowError is a cancellation by the pass timeout.
    static func airflowError(_ error: any Error, source: String, seconds: Double) -> AirflowError {
        if let error = error as? AirflowError { return error }
        return .timeout(source: source, endpoint: "one pass", seconds: seconds)
    }
}

/// Everything one pass read, ready to write.
struct AirflowPass: Sendable {
    var pipelines: [Pipeline]
    /// Every DAG Airflow has was listed: the stored ones not among them are gone.
    var pipelinesComplete: Bool
    var runs: [PipelineRun]
    var taskInstances: [TaskInstance]
    var samples: [FreshnessSample]
    var lineage: [LineageEdge]?
    /// The tasks that write each asset a DAG produces.
    var producerTasks: [LineageEdge: String]
    /// The DAG versions the runs read used (v2).
    var versions: [AirflowV2.DAGVersion] = []
    /// Airflow 2: DAG sources that changed, and the marks of the sources read.
    var sourceChanges: [Change] = []
    var sourceMarks: [String: String] = [:]
    var summary: AirflowPollSummary
}
