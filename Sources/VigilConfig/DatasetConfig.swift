import Foundation
import VigilCore

/// One `datasets:` entry: a table whose freshness Vigil watches.
public struct DatasetConfig: Sendable, Equatable {
    /// Fully qualified name, e.g. "analytics.fct_revenue".
    public var name: String
    /// 1 is most critical (a stale tier-1 dataset makes `vigil status` CRITICAL).
    public var tier: Int
    public var freshness: FreshnessPolicy
    /// Column whose max() tells when the table last loaded (read by the warehouse collector).
    public var loadedAt: String?
    /// Name of the source that measures this dataset, if set.
    public var source: String?
    /// Pipeline that produces the dataset, for lineage.
    public var producedBy: PipelineReference?
    public var owner: String?
    /// The freshness SLO set in config (`slo:`); nil means the tier's default.
    public var objective: FreshnessObjective?
    /// Other names systems use for this dataset (an asset URI of another host or scheme, a view), joined onto it.
    public var aliases: [String]
    /// The row-count check a postgres source runs on it (`volume:`); nil when turned off (`volume: false`).
    public var volume: VolumePolicy?

    public init(name: String, tier: Int, freshness: FreshnessPolicy, loadedAt: String? = nil, source: String? = nil,
                producedBy: PipelineReference? = nil, owner: String? = nil, objective: FreshnessObjective? = nil,
                aliases: [String] = [], volume: VolumePolicy? = .default) {
        self.aliases = aliases
        self.volume = volume
        self.objective = objective
        self.name = name
        self.tier = tier
        self.freshness = freshness
        self.loadedAt = loadedAt
        self.source = source
        self.producedBy = producedBy
        self.owner = owner
    }

    /// The domain dataset; `defaultSource` stands in when the config names no measuring source.
    public func dataset(defaultSource: String) -> Dataset {
        Dataset(name: name, tier: tier, policy: freshness, source: source ?? defaultSource,
                producedBy: producedBy?.pipelineID, owner: owner, objective: objective, aliases: aliases)
    }
}

/// `produced_by: SOURCE/PIPELINE_ID`, e.g. "prod-airflow/daily_revenue".
public struct PipelineReference: Sendable, Equatable, CustomStringConvertible {
    public var source: String
    public var pipelineID: String

    public init(source: String, pipelineID: String) {
        self.source = source
        self.pipelineID = pipelineID
    }

    /// Splits at the first "/": source names never contain one, pipeline ids might.
    public init?(_ text: String) {
        guard let slash = text.firstIndex(of: "/") else { return nil }
        let source = String(text[..<slash]), id = String(text[text.index(after: slash)...])
        guard !source.isEmpty, !id.isEmpty else { return nil }
        self.init(source: source, pipelineID: id)
    }

    public var description: String { "\(source)/\(pipelineID)" }

    /// The lineage graph's node name for this pipeline.
    public var lineageNode: LineageNode { .pipeline(source: source, id: pipelineID) }
}
