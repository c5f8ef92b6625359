import Foundation
import VigilCore

/// Which REST API an Airflow speaks.
public enum AirflowAPI: String, Sendable, Equatable, CaseIterable {
    /// Airflow 2: /api/v1, HTTP basic auth, "datasets".
    case v1
    /// Airflow 3: /api/v2, JWT from POST /auth/token, "assets".
    case v2

    var prefix: String { "/api/\(rawValue)" }
}

/// How the collector proves who it is. Values live in memory only; `description` and `dump` never show them.
public enum AirflowCredentials: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable {
    /// No credentials: for Airflows that let anyone read (Airflow 3's all-admins mode, or an open Airflow 2).
    case none
    /// v2: exchanged for a JWT at POST /auth/token; v1: HTTP basic auth.
    case password(username: String, password: String)
    /// A ready-made bearer token, sent as is; it cannot be renewed, so a 401 is final.
    case token(String)

    /// Strings that must never appear in an error text.
    var secrets: [String] {
        switch self {
        case .none: return []
        case let .password(_, password): return [password]
        case let .token(token): return [token]
        }
    }

    public var description: String {
        switch self {
        case .none: return "none"
        case let .password(username, _): return "password(username: \(username))"
        case .token: return "token"
        }
    }

    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["kind": description]) }
}

/// Everything one Airflow source needs; built from `SourceConfig` by `init(config:)`, or directly.
public struct AirflowSettings: Sendable {
    public static let defaultMaxBodyBytes = URLSessionTransport.defaultMaxBodyBytes
    public static let defaultMaxConcurrentRequests = URLSessionTransport.defaultMaxConnections

    public var name: String
    /// The webserver / API server base URL, e.g. http://127.0.0.1:8080 (a path prefix is kept).
    public var baseURL: URL
    /// nil: detected from /api/v2/version, then /api/v1/version.
    public var api: AirflowAPI?
    public var credentials: AirflowCredentials
    /// Seconds between polls when all is well; failures back off from here.
    public var interval: TimeInterval = 30
    /// Per request.
    public var requestTimeout: TimeInterval = 10
    /// One whole pass (it may be many requests on the first pass).
    public var passTimeout: TimeInterval = 120
    public var maxConcurrentRequests = defaultMaxConcurrentRequests
    /// Items asked for per page of a list (Airflow's maximum_page_limit defaults to 100 in both versions).
    public var pageSize = 100
    public var maxBodyBytes = defaultMaxBodyBytes
    /// The first pass reads runs updated this long ago or later.
    public var initialLookback: TimeInterval = 3 * 86_400
    /// Later passes re-read runs updated since the last pass started minus this much, to absorb clock skew
    /// between Vigil and Airflow (updated_at is Airflow's clock, the watermark is Vigil's).
    public var overlap: TimeInterval = 300
    /// At most this many runs per pass, newest first; a first pass over a busy Airflow keeps the newest.
    public var maxRunsPerPass = 2_000
    /// Failed or running runs whose task instances are read per pass, newest first.
    public var maxTaskInstanceRuns = 50
    /// How long past its next run's due time (Airflow's next_dagrun_run_after / next_dagrun_create_after) a DAG may
    /// be before it is late: each pipeline's `lateGrace`, judged by PipelineHealth.
    public var lateGrace: TimeInterval = PipelineHealth.defaultLateGrace
    /// DAGs whose task list is read per pass: new ones and those parsed again since the last read (see AirflowDAGTasks).
    public var maxDAGTaskReadsPerPass = 20
    /// Failed task instances whose log is read for their error, per pass (each (task, try) once: see
    /// AirflowTaskErrors).
    public var maxTaskLogsPerPass = 20
    /// A task log is read up to this many bytes; a bigger one is not read at all (its error stays empty).
    public var maxTaskLogBytes = 1_048_576
    /// All the log reads of one pass together; those still going then are given up, not the pass.
    public var taskLogsTimeout: TimeInterval = 20
    /// A log that could not be read, or held no error, is tried again after this long.
    public var taskLogRetry: TimeInterval = 600
    public var maxBackoff: TimeInterval = 600

    public init(name: String, baseURL: URL, api: AirflowAPI? = nil, credentials: AirflowCredentials = .none) {
        self.name = name
        self.baseURL = baseURL
        self.api = api
        self.credentials = credentials
    }
}
