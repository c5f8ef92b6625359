import Foundation
import VigilConfig
import VigilCore

/// The console's actions on one Airflow (API v2 or v1): clear a task instance (asked first as a dry run), trigger a
/// run, pause or unpause a DAG. It writes with the source's `actions:` credential only: its client holds no other, and
/// the collector's client, which holds the read-only one, never writes.
///
/// A clear is the Airflow UI's "Clear" of one task instance: that task (that map index) in that run, whatever its
/// state, the run set going again; with `downstream`, the tasks after it in that run too; never upstream, past or
/// future. The preview of a clear without downstream says which downstream instances stay as they are (a failed
/// task's downstream is usually upstream_failed, and the run ends failed again unless they are cleared too).
public actor AirflowActions {
    public nonisolated let sourceName: String
    private let client: AirflowClient
    private var api: AirflowAPI?

    public init(settings: AirflowSettings, transport: (any HTTPTransport)? = nil) {
        sourceName = settings.name
        api = settings.api
        let transport = transport ?? URLSessionTransport(timeout: settings.requestTimeout, maxBodyBytes: settings.maxBodyBytes,
                                                         maxConnections: settings.maxConcurrentRequests)
        client = AirflowClient(settings: settings, transport: transport)
    }

    /// From a `sources:` entry: its `actions:` credential, read now. Throws `.configuration` naming the source when it
    /// has none or its secret cannot be read.
    public init(actionsOf config: SourceConfig, transport: (any HTTPTransport)? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment) throws(AirflowError) {
        self.init(settings: try AirflowSettings(actionsOf: config, environment: environment), transport: transport)
    }

    /// What `perform` would do, changing nothing: a clear's dry run lists the task instances that will run again.
    public func preview(_ action: OrchestratorAction) async throws -> ActionPreview {
        try check(action)
        let api = try await resolveAPI()
        switch action {
        case let .clearTask(_, dagID, runID, taskID, downstream):
            let cleared = try await clear(action, dagID: dagID, runID: runID, taskID: taskID, dryRun: true, downstream: downstream)
            guard !cleared.isEmpty else {
                return ActionPreview(affected: [], note: "Airflow has no task instance \(taskID) in run \(runID): nothing to clear")
            }
            var notes: [String] = []
            if api == .v1, AirflowMapping.splitTaskID(taskID).mapIndex != nil {
                notes.append("Airflow 2 clears every map index of the task")
            }
            if !downstream {
                let withDownstream = try await clear(action, dagID: dagID, runID: runID, taskID: taskID, dryRun: true,
                                                     downstream: true)
                let left = withDownstream.filter { !cleared.contains($0) }
                if !left.isEmpty {
                    notes.append("not cleared, downstream: " + left.map(\.brief).joined(separator: ", "))
                }
            }
            return ActionPreview(affected: cleared.map(\.line), note: notes.isEmpty ? nil : notes.joined(separator: "; "))
        case let .triggerRun(_, dagID):
            let dag = try await self.dag(action, dagID)
            return ActionPreview(affected: ["a new run of DAG \(dagID)"],
                                 note: dag.isPaused == true ? "DAG \(dagID) is paused: the run waits, queued, until it is unpaused"
                                     : nil)
        case let .setPaused(_, dagID, paused):
            let dag = try await self.dag(action, dagID)
            return ActionPreview(affected: ["DAG \(dagID)"],
                                 note: dag.isPaused == paused ? "DAG \(dagID) is already \(paused ? "paused" : "unpaused")" : nil)
        }
    }

    /// Carries the action out; the outcome is Airflow's answer in one line. `actor` is who asked, noted on a triggered
    /// run in Airflow ("triggered from Vigil by alice"): Airflow itself sees only the actions credential's user.
    public func perform(_ action: OrchestratorAction, actor: String) async throws -> ActionOutcome {
        try check(action)
        let api = try await resolveAPI()
        switch action {
        case let .clearTask(_, dagID, runID, taskID, downstream):
            let cleared = try await clear(action, dagID: dagID, runID: runID, taskID: taskID, dryRun: false, downstream: downstream)
            guard !cleared.isEmpty else {
                return ActionOutcome(text: "Airflow cleared nothing: it has no task instance \(taskID) in run \(runID)")
            }
            let count = cleared.count == 1 ? "1 task instance" : "\(cleared.count) task instances"
            return ActionOutcome(text: "Airflow cleared \(count) (\(cleared.map(\.task).joined(separator: ", "))) of run "
                + "\(runID); the run is queued to go again")
        case let .triggerRun(_, dagID):
            let body = try Self.json(AirflowTriggerBody(note: "triggered from Vigil by \(actor)", api: api))
            let path = api.prefix + "/dags/\(AirflowURL.segment(dagID))/dagRuns"
            let run: (id: String, state: String) = try await call(action) {
                let data = try await client.body(path, api: api, method: "POST", json: body)
                switch api {
                case .v2:
                    let run = try AirflowJSON.decode(AirflowV2.DAGRun.self, from: data, source: sourceName, endpoint: path)
                    return (run.dagRunId, run.state)
                case .v1:
                    let run = try AirflowJSON.decode(AirflowV1.DAGRun.self, from: data, source: sourceName, endpoint: path)
                    return (run.dagRunId, run.state)
                }
            }
            return ActionOutcome(text: "Airflow created run \(run.id) of DAG \(dagID) (\(run.state))")
        case let .setPaused(_, dagID, paused):
            let body = try Self.json(AirflowPauseBody(isPaused: paused))
            let path = api.prefix + "/dags/\(AirflowURL.segment(dagID))"
            let dag = try await call(action) {
                let data = try await client.body(path, query: [("update_mask", "is_paused")], api: api, method: "PATCH",
                                                 json: body)
                return try AirflowJSON.decode(AirflowDAGPaused.self, from: data, source: sourceName, endpoint: path)
            }
            guard let now = dag.isPaused else { return ActionOutcome(text: "Airflow took the change but did not say the DAG's state") }
            return ActionOutcome(text: "DAG \(dagID) is \(now ? "paused" : "unpaused") now"
                + (now == paused ? "" : " (Airflow kept it so)"))
        }
    }

    // MARK: - Requests

    /// One task instance a clear names, as both APIs answer it (v1 without state or map index).
    struct Instance: Equatable {
        var task: String
        var runID: String
        var state: String?

        /// "fail_on_purpose in run manual__… (failed)".
        var line: String { "\(task) in run \(runID)" + (state.map { " (\($0))" } ?? "") }
        /// "after (upstream_failed)": the run is the one being cleared.
        var brief: String { task + (state.map { " (\($0))" } ?? "") }
    }

    private func clear(_ action: OrchestratorAction, dagID: String, runID: String, taskID: String, dryRun: Bool,
                       downstream: Bool) async throws -> [Instance] {
        let api = try await resolveAPI()
        let (task, mapIndex) = AirflowMapping.splitTaskID(taskID)
        let marker: AirflowClearBody.TaskMarker = mapIndex.map { api == .v2 ? .mapped(task, $0) : .task(task) } ?? .task(task)
        let body = try Self.json(AirflowClearBody(dryRun: dryRun, dagRunId: runID, taskIds: [marker],
                                                  includeDownstream: downstream))
        let path = api.prefix + "/dags/\(AirflowURL.segment(dagID))/clearTaskInstances"
        return try await call(action) {
            let data = try await client.body(path, api: api, method: "POST", json: body)
            switch api {
            case .v2:
                return try AirflowJSON.decode(AirflowV2.TaskInstanceCollection.self, from: data, source: sourceName,
                                              endpoint: path).taskInstances.map {
                    Instance(task: AirflowMapping.taskID($0.taskId, mapIndex: $0.mapIndex), runID: $0.dagRunId,
                             state: $0.state ?? "no state")
                }
            case .v1:
                return try AirflowJSON.decode(AirflowV1.TaskInstanceReferenceCollection.self, from: data, source: sourceName,
                                              endpoint: path).taskInstances.map {
                    Instance(task: $0.taskId, runID: $0.dagRunId ?? runID, state: nil)
                }
            }
        }
    }

    private func dag(_ action: OrchestratorAction, _ dagID: String) async throws -> AirflowDAGPaused {
        let api = try await resolveAPI()
        let path = api.prefix + "/dags/\(AirflowURL.segment(dagID))"
        return try await call(action) { try await client.get(AirflowDAGPaused.self, path, api: api) }
    }

    /// Airflow's refusals and other answers as `.action` errors that say what was asked.
    private func call<T: Sendable>(_ action: OrchestratorAction, _ body: () async throws -> T) async throws -> T {
        await client.beginPass()
        do {
            return try await body()
        } catch let AirflowError.unauthorized(_, _, status, detail) {
            throw AirflowError.action(source: sourceName, action: action.summary, status: status, detail: detail)
        } catch let AirflowError.http(_, _, status, detail) {
            throw AirflowError.action(source: sourceName, action: action.summary, status: status, detail: detail)
        }
    }

    private func check(_ action: OrchestratorAction) throws {
        guard action.source == sourceName else {
            throw AirflowError.configuration(source: sourceName, reason: "an action for source '\(action.source)' came here")
        }
    }

    private func resolveAPI() async throws -> AirflowAPI {
        if let api { return api }
        let detected = try await client.detectAPI()
        api = detected
        return detected
    }

    private static func json(_ value: some Encodable) throws -> Data { try JSONEncoder().encode(value) }
}
