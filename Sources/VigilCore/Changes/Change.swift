import Foundation

/// What kind of change a `Change` records, by where Vigil saw it.
public enum ChangeKind: String, Codable, Sendable, CaseIterable {
    /// A new Airflow 3 DAG version (`dagVersions`: version number, bundle name and version).
    case dagVersion = "dag_version"
    /// An Airflow 2 DAG's source changed between polls (its file token).
    case dagSource = "dag_source"
    /// dbt models, tests or sources added, removed or changed (checksum) between two invocations' manifests.
    case dbtManifest = "dbt_manifest"
    /// A warehouse table's columns changed (the schema rule's dataset event).
    case schema
    /// A commit on a configured git repository's branch.
    case commit
    /// A release note recorded by a person (`vigil change record`).
    case manual

    public var label: String {
        switch self {
        case .dagVersion: return "DAG version"
        case .dagSource: return "DAG source"
        case .dbtManifest: return "dbt manifest"
        case .schema: return "schema"
        case .commit: return "commit"
        case .manual: return "release note"
        }
    }
}

/// Something that changed on the platform: a deployment, a DAG version, a dbt model edit, a schema change, a commit.
/// Root cause looks back from a failure for changes to what failed and what is upstream of it; the scorecard counts
/// how many changes were followed by an incident that names them (change failure rate).
public struct Change: Codable, Sendable, Equatable, Identifiable {
    /// Stable across polls, so seeing a change twice stores it once: "SOURCE:KIND:SUBJECT:REF".
    public var id: String
    /// When the change was made (the version's creation, the commit's time); when first seen if the source cannot say.
    public var at: Date
    /// The source that saw it (a configured source or repository name), or "manual".
    public var source: String
    public var kind: ChangeKind
    /// One line: "payments_ingest version 4 → 5 (bundle abc123)". Untrusted; cleaned before drawing.
    public var title: String
    /// What it touched, as lineage node texts ("pipeline:SOURCE/ID" or a dataset name): root cause and the Changes
    /// view follow these through lineage. Empty for a change that names nothing (a commit to an unmapped repository).
    public var subjects: [String]
    /// The version, checksum or commit it moved to, when there is one.
    public var ref: String?
    /// Who made it, when the source says.
    public var author: String?
    /// More lines (the models a dbt diff touched, a commit's files); untrusted, bounded.
    public var detail: String?

    public init(id: String, at: Date, source: String, kind: ChangeKind, title: String, subjects: [String] = [],
                ref: String? = nil, author: String? = nil, detail: String? = nil) {
        self.id = id
        self.at = at
        self.source = source
        self.kind = kind
        self.title = title
        self.subjects = subjects
        self.ref = ref
        self.author = author
        self.detail = detail
    }

    /// The id for a change seen by `source`: the same change seen again has the same id.
    public static func id(source: String, kind: ChangeKind, subject: String, ref: String) -> String {
        [source, kind.rawValue, subject, ref].joined(separator: ":")
    }

    public var subjectNodes: [LineageNode] { subjects.compactMap(LineageNode.init(parsing:)) }
}
