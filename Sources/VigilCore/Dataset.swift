import Foundation

/// Source-freshness thresholds, as in dbt's `warn_after` / `error_after`.
public struct FreshnessPolicy: Codable, Sendable, Equatable {
    public var warnAfter: TimeInterval
    public var errorAfter: TimeInterval

    public init(warnAfter: TimeInterval, errorAfter: TimeInterval) {
        self.warnAfter = warnAfter
        self.errorAfter = errorAfter
    }

    /// State of data whose newest row is `lag` old; nil lag means it never loaded.
    public func state(lag: TimeInterval?) -> FreshnessState {
        guard let lag else { return .unknown }
        if lag >= errorAfter { return .error }
        if lag >= warnAfter { return .warn }
        return .fresh
    }
}

public enum FreshnessState: String, Codable, Sendable, CaseIterable {
    case fresh
    case warn
    case error
    /// Never loaded, or the source that reports it cannot be read.
    case unknown

    public var attentionRank: Int {
        switch self {
        case .error: return 0
        case .warn: return 1
        case .unknown: return 2
        case .fresh: return 3
        }
    }
}

/// A table, view, file or asset that pipelines produce.
public struct Dataset: Codable, Sendable, Equatable, Identifiable {
    /// Fully qualified name, e.g. "analytics.fct_revenue".
    public var name: String
    /// 1 is most critical.
    public var tier: Int
    public var policy: FreshnessPolicy
    /// Source that reports this dataset's freshness.
    public var source: String
    /// Pipeline id (within `source` or another source) that produces it, when known.
    public var producedBy: String?
    /// What inside that pipeline writes it, when its source says: the Airflow task with the asset as outlet, the
    /// dbt node's unique_id. Filled in by the store's snapshot from the lineage.
    public var producerTask: String?
    public var owner: String?
    /// The freshness SLO set for this dataset; nil means the default for its tier.
    public var objective: FreshnessObjective?
    /// Where it lives in OpenLineage terms (namespace + name), when a source can tell.
    public var identity: DatasetIdentity?
    /// Other names other systems use for it (a URI of another scheme, a view), from `aliases:` in the config.
    public var aliases: [String]

    public var id: String { name }

    public init(name: String, tier: Int, policy: FreshnessPolicy, source: String,
                producedBy: String? = nil, owner: String? = nil, objective: FreshnessObjective? = nil,
                identity: DatasetIdentity? = nil, aliases: [String] = []) {
        self.identity = identity
        self.aliases = aliases
        self.name = name
        self.tier = tier
        self.policy = policy
        self.source = source
        self.producedBy = producedBy
        self.owner = owner
        self.objective = objective
    }

    /// The objective in force: the one set, else the tier's default.
    public var effectiveObjective: FreshnessObjective { objective ?? .default(tier: tier) }
}

/// One observation of a dataset's newest data, kept as history for trends.
public struct FreshnessSample: Codable, Sendable, Equatable {
    public var dataset: String
    public var observedAt: Date
    /// max(loaded_at) seen at `observedAt`; nil when it never loaded.
    public var loadedAt: Date?

    public init(dataset: String, observedAt: Date, loadedAt: Date?) {
        self.dataset = dataset
        self.observedAt = observedAt
        self.loadedAt = loadedAt
    }

    public var lag: TimeInterval? { loadedAt.map { max(0, observedAt.timeIntervalSince($0)) } }
}

/// A directed edge of the lineage graph: `upstream` feeds `downstream` (datasets and pipelines, `LineageNode`).
public struct LineageEdge: Codable, Sendable, Hashable {
    public var upstream: LineageNode
    public var downstream: LineageNode

    public init(upstream: LineageNode, downstream: LineageNode) {
        self.upstream = upstream
        self.downstream = downstream
    }
}
