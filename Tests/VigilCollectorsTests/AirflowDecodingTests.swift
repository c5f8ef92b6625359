import Foundation
import Testing
import VigilCollectors

/// Every captured answer copied into Fixtures decodes into the shape the collector reads, with the values
/// the capture holds.
@Suite struct AirflowDecodingTests {
    typealias F = AirflowFixtures

    @Test func v2CollectionsDecode() throws {
        #expect(try F.decodeV2(AirflowVersion.self, "version.json").version == "3.3.2")
        #expect(try F.decodeV2(AirflowV2.DAGCollection.self, "dags.json").dags.map(\.dagId)
                == ["customer_sync", "daily_revenue", "slow_backfill"])
        #expect(try F.decodeV2(AirflowV2.DAGCollection.self, "dags_before_unpause.json").dags.allSatisfy { $0.isPaused })
        let page = try F.decodeV2(AirflowV2.DAGCollection.self, "dags_paginated_limit2_offset1.json")
        #expect(page.dags.count == 2 && page.totalEntries == 3)
        #expect(try F.decodeV2(AirflowV2.DAGRunCollection.self, "dag_runs_all_get.json").dagRuns.count == 5)
        #expect(try F.decodeV2(AirflowV2.DAGRunCollection.self, "dag_runs_all_failed_or_running.json").dagRuns
                .map(\.state) == ["failed", "failed", "running"])
        #expect(try F.decodeV2(AirflowV2.TaskInstanceCollection.self, "task_instances_all_failed.json").taskInstances.count == 2)
        #expect(try F.decodeV2(AirflowV2.TaskInstanceCollection.self, "task_instances_customer_sync_failed.json")
                .taskInstances.map(\.taskId) == ["fetch_customers", "push_to_crm"])
        #expect(try F.decodeV2(AirflowV2.TaskInstanceCollection.self, "task_instances_slow_backfill_running.json")
                .taskInstances.first?.endDate == nil)
        #expect(try F.decodeV2(AirflowImportErrorCollection.self, "import_errors.json").importErrors.first?.filename
                == "broken_dag.py")
        #expect(try F.decodeV2(AirflowV2.AssetEventCollection.self, "asset_events.json").assetEvents.map(\.id) == [1, 2])
        let asset = try #require(try F.decodeV2(AirflowV2.AssetCollection.self, "assets.json").assets.first)
        #expect(asset.name == "s3://warehouse/revenue_daily")
        #expect(asset.producingTasks.map { "\($0.dagId).\($0.taskId)" } == ["daily_revenue.load"])
        #expect(sameInstant(asset.lastAssetEvent?.timestamp, dbtUTC("2026-11-26T21:26:18Z", plus: 0.277223)))
    }

    @Test func v2CursorPagesCarryTheirCursor() throws {
        let first = try F.decodeV2(AirflowV2.DAGRunCollection.self, "dag_runs_all_cursor_page1.json")
        let second = try F.decodeV2(AirflowV2.DAGRunCollection.self, "dag_runs_all_cursor_page2.json")
        #expect(first.nextCursor == "kQQ" && second.nextCursor == "kQI")
        #expect(first.dagRuns.map(\.dagRunId) == ["research_slow_1", "manual__2026-11-26T21:26:11.422474+00:00"])
        #expect(try F.decodeV2(AirflowV2.DAGRunCollection.self, "dag_runs_all_get.json").nextCursor == nil)
    }

    @Test func v2HealthHasNullComponents() throws {
        let health = try F.decodeV2(AirflowHealth.self, "monitor_health.json")
        #expect(health.scheduler?.status == "healthy")
        #expect(sameInstant(health.scheduler?.latestHeartbeat, dbtUTC("2026-11-26T21:26:39Z", plus: 0.784761)))
        #expect(health.triggerer == AirflowHealth.Component(status: nil, latestHeartbeat: nil))
        #expect(health.dagProcessor?.status == "healthy" && health.metadatabase?.status == "healthy")
    }

    @Test func v1CollectionsDecode() throws {
        #expect(try F.decodeV1(AirflowVersion.self, "version.json").version == "2.10.5")
        let dags = try F.decodeV1(AirflowV1.DAGCollection.self, "dags.json").dags
        #expect(dags.map(\.scheduleInterval?.value) == ["@daily", "@hourly", nil])
        #expect(dags.first?.scheduleInterval?.type == "CronExpression")
        #expect(try F.decodeV1(AirflowV1.DAGRunCollection.self, "dag_runs_batch_list_post.json").dagRuns.count == 5)
        #expect(try F.decodeV1(AirflowV1.DAGRunCollection.self, "dag_runs_customer_sync.json").dagRuns.count == 2)
        #expect(try F.decodeV1(AirflowV1.DAGRunCollection.self, "dag_runs_slow_backfill.json").dagRuns.first?.state == "running")
        #expect(try F.decodeV1(AirflowV1.TaskInstanceCollection.self, "task_instances_customer_sync_failed.json")
                .taskInstances.first?.tryNumber == 2)
        #expect(try F.decodeV1(AirflowImportErrorCollection.self, "import_errors.json").totalEntries == 1)
        #expect(try F.decodeV1(AirflowV1.DatasetEventCollection.self, "dataset_events.json").datasetEvents.count == 2)
        #expect(try F.decodeV1(AirflowV1.DatasetCollection.self, "datasets.json").datasets.first?.uri
                == "s3://warehouse/revenue_daily")
        let health = try F.decodeV1(AirflowHealth.self, "health.json")
        #expect(health.scheduler?.status == "healthy" && health.dagProcessor?.status == nil)
    }

    @Test func errorBodiesGiveTheirMessage() throws {
        func v2(_ name: String) throws -> String? { try F.decodeV2(AirflowErrorBody.self, name).message }
        #expect(try v2("error_401_auth_token_wrong_password.json") == "Invalid credentials")
        #expect(try v2("error_401_expired_token.json") == "Token Expired")
        #expect(try v2("error_401_no_token.json") == "Not authenticated")
        #expect(try v2("error_403_malformed_token.json") == "Invalid JWT token")
        #expect(try v2("error_403_viewer_cannot_trigger.json") == "Forbidden")
        #expect(try v2("error_404_missing_dag.json") == "The Dag with ID: `nonexistent_dag` was not found")
        // 422 lists problems; the echoed `input` ("abc" here, a login body elsewhere) is never kept.
        #expect(try v2("error_422_bad_query_param.json")
                == "query.limit: Input should be a valid integer, unable to parse string as an integer")
        #expect(try v2("error_422_trigger_missing_logical_date.json") == "body.logical_date: Field required")
        // v1: detail may be null, then the title speaks.
        #expect(try F.decodeV1(AirflowErrorBody.self, "error_401_bad_basic_auth.json").message == "Unauthorized")
        #expect(try F.decodeV1(AirflowErrorBody.self, "error_404_missing_dag.json").message
                == "The DAG with dag_id: nonexistent_dag was not found")
    }

    @Test func timestampsWithAndWithoutFractionsAndZones() {
        #expect(sameInstant(AirflowTimestamp.parse("2026-11-26T21:26:29.724947Z"), dbtUTC("2026-11-26T21:26:29Z", plus: 0.724947)))
        #expect(AirflowTimestamp.parse("2026-11-27T00:00:00Z") == dbtUTC("2026-11-27T00:00:00Z"))
        #expect(sameInstant(AirflowTimestamp.parse("2026-11-26T21:33:15.077853+00:00"), dbtUTC("2026-11-26T21:33:15Z", plus: 0.077853)))
        #expect(AirflowTimestamp.parse("yesterday") == nil)
        #expect(AirflowTimestamp.format(dbtUTC("2026-11-26T21:26:18Z", plus: 0.9)) == "2026-11-26T21:26:18Z")
    }
}
