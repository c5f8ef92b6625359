import Foundation
import Testing
import VigilCollectors
import VigilCore

/// What the real `dbt build` of the opsdemo project becomes in Vigil's domain.
@Suite struct DbtMappingTests {
    let failingTest = "unique_stg_orders_order_id.e3b841c71a"
    let warningTest = "not_null_stg_customers_email.d7cf761533"

    @Test func oneProjectPipelineWithTasksInDependencyOrder() throws {
        let pipeline = try DbtFixtures.buildBatch().pipeline
        #expect(pipeline.source == "dbt")
        #expect(pipeline.pipelineID == "opsdemo")
        #expect(pipeline.tasks.count == 13)  // 3 models + 10 tests; sources are not executed by a build
        #expect(Set(pipeline.tasks).count == 13)
        #expect(pipeline.tasks.contains(failingTest))
        let position = { (task: String) in try #require(pipeline.tasks.firstIndex(of: task)) }
        #expect(try position("stg_orders") < position("fct_revenue"))
        #expect(try position("stg_customers") < position("fct_revenue"))
        #expect(try position("stg_orders") < position(failingTest))
        #expect(try position("fct_revenue") < position("unique_fct_revenue_country.13c400890c"))
        #expect(pipeline.tier == 3)  // no tier in the project: the default
    }

    /// unique_stg_orders_order_id failed, but every model that ran built: the data is wrong, the run is not failed.
    @Test func theInvocationIsOneBuildRunThatItsFailingTestDoesNotFail() throws {
        let run = try DbtFixtures.buildBatch().run
        #expect(run.runID == "92c67a8d-7bfb-4520-98a4-351ba019ca08")
        #expect(run.state == .success)
        #expect(run.runType == "build")
        // invocation_started_at to generated_at: the whole invocation, parsing included (elapsed_time, 0.533 s,
        // starts after parsing; the nodes ran 21:24:29.337 to 21:24:29.596).
        #expect(sameInstant(run.startedAt, dbtUTC("2026-11-26T21:24:27Z", plus: 0.557003)))
        #expect(sameInstant(run.endedAt, dbtUTC("2026-11-26T21:24:29Z", plus: 0.617487)))
    }

    /// Only a model, seed or snapshot failing fails the run; a test erroring (it could not even run) does not.
    @Test func onlyRelationNodesDecideTheRunsState() throws {
        #expect(try mutatedBuild(status("test.opsdemo.not_null_stg_orders_order_id.81cfe2fe64", "error")).run.state == .success)
        #expect(try mutatedBuild(status("model.opsdemo.stg_orders", "error")).run.state == .failed)
        // The captured `dbt run` with a model error is failed.
        #expect(DbtMapping.batch(manifest: try DbtFixtures.manifest(), runResults: try DbtFixtures.runWithError(), sources: nil,
                                 source: "dbt").run.state == .failed)
        // Without invocation_started_at (dbt before 1.8 wrote none), the run starts elapsed_time before generated_at.
        let older = try mutatedBuild { json in
            var metadata = json["metadata"] as! [String: Any]
            metadata["invocation_started_at"] = nil
            json["metadata"] = metadata
        }.run
        #expect(sameInstant(older.startedAt, dbtUTC("2026-11-26T21:24:29Z", plus: 0.617487 - 0.5333499908447266)))
        #expect(sameInstant(older.endedAt, dbtUTC("2026-11-26T21:24:29Z", plus: 0.617487)))
    }

    @Test func testResultsAreChecksOnTheDatasetsTheyTest() throws {
        let batch = try DbtFixtures.buildBatch()
        // The 7 tests that ran (fct_revenue's 3 were skipped): on the model each is attached to, or for a source's
        // test (attached to nothing), the source it depends on.
        #expect(batch.checks.map(\.id).sorted() == [
            "analytics.stg_customers/not_null_stg_customers_customer_id",
            "analytics.stg_customers/not_null_stg_customers_email",
            "analytics.stg_customers/unique_stg_customers_customer_id",
            "analytics.stg_orders/not_null_stg_orders_amount",
            "analytics.stg_orders/not_null_stg_orders_order_id",
            "analytics.stg_orders/unique_stg_orders_order_id",
            "raw.orders/source_not_null_raw_orders_id",
        ])
        #expect(batch.checks.allSatisfy { $0.kind == .test && $0.source == "dbt" })

        let failed = try #require(batch.checks.first { $0.name == "unique_stg_orders_order_id" })
        #expect(failed.state == .fail && failed.failures == 1)
        #expect(failed.message == "Got 1 result, configured to fail if != 0")
        #expect(sameInstant(failed.at, dbtUTC("2026-11-26T21:24:29Z", plus: 0.596488)))  // its completed_at
        let warned = try #require(batch.checks.first { $0.name == "not_null_stg_customers_email" })
        #expect(warned.state == .warn && warned.failures == 4)
        #expect(warned.message == "Got 4 results, configured to warn if != 0")
        let passed = try #require(batch.checks.first { $0.name == "source_not_null_raw_orders_id" })
        #expect(passed.state == .pass && passed.failures == 0 && passed.message == nil)

        // Every test the manifest defines is still reported, the skipped ones too.
        #expect(batch.definedChecks.count == 10)
        #expect(batch.definedChecks.isSuperset(of: batch.checks.map(\.id)))
        #expect(batch.definedChecks.contains("analytics.fct_revenue/unique_fct_revenue_country"))

        // A test that could not run is an error check, with dbt's message and no failure count.
        let errored = try mutatedBuild { json in
            var results = json["results"] as! [[String: Any]]
            let i = results.firstIndex { $0["unique_id"] as? String == "test.opsdemo.not_null_stg_orders_order_id.81cfe2fe64" }!
            results[i]["status"] = "error"
            results[i]["failures"] = NSNull()
            results[i]["message"] = "Database Error in test not_null_stg_orders_order_id: column \"order_id\" does not exist"
            json["results"] = results
        }.checks.first { $0.name == "not_null_stg_orders_order_id" }
        #expect(errored?.state == .error && errored?.failures == nil)
        #expect(errored?.message?.hasSuffix("column \"order_id\" does not exist") == true)
    }

    /// With the warehouse dbt builds into, models and sources get their OpenLineage identity: the server's namespace
    /// and `{database}.{schema}.{relation}` from the manifest; the short names stay "schema.relation".
    @Test func datasetIdentitiesWithAWarehouse() throws {
        let warehouse = try #require(PostgresLocation.of(dsn: "postgresql://vigil@db.internal:5433/fallback", environment: [:]))
        let batch = DbtMapping.batch(manifest: try DbtFixtures.manifest(), runResults: try DbtFixtures.buildResults(),
                                     sources: nil, source: "dbt", warehouse: warehouse)
        let identities = Dictionary(uniqueKeysWithValues: batch.datasets.map { ($0.name, $0.identity?.description) })
        #expect(identities == [
            "analytics.fct_revenue": "postgres://db.internal:5433/warehouse.analytics.fct_revenue",
            "analytics.stg_customers": "postgres://db.internal:5433/warehouse.analytics.stg_customers",
            "analytics.stg_orders": "postgres://db.internal:5433/warehouse.analytics.stg_orders",
            "raw.customers": "postgres://db.internal:5433/warehouse.raw.customers",
            "raw.orders": "postgres://db.internal:5433/warehouse.raw.orders",
            "raw.payments": "postgres://db.internal:5433/warehouse.raw.payments",
        ])
        // Without one, no identity.
        #expect(try DbtFixtures.buildBatch().datasets.allSatisfy { $0.identity == nil })

        // A relation with another alias or identifier, and a manifest without a database (the warehouse's is used).
        var json = try #require(try JSONSerialization.jsonObject(with: DbtFixtures.data("manifest.json")) as? [String: Any])
        var nodes = try #require(json["nodes"] as? [String: [String: Any]])
        nodes["model.opsdemo.stg_orders"]?["alias"] = "orders_v2"
        nodes["model.opsdemo.stg_orders"]?["database"] = NSNull()
        json["nodes"] = nodes
        var sources = try #require(json["sources"] as? [String: [String: Any]])
        sources["source.opsdemo.raw.payments"]?["identifier"] = "Payments_2026"
        json["sources"] = sources
        let dir = try DbtFixtures.TargetDir([])
        defer { dir.remove() }
        try dir.put("manifest.json", try JSONSerialization.data(withJSONObject: json))
        let manifest = try DbtArtifacts.loadManifest(dir.url.appendingPathComponent("manifest.json"))
        let mutated = DbtMapping.batch(manifest: manifest, runResults: try DbtFixtures.buildResults(), sources: nil,
                                       source: "dbt", warehouse: warehouse)
        let byName = Dictionary(uniqueKeysWithValues: mutated.datasets.map { ($0.name, $0.identity) })
        #expect(byName["analytics.orders_v2"]??.description == "postgres://db.internal:5433/fallback.analytics.orders_v2")
        #expect(byName["raw.Payments_2026"]??.description == "postgres://db.internal:5433/warehouse.raw.Payments_2026")
    }

    @Test func nodeResultsBecomeTaskInstances() throws {
        let tasks = try DbtFixtures.buildBatch().taskInstances
        #expect(tasks.count == 13)
        #expect(Set(tasks.map(\.taskID)).count == 13)
        let states = Dictionary(grouping: tasks, by: \.state).mapValues(\.count)
        #expect(states == [.success: 8, .failed: 1, .skipped: 4])  // 5 pass + 2 success + 1 warn
        #expect(tasks.allSatisfy { $0.tryNumber == 1 && $0.maxTries == 1 && $0.runID == "92c67a8d-7bfb-4520-98a4-351ba019ca08" })

        let failed = try #require(tasks.first { $0.taskID == failingTest })
        #expect(failed.state == .failed)
        #expect(failed.operatorName == "test")
        #expect(failed.errorMessage == "Got 1 result, configured to fail if != 0 (1 failure)")
        #expect(sameInstant(failed.startedAt, dbtUTC("2026-11-26T21:24:29Z", plus: 0.571623)))
        #expect(sameInstant(failed.endedAt, dbtUTC("2026-11-26T21:24:29Z", plus: 0.596488)))

        let warned = try #require(tasks.first { $0.taskID == warningTest })
        #expect(warned.state == .success)
        #expect(warned.errorMessage == "warn: Got 4 results, configured to warn if != 0 (4 failures)")

        let model = try #require(tasks.first { $0.taskID == "stg_orders" })
        #expect(model.state == .success)
        #expect(model.operatorName == "model")
        #expect(model.errorMessage == nil)  // "CREATE VIEW" is not an error

        let skipped = try #require(tasks.first { $0.taskID == "fct_revenue" })
        #expect(skipped.state == .skipped)
        #expect(skipped.startedAt == nil && skipped.endedAt == nil && skipped.errorMessage == nil)
    }

    @Test func anErroredModelMissingFromTheManifestStillMaps() throws {
        let batch = try DbtMapping.batch(manifest: DbtFixtures.manifest(), runResults: DbtFixtures.runWithError(),
                                         sources: nil, source: "dbt")
        #expect(batch.run.runID == "e2397ff7-8592-436b-8dd4-172d83f0699f")
        #expect(batch.run.runType == "run")
        #expect(batch.run.state == .failed)
        let broken = try #require(batch.taskInstances.first { $0.taskID == "broken_model" })
        #expect(broken.operatorName == "model")
        #expect(broken.state == .failed)
        #expect(broken.errorMessage?.contains("relation \"raw.does_not_exist\" does not exist") == true)
        #expect(batch.taskInstances.filter { $0.state == .success }.map(\.taskID).sorted()
                == ["fct_revenue", "stg_customers", "stg_orders"])
        // broken_model is not in the manifest, so it is no dataset and gets no build sample.
        #expect(batch.buildSamples.map(\.dataset).sorted() == ["analytics.fct_revenue", "analytics.stg_customers", "analytics.stg_orders"])
        #expect(batch.sourceSamples.isEmpty)
    }

    @Test func datasetsAreRelationsWithPoliciesAndProducers() throws {
        let datasets = try DbtFixtures.buildBatch().datasets
        #expect(datasets.map(\.name) == ["analytics.fct_revenue", "analytics.stg_customers", "analytics.stg_orders",
                                         "raw.customers", "raw.orders", "raw.payments"])
        for dataset in datasets {
            #expect(dataset.tier == 3)
            #expect(dataset.source == "dbt")
            if dataset.name.hasPrefix("raw.") {
                #expect(dataset.policy == FreshnessPolicy(warnAfter: 3600, errorAfter: 7200), "\(dataset.name)")
                #expect(dataset.producedBy == nil)
            } else {
                #expect(dataset.policy == DbtMapping.defaultPolicy, "\(dataset.name)")
                #expect(dataset.producedBy == "opsdemo")
            }
        }
    }

    @Test func lineageFollowsDependsOn() throws {
        let edges = Set(try DbtFixtures.buildBatch().lineage)
        let d = LineageNode.dataset
        let project = LineageNode.pipeline(source: "dbt", id: "opsdemo")
        #expect(edges == [
            LineageEdge(upstream: d("raw.orders"), downstream: d("analytics.stg_orders")),
            LineageEdge(upstream: d("raw.customers"), downstream: d("analytics.stg_customers")),
            LineageEdge(upstream: d("analytics.stg_orders"), downstream: d("analytics.fct_revenue")),
            LineageEdge(upstream: d("analytics.stg_customers"), downstream: d("analytics.fct_revenue")),
            LineageEdge(upstream: project, downstream: d("analytics.stg_orders")),
            LineageEdge(upstream: project, downstream: d("analytics.stg_customers")),
            LineageEdge(upstream: project, downstream: d("analytics.fct_revenue")),
        ])
        // raw.payments is declared but nothing reads it.
        #expect(!edges.contains { $0.upstream == d("raw.payments") })
    }

    @Test func sourceFreshnessSamplesAgreeWithDbtStatus() throws {
        let batch = try DbtFixtures.buildBatch()
        let sources = try DbtFixtures.sources()
        #expect(batch.sourceSamples.map(\.dataset) == ["raw.customers", "raw.orders", "raw.payments"])
        let customers = try #require(batch.sourceSamples.first)
        #expect(sameInstant(customers.loadedAt, dbtUTC("2026-11-26T18:22:49Z", plus: 0.663281)))
        #expect(sameInstant(customers.observedAt, dbtUTC("2026-11-26T21:24:37Z", plus: 0.379415)))
        // Vigil's own evaluation of each sample gives what dbt reported: error, pass, warn.
        let expected: [String: FreshnessState] = ["error": .error, "warn": .warn, "pass": .fresh]
        for (sample, result) in zip(batch.sourceSamples, sources.results) {
            let policy = try #require(batch.datasets.first { $0.name == sample.dataset }).policy
            #expect(policy.state(lag: sample.lag) == expected[result.status], "\(sample.dataset)")
        }
    }

    @Test func buildSamplesOnlyForSuccessfulRelations() throws {
        let samples = try DbtFixtures.buildBatch().buildSamples
        // fct_revenue was skipped, tests are not relations.
        #expect(samples.map(\.dataset) == ["analytics.stg_customers", "analytics.stg_orders"])
        let orders = try #require(samples.last)
        #expect(sameInstant(orders.loadedAt, dbtUTC("2026-11-26T21:24:29Z", plus: 0.487263)))
        #expect(sameInstant(orders.observedAt, dbtUTC("2026-11-26T21:24:29Z", plus: 0.617487)))  // generated_at
    }

    /// The fixture project sets no tier, owner or ephemeral model; a mutated copy of its manifest checks that these are read.
    @Test func tierOwnerAndEphemeralModelsFromAMutatedManifest() throws {
        var json = try #require(try JSONSerialization.jsonObject(with: DbtFixtures.data("manifest.json")) as? [String: Any])
        var nodes = try #require(json["nodes"] as? [String: [String: Any]])
        var revenue = try #require(nodes["model.opsdemo.fct_revenue"])
        var config = try #require(revenue["config"] as? [String: Any])
        config["meta"] = ["tier": 1, "owner": "finance-data"]
        revenue["config"] = config
        nodes["model.opsdemo.fct_revenue"] = revenue
        var staging = try #require(nodes["model.opsdemo.stg_orders"])
        var stagingConfig = try #require(staging["config"] as? [String: Any])
        stagingConfig["materialized"] = "ephemeral"
        staging["config"] = stagingConfig
        nodes["model.opsdemo.stg_orders"] = staging
        json["nodes"] = nodes
        var sources = try #require(json["sources"] as? [String: [String: Any]])
        sources["source.opsdemo.raw.customers"]?["tags"] = ["pii", "tier:2"]
        sources["source.opsdemo.raw.payments"]?["meta"] = ["tier": "1"]
        json["sources"] = sources

        let dir = try DbtFixtures.TargetDir([])
        defer { dir.remove() }
        try dir.put("manifest.json", try JSONSerialization.data(withJSONObject: json))
        let manifest = try DbtArtifacts.loadManifest(dir.url.appendingPathComponent("manifest.json"))
        let batch = DbtMapping.batch(manifest: manifest, runResults: try DbtFixtures.buildResults(), sources: nil, source: "dbt")

        let byName = Dictionary(uniqueKeysWithValues: batch.datasets.map { ($0.name, $0) })
        #expect(byName["analytics.fct_revenue"]?.tier == 1)
        #expect(byName["analytics.fct_revenue"]?.owner == "finance-data")
        #expect(byName["raw.customers"]?.tier == 2)
        #expect(byName["raw.payments"]?.tier == 1)
        #expect(byName["analytics.stg_customers"]?.tier == 3)
        #expect(batch.pipeline.tier == 1)
        // An ephemeral model has no relation: no dataset, and lineage looks through it.
        #expect(byName["analytics.stg_orders"] == nil)
        let lineage = Set(batch.lineage)
        #expect(lineage.contains(LineageEdge(upstream: LineageNode.dataset("raw.orders"),
                                             downstream: LineageNode.dataset("analytics.fct_revenue"))))
        #expect(!lineage.contains { $0.upstream.text.contains("stg_orders") || $0.downstream.text.contains("stg_orders") })
        // It still runs as a task.
        #expect(batch.pipeline.tasks.contains("stg_orders"))
    }

    /// The build's batch from an edited copy of run_results_build.json.
    private func mutatedBuild(_ edit: (inout [String: Any]) -> Void) throws -> DbtBatch {
        var json = try #require(try JSONSerialization.jsonObject(with: DbtFixtures.data("run_results_build.json")) as? [String: Any])
        edit(&json)
        let dir = try DbtFixtures.TargetDir([])
        defer { dir.remove() }
        try dir.put("run_results.json", try JSONSerialization.data(withJSONObject: json))
        let results = try DbtArtifacts.loadRunResults(dir.url.appendingPathComponent("run_results.json"))
        return DbtMapping.batch(manifest: try DbtFixtures.manifest(), runResults: results, sources: nil, source: "dbt")
    }

    /// An edit setting one node result's status.
    private func status(_ uniqueID: String, _ status: String) -> (inout [String: Any]) -> Void {
        { json in
            var results = json["results"] as! [[String: Any]]
            let i = results.firstIndex { $0["unique_id"] as? String == uniqueID }!
            results[i]["status"] = status
            json["results"] = results
        }
    }
}
