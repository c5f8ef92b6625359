import Foundation
import VigilCore

extension AirflowMapping {
    /// The newest event per asset, as one sample each, ordered by dataset name.
    public static func freshnessSamples(_ events: [AirflowV2.AssetEvent], observedAt: Date) -> [FreshnessSample] {
        newest(events.map { (datasetName(name: $0.name, uri: $0.uri), $0.timestamp) }, observedAt: observedAt)
    }

    /// An asset's name as a dataset: its URI when the URI says where the data lives (an identity Vigil can join
    /// onto a warehouse table or a dbt node), else the name the DAG author gave it (Airflow 3 defaults it to the URI).
    static func datasetName(name: String, uri: String) -> String {
        DatasetIdentity(uri: uri) != nil ? uri : name
    }

    public static func freshnessSamples(_ events: [AirflowV1.DatasetEvent], observedAt: Date) -> [FreshnessSample] {
        newest(events.map { ($0.datasetUri, $0.timestamp) }, observedAt: observedAt)
    }

    /// Producing DAG -> asset, asset -> DAGs scheduled on it or with tasks consuming it. The asset is named by
    /// `datasetName`, so the store's graph joins it onto the dataset with that identity.
    public static func lineage(_ assets: [AirflowV2.Asset], source: String) -> [LineageEdge] {
        edges(assets.map { (datasetName(name: $0.name, uri: $0.uri), $0.producingTasks.map(\.dagId),
                            $0.scheduledDags.map(\.dagId) + ($0.consumingTasks ?? []).map(\.dagId)) }, source: source)
    }

    /// Each producing DAG -> asset edge with the task(s) that have the asset as outlet ("push_to_crm").
    public static func producerTasks(_ assets: [AirflowV2.Asset], source: String) -> [LineageEdge: String] {
        tasks(assets.map { (datasetName(name: $0.name, uri: $0.uri), $0.producingTasks) }, source: source)
    }

    public static func producerTasks(_ datasets: [AirflowV1.Dataset], source: String) -> [LineageEdge: String] {
        tasks(datasets.map { ($0.uri, $0.producingTasks) }, source: source)
    }

    private static func tasks(_ assets: [(name: String, producers: [AirflowV2.TaskRef])], source: String) -> [LineageEdge: String] {
        var out: [LineageEdge: [String]] = [:]
        for asset in assets {
            for task in asset.producers {
                let edge = LineageEdge(upstream: LineageNode.pipeline(source: source, id: task.dagId),
                                       downstream: LineageNode.dataset(asset.name))
                if !(out[edge] ?? []).contains(task.taskId) { out[edge, default: []].append(task.taskId) }
            }
        }
        return out.mapValues { $0.sorted().joined(separator: ", ") }
    }

    public static func lineage(_ datasets: [AirflowV1.Dataset], source: String) -> [LineageEdge] {
        edges(datasets.map { ($0.uri, $0.producingTasks.map(\.dagId), $0.consumingDags.map(\.dagId)) }, source: source)
    }

    private static func newest(_ events: [(String, Date)], observedAt: Date) -> [FreshnessSample] {
        var latest: [String: Date] = [:]
        for (name, at) in events where latest[name].map({ at > $0 }) ?? true { latest[name] = at }
        return latest.sorted { $0.key < $1.key }
            .map { FreshnessSample(dataset: $0.key, observedAt: observedAt, loadedAt: $0.value) }
    }

    private static func edges(_ assets: [(name: String, producers: [String], consumers: [String])],
                              source: String) -> [LineageEdge] {
        var out = Set<LineageEdge>()
        for asset in assets {
            let node = LineageNode.dataset(asset.name)
            for dag in asset.producers { out.insert(LineageEdge(upstream: LineageNode.pipeline(source: source, id: dag), downstream: node)) }
            for dag in asset.consumers { out.insert(LineageEdge(upstream: node, downstream: LineageNode.pipeline(source: source, id: dag))) }
        }
        return out.sorted { ($0.upstream, $0.downstream) < ($1.upstream, $1.downstream) }
    }
}
