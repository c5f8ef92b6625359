import Foundation
import Testing
import VigilCore
@testable import VigilCollectors

@Suite struct OpenLineageMappingTests {
    static func mapped(_ name: String) throws -> SourceData {
        OpenLineageMapping.sourceData(try OpenLineageEvent.decode(OpenLineageFixtures.data(name)))
    }

    @Test func airflowTaskIsATaskOfItsDagRun() throws {
        let data = try Self.mapped("ol-001.json")
        #expect(data.pushed && data.resolveDatasetNames)
        #expect(data.pipelines.map(\.pipelineID) == ["orders_etl"])
        #expect(data.pipelines.first?.tasks == ["load_orders"])
        // The root facet names the DAG run.
        #expect(data.runs.map(\.runID) == ["01934f2e-0000-7000-8000-000000000001"])
        let task = try #require(data.taskInstances.first)
        #expect(task.source == "airflow-prod" && task.pipelineID == "orders_etl" && task.taskID == "load_orders")
        #expect(task.state == .running && task.startedAt != nil && task.endedAt == nil)
        let pipeline = LineageNode.pipeline(source: "airflow-prod", id: "orders_etl")
        #expect(Set(data.pushedLineage) == [
            LineageEdge(upstream: .dataset("postgres://db.example.internal:5432/shop.public.orders"), downstream: pipeline),
            LineageEdge(upstream: pipeline, downstream: .dataset("postgres://db.example.internal:5432/analytics.public.orders_daily")),
        ])
        #expect(data.producers.values.first == "load_orders")
        #expect(data.lineage == nil)
    }

    @Test func failWithErrorMessage() throws {
        let task = try #require(try Self.mapped("ol-005.json").taskInstances.first)
        #expect(task.taskID == "load_customers" && task.state == .failed && task.endedAt != nil)
        #expect(task.errorMessage?.hasPrefix("psycopg2.errors.UndefinedTable: relation \"shop.public.customers\"") == true)
    }

    @Test func completeCarriesChecksAndRowCount() throws {
        let data = try Self.mapped("ol-003.json")
        #expect(data.taskInstances.first?.state == .success)
        let checks = Dictionary(uniqueKeysWithValues: data.checks.map { ($0.name, $0) })
        #expect(checks["not_null_id"]?.state == .pass)
        #expect(checks["not_null_amount"]?.state == .warn && checks["not_null_amount"]?.failures == 3)
        #expect(data.checks.allSatisfy { $0.dataset == "postgres://db.example.internal:5432/shop.public.orders" })
        #expect(data.rowCounts == [ReportedRowCount(dataset: "postgres://db.example.internal:5432/analytics.public.orders_daily",
                                                    rows: 31, at: data.rowCounts[0].at)])
    }

    @Test func runWithoutParentIsAPipelineRun() throws {
        #expect(try Self.mapped("ol-006.json").runs.map(\.state) == [.queued])   // OTHER says nothing of the state
        #expect(try Self.mapped("ol-007.json").runs.map(\.state) == [.running])
        let abort = try Self.mapped("ol-008.json")
        #expect(abort.runs.map(\.state) == [.failed] && abort.taskInstances.isEmpty)
        #expect(abort.runs.first?.pipelineID == "orders_etl.backfill")
    }

    @Test func datasetAndJobEvents() throws {
        let dataset = try Self.mapped("ol-009.json")
        #expect(dataset.runs.isEmpty && dataset.pipelines.isEmpty && dataset.pushedLineage.isEmpty)
        let job = try Self.mapped("ol-010.json")
        #expect(job.runs.isEmpty && job.pushedLineage.count == 2)
    }

    /// dbt-ol's artifact mode: assertions in both `facets` and `inputFacets`, counted once; success:false is a
    /// warning (severity warn) or a failure.
    @Test func dbtArtifactModeTests() throws {
        let data = try Self.mapped("dbtol-007.json")
        #expect(data.pipelines.map(\.pipelineID) == ["dbt-run-vigil_demo"])
        #expect(data.taskInstances.first?.taskID == "warehouse.analytics.vigil_demo.stg_orders.build.test")
        let states = Dictionary(uniqueKeysWithValues: data.checks.map { ($0.name, $0.state) })
        #expect(states == ["accepted_values_stg_orders_status__paid": .warn, "not_null_stg_orders_customer_id": .fail,
                           "unique_stg_orders_id": .pass])
    }

    /// A skipped test: success false with no `actual` (artifact mode) or under an ABORT (live mode) is not a result.
    @Test func skippedTestsAreNotResults() throws {
        let artifact = try OpenLineageEvent.decode(OpenLineageFixtures.data("dbtol-006.json"))
        #expect(artifact.inputs.flatMap(\.assertions).contains { !$0.success && $0.actual == nil })
        #expect(OpenLineageMapping.sourceData(artifact).checks.isEmpty)
        let live = try Self.mapped("dbtsl-029.json")
        #expect(live.checks.isEmpty && live.taskInstances.first?.state == .skipped)
    }

    @Test func dbtLiveModeSQLJobsBelongToTheDbtRun() throws {
        let data = try Self.mapped("dbtsl-003.json")
        #expect(data.runs.map(\.runID) == ["01a23a9d-a099-7da7-b5c1-d2c3c54d6e5f"])
        #expect(data.taskInstances.first?.taskID == "model.vigil_demo.stg_orders.sql.1")
        let failed = try Self.mapped("dbtsl-021.json")
        #expect(failed.taskInstances.first?.errorMessage?.contains("Got 1 result, configured to fail if != 0") == true)
        #expect(failed.checks.map(\.state) == [.fail])
    }
}
