import Foundation
import VigilCollectors
import VigilConfig
import VigilCore
import VigilStore
import VigilUI

/// The orchestrators of a config: task logs read with each source's read-only credential, actions carried out with
/// its `actions:` credential (an Airflow source without one takes none, and the read-only credential never writes).
/// Clients are made on first use, so a secret is read only when an action or log needs it, and kept per source (an
/// Airflow 3 login token is reused).
public final class ConfiguredOrchestrators: OrchestratorGateway, @unchecked Sendable {
    private let configuration: VigilConfiguration
    private let store: Store
    private let log: @Sendable (String) -> Void
    private let environment: [String: String]
    private let transport: (any HTTPTransport)?
    private let lock = NSLock()
    private var actionClients: [String: AirflowActions] = [:]
    private var logClients: [String: AirflowTaskLogs] = [:]
    private var prefectLogClients: [String: PrefectTaskLogs] = [:]

    /// `log` gets one line per action (never a secret); `transport` replaces the network in tests.
    public init(configuration: VigilConfiguration, store: Store, log: @escaping @Sendable (String) -> Void,
                environment: [String: String] = ProcessInfo.processInfo.environment,
                transport: (any HTTPTransport)? = nil) {
        self.configuration = configuration
        self.store = store
        self.log = log
        self.environment = environment
        self.transport = transport
    }

    public func actionRefusal(source: String) -> String? {
        guard let config = configuration.source(named: source) else { return "no source \(source) in the config" }
        switch config.kind {
        case .airflow: break
        case .dagster: return "dagster sources take no actions"
        case .dbt: return "dbt sources take no actions"
        case .postgres: return "postgres sources take no actions"
        case .prefect: return "prefect sources take no actions in this build"
        case .demo: return "the demo takes no actions"
        case .openlineage: return "OpenLineage namespaces take no actions"
        case .git: return "git repositories take no actions"
        }
        if configuration.readOnly { return "read-only: actions are off" }
        if config.actions == nil {
            return "source \(source) has no actions: credential (a user that may write, kept apart from the read-only one)"
        }
        return nil
    }

    public func taskLog(_ ref: TaskLogRef) throws -> TaskLog {
        guard let config = configuration.source(named: ref.source) else {
            throw OrchestratorRefusal("no source \(ref.source) in the config")
        }
        switch config.kind {
        case .airflow:
            let client = try logClient(config)
            return try BlockingAsync.runThrowing { try await client.log(ref) }
        case .dbt:
            let task = try store.taskInstances(source: ref.source, pipelineID: ref.pipelineID, runID: ref.runID)
                .first { $0.taskID == ref.taskID }
            return DbtTaskLog.log(ref, task: task, targetDir: config.targetDir ?? "")
        case .prefect:
            let client = try prefectLogClient(config)
            return try BlockingAsync.runThrowing { try await client.log(ref) }
        case .dagster, .postgres, .demo, .openlineage, .git:
            throw OrchestratorRefusal("\(config.kind.rawValue) sources have no task logs")
        }
    }

    public func preview(_ action: OrchestratorAction) throws -> ActionPreview {
        let client = try actionClient(action.source)
        return try BlockingAsync.runThrowing { try await client.preview(action) }
    }

    public func perform(_ action: OrchestratorAction, actor: String, incidentID: String?) throws -> ActionOutcome {
        let what = "\(action.summary) on \(action.source)"
        let result: Result<ActionOutcome, any Error>
        do {
            let client = try actionClient(action.source)
            result = .success(try BlockingAsync.runThrowing { try await client.perform(action, actor: actor) })
        } catch let refusal as OrchestratorRefusal {
            log("action by \(actor) refused: \(what): \(refusal.reason)")
            throw refusal
        } catch {
            result = .failure(error)
        }
        let text: String
        switch result {
        case let .success(outcome): text = "\(what): \(outcome.text)"
        case let .failure(error): text = "\(what) failed: \(error)"
        }
        log("action by \(actor)" + (incidentID.map { " for \($0)" } ?? "") + ": " + text)
        var unrecorded: String?
        if let incidentID {
            do {
                try IncidentActions(store: store, actor: actor).recordAction(incidentID, text)
            } catch {
                log("action by \(actor): could not be recorded on \(incidentID): \(error)")
                unrecorded = " (not recorded on \(incidentID): \(error))"
            }
        }
        var outcome = try result.get()
        outcome.text += unrecorded ?? ""
        return outcome
    }

    // MARK: - Clients

    /// The source's actions client, made on first use; refusals first, so no secret is read for a source that takes none.
    private func actionClient(_ source: String) throws -> AirflowActions {
        if let reason = actionRefusal(source: source) { throw OrchestratorRefusal(reason) }
        guard let config = configuration.source(named: source) else { throw OrchestratorRefusal("no source \(source)") }
        return try lock.withLock {
            if let client = actionClients[source] { return client }
            let client = try AirflowActions(actionsOf: config, transport: transport, environment: environment)
            actionClients[source] = client
            return client
        }
    }

    private func prefectLogClient(_ config: SourceConfig) throws -> PrefectTaskLogs {
        try lock.withLock {
            if let client = prefectLogClients[config.name] { return client }
            let client = try PrefectTaskLogs(config: config, transport: transport, environment: environment)
            prefectLogClients[config.name] = client
            return client
        }
    }

    private func logClient(_ config: SourceConfig) throws -> AirflowTaskLogs {
        try lock.withLock {
            if let client = logClients[config.name] { return client }
            let client = try AirflowTaskLogs(config: config, transport: transport, environment: environment)
            logClients[config.name] = client
            return client
        }
    }
}
