import Foundation

/// What a warehouse collector last saw of the database itself, beside dataset freshness: sessions worth
/// attention, the most expensive statements, table activity, and how each configured dataset could be measured.
/// Replaced whole on every successful pass; kept as it was while the source is down.
public struct WarehouseActivity: Codable, Sendable, Equatable {
    /// When the pass read it (Vigil's clock).
    public var observedAt: Date
    public var serverVersion: String?
    /// The database and role the collector connects as.
    public var database: String?
    public var role: String?
    /// False when the role cannot see other roles' sessions and statement text (no pg_monitor).
    public var seesAllSessions: Bool
    public var sessions: [WarehouseSession]
    /// By total execution time, largest first; nil when pg_stat_statements cannot be read.
    public var statements: [WarehouseStatement]?
    public var tables: [WarehouseTableActivity]
    public var datasetChecks: [WarehouseDatasetCheck]

    public init(observedAt: Date, serverVersion: String? = nil, database: String? = nil, role: String? = nil,
                seesAllSessions: Bool = true, sessions: [WarehouseSession] = [], statements: [WarehouseStatement]? = nil,
                tables: [WarehouseTableActivity] = [], datasetChecks: [WarehouseDatasetCheck] = []) {
        self.observedAt = observedAt
        self.serverVersion = serverVersion
        self.database = database
        self.role = role
        self.seesAllSessions = seesAllSessions
        self.sessions = sessions
        self.statements = statements
        self.tables = tables
        self.datasetChecks = datasetChecks
    }
}

/// A dataset's last freshness measurement by a warehouse collector: its newest load time, or why it has none.
public struct WarehouseDatasetCheck: Codable, Sendable, Equatable, Identifiable {
    public var dataset: String
    /// The column whose max() was read.
    public var loadedAtColumn: String
    public var checkedAt: Date
    /// max(loaded_at); nil when the table is empty or could not be read (see `problem`).
    public var loadedAt: Date?
    public var problem: WarehouseDatasetProblem?

    public var id: String { dataset }

    public init(dataset: String, loadedAtColumn: String, checkedAt: Date, loadedAt: Date? = nil,
                problem: WarehouseDatasetProblem? = nil) {
        self.dataset = dataset
        self.loadedAtColumn = loadedAtColumn
        self.checkedAt = checkedAt
        self.loadedAt = loadedAt
        self.problem = problem
    }
}

/// Why one dataset could not be measured. The source is degraded, not down: the other datasets still are.
public struct WarehouseDatasetProblem: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case missingTable = "missing_table"
        case missingColumn = "missing_column"
        case notATimestamp = "not_a_timestamp"
        case permissionDenied = "permission_denied"
        case timedOut = "timed_out"
        case lockTimeout = "lock_timeout"
        case failed
    }

    public var kind: Kind
    /// One line, sanitised, secret-free, naming the table.
    public var message: String

    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }
}
