import Foundation
import Testing
@testable import VigilCore

/// Asset URIs normalised as Airflow's postgres provider and OpenLineage converter do (the table in
/// shared/on-call-standards.md, measured with provider 7.1.1), and names joined onto known datasets.
@Suite struct DatasetIdentityTests {
    @Test(arguments: [
        ("postgres://db.example.internal:5432/analytics/public/orders_daily", "postgres://db.example.internal:5432", "analytics.public.orders_daily"),
        ("postgresql://db.example.internal/analytics/public/orders_daily", "postgres://db.example.internal:5432", "analytics.public.orders_daily"),
        ("POSTGRES://DB.example.internal:5433/analytics/public/orders_daily/", "postgres://db.example.internal:5433", "analytics.public.orders_daily"),
        ("postgres://etl_user:secret@db.example.internal:5432/analytics/public/orders_daily", "postgres://db.example.internal:5432", "analytics.public.orders_daily"),
        ("postgres://db.example.internal:5432/analytics//orders_daily", "postgres://db.example.internal:5432", "analytics.default.orders_daily"),
        ("s3://lake/raw/events/2026/", "s3://lake", "raw/events/2026"),
        ("bigquery://proj/ds/tbl", "bigquery", "proj.ds.tbl"),
        ("file:///data/exports/daily.csv", "file", "/data/exports/daily.csv"),
        ("mysql://db:3306/shop/orders", "mysql://db:3306", "shop.orders"),
    ])
    func assetURIsNormaliseLikeAirflow(uri: String, namespace: String, name: String) throws {
        let identity = try #require(DatasetIdentity(uri: uri))
        #expect(identity.namespace == namespace)
        #expect(identity.name == name)
    }

    @Test(arguments: ["raw.payments", "orders_asset", "postgres://db:5432/analytics/orders_daily", "airflow://x/y", ""])
    func namesAndRefusedURIsHaveNoIdentity(text: String) {
        #expect(DatasetIdentity(uri: text) == nil)
    }

    @Test func credentialsNeverReachTheIdentity() throws {
        let identity = try #require(DatasetIdentity(uri: "postgres://etl:hunter2@h:5432/d/s/t"))
        #expect(!identity.description.contains("hunter2"))
        #expect(!identity.description.contains("etl"))
    }

    func dataset(_ name: String, identity: DatasetIdentity? = nil, aliases: [String] = []) -> Dataset {
        Dataset(name: name, tier: 1, policy: FreshnessPolicy(warnAfter: 60, errorAfter: 120), source: "wh",
                identity: identity, aliases: aliases)
    }

    @Test func anAssetURIJoinsTheWarehouseTableItNames() {
        let index = DatasetNameIndex([
            dataset("raw.payments", identity: .postgres(host: "127.0.0.1", port: 54329, database: "warehouse", schema: "raw", table: "payments")),
            dataset("analytics.fct_revenue"),
        ])
        #expect(index.resolve("postgres://127.0.0.1:54329/warehouse/raw/payments") == "raw.payments")
        #expect(index.resolve("postgresql://127.0.0.1:54329/warehouse/raw/payments/") == "raw.payments")
        // OpenLineage's own namespace/name form names it too.
        #expect(index.resolve("postgres://127.0.0.1:54329/warehouse.raw.payments") == "raw.payments")
        #expect(index.resolve("postgres://127.0.0.1:54329/warehouse/raw/orders") == nil)
        #expect(index.resolve("analytics.fct_revenue") == "analytics.fct_revenue")
    }

    @Test func aliasesJoinWhatNoRuleCan() {
        let index = DatasetNameIndex([
            dataset("raw.payments", aliases: ["postgres://localhost:5432/warehouse/raw/payments", "payments_view"]),
        ])
        #expect(index.resolve("payments_view") == "raw.payments")
        // An alias written as a URI matches every spelling Airflow normalises to the same identity.
        #expect(index.resolve("postgresql://LOCALHOST/warehouse/raw/payments") == "raw.payments")
        #expect(index.resolve("postgres://localhost:5432") == nil)
    }

    @Test func joiningLineageMergesNodesAndListsWhatItCouldNotPlace() {
        let index = DatasetNameIndex([
            dataset("raw.payments", identity: .postgres(host: "h", port: 5432, database: "w", schema: "raw", table: "payments")),
        ])
        let joined = index.join([
            edge(LineageEdge(upstream: .pipeline(source: "af", id: "payments_ingest"), downstream: .dataset("postgres://h:5432/w/raw/payments"))),
            edge(LineageEdge(upstream: .dataset("postgres://h/w/raw/payments"), downstream: .pipeline(source: "af", id: "report"))),
            edge(LineageEdge(upstream: .pipeline(source: "af", id: "report"), downstream: .dataset("s3://lake/report.csv"))),
            // An edge between two spellings of one dataset would be a loop: dropped.
            edge(LineageEdge(upstream: .dataset("raw.payments"), downstream: .dataset("postgres://h:5432/w/raw/payments"))),
        ])
        #expect(joined.edges == [
            LineageEdge(upstream: .pipeline(source: "af", id: "payments_ingest"), downstream: .dataset("raw.payments")),
            LineageEdge(upstream: .dataset("raw.payments"), downstream: .pipeline(source: "af", id: "report")),
            LineageEdge(upstream: .pipeline(source: "af", id: "report"), downstream: .dataset("s3://lake/report.csv")),
        ])
        #expect(joined.unplaced == ["af": ["s3://lake/report.csv"]])
    }

    /// As the store hands edges to the join: each dataset node's identity key worked out when it was written.
    func edge(_ e: LineageEdge) -> DatasetNameIndex.ReportedEdge {
        DatasetNameIndex.ReportedEdge(source: "af", edge: e,
                                      upstreamKey: e.upstream.datasetName.flatMap(DatasetNameIndex.identityKey),
                                      downstreamKey: e.downstream.datasetName.flatMap(DatasetNameIndex.identityKey))
    }
}
