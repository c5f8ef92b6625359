import Foundation
import VigilConfig
import VigilCore

/// The log of one task try, read on demand (the console's log view) with the source's read-only credential, the one
/// the collector uses: reading never needs the actions credential.
public actor AirflowTaskLogs {
    public nonisolated let sourceName: String
    private let settings: AirflowSettings
    private let client: AirflowClient
    private var api: AirflowAPI?

    public init(settings: AirflowSettings, transport: (any HTTPTransport)? = nil) {
        sourceName = settings.name
        self.settings = settings
        api = settings.api
        let transport = transport ?? URLSessionTransport(timeout: settings.requestTimeout, maxBodyBytes: settings.maxBodyBytes,
                                                         maxConnections: settings.maxConcurrentRequests)
        client = AirflowClient(settings: settings, transport: transport)
    }

    /// From a `sources:` entry: its read-only credential, read now.
    public init(config: SourceConfig, transport: (any HTTPTransport)? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment) throws(AirflowError) {
        self.init(settings: try AirflowSettings(config: config, environment: environment), transport: transport)
    }

    /// The try's log, its last `TaskLog.maxLines` lines (2 MB at most) with a note when longer. A log over the source's
    /// body cap (16 MB) is not read at all: `.tooLarge`.
    public func log(_ ref: TaskLogRef) async throws -> TaskLog {
        guard ref.source == sourceName else {
            throw AirflowError.configuration(source: sourceName, reason: "a log of source '\(ref.source)' was asked here")
        }
        await client.beginPass()
        let api: AirflowAPI
        if let known = self.api {
            api = known
        } else {
            api = try await client.detectAPI()
            self.api = api
        }
        let reader = AirflowReader(client: client, api: api, source: sourceName, pageSize: settings.pageSize)
        return try await reader.taskLog(ref, maxBytes: settings.maxBodyBytes)
    }
}
