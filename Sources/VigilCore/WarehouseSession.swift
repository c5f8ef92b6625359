import Foundation

/// A database session an on-call engineer should look at.
public struct WarehouseSession: Codable, Sendable, Equatable, Identifiable {
    /// Why it is listed; one reason per session, the first that applies in this order.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// Waiting for a lock another session holds (see `blockedBy`).
        case blocked
        /// Running one statement for longer than the threshold.
        case longRunning = "long_running"
        /// In an open transaction, doing nothing, for longer than the threshold: it holds locks and stops vacuum.
        case idleInTransaction = "idle_in_transaction"
        /// Holds a lock a blocked session waits for, and is listed for no other reason.
        case blocking
    }

    public var pid: Int
    public var kind: Kind
    public var database: String?
    public var user: String?
    public var application: String?
    public var clientAddress: String?
    /// pg_stat_activity.state: "active", "idle in transaction", ...
    public var state: String?
    public var waitEventType: String?
    public var waitEvent: String?
    /// Pids holding the locks this session waits for.
    public var blockedBy: [Int]
    public var queryStart: Date?
    public var transactionStart: Date?
    /// Ages at `WarehouseActivity.observedAt`, by the server's clock (so no clock skew).
    public var queryAgeSeconds: Double?
    public var transactionAgeSeconds: Double?
    /// The current or last statement, sanitised, secrets masked, truncated.
    public var query: String

    public var id: Int { pid }

    public init(pid: Int, kind: Kind, database: String? = nil, user: String? = nil, application: String? = nil,
                clientAddress: String? = nil, state: String? = nil, waitEventType: String? = nil, waitEvent: String? = nil,
                blockedBy: [Int] = [], queryStart: Date? = nil, transactionStart: Date? = nil,
                queryAgeSeconds: Double? = nil, transactionAgeSeconds: Double? = nil, query: String = "") {
        self.pid = pid
        self.kind = kind
        self.database = database
        self.user = user
        self.application = application
        self.clientAddress = clientAddress
        self.state = state
        self.waitEventType = waitEventType
        self.waitEvent = waitEvent
        self.blockedBy = blockedBy
        self.queryStart = queryStart
        self.transactionStart = transactionStart
        self.queryAgeSeconds = queryAgeSeconds
        self.transactionAgeSeconds = transactionAgeSeconds
        self.query = query
    }
}
