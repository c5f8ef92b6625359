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
