import Foundation
import Testing
import VigilCore
@testable import VigilStore

/// The snapshot joins what every source reports into one graph: an Airflow asset URI onto the warehouse table with
/// that identity, the producing task kept, names nothing places listed per source; quality attached; removed rows
/// out of the panes.
@Suite struct JoinedGraphTests {
    let policy = FreshnessPolicy(warnAfter: 3_600, errorAfter: 7_200)

    @Test func anAssetJoinsItsTableAndNamesTheTaskThatWritesIt() throws {
        let store = try freshStore()
        let asset = LineageNode.dataset("postgres://db:5432/warehouse/raw/payments")
        let produce = LineageEdge(upstream: .pipeline(source: "af", id: "payments_ingest"), downstream: asset)
        try store.write { w in
            try w.upsertDataset(Dataset(name: "raw.payments", tier: 1, policy: policy, source: "wh",
                                        identity: .postgres(host: "db", port: 5432, database: "warehouse", schema: "raw", table: "payments")))
            try w.upsertDataset(Dataset(name: "analytics.fct_payments", tier: 2, policy: policy, source: "dbt"))
            try w.upsertPipeline(Pipeline(source: "af", pipelineID: "payments_ingest"))
            try w.replaceLineage(source: "af", edges: [
                produce,
                LineageEdge(upstream: .pipeline(source: "af", id: "report"), downstream: .dataset("s3://exports/report.csv")),
            ], via: [produce: "load_payments"])
            try w.replaceLineage(source: "dbt", edges: [
                LineageEdge(upstream: .dataset("raw.payments"), downstream: .dataset("analytics.fct_payments")),
            ])
        }
        let s = try store.snapshot(now: t(0))
        #expect(Set(s.lineage) == [
            LineageEdge(upstream: .pipeline(source: "af", id: "payments_ingest"), downstream: .dataset("raw.payments")),
            LineageEdge(upstream: .pipeline(source: "af", id: "report"), downstream: .dataset("s3://exports/report.csv")),
            LineageEdge(upstream: .dataset("raw.payments"), downstream: .dataset("analytics.fct_payments")),
        ])
        #expect(s.unplaced == ["af": ["s3://exports/report.csv"]])
        let payments = try #require(s.datasets.first { $0.dataset.name == "raw.payments" })
        #expect(payments.dataset.producedBy == "payments_ingest")
        #expect(payments.dataset.producerTask == "load_payments")
        // Tier inheritance walks the joined graph: the DAG writes a tier-1 table.
        #expect(s.pipelines.first { $0.pipeline.pipelineID == "payments_ingest" }?.pipeline.tier == 1)
        // The same table declared again without an identity (the config before its warehouse pass) keeps it.
        try store.write { w in try w.upsertDataset(Dataset(name: "raw.payments", tier: 1, policy: policy, source: "config")) }
        #expect(try store.snapshot(now: t(0)).datasets.first { $0.dataset.name == "raw.payments" }?.dataset.identity != nil)
    }

    /// The join is kept from one snapshot to the next while the edges and the datasets' names, identities, aliases
    /// and configured producers stay the same, and made again as soon as any of them changes.
    @Test func theJoinIsReusedUntilAnEdgeOrADatasetsIdentityChanges() throws {
        let store = try freshStore()
        let asset = LineageNode.dataset("s3://lake/payments")
        let produce = LineageEdge(upstream: .pipeline(source: "af", id: "ingest"), downstream: asset)
        try store.write { w in
            try w.upsertDataset(Dataset(name: "raw.payments", tier: 1, policy: policy, source: "wh"))
            try w.upsertDataset(Dataset(name: "marts.revenue", tier: 2, policy: policy, source: "dbt"))
            try w.replaceLineage(source: "af", edges: [produce], via: [produce: "load"])
        }
        var s = try store.snapshot(now: t(0))
        #expect(s.unplaced == ["af": ["s3://lake/payments"]])
        #expect(store.lineageCache.builds == 1)

        // Freshness moving (the common write) leaves the join as it was.
        try store.write { w in try w.recordFreshness(FreshnessSample(dataset: "raw.payments", observedAt: t(0), loadedAt: t(-60))) }
        s = try store.snapshot(now: t(10))
        #expect(store.lineageCache.builds == 1)
        #expect(s.datasets.first { $0.dataset.name == "raw.payments" }?.lastLoadedAt == t(-60))

        // An alias places the asset: the join is made again.
        try store.write { w in
            try w.upsertDataset(Dataset(name: "raw.payments", tier: 1, policy: policy, source: "wh", aliases: ["s3://lake/payments"]))
        }
        s = try store.snapshot(now: t(20))
        #expect(store.lineageCache.builds == 2)
        #expect(s.unplaced.isEmpty)
        #expect(s.datasets.first { $0.dataset.name == "raw.payments" }?.dataset.producedBy == "ingest")
        #expect(s.datasets.first { $0.dataset.name == "raw.payments" }?.dataset.producerTask == "load")

        // A new edge, and a changed `via` on an old one.
        let feed = LineageEdge(upstream: .dataset("raw.payments"), downstream: .dataset("marts.revenue"))
        try store.write { w in try w.replaceLineage(source: "af", edges: [produce, feed], via: [produce: "load_v2"]) }
        s = try store.snapshot(now: t(30))
        #expect(store.lineageCache.builds == 3)
        #expect(s.graph.downstream(of: .dataset("raw.payments")) == [.dataset("marts.revenue")])
        #expect(s.datasets.first { $0.dataset.name == "raw.payments" }?.dataset.producerTask == "load_v2")

        // A dataset removed leaves the join; a configured producer overrides the inferred one.
        try store.write { w in
            _ = try w.retireDatasets(source: "dbt", keeping: [], at: t(40))
            try w.upsertDataset(Dataset(name: "raw.payments", tier: 1, policy: policy, source: "wh", producedBy: "manual_load",
                                        aliases: ["s3://lake/payments"]))
        }
        s = try store.snapshot(now: t(50))
        #expect(store.lineageCache.builds == 4)
        #expect(s.unplaced == ["af": ["marts.revenue"]])
        #expect(s.datasets.map(\.dataset.name) == ["raw.payments"])
        #expect(s.datasets[0].dataset.producedBy == "manual_load" && s.datasets[0].dataset.producerTask == nil)
        _ = try store.snapshot(now: t(60))
        #expect(store.lineageCache.builds == 4)
    }

    @Test func qualityIsTheWorstLatestCheckWithPassRates() throws {
        let store = try freshStore()
        try store.write { w in
            try w.upsertDataset(Dataset(name: "marts.orders", tier: 2, policy: policy, source: "dbt"))
            for hour in 0..<10 {
                let at = t(Double(-hour) * 3_600 - 60)
                try w.recordCheck(DataCheck(dataset: "marts.orders", name: "unique_id", kind: .test, state: .pass, at: at, source: "dbt"))
                try w.recordCheck(DataCheck(dataset: "marts.orders", name: "accepted_status", kind: .test,
                                            state: hour < 2 ? .fail : .pass, failures: hour < 2 ? 3 : 0, at: at, source: "dbt"))
            }
            // The same result recorded twice counts once.
            try w.recordCheck(DataCheck(dataset: "marts.orders", name: "unique_id", kind: .test, state: .pass, at: t(-60), source: "dbt"))
        }
        let q = try #require(try store.snapshot(now: t(0)).datasets.first?.quality)
        #expect(q.state == .fail)
        #expect(q.checks.map(\.name) == ["accepted_status", "unique_id"])
        #expect(q.failing.map(\.failures) == [3])
        #expect(q.passRate24h == 18.0 / 20.0)
    }

    @Test func removedDatasetsAndPipelinesLeaveTheSnapshotAndComeBack() throws {
        let store = try freshStore()
        try store.write { w in
            try w.upsertDataset(Dataset(name: "a", tier: 3, policy: policy, source: "dbt"))
            try w.upsertDataset(Dataset(name: "b", tier: 3, policy: policy, source: "dbt"))
            try w.upsertPipeline(Pipeline(source: "af", pipelineID: "old"))
            #expect(try w.retireDatasets(source: "dbt", keeping: ["a"], at: t(0)) == ["b"])
            #expect(try w.retirePipelines(source: "af", keeping: [], at: t(0)) == ["old"])
        }
        var s = try store.snapshot(now: t(0))
        #expect(s.datasets.map(\.dataset.name) == ["a"])
        #expect(s.pipelines.isEmpty)
        #expect(try store.datasetEvents(dataset: "b").map(\.kind) == [.removed])
        try store.write { w in try w.upsertDataset(Dataset(name: "b", tier: 3, policy: policy, source: "dbt")) }
        s = try store.snapshot(now: t(0))
        #expect(s.datasets.map(\.dataset.name) == ["a", "b"])
    }
}
