import Foundation
import VigilConfig
import VigilCore

/// The log of one task run, read on demand (the console's log view) with the source's API key: the task run Vigil
/// shows under that name in that flow run, then its log records, newest `TaskLog.maxLines` kept. Prefect keeps one
/// log per task run, all its tries in it.
public actor PrefectTaskLogs {
    public nonisolated let sourceName: String
    private let settings: PrefectSettings
    private let client: PrefectClient

    public init(settings: PrefectSettings, transport: (any HTTPTransport)? = nil) {
        sourceName = settings.name
        self.settings = settings
        let transport = transport ?? URLSessionTransport(timeout: settings.requestTimeout, maxBodyBytes: settings.maxBodyBytes,
                                                         maxConnections: settings.maxConcurrentRequests)
        client = PrefectClient(settings: settings, transport: transport)
    }

    /// From a `sources:` entry: its API key, read now.
    public init(config: SourceConfig, transport: (any HTTPTransport)? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment) throws(PrefectError) {
        self.init(settings: try PrefectSettings(config: config, environment: environment), transport: transport)
    }

    public func log(_ ref: TaskLogRef) async throws -> TaskLog {
        guard ref.source == sourceName else {
            throw PrefectError.configuration(source: sourceName, reason: "a log of source '\(ref.source)' was asked here")
        }
        let page = max(1, settings.pageSize)
        let taskRuns = try await client.all(PrefectTaskRun.self, "/task_runs/filter",
                                            body: ["flow_runs": ["id": ["any_": [ref.runID]]]], pageSize: page, max: 5_000).items
        guard let taskRun = PrefectMapping.named(taskRuns).first(where: { $0.taskID == ref.taskID })?.taskRun else {
            throw PrefectError.configuration(source: sourceName, reason: "Prefect has no task run '\(ref.taskID)' in flow run \(ref.runID)")
        }
        let records = try await client.all(PrefectLog.self, "/logs/filter", body: [
            "sort": "TIMESTAMP_DESC", "logs": ["task_run_id": ["any_": [taskRun.id]]],
        ], pageSize: page, max: TaskLog.maxLines)
        var log = TaskLog.tail(PrefectMapping.logLines(records.items))
        if !records.complete, log.truncationNote == nil {
            log.truncationNote = "showing the last \(TaskLog.maxLines) log records; older ones cut"
        }
        return log
    }
}
