import Foundation

/// One normalised statement from pg_stat_statements.
public struct WarehouseStatement: Codable, Sendable, Equatable {
    /// pg_stat_statements' queryid as text (a signed 64-bit hash); nil when the role may not see it.
    public var queryID: String?
    public var database: String?
    public var role: String?
    public var calls: Int64
    public var totalMilliseconds: Double
    public var meanMilliseconds: Double
    public var maxMilliseconds: Double
    public var rows: Int64
    /// Sanitised, secrets masked, truncated; "<insufficient privilege>" for other roles' statements without pg_monitor.
    public var query: String

    public init(queryID: String?, database: String?, role: String?, calls: Int64, totalMilliseconds: Double,
                meanMilliseconds: Double, maxMilliseconds: Double, rows: Int64, query: String) {
        self.queryID = queryID
        self.database = database
        self.role = role
        self.calls = calls
        self.totalMilliseconds = totalMilliseconds
        self.meanMilliseconds = meanMilliseconds
        self.maxMilliseconds = maxMilliseconds
        self.rows = rows
        self.query = query
    }
}
