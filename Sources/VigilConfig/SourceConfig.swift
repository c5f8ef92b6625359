import Foundation
import VigilCore

/// One `sources:` entry: where a collector reads from and how often.
public struct SourceConfig: Sendable, Equatable {
    public var name: String
    public var kind: SourceKind
    /// Airflow's or Dagster's base URL, or Prefect's API URL ending in /api (no credentials in it).
    public var url: URL?
    /// Airflow REST API version; nil means detect it.
    public var api: AirflowAPIVersion?
    public var username: String?
    public var password: SecretReference?
    public var token: SecretReference?
    /// Postgres connection string (it usually holds a password, so it is a secret too).
    public var dsn: SecretReference?
    /// dbt's `target/` folder (manifest.json, run_results.json, sources.json).
    public var targetDir: String?
    /// The postgres source a dbt project builds into (its models' and sources' identities); nil means the only one.
    public var warehouse: String?
    /// Airflow: how long past its expected next run a DAG may be before it is late; Dagster: a job past its running
    /// schedule's next tick (nil: 10 minutes).
    public var lateGrace: TimeInterval?
    /// Airflow: the credential the console's actions (clear a task, trigger a run, pause a DAG) use, a user with write
    /// rights kept apart from the read-only one above; nil: the source takes no actions.
    public var actions: ActionsCredential?
    /// Seconds between polls.
    public var interval: TimeInterval
    /// Seconds one poll may take before it counts as failed.
    public var timeout: TimeInterval

    public init(name: String, kind: SourceKind, url: URL? = nil, api: AirflowAPIVersion? = nil, username: String? = nil,
                password: SecretReference? = nil, token: SecretReference? = nil, dsn: SecretReference? = nil,
                targetDir: String? = nil, warehouse: String? = nil, interval: TimeInterval? = nil,
                timeout: TimeInterval? = nil) {
        self.name = name
        self.kind = kind
        self.url = url
        self.api = api
        self.username = username
        self.password = password
        self.token = token
        self.dsn = dsn
        self.targetDir = targetDir
        self.warehouse = warehouse
        self.interval = interval ?? Self.defaultInterval(for: kind)
        self.timeout = timeout ?? Self.defaultTimeout
    }

    /// Orchestrators change by the minute; warehouses and dbt artefacts more slowly; the demo ticks every second.
    public static func defaultInterval(for kind: SourceKind) -> TimeInterval {
        switch kind {
        case .airflow, .dagster, .prefect: return 30
        case .dbt, .postgres: return 60
        case .demo: return 1
        // Not polled (a `serve:` namespace); the value only completes the switch.
        case .openlineage: return 60
        // `changes:` repositories, read every 5 minutes.
        case .git: return 300
        }
    }

    public static let defaultTimeout: TimeInterval = 10

    /// The secret references this source holds, labelled by their config key prefix.
    public var secrets: [(field: String, reference: SecretReference)] {
        [("password", password), ("token", token), ("dsn", dsn),
         ("actions.password", actions?.password), ("actions.token", actions?.token)]
            .compactMap { field, ref in ref.map { (field, $0) } }
    }
}

/// `actions:` of an Airflow source: who Vigil is when it writes. Either `username` with a password, or a token; the
/// values stay where the references point until an action needs them.
public struct ActionsCredential: Sendable, Equatable {
    public var username: String?
    public var password: SecretReference?
    public var token: SecretReference?

    public init(username: String? = nil, password: SecretReference? = nil, token: SecretReference? = nil) {
        self.username = username
        self.password = password
        self.token = token
    }
}

public enum AirflowAPIVersion: String, Sendable, Equatable, CaseIterable {
    /// Airflow 2: /api/v1, basic auth.
    case v1
    /// Airflow 3: /api/v2, JWT tokens.
    case v2
}

/// Where a secret lives. The config names the place; the value is read only when a collector needs it.
public enum SecretReference: Sendable, Equatable, CustomStringConvertible {
    /// An environment variable's name.
    case env(String)
    /// An absolute path to a file only its owner can read.
    case file(String)

    public var description: String {
        switch self {
        case .env(let name): return "environment variable \(name)"
        case .file(let path): return "file \(path)"
        }
    }
}
