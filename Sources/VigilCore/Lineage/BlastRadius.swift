import Foundation

/// What a dataset (or pipeline) feeds, downstream, and how much of it is tier 1.
public struct BlastRadius: Sendable, Equatable {
    /// Downstream datasets, nearest first, with their tier.
    public var datasets: [(name: String, tier: Int)]
    /// Downstream pipelines, nearest first, as "SOURCE/ID".
    public var pipelines: [String]

    public var tier1Count: Int { datasets.filter { $0.tier == 1 }.count }

    public static func == (a: BlastRadius, b: BlastRadius) -> Bool {
        a.pipelines == b.pipelines && a.datasets.map(\.name) == b.datasets.map(\.name)
            && a.datasets.map(\.tier) == b.datasets.map(\.tier)
    }

    /// Everything downstream of `node`; datasets the store does not describe count as tier 3.
    public static func of(_ node: LineageNode, in snapshot: PlatformSnapshot) -> BlastRadius {
        var datasets: [(String, Int)] = []
        var pipelines: [String] = []
        for n in snapshot.graph.downstream(of: node) {
            switch n {
            case .dataset(let name): datasets.append((name, snapshot.dataset(named: name)?.dataset.tier ?? 3))
            case .pipeline: pipelines.append(n.name)
            }
        }
        return BlastRadius(datasets: datasets.map { (name: $0.0, tier: $0.1) }, pipelines: pipelines)
    }

    public static func of(dataset: String, in snapshot: PlatformSnapshot) -> BlastRadius {
        of(.dataset(dataset), in: snapshot)
    }
}
