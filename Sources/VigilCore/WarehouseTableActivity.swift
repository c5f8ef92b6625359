import Foundation

/// Cumulative activity of one table (pg_stat_user_tables), since the statistics were last reset.
public struct WarehouseTableActivity: Codable, Sendable, Equatable, Identifiable {
    public var schema: String
    public var table: String
    public var liveTuples: Int64
    public var deadTuples: Int64
    public var inserts: Int64
    public var updates: Int64
    public var deletes: Int64
    public var sequentialScans: Int64?
    public var indexScans: Int64?
    public var lastVacuum: Date?
    public var lastAutovacuum: Date?
    public var lastAnalyze: Date?
    public var lastAutoanalyze: Date?
    /// Table, indexes and TOAST.
    public var totalBytes: Int64?

    /// "schema.table", as datasets are named.
    public var id: String { "\(schema).\(table)" }

    public init(schema: String, table: String, liveTuples: Int64 = 0, deadTuples: Int64 = 0, inserts: Int64 = 0,
                updates: Int64 = 0, deletes: Int64 = 0, sequentialScans: Int64? = nil, indexScans: Int64? = nil,
                lastVacuum: Date? = nil, lastAutovacuum: Date? = nil, lastAnalyze: Date? = nil,
                lastAutoanalyze: Date? = nil, totalBytes: Int64? = nil) {
        self.schema = schema
        self.table = table
        self.liveTuples = liveTuples
        self.deadTuples = deadTuples
        self.inserts = inserts
        self.updates = updates
        self.deletes = deletes
        self.sequentialScans = sequentialScans
        self.indexScans = indexScans
        self.lastVacuum = lastVacuum
        self.lastAutovacuum = lastAutovacuum
        self.lastAnalyze = lastAnalyze
        self.lastAutoanalyze = lastAutoanalyze
        self.totalBytes = totalBytes
    }
}
