import Foundation
import VigilCore

/// A manifest indexed for mapping: which unique_ids are warehouse relations (datasets), their names,
/// and their dataset upstreams with ephemeral models (which have no relation) looked through.
struct DbtProject {
    let manifest: DbtManifest
    /// The pipeline id: manifest metadata.project_name, else the configured source name.
    let name: String
    let taskIDs: DbtTaskIDs

    /// Node types a `dbt build` executes, in the order their results matter to an operator.
    static let executableTypes: Set<String> = ["model", "seed", "snapshot", "test"]
    /// Node types that leave a relation in the warehouse.
    static let relationTypes: Set<String> = ["model", "seed", "snapshot"]

    init(manifest: DbtManifest, fallbackName: String) {
        self.manifest = manifest
        let projectName = manifest.metadata.projectName.flatMap { $0.isEmpty ? nil : $0 }
        name = projectName ?? fallbackName
        taskIDs = DbtTaskIDs(project: name, uniqueIDs: Array(manifest.nodes.keys) + Array(manifest.sources.keys))
    }

    /// Models, seeds and snapshots that materialise a relation, sorted by unique_id.
    var relationNodes: [DbtNode] {
        manifest.nodes.values.filter(Self.isRelation).sorted { $0.uniqueID < $1.uniqueID }
    }

    var sourceTables: [DbtSourceTable] { manifest.sources.values.sorted { $0.uniqueID < $1.uniqueID } }

    static func isRelation(_ node: DbtNode) -> Bool {
        relationTypes.contains(node.resourceType) && node.config?.materialized != "ephemeral"
    }

    /// Where a relation node (alias, else name) or a source (identifier, else name) lives; nil for tests,
    /// ephemerals, unknown ids.
    private func relation(_ uniqueID: String) -> (database: String?, schema: String?, name: String)? {
        if let node = manifest.nodes[uniqueID], Self.isRelation(node) {
            return (node.database, node.schema, node.alias ?? node.name)
        }
        if let table = manifest.sources[uniqueID] {
            return (table.database, table.schema, table.identifier ?? table.name)
        }
        return nil
    }

    /// "schema.alias" for a relation node or "schema.identifier" for a source; nil for tests, ephemerals, unknown ids.
    func datasetName(_ uniqueID: String) -> String? {
        relation(uniqueID).map { Self.qualified($0.schema, $0.name) }
    }

    /// `{database}.{schema}.{relation}` on the warehouse dbt builds into (the manifest's database, else the
    /// warehouse's); nil without a warehouse or for a relation without a schema.
    func identity(_ uniqueID: String, warehouse: PostgresLocation?) -> DatasetIdentity? {
        guard let warehouse, let relation = relation(uniqueID), let schema = relation.schema, !schema.isEmpty else { return nil }
        return warehouse.identity(database: relation.database, schema: schema, table: relation.name)
    }

    /// "model", "test", ...: the manifest's resource type, else the unique_id's first part (a node a later parse dropped).
    func resourceType(_ uniqueID: String) -> String {
        manifest.nodes[uniqueID]?.resourceType ?? DbtTaskIDs.resourceType(uniqueID)
    }

    /// Test nodes, sorted by unique_id.
    var testNodes: [DbtNode] {
        manifest.nodes.values.filter { $0.resourceType == "test" }.sorted { $0.uniqueID < $1.uniqueID }
    }

    /// The datasets a test checks: the node it is attached to, else what it depends on (a source's tests, singular
    /// tests); sorted, no duplicates. Empty for a test on an ephemeral model, which has no table.
    func testedDatasets(_ test: DbtNode) -> [String] {
        let ids = test.attachedNode.map { [$0] } ?? test.upstream
        return Set(ids.compactMap(datasetName)).sorted()
    }

    /// Unique ids of the datasets `node` reads, through any chain of ephemeral models; sorted, no duplicates.
    func datasetUpstreams(of node: DbtNode) -> [String] {
        var found: Set<String> = []
        var seen: Set<String> = [node.uniqueID]
        var queue = node.upstream
        while let id = queue.popLast() {
            guard seen.insert(id).inserted else { continue }
            if datasetName(id) != nil {
                found.insert(id)
            } else if let ephemeral = manifest.nodes[id], ephemeral.config?.materialized == "ephemeral" {
                queue.append(contentsOf: ephemeral.upstream)
            }
        }
        return found.sorted()
    }

    /// Executable node unique_ids, dependencies first; ties broken by unique_id so the order is stable.
    func topologicalTasks() -> [String] {
        let nodes = manifest.nodes.values.filter { Self.executableTypes.contains($0.resourceType) }
        let ids = Set(nodes.map(\.uniqueID))
        var indegree: [String: Int] = [:]
        var children: [String: [String]] = [:]
        for node in nodes {
            let parents = Set(node.upstream.filter { ids.contains($0) && $0 != node.uniqueID })
            indegree[node.uniqueID] = parents.count
            for parent in parents { children[parent, default: []].append(node.uniqueID) }
        }
        var ready = indegree.filter { $0.value == 0 }.map(\.key).sorted(by: >)
        var order: [String] = []
        while let id = ready.popLast() {
            order.append(id)
            for child in children[id] ?? [] {
                indegree[child]! -= 1
                if indegree[child] == 0 { ready.append(child) }
            }
            ready.sort(by: >)
        }
        // A cycle (dbt refuses them, but a hand-edited manifest might not): append the rest in id order.
        let placed = Set(order)
        return order + ids.subtracting(placed).sorted()
    }

    private static func qualified(_ schema: String?, _ relation: String) -> String {
        guard let schema, !schema.isEmpty else { return relation }
        return "\(schema).\(relation)"
    }
}
