import Foundation

/// The parts of `target/manifest.json` (schema manifest/v12, dbt 1.8 to 1.11) Vigil uses: the project name,
/// every node with its relation, tags, meta and dependencies, and every source with its freshness thresholds.
/// Macros, docs, columns and compiled SQL are ignored.
public struct DbtManifest: DbtArtifact, Sendable {
    static let schemaKind = "manifest"
    static let schemaVersion = 12
    static let writtenBy = "dbt 1.8 and later"

    public struct Metadata: Decodable, Sendable {
        public var dbtSchemaVersion: String
        public var dbtVersion: String?
        public var generatedAt: Date?
        public var invocationID: String?
        public var projectName: String?

        enum CodingKeys: String, CodingKey {
            case dbtSchemaVersion = "dbt_schema_version", dbtVersion = "dbt_version", generatedAt = "generated_at"
            case invocationID = "invocation_id", projectName = "project_name"
        }
    }

    public var metadata: Metadata
    /// Models, tests, seeds, snapshots, analyses, operations, keyed by unique_id.
    public var nodes: [String: DbtNode]
    /// Source tables, keyed by unique_id ("source.<package>.<source_name>.<table>").
    public var sources: [String: DbtSourceTable]

    var dbtSchemaVersion: String { metadata.dbtSchemaVersion }
}

/// One entry of the manifest's `nodes`.
public struct DbtNode: Decodable, Sendable {
    public struct Config: Decodable, Sendable {
        public var enabled: Bool?
        /// "table", "view", "incremental", "ephemeral", "seed", "snapshot", "test", ...
        public var materialized: String?
        public var tags: DbtStringList?
        public var meta: [String: DbtMetaValue]?
        /// For models dbt 1.10+ puts `build_after` here; only warn_after / error_after are read.
        public var freshness: DbtFreshnessCriteria?
        /// Tests: "ERROR" or "warn".
        public var severity: String?
    }

    public struct DependsOn: Decodable, Sendable {
        public var nodes: [String]?
    }

    /// `checksum`: dbt's hash of the node's file ("sha256" of a model's SQL; "none" with "" for generic tests).
    public struct Checksum: Decodable, Sendable {
        public var name: String?
        public var checksum: String?
    }

    public var uniqueID: String
    /// "model", "test", "seed", "snapshot", "analysis", "operation", ...
    public var resourceType: String
    public var name: String
    public var packageName: String
    public var database: String?
    public var schema: String?
    /// The relation's name in the warehouse; equals `name` unless configured.
    public var alias: String?
    public var tags: DbtStringList?
    public var meta: [String: DbtMetaValue]?
    public var config: Config?
    public var dependsOn: DependsOn?
    /// Tests: the model, seed or snapshot the test is defined on; null for singular tests and tests of sources.
    public var attachedNode: String?
    /// The file the node is defined in, from the project's root ("models/staging/stg_orders.sql", or the .yml of a
    /// generic test), and the node's own file name under its folder ("staging/stg_orders.sql", "not_null_x.sql"):
    /// together they say where dbt writes its compiled SQL.
    public var originalFilePath: String?
    public var path: String?
    /// What changes when the node's file is edited: the manifest diff between invocations compares it.
    public var checksum: Checksum?

    enum CodingKeys: String, CodingKey {
        case uniqueID = "unique_id", resourceType = "resource_type", name, packageName = "package_name"
        case database, schema, alias, tags, meta, config, dependsOn = "depends_on", attachedNode = "attached_node"
        case originalFilePath = "original_file_path", path, checksum
    }

    /// Upstream unique_ids (models, sources, seeds, snapshots), as dbt resolved refs and sources.
    public var upstream: [String] { dependsOn?.nodes ?? [] }
}

/// One entry of the manifest's `sources`: a table some loader fills and dbt reads.
public struct DbtSourceTable: Decodable, Sendable {
    public struct Config: Decodable, Sendable {
        public var freshness: DbtFreshnessCriteria?
        public var tags: DbtStringList?
        public var meta: [String: DbtMetaValue]?
    }

    public var uniqueID: String
    public var name: String
    /// The `sources:` block name, e.g. "raw".
    public var sourceName: String
    public var packageName: String
    public var database: String?
    public var schema: String?
    /// The table's name in the warehouse; equals `name` unless configured.
    public var identifier: String?
    public var tags: DbtStringList?
    public var meta: [String: DbtMetaValue]?
    /// Meta set on the whole `sources:` block.
    public var sourceMeta: [String: DbtMetaValue]?
    public var freshness: DbtFreshnessCriteria?
    public var config: Config?

    enum CodingKeys: String, CodingKey {
        case uniqueID = "unique_id", name, sourceName = "source_name", packageName = "package_name"
        case database, schema, identifier, tags, meta, sourceMeta = "source_meta", freshness, config
    }
}
