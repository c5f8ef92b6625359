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
        if names.contains(reported) { return reported }
        for key in Self.keys(reported) { if let name = byKey[key] { return name } }
        return nil
    }

    /// The lineage with every dataset node joined onto the dataset it stands for; edges that joining turns into a
    /// loop (an asset and the table it names) are dropped. `unplaced` lists the dataset names no rule could place.
    public func join(_ edges: [LineageEdge]) -> (edges: [LineageEdge], unplaced: Set<String>) {
        var unplaced: Set<String> = []
        func node(_ n: String) -> String {
            guard n.hasPrefix(LineageEdge.datasetPrefix) else { return n }
            let reported = String(n.dropFirst(LineageEdge.datasetPrefix.count))
            guard let name = resolve(reported) else {
                unplaced.insert(reported)
                return n
            }
            return LineageEdge.dataset(name)
        }
        var seen: Set<LineageEdge> = []
        var out: [LineageEdge] = []
        for e in edges {
            let joined = LineageEdge(upstream: node(e.upstream), downstream: node(e.downstream))
            guard joined.upstream != joined.downstream, seen.insert(joined).inserted else { continue }
            out.append(joined)
        }
        return (out, unplaced)
    }

    /// The text itself, and the identity it names as a URI or as `namespace/name`.
    static func keys(_ text: String) -> [String] {
        guard let identity = DatasetIdentity(uri: text) else { return [text] }
        return identity.description == text ? [text] : [text, identity.description]
    }
}
