import Foundation
import VigilCore

/// The project's static shape: its pipeline, datasets and lineage.
extension DbtMapping {
    static func pipeline(_ project: DbtProject, source: String) -> Pipeline {
        let tiers = project.relationNodes.map { tier(meta: [$0.config?.meta, $0.meta], tags: [$0.config?.tags, $0.tags]) }
        // dbt has no schedule of its own (cron or an orchestrator runs it), so lateness is left to that scheduler.
        return Pipeline(source: source, pipelineID: project.name,
                        tasks: project.topologicalTasks().map(project.taskIDs.id(for:)), tier: tiers.min())
    }

    static func datasets(_ project: DbtProject, source: String, warehouse: PostgresLocation?) -> [Dataset] {
        var datasets: [Dataset] = []
        for node in project.relationNodes {
            guard let name = project.datasetName(node.uniqueID) else { continue }
            let meta = [node.config?.meta, node.meta]
            datasets.append(Dataset(name: name, tier: tier(meta: meta, tags: [node.config?.tags, node.tags]),
                                    policy: node.config?.freshness?.policy ?? defaultPolicy,
                                    source: source, producedBy: project.name, owner: owner(meta),
                                    identity: project.identity(node.uniqueID, warehouse: warehouse)))
        }
        for table in project.sourceTables {
            guard let name = project.datasetName(table.uniqueID) else { continue }
            let meta = [table.config?.meta, table.meta, table.sourceMeta]
            // A loader outside dbt fills source tables, so dbt is not their producer.
            datasets.append(Dataset(name: name, tier: tier(meta: meta, tags: [table.config?.tags, table.tags]),
                                    policy: (table.config?.freshness ?? table.freshness)?.policy ?? defaultPolicy,
                                    source: source, producedBy: nil, owner: owner(meta),
                                    identity: project.identity(table.uniqueID, warehouse: warehouse)))
        }
        return datasets.sorted { $0.name < $1.name }
    }

    static func lineage(_ project: DbtProject, source: String) -> [LineageEdge] {
        var edges: Set<LineageEdge> = []
        let pipelineNode = LineageNode.pipeline(source: source, id: project.name)
        for node in project.relationNodes {
            guard let name = project.datasetName(node.uniqueID) else { continue }
            edges.insert(LineageEdge(upstream: pipelineNode, downstream: LineageNode.dataset(name)))
            for upstream in project.datasetUpstreams(of: node) {
                guard let upstreamName = project.datasetName(upstream) else { continue }
                edges.insert(LineageEdge(upstream: LineageNode.dataset(upstreamName), downstream: LineageNode.dataset(name)))
            }
        }
        return edges.sorted { ($0.upstream, $0.downstream) < ($1.upstream, $1.downstream) }
    }

    /// Each project -> model edge with the unique_id of the node that builds it ("model.shop.stg_orders").
    static func producerNodes(_ project: DbtProject, source: String) -> [LineageEdge: String] {
        let pipelineNode = LineageNode.pipeline(source: source, id: project.name)
        var out: [LineageEdge: String] = [:]
        for node in project.relationNodes {
            guard let name = project.datasetName(node.uniqueID) else { continue }
            out[LineageEdge(upstream: pipelineNode, downstream: LineageNode.dataset(name))] = node.uniqueID
        }
        return out
    }

    /// meta.tier (first meta dictionary that has it), else the first "tier:N" tag, else the default. Tiers start at 1.
    static func tier(meta: [[String: DbtMetaValue]?], tags: [DbtStringList?]) -> Int {
        for dictionary in meta {
            if let tier = dictionary?["tier"]?.intValue, tier >= 1 { return tier }
        }
        for tag in tags.flatMap({ $0?.values ?? [] }) {
            let parts = tag.split(separator: ":", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "tier",
               let tier = Int(parts[1].trimmingCharacters(in: .whitespaces)), tier >= 1 {
                return tier
            }
        }
        return defaultTier
    }

    /// meta.owner, the usual dbt convention for who to call.
    static func owner(_ meta: [[String: DbtMetaValue]?]) -> String? {
        meta.lazy.compactMap { $0?["owner"]?.stringValue }.first { !$0.isEmpty }
    }
}
