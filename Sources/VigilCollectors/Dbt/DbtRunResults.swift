import Foundation

/// `target/run_results.json` (schema run-results/v6, dbt 1.8 and later): one invocation's node results.
public struct DbtRunResults: DbtArtifact, Sendable {
    static let schemaKind = "run-results"
    static let schemaVersion = 6
    static let writtenBy = "dbt 1.8 and later"

    public struct Metadata: Decodable, Sendable {
        public var dbtSchemaVersion: String
        public var dbtVersion: String?
        /// When the file was written, i.e. when the invocation ended.
        public var generatedAt: Date?
        public var invocationID: String?
        public var invocationStartedAt: Date?

        enum CodingKeys: String, CodingKey {
            case dbtSchemaVersion = "dbt_schema_version", dbtVersion = "dbt_version", generatedAt = "generated_at"
            case invocationID = "invocation_id", invocationStartedAt = "invocation_started_at"
        }
    }

    public struct Args: Decodable, Sendable {
        /// The subcommand: "build", "run", "test", "seed", "snapshot", ...
        public var which: String?
    }

    public struct Result: Decodable, Sendable {
        public var uniqueID: String
        /// Models: success / error / skipped (also "partial success", "no-op"); tests: pass / warn / fail / error / skipped.
        public var status: String
        /// Rows a test returned; null for models.
        public var failures: Int?
        public var message: String?
        /// compile and execute phases; empty for skipped nodes.
        public var timing: [DbtTiming]?
        public var executionTime: Double?
        public var threadID: String?

        enum CodingKeys: String, CodingKey {
            case uniqueID = "unique_id", status, failures, message, timing
            case executionTime = "execution_time", threadID = "thread_id"
        }

        /// First phase start to last phase end; nil when the node never ran.
        public var startedAt: Date? { timing?.compactMap(\.startedAt).min() }
        public var completedAt: Date? { timing?.compactMap(\.completedAt).max() }
    }

    public var metadata: Metadata
    public var results: [Result]
    public var elapsedTime: Double?
    public var args: Args?

    enum CodingKeys: String, CodingKey {
        case metadata, results, elapsedTime = "elapsed_time", args
    }

    var dbtSchemaVersion: String { metadata.dbtSchemaVersion }
}

/// One phase of a node's execution ("compile", "execute").
public struct DbtTiming: Decodable, Sendable {
    public var name: String
    public var startedAt: Date?
    public var completedAt: Date?

    enum CodingKeys: String, CodingKey {
        case name, startedAt = "started_at", completedAt = "completed_at"
    }
}
