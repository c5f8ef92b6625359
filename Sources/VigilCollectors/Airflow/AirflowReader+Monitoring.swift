import Foundation
import VigilCore

extension AirflowReader {
    /// Always 200 while the API server is up; the components' status is in the body.
    func health() async throws -> AirflowHealth {
        try await client.get(AirflowHealth.self, api == .v2 ? "/api/v2/monitor/health" : "/api/v1/health", api: api)
    }

    /// The first page is enough: total_entries gives the count and the note names a few files.
    func importErrors() async throws -> AirflowImportErrorCollection {
        try await client.get(AirflowImportErrorCollection.self, prefix + "/importErrors",
                             query: [("limit", String(pageSize))], api: api)
    }

    /// Asset (v2) or dataset (v1) events newer than `after`, as the newest sample per asset. v2 filters on the
    /// server with timestamp_gte; v1 has no such filter, so the newest page is read and filtered here.
    func freshness(after: Date?, observedAt: Date) async throws -> (samples: [FreshnessSample], newest: Date?) {
        var query = [("order_by", "-timestamp"), ("limit", String(pageSize))]
        switch api {
        case .v2:
            if let after { query.append(("timestamp_gte", AirflowTimestamp.format(after))) }
            let events = try await client.get(AirflowV2.AssetEventCollection.self, prefix + "/assets/events",
                                              query: query, api: api).assetEvents
                .filter { after == nil || $0.timestamp > after! }
            return (AirflowMapping.freshnessSamples(events, observedAt: observedAt), events.map(\.timestamp).max())
        case .v1:
            let events = try await client.get(AirflowV1.DatasetEventCollection.self, prefix + "/datasets/events",
                                              query: query, api: api).datasetEvents
                .filter { after == nil || $0.timestamp > after! }
            return (AirflowMapping.freshnessSamples(events, observedAt: observedAt), events.map(\.timestamp).max())
        }
    }

    /// Producer and consumer edges of every asset (v2) or dataset (v1).
    /// Asset (v1: dataset) lineage, and the tasks that produce each asset.
    func lineage(max: Int = 5_000) async throws -> (edges: [LineageEdge], producers: [LineageEdge: String]) {
        switch api {
        case .v2:
            let assets = try await pages(AirflowV2.AssetCollection.self, prefix + "/assets", query: [], max: max,
                                         count: \.assets.count, total: \.totalEntries).flatMap(\.assets)
            return (AirflowMapping.lineage(assets, source: source), AirflowMapping.producerTasks(assets, source: source))
        case .v1:
            let datasets = try await pages(AirflowV1.DatasetCollection.self, prefix + "/datasets", query: [], max: max,
                                           count: \.datasets.count, total: \.totalEntries).flatMap(\.datasets)
            return (AirflowMapping.lineage(datasets, source: source), AirflowMapping.producerTasks(datasets, source: source))
        }
    }
}
