import VigilCore

/// Downstream lineage as an indented tree ("├─ ", "│  └─ "), each node once (first place it is reached,
/// depth-first in name order), so a wide fan-out reads as what feeds what. Deep trees keep to `maxDepth`
/// levels of indent so they fit a half-width column.
enum ImpactTree {
    static func lines(from root: LineageNode, graph: LineageGraph, maxDepth: Int = 6) -> [(node: LineageNode, prefix: String)] {
        var out: [(LineageNode, String)] = []
        var seen: Set<LineageNode> = [root]
        func visit(_ node: LineageNode, _ prefix: String, depth: Int) {
            let children = graph.directDownstream(of: node).filter { seen.insert($0).inserted }
            for (i, child) in children.enumerated() {
                let last = i == children.count - 1
                out.append((child, prefix + (last ? "└─" : "├─")))
                let next = depth + 1 < maxDepth ? prefix + (last ? "  " : "│ ") : prefix
                visit(child, next, depth: depth + 1)
            }
        }
        visit(root, "", depth: 0)
        return out
    }
}
