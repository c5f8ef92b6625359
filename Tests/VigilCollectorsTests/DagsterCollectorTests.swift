import Foundation
import Testing
import VigilCollectors
import VigilCore
import VigilStore
import VigilTestSupport

/// The Dagster collector through `Collector.collect()`: a real Dagster 1.13's captured answers replayed
/// (Fixtures/dagster-1.13), then faults through a real socket (LoopbackHTTPServer) with the real URLSessionTransport.
@Suite struct DagsterCollectorTests {
    let source = "dagster"
    let now = DagsterFixtures.now

    func settings(url: URL = URL(string: "http://127.0.0.1:13000")!, token: String? = nil) -> DagsterSettings {
        var settings = DagsterSettings(name: source, baseURL: url, token: token)
        settings.requestTimeout = 2
        return settings
    }

    @Test func onePassWritesJobsRunsStepErrorsChecksAndLineage() async throws {
        let store = try TestStore.fresh()
        let transport = ReplayTransport(dagster())
        let collector = DagsterCollector(store: store, settings: settings(), transport: transport, clock: { self.now })
        let result = await collector.collect()
        guard case let .updated(summary) = result else { Issue.record("expected an update, got \(result)"); return }
        #expect(summary.pipelines == 8 && summary.runs == 6 && summary.assets == 3 && summary.checks == 1)
        #expect(summary.health == .degraded && summary.notes.count == 1)

        let snapshot = try store.snapshot(now: now)
        let status = try #require(snapshot.sources.first)
        #expect(status.kind == .dagster && status.health == .degraded && status.lastSuccessAt == now)
        #expect(status.lastError?.hasPrefix("code location 'broken_defs' failed to load:") == true)
        let latest = Dictionary(uniqueKeysWithValues: snapshot.pipelines.map { ($0.pipeline.pipelineID, $0.lastRun?.state) })
        let expected: [String: RunState?] = ["__ASSET_JOB": nil, "ok_job": .success, "nightly_job": .success,
                                             "ingest_job": .success, "report_job": .failed, "queued_job": .queued,
                                             "canceled_job": .skipped, "ticking_job": nil]
        #expect(latest == expected)
        let health = Dictionary(uniqueKeysWithValues: snapshot.pipelines.map { ($0.pipeline.pipelineID, $0.health(now: now)) })
        #expect(health["report_job"] == .failing && health["nightly_job"] == .paused && health["ok_job"] == .healthy)

        let steps = try store.taskInstances(source: source, pipelineID: "report_job", runID: DagsterFixtures.failedRunID)
        #expect(steps.map(\.taskID) == ["revenue_report"] && steps.first?.state == .failed)
        #expect(steps.first?.errorMessage?.hasPrefix(DagsterFixtures.stepError) == true)

        let orders = try #require(snapshot.datasets.first { $0.dataset.name == "warehouse.raw.orders" })
        #expect(orders.quality?.state == .fail && orders.quality?.failing.map(\.name) == ["raw_orders_min_rows"])
        #expect(orders.lastLoadedAt == Date(timeIntervalSince1970: 1_796_315_871.477))
        #expect(snapshot.lineage.contains(LineageEdge(upstream: .dataset("warehouse.raw.orders"),
                                                      downstream: .dataset("revenue_report"))))
        // The queries are the named constants, POSTed to /graphql.
        #expect(Set(transport.requests.map { DagsterFixtures.operation($0).name }) == Set(DagsterQuery.all.map(\.name)))
        #expect(transport.requests.allSatisfy { $0.method == "POST" && $0.path == "/graphql" })
    }

    @Test func stepErrorsAreReadOnceAndKeptOnLaterPasses() async throws {
        let store = try TestStore.fresh()
        let transport = ReplayTransport(dagster())
        let collector = DagsterCollector(store: store, settings: settings(), transport: transport, clock: { self.now })
        _ = await collector.collect()
        let reads = { transport.requests.filter { DagsterFixtures.operation($0).name == DagsterQuery.stepFailures.name }.count }
        #expect(reads() == 1)
        _ = await collector.collect()
        #expect(reads() == 1)
        let steps = try store.taskInstances(source: source, pipelineID: "report_job", runID: DagsterFixtures.failedRunID)
        #expect(steps.first?.errorMessage?.hasPrefix(DagsterFixtures.stepError) == true)
        // The second pass asked only for runs updated since the first started, minus the overlap.
        let variables = DagsterFixtures.operation(transport.requests.last { DagsterFixtures.operation($0).name == "VigilRuns" }!).variables
        let filter = variables["filter"] as? [String: Any]
        #expect((filter?["updatedAfter"] as? Double) == now.timeIntervalSince1970 - 300)
    }

    @Test func aRunDeletedBeforeItsErrorsAreReadIsNotAskedForAgain() async throws {
        let transport = ReplayTransport { sent in
            DagsterFixtures.operation(sent).name == DagsterQuery.stepFailures.name
                ? .ok(try DagsterFixtures.data("step_failures_run_not_found.json")) : try dagster()(sent)
        }
        let collector = DagsterCollector(store: try TestStore.fresh(), settings: settings(), transport: transport,
                                         clock: { self.now })
        for _ in 0..<2 {
            guard case let .updated(summary) = await collector.collect() else { Issue.record("the pass failed"); return }
            // Only the broken code location degrades the source.
            #expect(summary.notes.count == 1 && summary.notes[0].hasPrefix("code location 'broken_defs'"))
        }
        #expect(transport.requests.filter { DagsterFixtures.operation($0).name == DagsterQuery.stepFailures.name }.count == 1)
    }

    @Test func eventPagesAreFollowedByCursor() async throws {
        let store = try TestStore.fresh()
        // The first page (5 events, hasMore) has no failure; the page after its cursor has it.
        let transport = ReplayTransport(dagster(eventsPage: { variables in
            variables["afterCursor"] == nil ? "step_failures_page1_limit5.json" : "step_failures_report_job.json"
        }))
        let collector = DagsterCollector(store: store, settings: settings(), transport: transport, clock: { self.now })
        _ = await collector.collect()
        let pages = transport.requests.map(DagsterFixtures.operation).filter { $0.name == DagsterQuery.stepFailures.name }
        #expect(pages.count == 2 && pages.last?.variables["afterCursor"] as? String == "eyJ0eXBlIjogIlNUT1JBR0VfSUQiLCAidmFsdWUiOiA1fQ==")
        let steps = try store.taskInstances(source: source, pipelineID: "report_job", runID: DagsterFixtures.failedRunID)
        #expect(steps.first?.errorMessage?.hasPrefix(DagsterFixtures.stepError) == true)
    }

    @Test func assetsThatFailDegradeTheSourceAndTheRestIsWritten() async throws {
        let store = try TestStore.fresh()
        let transport = ReplayTransport { sent in
            if DagsterFixtures.operation(sent).name == DagsterQuery.assets.name {
                return HTTPResponse(status: 502, body: Data("<html>bad gateway</html>".utf8))
            }
            return try dagster()(sent)
        }
        let collector = DagsterCollector(store: store, settings: settings(), transport: transport, clock: { self.now })
        guard case let .updated(summary) = await collector.collect() else { Issue.record("the pass failed"); return }
        #expect(summary.health == .degraded && summary.notes.contains("assets unknown: VigilAssets answered HTTP 502"))
        #expect(try store.snapshot(now: now).pipelines.count == 8)
    }

    @Test func theTokenGoesInDagsterPlusHeaderAndNeverIntoErrors() async throws {
        let token = "user:9f8e7d-secret-token"
        let transport = ReplayTransport { sent in HTTPResponse(status: 401, body: Data("bad token \(token)".utf8)) }
        let store = try TestStore.fresh()
        let collector = DagsterCollector(store: store, settings: settings(token: token), transport: transport,
                                         clock: { self.now })
        guard case let .failed(error) = await collector.collect() else { Issue.record("expected a failure"); return }
        #expect(error.description.contains("Dagster refused the token (HTTP 401)") && !error.description.contains(token))
        #expect(!transport.requests.isEmpty && transport.requests.allSatisfy { $0.headers["Dagster-Cloud-Api-Token"] == token })
        #expect(try store.snapshot(now: now).sources.first?.lastError?.contains(token) == false)
        #expect(!"\(settings(token: token))".contains(token))
        // Without a token no header is sent.
        let open = ReplayTransport(dagster())
        _ = await DagsterCollector(store: try TestStore.fresh(), settings: settings(), transport: open, clock: { self.now }).collect()
        #expect(open.requests.allSatisfy { $0.headers["Dagster-Cloud-Api-Token"] == nil })
    }

    @Test func aQueryDagsterRefusesNamesTheQueryAndTheMessage() async throws {
        let transport = ReplayTransport { _ in
            HTTPResponse(status: 400, body: try DagsterFixtures.data("error_400_unknown_field.json"))
        }
        let collector = DagsterCollector(store: try TestStore.fresh(), settings: settings(), transport: transport,
                                         clock: { self.now })
        guard case let .failed(error) = await collector.collect() else { Issue.record("expected a failure"); return }
        #expect(error.description == "source 'dagster': VigilWorkspace answered HTTP 400: Cannot query field 'nope' on type 'Query'.")
    }

    // MARK: - Through a real socket

    /// A good pass (replayed), then a pass against a loopback server answering `fault` on /graphql: the source is down
    /// with `message`, and everything the good pass stored is still there.
    private func expectDown(_ fault: CannedResponse, timeout: TimeInterval = 2, message: (String) -> Bool,
                            sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let store = try TestStore.fresh()
        _ = await DagsterCollector(store: store, settings: settings(), transport: ReplayTransport(dagster()),
                                   clock: { self.now }).collect()
        let before = try store.snapshot(now: now)
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.respondEverywhere(with: fault)
        var live = settings(url: server.baseURL)
        live.requestTimeout = timeout
        live.maxBodyBytes = 1_048_576
        let later = now.addingTimeInterval(60)
        let result = await DagsterCollector(store: store, settings: live, clock: { later }).collect()
        guard case let .failed(error) = result else {
            Issue.record("expected a failure, got \(result)", sourceLocation: sourceLocation)
            return
        }
        #expect(message(error.description), "\(error.description)", sourceLocation: sourceLocation)
        let after = try store.snapshot(now: now)
        let status = try #require(after.sources.first, sourceLocation: sourceLocation)
        #expect(status.health == .down && status.lastError == error.description && status.lastSuccessAt == now,
                sourceLocation: sourceLocation)
        #expect(after.pipelines == before.pipelines && after.datasets.map(\.dataset) == before.datasets.map(\.dataset),
                sourceLocation: sourceLocation)
        #expect(server.requests.allSatisfy { $0.path == "/graphql" }, sourceLocation: sourceLocation)
    }

    @Test func serverErrorMarksTheSourceDownAndKeepsTheData() async throws {
        try await expectDown(.text("Internal Server Error", status: 500)) {
            $0.hasPrefix("source 'dagster': VigilWorkspace answered HTTP 500") || $0.hasPrefix("source 'dagster': VigilRuns answered HTTP 500")
        }
    }

    @Test func garbageIsMalformed() async throws {
        try await expectDown(.json(Data("{\"data\": {\"workspaceOrError\": 17, \"runsOrError\": [".utf8))) {
            $0.contains("did not answer with the expected JSON")
        }
    }

    @Test func aHugeBodyIsRefusedNotRead() async throws {
        try await expectDown(.json(Data(repeating: UInt8(ascii: " "), count: 3 * 1_048_576))) {
            $0.contains("answered more than 1 MB; refused")
        }
    }

    @Test func aSlowServerTimesOut() async throws {
        try await expectDown(CannedResponse(status: 200, body: try DagsterFixtures.data("runs.json"), delay: 3), timeout: 1) {
            $0.contains("timed out after 1 s")
        }
    }

    @Test func nothingListeningIsUnreachable() async throws {
        let store = try TestStore.fresh()
        let server = try LoopbackHTTPServer()
        let url = server.baseURL
        server.stop()
        let collector = DagsterCollector(store: store, settings: settings(url: url), clock: { self.now })
        guard case let .failed(error) = await collector.collect() else { Issue.record("expected a failure"); return }
        #expect(error.description == "source 'dagster': Dagster at \(url.absoluteString)/graphql is unreachable: connection refused")
    }
}
