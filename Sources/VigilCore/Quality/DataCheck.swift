import Foundation

/// Is the data right? A check on one dataset: a dbt test, a warehouse volume or schema check. Kept apart from
/// pipeline health: a pipeline can succeed while its data is wrong, and a failing test does not fail the run.
public struct DataCheck: Codable, Sendable, Equatable, Identifiable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// A dbt test (generic or singular).
        case test
        /// Row count against the dataset's own recent history.
        case volume
        /// Columns, types and nullability against the last seen.
        case schema
    }

    /// The dataset it checks (its short name).
    public var dataset: String
    /// Unique within the dataset, e.g. "accepted_values_orders_status" or "volume".
    public var name: String
    public var kind: Kind
    public var state: CheckState
    /// Rows that failed (a dbt test's `failures`), when known.
    public var failures: Int?
    /// Untrusted text from the source; the UI sanitises before drawing.
    public var message: String?
    public var at: Date
    /// The source that reported it.
    public var source: String

    public var id: String { Self.id(dataset: dataset, name: name) }

    /// The key of a check: `dataset/name` (what `retireChecks(keeping:)` takes).
    public static func id(dataset: String, name: String) -> String { "\(dataset)/\(name)" }

    public init(dataset: String, name: String, kind: Kind, state: CheckState, failures: Int? = nil, message: String? = nil,
                at: Date, source: String) {
        self.dataset = dataset
        self.name = name
        self.kind = kind
        self.state = state
        self.failures = failures
        self.message = message
        self.at = at
        self.source = source
    }
}

/// The outcome of a check, worst first by `severityRank`.
public enum CheckState: String, Codable, Sendable, CaseIterable {
    case pass, warn, fail
    /// The check could not run (a dbt test with a compile or database error).
    case error

    /// Lower is worse: fail, error, warn, pass.
    public var severityRank: Int {
        switch self {
        case .fail: return 0
        case .error: return 1
        case .warn: return 2
        case .pass: return 3
        }
    }
}

/// A dataset's data quality: the worst of its latest checks, and how often its checks passed recently.
public struct DatasetQuality: Codable, Sendable, Equatable {
    /// nil when the dataset has no checks.
    public var state: CheckState?
    /// Passed results over all results in the last 24 h / 7 d (nil: none ran).
    public var passRate24h: Double?
    public var passRate7d: Double?
    /// The latest result of each check, worst first, then by name.
    public var checks: [DataCheck]

    public init(checks: [DataCheck], passRate24h: Double? = nil, passRate7d: Double? = nil) {
        self.checks = checks.sorted { ($0.state.severityRank, $0.name) < ($1.state.severityRank, $1.name) }
        state = self.checks.first?.state
        self.passRate24h = passRate24h
        self.passRate7d = passRate7d
    }

    /// Checks that failed or errored.
    public var failing: [DataCheck] { checks.filter { $0.state == .fail || $0.state == .error } }
}

/// Something that happened to a dataset that is not a load: its schema changed, a check started failing.
public struct DatasetEvent: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case schemaChange = "schema_change"
        case volumeChange = "volume_change"
        case removed
    }

    public var dataset: String
    public var at: Date
    public var kind: Kind
    /// Untrusted text; sanitised before drawing.
    public var text: String
    public var source: String

    public init(dataset: String, at: Date, kind: Kind, text: String, source: String) {
        self.dataset = dataset
        self.at = at
        self.kind = kind
        self.text = text
        self.source = source
    }
}
