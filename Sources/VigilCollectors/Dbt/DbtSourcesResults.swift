import Foundation

/// `target/sources.json` (schema sources/v3), written by `dbt source freshness`.
public struct DbtSourcesResults: DbtArtifact, Sendable {
    static let schemaKind = "sources"
    static let schemaVersion = 3
    static let writtenBy = "dbt 1.0 and later"

    public struct Metadata: Decodable, Sendable {
        public var dbtSchemaVersion: String
        public var generatedAt: Date?
        public var invocationID: String?

        enum CodingKeys: String, CodingKey {
            case dbtSchemaVersion = "dbt_schema_version", generatedAt = "generated_at", invocationID = "invocation_id"
        }
    }

    /// One source table's check. A "runtime error" result (the query failed) has no max_loaded_at,
    /// snapshotted_at or criteria, only `error`.
    public struct Result: Decodable, Sendable {
        public var uniqueID: String
        /// "pass", "warn", "error" or "runtime error".
        public var status: String
        public var maxLoadedAt: Date?
        /// When dbt ran the check.
        public var snapshottedAt: Date?
        public var maxLoadedAtTimeAgoInS: Double?
        public var criteria: DbtFreshnessCriteria?
        public var error: String?

        enum CodingKeys: String, CodingKey {
            case uniqueID = "unique_id", status, maxLoadedAt = "max_loaded_at", snapshottedAt = "snapshotted_at"
            case maxLoadedAtTimeAgoInS = "max_loaded_at_time_ago_in_s", criteria, error
        }
    }

    public var metadata: Metadata
    public var results: [Result]

    var dbtSchemaVersion: String { metadata.dbtSchemaVersion }
}
