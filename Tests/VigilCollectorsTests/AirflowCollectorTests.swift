import Foundation
import Testing
import VigilTestSupport
import VigilCollectors
import VigilCore
import VigilStore

/// A whole pass against replayed Airflow 3.3.2 and 2.10.5 answers: what is asked, and what lands in the store.
@Suite struct AirflowCollectorTests {
    typealias F = AirflowFixtures
    let start = dbtUTC("2026-11-26T21:30:00Z")

    @Test func firstV2PassWritesPipelinesRunsTasksFreshnessAndLineage() async throws {
        let store = try TestStore.fresh()
        let transport = ReplayTransport(airflow3())
        let collector = AirflowCollector(store: store, settings: airflowSettings(), transport: transport, clock: { self.start })
        let result = await collector.collect()
        guard case let .updated(summary) = result else { Issue.record("expected an update, got \(result)"); return }
        #expect(summary.api == .v2)
        #expect(summary.pipelines == 3 && summary.runs == 5 && summary.taskInstances == 4)
        #expect(summary.freshnessSamples == 1 && summary.lineageEdges == 1)
        #expect(summary.taskListsRead == 3)
        // The broken DAG file makes the source degraded, not down.
        #expect(summary.health == .degraded)
        let note = "1 DAG file fails to import: broken_dag.py (ModuleNotFoundError: No module named 'this_module_does_not_exist')"
        #expect(summary.notes == [note])

        let snapshot = try store.snapshot(now: start)
        #expect(snapshot.sources == [SourceStatus(name: "prod-airflow", kind: .airflow, health: .degraded,
                                                  lastAttemptAt: start, lastSuccessAt: start, lastError: note)])
        #expect(snapshot.pipelines.map(\.pipeline.pipelineID) == ["customer_sync", "daily_revenue", "slow_backfill"])
        let sync = try #require(snapshot.pipelines.first { $0.pipeline.pipelineID == "customer_sync" })
        #expect(sync.recentRuns.map(\.runID) == [F.manualCustomerSync, "scheduled__2026-11-26T00:00:00+00:00"])
        #expect(sync.health(now: start) == .failing)
        let slow = try #require(snapshot.pipelines.first { $0.pipeline.pipelineID == "slow_backfill" })
        #expect(slow.health(now: start) == .running)

        let push = try store.taskInstances(source: "prod-airflow", pipelineID: "customer_sync", runID: F.manualCustomerSync)
        #expect(push.map(\.taskID) == ["fetch_customers", "push_to_crm"])
        #expect(push.last.map { ($0.state, $0.tryNumber, $0.maxTries) } ?? (.queued, 0, 0) == (.failed, 2, 2))
        #expect(try store.taskInstances(source: "prod-airflow", pipelineID: "slow_backfill", runID: "research_slow_1")
                .map(\.state) == [.running])

        #expect(snapshot.lineage == [LineageEdge(upstream: .pipeline(source: "prod-airflow", id: "daily_revenue"),
                                                 downstream: .dataset("s3://warehouse/revenue_daily"))])
        let history = try store.freshnessHistory(dataset: "s3://warehouse/revenue_daily", since: .distantPast)
        #expect(history.count == 1 && sameInstant(history.first?.loadedAt, dbtUTC("2026-11-26T21:26:18Z", plus: 0.277223)))
    }

    @Test func firstV2PassAsksTheRealAPI() async throws {
        let transport = ReplayTransport(airflow3())
        let collector = AirflowCollector(store: try TestStore.fresh(), settings: airflowSettings(), transport: transport,
                                         clock: { self.start })
        _ = await collector.collect()
        // One login with the configured credentials, then the token on every API call.
        #expect(transport.count("POST", "/auth/token") == 1)
        let login = try #require(transport.last("/auth/token")?.body)
        let fields = try JSONSerialization.jsonObject(with: login) as? [String: String]
        #expect(fields == ["username": "admin", "password": "s3cret-pw"])
        #expect(transport.requests.filter { $0.path.hasPrefix("/api/v2/dags") }.allSatisfy { $0.authorization == "Bearer jwt-1" })
        // Runs of all DAGs updated in the initial lookback, newest first, with cursor paging requested.
        let runs = try #require(transport.last("/api/v2/dags/~/dagRuns"))
        #expect(runs.query == ["updated_at_gte": "2026-11-23T21:30:00Z", "order_by": "-id", "limit": "100", "cursor": ""])
        // Task instances only of the failed and running runs, with ':' and '+' percent-encoded.
        let taskPaths = Set(transport.requests.map(\.path).filter { $0.hasSuffix("/taskInstances") })
        #expect(taskPaths == [
            "/api/v2/dags/customer_sync/dagRuns/\(F.manualCustomerSyncPath)/taskInstances",
            "/api/v2/dags/customer_sync/dagRuns/\(F.scheduledCustomerSyncPath)/taskInstances",
            "/api/v2/dags/slow_backfill/dagRuns/research_slow_1/taskInstances",
        ])
        #expect(transport.last("/api/v2/assets/events")?.query == ["order_by": "-timestamp", "limit": "100"])
    }

    @Test func laterPassesAskOnlyForWhatChanged() async throws {
        let store = try TestStore.fresh()
        let clock = AirflowTestClock(start)
        let transport = ReplayTransport(airflow3())
        let collector = AirflowCollector(store: store, settings: airflowSettings(), transport: transport, clock: { clock.now })
        _ = await collector.collect()
        clock.advance(30)
        guard case let .updated(second) = await collector.collect() else { Issue.record("second pass failed"); return }
        // Runs updated since the previous pass began, minus five minutes for clock skew.
        #expect(transport.last("/api/v2/dags/~/dagRuns")?.query["updated_at_gte"] == "2026-11-26T21:25:00Z")
        #expect(second.runsUpdatedSince == start.addingTimeInterval(-300))
        // Asset events after the newest one recorded; the replayed page holds no newer one, so no new sample.
        #expect(transport.last("/api/v2/assets/events")?.query["timestamp_gte"] == "2026-11-26T21:26:18Z")
        #expect(second.freshnessSamples == 0)
        #expect(try store.freshnessHistory(dataset: "s3://warehouse/revenue_daily", since: .distantPast).count == 1)
        // Still logged in: no second login.
        #expect(transport.count("POST", "/auth/token") == 1)
    }

    @Test func cursorPagesAreFollowed() async throws {
        // The capture was taken with limit=2; a pass allowed 4 runs follows next_cursor once.
        let route = airflow3(requireToken: false)
        let transport = ReplayTransport { sent in
            sent.path == "/api/v2/dags/~/dagRuns" ? try Self.cursorRoute(sent) : try route(sent)
        }
        var settings = airflowSettings(credentials: .none)
        settings.maxRunsPerPass = 4
        let store = try TestStore.fresh()
        let collector = AirflowCollector(store: store, settings: settings, transport: transport, clock: { self.start })
        guard case let .updated(summary) = await collector.collect() else { Issue.record("pass failed"); return }
        #expect(summary.runs == 4)
        #expect(transport.requests.filter { $0.path == "/api/v2/dags/~/dagRuns" }.map { $0.query["cursor"] } == ["", "kQQ"])
        #expect(try store.runs(source: "prod-airflow", pipelineID: "customer_sync").count == 2)
    }

    static func cursorRoute(_ sent: SentRequest) throws -> HTTPResponse {
        switch sent.query["cursor"] {
        case "": return .ok(try F.v2("dag_runs_all_cursor_page1.json"))
        case "kQQ": return .ok(try F.v2("dag_runs_all_cursor_page2.json"))
        default: return HTTPResponse(status: 404, body: try F.v2("error_404_missing_dag_dagruns.json"))
        }
    }

    @Test func v1PassUsesBasicAuthAndDatasets() async throws {
        let store = try TestStore.fresh()
        let transport = ReplayTransport(airflow2())
        let settings = airflowSettings(.v1, credentials: .password(username: "admin", password: "admin"))
        let collector = AirflowCollector(store: store, settings: settings, transport: transport, clock: { self.start })
        guard case let .updated(summary) = await collector.collect() else { Issue.record("pass failed"); return }
        #expect(summary.api == .v1 && summary.pipelines == 3 && summary.runs == 5)
        #expect(transport.count("POST", "/auth/token") == 0)
        #expect(transport.last("/api/v1/health") != nil && transport.last("/api/v1/datasets/events") != nil)
        // Two of the three failed/running runs' task lists were not captured: the real 404 body makes a note.
        #expect(summary.taskInstances == 1)
        #expect(summary.notes.contains { $0.hasPrefix("task instances of 2 run(s) unknown: /api/v1/dags/") && $0.contains("HTTP 404") })
        #expect(summary.notes.first?.hasPrefix("1 DAG file fails to import: broken_dag.py") == true)
        let task = try #require(try store.taskInstances(source: "prod-airflow", pipelineID: "customer_sync", runID: "manual_cs_1").first)
        #expect(task.taskID == "push_to_crm" && task.tryNumber == 2 && task.maxTries == 2)
        #expect(try store.snapshot(now: start).pipelines.first { $0.pipeline.pipelineID == "daily_revenue" }?.pipeline.schedule == "@hourly")
    }

    @Test func apiVersionIsDetected() async throws {
        let v3 = ReplayTransport(airflow3())
        let c3 = AirflowCollector(store: try TestStore.fresh(), settings: airflowSettings(nil), transport: v3, clock: { self.start })
        guard case let .updated(s3) = await c3.collect() else { Issue.record("v2 detection failed"); return }
        #expect(s3.api == .v2 && v3.requests.first?.path == "/api/v2/version")

        // Airflow 2 has no /api/v2: its 404 sends the collector to /api/v1/version.
        let route = airflow2()
        let v2 = ReplayTransport { sent in
            sent.path.hasPrefix("/api/v2/") ? HTTPResponse(status: 404, body: Data()) : try route(sent)
        }
        let settings = airflowSettings(nil, credentials: .password(username: "admin", password: "admin"))
        let c2 = AirflowCollector(store: try TestStore.fresh(), settings: settings, transport: v2, clock: { self.start })
        guard case let .updated(s2) = await c2.collect() else { Issue.record("v1 detection failed"); return }
        #expect(s2.api == .v1)
        #expect(v2.requests.prefix(2).map(\.path) == ["/api/v2/version", "/api/v1/version"])
    }
}
