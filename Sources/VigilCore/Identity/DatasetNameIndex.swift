import Foundation

/// Joins the names systems report for datasets (a short name, an Airflow asset URI, an OpenLineage
/// namespace/name, a configured alias) onto the datasets Vigil knows, so lineage from every source forms one graph.
public struct DatasetNameIndex: Sendable {
    private var names: Set<String> = []
    private var byKey: [String: String] = [:]

    public typealias Entry = (name: String, identity: DatasetIdentity?, aliases: [String])

    public init(_ datasets: [Dataset]) {
        self.init(entries: datasets.map { ($0.name, $0.identity, $0.aliases) })
    }

    /// Identities win over aliases; the first dataset (by name) wins a tie.
    public init(entries: [Entry]) {
        let sorted = entries.sorted { $0.name < $1.name }
        for d in sorted { names.insert(d.name) }
        for d in sorted {
            if let identity = d.identity { byKey[identity.description] = byKey[identity.description] ?? d.name }
        }
        for d in sorted {
            for alias in d.aliases {
                for key in Self.keys(alias) where byKey[key] == nil && !names.contains(key) { byKey[key] = d.name }
            }
        }
    }

    /// The known dataset `reported` stands for, or nil when nothing places it.
    public func resolve(_ reported: String) -> String? {
        resolve(reported, key: Self.identityKey(reported))
    }

    /// `resolve` with the reported name's identity key already worked out (`identityKey`, kept by the store).
    public func resolve(_ reported: String, key: String?) -> String? {
        // The known name itself, not the equal text reported: the joined graph shares the datasets' strings.
        if let known = names.firstIndex(of: reported) { return names[known] }
        if let name = byKey[reported] { return name }
        return key.flatMap { byKey[$0] }
    }

    /// The identity a name stands for as a URI, as `namespace/name`, when that differs from the name itself.
    public static func identityKey(_ reported: String) -> String? {
        guard let identity = DatasetIdentity(uri: reported), identity.description != reported else { return nil }
        return identity.description
    }

    /// One edge as a source reported it, with its nodes' identity keys (see `identityKey`) and, on a pipeline ->
    /// dataset edge, what inside the pipeline writes the dataset.
    public struct ReportedEdge: Sendable {
        public var source: String
        public var edge: LineageEdge
        public var upstreamKey: String?
        public var downstreamKey: String?
        public var via: String?

        public init(source: String, edge: LineageEdge, upstreamKey: String? = nil, downstreamKey: String? = nil, via: String? = nil) {
            self.source = source
            self.edge = edge
            self.upstreamKey = upstreamKey
            self.downstreamKey = downstreamKey
            self.via = via
        }
    }

    /// Every source's edges joined onto one graph.
    public struct Joined: Sendable {
        /// Each dataset node renamed to the dataset it stands for; edges that joining turns into a loop (an asset and
        /// the table it names) dropped, duplicates once.
        public var edges: [LineageEdge]
        /// Per source, the dataset names no rule or alias could place.
        public var unplaced: [String: Set<String>]
        /// Per known dataset, the pipeline node writing it and what inside it does (`ReportedEdge.via`).
        public var producers: [String: (pipeline: LineageNode, task: String)]
    }

    public func join(_ reported: [ReportedEdge]) -> Joined {
        var joined = Joined(edges: [], unplaced: [:], producers: [:])
        var seen: Set<LineageEdge> = []
        // Each node once: every edge naming a node shares one copy of its text (tens of thousands of edges name a
        // few thousand pipelines).
        var once: [LineageNode: LineageNode] = [:]
        func node(_ n: LineageNode, key: String?, source: String) -> (node: LineageNode, dataset: String?) {
            guard case .dataset(let name) = n else {
                if let kept = once[n] { return (kept, nil) }
                once[n] = n
                return (n, nil)
            }
            guard let known = resolve(name, key: key) else {
                joined.unplaced[source, default: []].insert(name)
                return (n, nil)
            }
            return (.dataset(known), known)
        }
        for r in reported {
            let up = node(r.edge.upstream, key: r.upstreamKey, source: r.source)
            let down = node(r.edge.downstream, key: r.downstreamKey, source: r.source)
            if let via = r.via, let dataset = down.dataset, up.node.isPipeline {
                joined.producers[dataset] = (up.node, via)
            }
            let edge = LineageEdge(upstream: up.node, downstream: down.node)
            guard edge.upstream != edge.downstream, seen.insert(edge).inserted else { continue }
            joined.edges.append(edge)
        }
        return joined
    }

    /// The text itself, and the identity it names as a URI or as `namespace/name`.
    static func keys(_ text: String) -> [String] {
        [text] + [identityKey(text)].compactMap { $0 }
    }
}
