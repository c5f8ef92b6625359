import Foundation
import Testing
import VigilTestSupport
import VigilCollectors
import VigilCore
import VigilStore

/// What a pass makes of the DAG list, replayed from the captured answers: each DAG's tasks (read when the DAG is new
/// or parsed again), its next run due and the source's grace (PipelineHealth's one definition of late), DAGs that
/// a complete listing no longer has, and asset / dataset events joined onto the datasets they stand for.
@Suite struct AirflowDAGListTests {
    typealias F = AirflowFixtures
    let start = dbtUTC("2026-11-26T21:30:00Z")

    /// dags.json (v2) with `edit` applied to its DAG objects.
    static func dags(_ edit: (inout [[String: Any]]) -> Void) throws -> Data {
        var page = try #require(try JSONSerialization.jsonObject(with: F.v2("dags.json")) as? [String: Any])
        var dags = try #require(page["dags"] as? [[String: Any]])
        edit(&dags)
        page["dags"] = dags
        page["total_entries"] = dags.count
        return try JSONSerialization.data(withJSONObject: page)
    }

    /// airflow3() answering /api/v2/dags with `dags`.
    static func route(dags: Data) -> ReplayTransport.Route {
        let base = airflow3()
        return { sent in sent.path == "/api/v2/dags" ? .ok(dags) : try base(sent) }
    }

    private func pipelines(_ store: Store) throws -> [String: Pipeline] {
        Dictionary(uniqueKeysWithValues: try store.snapshot(now: start).pipelines.map { ($0.pipeline.pipelineID, $0.pipeline) })
    }

    private func taskListReads(_ transport: ReplayTransport) -> [String] {
        transport.requests.map(\.path).filter { isTaskList($0, "/api/v2") }.sorted()
    }

    @Test func tasksAreReadForNewDAGsThenOnlyWhenADAGIsParsedAgain() async throws {
        let store = try TestStore.fresh()
        let clock = AirflowTestClock(start)
        let transport = ReplayTransport(airflow3())
        let collector = AirflowCollector(store: store, settings: airflowSettings(), transport: transport, clock: { clock.now })
        guard case let .updated(first) = await collector.collect() else { Issue.record("first pass failed"); return }
        #expect(first.taskListsRead == 3 && first.notes.count == 1, "\(first.notes)")
        #expect(taskListReads(transport) == ["/api/v2/dags/customer_sync/tasks", "/api/v2/dags/daily_revenue/tasks",
                                             "/api/v2/dags/slow_backfill/tasks"])
        #expect(try pipelines(store)["customer_sync"]?.tasks == ["fetch_customers", "push_to_crm"])

        // Same parse: nothing read, the lists stay.
        clock.advance(30)
        guard case let .updated(second) = await collector.collect() else { Issue.record("second pass failed"); return }
        #expect(second.taskListsRead == 0 && taskListReads(transport).count == 3)
        #expect(try pipelines(store)["daily_revenue"]?.tasks == ["fetch_customers", "push_to_crm"])

        // daily_revenue's file parsed again: only its list is read.
        transport.reroute(Self.route(dags: try Self.dags { $0[1]["last_parsed_time"] = "2026-11-26T21:40:00.5Z" }))
        clock.advance(30)
        guard case let .updated(third) = await collector.collect() else { Issue.record("third pass failed"); return }
        #expect(third.taskListsRead == 1)
        #expect(taskListReads(transport).filter { $0 == "/api/v2/dags/daily_revenue/tasks" }.count == 2)
    }

    @Test func aRestartedCollectorKeepsTheStoredListsWhileItReadsThemAgainAFewAPass() async throws {
        let store = try TestStore.fresh()
        _ = await AirflowCollector(store: store, settings: airflowSettings(), transport: ReplayTransport(airflow3()),
                                   clock: { self.start }).collect()
        var settings = airflowSettings()
        settings.maxDAGTaskReadsPerPass = 1
        let transport = ReplayTransport(airflow3())
        let restarted = AirflowCollector(store: store, settings: settings, transport: transport, clock: { self.start })
        guard case let .updated(summary) = await restarted.collect() else { Issue.record("pass failed"); return }
        #expect(summary.taskListsRead == 1 && taskListReads(transport).count == 1)
        #expect(try pipelines(store).values.allSatisfy { $0.tasks == ["fetch_customers", "push_to_crm"] })
    }

    /// Every DAG parsed again every pass (as Airflow re-parses unchanged files), one read a pass: they take turns.
    @Test func reReadsGoRoundTheLongestUnreadFirst() async throws {
        var settings = airflowSettings()
        settings.maxDAGTaskReadsPerPass = 1
        let clock = AirflowTestClock(start)
        let transport = ReplayTransport(airflow3())
        let collector = AirflowCollector(store: try TestStore.fresh(), settings: settings, transport: transport,
                                         clock: { clock.now })
        for pass in 0..<6 {
            let parsed = "2026-11-26T21:\(String(format: "%02d", 40 + pass)):00Z"
            transport.reroute(Self.route(dags: try Self.dags { dags in
                for i in dags.indices { dags[i]["last_parsed_time"] = parsed }
            }))
            _ = await collector.collect()
            clock.advance(30)
        }
        let reads = transport.requests.map(\.path).filter { isTaskList($0, "/api/v2") }
        #expect(reads.count == 6)
        // Three new DAGs one by one, then round again in the same order.
        #expect(Array(reads.prefix(3)) == Array(reads.suffix(3)) && Set(reads.prefix(3)).count == 3, "\(reads)")
    }

    @Test func aTaskListThatCannotBeReadIsANoteAndKeepsTheLastOne() async throws {
        let store = try TestStore.fresh()
        let clock = AirflowTestClock(start)
        let transport = ReplayTransport(airflow3())
        let collector = AirflowCollector(store: store, settings: airflowSettings(), transport: transport, clock: { clock.now })
        _ = await collector.collect()
        let base = airflow3()
        let parsedAgain = try Self.dags { dags in for i in dags.indices { dags[i]["last_parsed_time"] = "2026-11-26T21:45:00Z" } }
        transport.reroute { sent in
            if isTaskList(sent.path, "/api/v2") { return HTTPResponse(status: 500, body: Data("Internal Server Error".utf8)) }
            return sent.path == "/api/v2/dags" ? .ok(parsedAgain) : try base(sent)
        }
        clock.advance(30)
        guard case let .updated(summary) = await collector.collect() else { Issue.record("the pass failed"); return }
        #expect(summary.health == .degraded)
        #expect(summary.notes.contains { $0.hasPrefix("tasks of 3 DAG(s) unknown: ") && $0.contains("HTTP 500") }, "\(summary.notes)")
        #expect(try pipelines(store)["customer_sync"]?.tasks == ["fetch_customers", "push_to_crm"])
        // Tried again on the next pass.
        transport.reroute(Self.route(dags: parsedAgain))
        clock.advance(30)
        guard case let .updated(after) = await collector.collect() else { Issue.record("the pass failed"); return }
        #expect(after.taskListsRead == 3 && after.notes.count == 1)
    }

    @Test func theNextRunDueAndTheSourcesGraceAreStoredForPipelineHealth() async throws {
        let store = try TestStore.fresh()
        var settings = airflowSettings()
        settings.lateGrace = 120
        _ = await AirflowCollector(store: store, settings: settings, transport: ReplayTransport(airflow3()),
                                   clock: { self.start }).collect()
        let revenue = try #require(try pipelines(store)["daily_revenue"])
        #expect(revenue.nextRunDue == dbtUTC("2026-11-26T22:00:00Z") && revenue.lateGrace == 120)
        let summary = try #require(try store.snapshot(now: dbtUTC("2026-11-26T22:03:00Z")).pipelines
            .first { $0.pipeline.pipelineID == "daily_revenue" })
        #expect(summary.health(now: dbtUTC("2026-11-26T22:01:00Z")) != .late)
        #expect(summary.health(now: dbtUTC("2026-11-26T22:03:00Z")) == .late)
    }

    @Test func aDAGGoneFromACompleteListingLeavesThePanesAndKeepsItsRuns() async throws {
        let store = try TestStore.fresh()
        let clock = AirflowTestClock(start)
        let transport = ReplayTransport(airflow3())
        let collector = AirflowCollector(store: store, settings: airflowSettings(), transport: transport, clock: { clock.now })
        _ = await collector.collect()
        #expect(try store.runs(source: "prod-airflow", pipelineID: "slow_backfill").count == 1)

        // A listing that says 3 DAGs but gives 2 (the next page comes back empty) is not complete: nothing retired.
        let two = try Self.dags { $0.removeLast() }
        var short = try #require(try JSONSerialization.jsonObject(with: two) as? [String: Any])
        short["total_entries"] = 3
        let incomplete = try JSONSerialization.data(withJSONObject: short)
        let empty = Data(#"{"dags": [], "total_entries": 3}"#.utf8)
        let base = airflow3()
        transport.reroute { sent in
            guard sent.path == "/api/v2/dags" else { return try base(sent) }
            return .ok(sent.query["offset"] == nil ? incomplete : empty)
        }
        clock.advance(30)
        _ = await collector.collect()
        #expect(try pipelines(store).keys.sorted() == ["customer_sync", "daily_revenue", "slow_backfill"])

        // slow_backfill deleted: a complete listing of the other two.
        transport.reroute(Self.route(dags: two))
        clock.advance(30)
        guard case .updated = await collector.collect() else { Issue.record("the pass failed"); return }
        #expect(try pipelines(store).keys.sorted() == ["customer_sync", "daily_revenue"])
        #expect(try store.runs(source: "prod-airflow", pipelineID: "slow_backfill").count == 1)

        // Back in Airflow: back in the panes.
        transport.reroute(airflow3())
        clock.advance(30)
        _ = await collector.collect()
        #expect(try pipelines(store).keys.sorted() == ["customer_sync", "daily_revenue", "slow_backfill"])
    }

    /// The dataset event the real 2.10.5 recorded for vigil2_produce's outlet names the table by URI; freshness goes
    /// to the known dataset with that identity. Lineage keeps Airflow's name (it is joined when read).
    @Test func aDatasetEventRecordsFreshnessForTheKnownDatasetWithItsIdentity() async throws {
        let store = try TestStore.fresh()
        try store.write { w in
            try w.upsertDataset(Dataset(name: "raw.orders", tier: 1, policy: FreshnessPolicy(warnAfter: 3600, errorAfter: 7200),
                                        source: "warehouse",
                                        identity: .postgres(host: "127.0.0.1", port: 54329, database: "warehouse",
                                                            schema: "raw", table: "orders")))
        }
        let base = airflow2()
        let transport = ReplayTransport { sent in
            switch sent.path {
            case "/api/v1/datasets/events": return .ok(try F.v1("dataset_events_vigil2_orders.json"))
            case "/api/v1/datasets": return .ok(try F.v1("datasets_vigil2_orders.json"))
            default: return try base(sent)
            }
        }
        let settings = airflowSettings(.v1, credentials: .password(username: "admin", password: "admin"))
        let collector = AirflowCollector(store: store, settings: settings, transport: transport, clock: { self.start })
        guard case let .updated(summary) = await collector.collect() else { Issue.record("v1 pass failed"); return }
        #expect(summary.freshnessSamples == 1)
        let history = try store.freshnessHistory(dataset: "raw.orders", since: .distantPast)
        #expect(history.count == 1 && sameInstant(history.first?.loadedAt, dbtUTC("2026-12-03T07:28:21Z", plus: 0.414649)))
        let uri = "postgres://127.0.0.1:54329/warehouse/raw/orders"
        #expect(try store.freshnessHistory(dataset: uri, since: .distantPast).isEmpty)
        #expect(try store.snapshot(now: start).lineage.contains {
            $0.upstream == .pipeline(source: "prod-airflow", id: "vigil2_produce") && $0.downstream == .dataset("raw.orders")
        })
    }
}
