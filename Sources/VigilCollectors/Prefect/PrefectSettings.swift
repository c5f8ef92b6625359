import Foundation
import VigilCore

/// Everything one Prefect source needs; built from `SourceConfig` by `init(config:)`, or directly.
/// The API key lives in memory only; `description` and `dump` never show it.
public struct PrefectSettings: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var name: String
    /// The API's base URL, ending in /api (e.g. http://127.0.0.1:4200/api).
    public var baseURL: URL
    /// Sent as `Authorization: Bearer` when set (Prefect Cloud, or a proxy in front of a server).
    public var apiKey: String?
    /// Seconds between polls when all is well; failures back off from here.
    public var interval: TimeInterval = 30
    /// Per request.
    public var requestTimeout: TimeInterval = 10
    /// One whole pass.
    public var passTimeout: TimeInterval = 120
    public var maxConcurrentRequests = 4
    /// Items asked for per page of a filter (Prefect's API allows up to 200).
    public var pageSize = 200
    public var maxBodyBytes = AirflowSettings.defaultMaxBodyBytes
    /// Every pass reads the runs expected to start this long ago or later (not SCHEDULED ones), newest first.
    public var lookback: TimeInterval = 86_400
    /// At most this many runs per pass, newest first.
    public var maxRunsPerPass = 1_000
    /// At most this many flows, deployments, Late runs or work pools per pass (a listing cut short is not complete).
    public var maxListed = 5_000
    /// Failed, running and paused runs whose task runs are read per pass, newest first.
    public var maxTaskRunFlowRuns = 50
    public var maxBackoff: TimeInterval = 600

    public init(name: String, baseURL: URL, apiKey: String? = nil) {
        self.name = name
        self.baseURL = baseURL
        self.apiKey = apiKey
    }

    public var description: String {
        "PrefectSettings(name: \(name), url: \(AirflowURL.display(baseURL)), apiKey: \(apiKey == nil ? "none" : "set"))"
    }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["description": description]) }
}
