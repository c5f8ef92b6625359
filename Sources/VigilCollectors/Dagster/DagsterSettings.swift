import Foundation
import VigilCore

/// Everything one Dagster source needs; built from `SourceConfig` by `init(config:)`, or directly.
/// The token lives in memory only; `description` and `dump` never show it.
public struct DagsterSettings: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var name: String
    /// The webserver's base URL, e.g. http://127.0.0.1:3000 (a path prefix is kept); GraphQL is at `/graphql` under it.
    public var baseURL: URL
    /// Dagster+'s user token, sent as the `Dagster-Cloud-Api-Token` header; nil for an open-source Dagster.
    public var token: String?
    /// Seconds between polls when all is well; failures back off from here.
    public var interval: TimeInterval = 30
    /// Per request.
    public var requestTimeout: TimeInterval = 10
    public var maxBodyBytes = URLSessionTransport.defaultMaxBodyBytes
    /// The first pass reads runs updated this long ago or later.
    public var initialLookback: TimeInterval = 3 * 86_400
    /// Later passes re-read runs updated since the last pass started minus this much (Dagster's clock vs Vigil's).
    public var overlap: TimeInterval = 300
    /// At most this many runs per pass, newest first.
    public var maxRunsPerPass = 500
    /// Failed runs whose step errors are read per pass (each run once), newest first.
    public var maxStepErrorRunsPerPass = 20
    /// Events asked for per page of a failed run's events, and pages read at most per run.
    public var eventPageSize = 1_000
    public var maxEventPages = 5
    /// How long past its next expected tick a RUNNING schedule may be before its job is late.
    public var lateGrace: TimeInterval = PipelineHealth.defaultLateGrace
    public var maxBackoff: TimeInterval = 600

    public init(name: String, baseURL: URL, token: String? = nil) {
        self.name = name
        self.baseURL = baseURL
        self.token = token
    }

    /// Where queries go.
    public var graphQLURL: URL { baseURL.appendingPathComponent("graphql") }

    public var description: String { "DagsterSettings(\(name), \(baseURL.absoluteString), token: \(token == nil ? "none" : "set"))" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["description": description]) }
}
