import Foundation
import Testing
import VigilCollectors

/// The decoders read every real dbt 1.11 artifact, with the values the files hold.
@Suite struct DbtDecodingTests {
    @Test func manifestV12() throws {
        let manifest = try DbtFixtures.manifest()
        #expect(manifest.metadata.dbtSchemaVersion == "https://schemas.getdbt.com/dbt/manifest/v12.json")
        #expect(manifest.metadata.dbtVersion == "1.11.16")
        #expect(manifest.metadata.projectName == "opsdemo")
        #expect(manifest.metadata.invocationID == "92c67a8d-7bfb-4520-98a4-351ba019ca08")

        let byType = Dictionary(grouping: manifest.nodes.values, by: \.resourceType).mapValues(\.count)
        #expect(byType == ["model": 3, "test": 10])
        #expect(manifest.sources.count == 3)

        let revenue = try #require(manifest.nodes["model.opsdemo.fct_revenue"])
        #expect(revenue.schema == "analytics")
        #expect(revenue.alias == "fct_revenue")
        #expect(revenue.config?.materialized == "table")
        #expect(revenue.upstream == ["model.opsdemo.stg_orders", "model.opsdemo.stg_customers"])
        #expect(revenue.config?.freshness == nil)

        let emailTest = try #require(manifest.nodes["test.opsdemo.not_null_stg_customers_email.d7cf761533"])
        #expect(emailTest.config?.severity == "warn")
        #expect(emailTest.upstream == ["model.opsdemo.stg_customers"])

        let orders = try #require(manifest.sources["source.opsdemo.raw.orders"])
        #expect(orders.sourceName == "raw")
        #expect(orders.schema == "raw")
        #expect(orders.identifier == "orders")
        let freshness = try #require(orders.config?.freshness)
        #expect(freshness.warnAfter == .init(count: 1, period: "hour"))
        #expect(freshness.errorAfter == .init(count: 2, period: "hour"))
        #expect(freshness.policy?.warnAfter == 3600)
        #expect(freshness.policy?.errorAfter == 7200)
    }

    @Test func runResultsV6FromBuild() throws {
        let results = try DbtFixtures.buildResults()
        #expect(results.metadata.dbtSchemaVersion == "https://schemas.getdbt.com/dbt/run-results/v6.json")
        #expect(results.metadata.invocationID == "92c67a8d-7bfb-4520-98a4-351ba019ca08")
        #expect(sameInstant(results.metadata.generatedAt, dbtUTC("2026-11-26T21:24:29Z", plus: 0.617487)))
        #expect(results.args?.which == "build")
        #expect(results.results.count == 13)

        let statuses = Dictionary(grouping: results.results, by: \.status).mapValues(\.count)
        #expect(statuses == ["pass": 5, "success": 2, "warn": 1, "fail": 1, "skipped": 4])

        let failing = try #require(results.results.first { $0.uniqueID == "test.opsdemo.unique_stg_orders_order_id.e3b841c71a" })
        #expect(failing.status == "fail")
        #expect(failing.failures == 1)
        #expect(failing.message == "Got 1 result, configured to fail if != 0")
        #expect(failing.threadID == "Thread-1 (worker)")

        let customers = try #require(results.results.first { $0.uniqueID == "model.opsdemo.stg_customers" })
        #expect(customers.timing?.map(\.name) == ["compile", "execute"])
        #expect(sameInstant(customers.startedAt, dbtUTC("2026-11-26T21:24:29Z", plus: 0.320713)))
        #expect(sameInstant(customers.completedAt, dbtUTC("2026-11-26T21:24:29Z", plus: 0.456448)))
        #expect(customers.failures == nil)

        let skipped = try #require(results.results.first { $0.uniqueID == "model.opsdemo.fct_revenue" })
        #expect(skipped.status == "skipped")
        #expect(skipped.timing?.isEmpty == true)
        #expect(skipped.startedAt == nil)
        #expect(skipped.message == nil)
    }

    @Test func runResultsV6WithAnErroredModel() throws {
        let results = try DbtFixtures.runWithError()
        #expect(results.args?.which == "run")
        #expect(results.results.map(\.status) == ["success", "success", "error", "success"])
        let broken = try #require(results.results.first { $0.uniqueID == "model.opsdemo.broken_model" })
        #expect(broken.message?.hasPrefix("Database Error in model broken_model (models/marts/broken_model.sql)") == true)
        #expect(broken.message?.contains("relation \"raw.does_not_exist\" does not exist") == true)
    }

    @Test func sourcesV3() throws {
        let sources = try DbtFixtures.sources()
        #expect(sources.metadata.dbtSchemaVersion == "https://schemas.getdbt.com/dbt/sources/v3.json")
        #expect(sources.results.map(\.status) == ["error", "pass", "warn"])
        let customers = try #require(sources.results.first)
        #expect(customers.uniqueID == "source.opsdemo.raw.customers")
        #expect(sameInstant(customers.maxLoadedAt, dbtUTC("2026-11-26T18:22:49Z", plus: 0.663281)))
        #expect(sameInstant(customers.snapshottedAt, dbtUTC("2026-11-26T21:24:37Z", plus: 0.379415)))
        #expect(customers.criteria?.errorAfter == .init(count: 2, period: "hour"))
        // dbt's own age agrees with the two timestamps as decoded (offset "+00:00" and microseconds honoured).
        for result in sources.results {
            let age = try #require(result.snapshottedAt).timeIntervalSince(try #require(result.maxLoadedAt))
            #expect(abs(age - (result.maxLoadedAtTimeAgoInS ?? -1)) < 0.001, "\(result.uniqueID)")
        }
    }

    @Test func unknownFieldsAreIgnored() throws {
        var json = try #require(try JSONSerialization.jsonObject(with: DbtFixtures.data("run_results_build.json")) as? [String: Any])
        json["a_field_from_dbt_1_12"] = ["nested": [1, 2, 3]]
        var results = try #require(json["results"] as? [[String: Any]])
        results[0]["new_per_result_field"] = "x"
        json["results"] = results
        let dir = try DbtFixtures.TargetDir([])
        defer { dir.remove() }
        try dir.put("run_results.json", try JSONSerialization.data(withJSONObject: json))
        let decoded = try DbtArtifacts.loadRunResults(dir.url.appendingPathComponent("run_results.json"))
        #expect(decoded.results.count == 13)
    }
}
