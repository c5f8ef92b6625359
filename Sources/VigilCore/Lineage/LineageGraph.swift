/// The lineage graph as adjacency lists, for walking upstream (causes) and downstream (impact).
public struct LineageGraph: Sendable, Equatable {
    private var parents: [LineageNode: [LineageNode]] = [:]
    private var children: [LineageNode: [LineageNode]] = [:]

    public init(_ edges: [LineageEdge]) {
        for e in Set(edges) {
            parents[e.downstream, default: []].append(e.upstream)
            children[e.upstream, default: []].append(e.downstream)
        }
        for k in parents.keys { parents[k]?.sort() }
        for k in children.keys { children[k]?.sort() }
    }

    public func directUpstream(of node: LineageNode) -> [LineageNode] { parents[node] ?? [] }
    public func directDownstream(of node: LineageNode) -> [LineageNode] { children[node] ?? [] }

    /// Every node reachable upstream, nearest first (breadth-first); safe on cycles.
    public func upstream(of node: LineageNode) -> [LineageNode] { walk(from: node, next: parents) }

    /// Every node reachable downstream, nearest first; safe on cycles.
    public func downstream(of node: LineageNode) -> [LineageNode] { walk(from: node, next: children) }

    private func walk(from start: LineageNode, next: [LineageNode: [LineageNode]]) -> [LineageNode] {
        var seen: Set<LineageNode> = [start]
        var order: [LineageNode] = []
        var queue = next[start] ?? []
        var head = 0
        while head < queue.count {
            let n = queue[head]
            head += 1
            guard seen.insert(n).inserted else { continue }
            order.append(n)
            queue.append(contentsOf: next[n] ?? [])
        }
        return order
    }
}
