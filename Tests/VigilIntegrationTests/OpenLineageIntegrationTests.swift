import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import VigilCore
import VigilStore
import VigilTestSupport

/// The real openlineage-python client's HTTP transport (what Airflow's OpenLineage provider uses) posting to a real
/// `vigil serve`, and what `vigil status` and the store then say; the bad-input corpus over a real socket.
@Suite(.enabled(if: OpenLineageEnvironment.ready))
struct OpenLineageIntegrationTests {
    static let warehouse = "postgres://db.it.internal:5432"
    /// Two warehouse tables Vigil knows by name, each with its OpenLineage identity as an alias.
    static let datasets = """
        datasets:
          - name: raw_orders
            tier: 2
            freshness: {warn_after: 2h, error_after: 6h}
            aliases: ["\(warehouse)/warehouse.raw.orders"]
          - name: stg_orders
            tier: 1
            freshness: {warn_after: 2h, error_after: 6h}
            aliases: ["\(warehouse)/warehouse.analytics.stg_orders"]

        """

    @Test func pythonClientEventsReachStatus() throws {
        let serve = try ServeProcess(extraConfig: Self.datasets)
        defer { serve.removeFiles() }
        let bin = try #require(OpenLineageEnvironment.bin)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Integration/openlineage_emit.py").path
        let emitted = try ChildProcess.run("\(bin)/python", [script, serve.baseURL.absoluteString, ServeProcess.token, Self.warehouse],
                                           timeout: 120)
        // The failed DAG run writes the tier-1 stg_orders: detection runs over pushed events (no collectors here).
        let deadline = Date().addingTimeInterval(60)
        while !serve.output.contains("incidents: opened"), Date() < deadline { usleep(200_000) }
        let stopped = serve.stop()
        #expect(emitted.status == 0, "emitter failed: \(emitted.stderr)")
        #expect(stopped == 0, "vigil serve did not stop cleanly: \(serve.output)")
        #expect(!serve.output.contains("refused"), "\(serve.output)")
        let lines = emitted.stdout.split(separator: "\n")
        let dagRun = try #require(lines.first?.split(separator: " ").last.map(String.init))

        let status = try serve.status()
        let sources = try #require(status["sources"] as? [[String: Any]])
        let source = try #require(sources.first { $0["name"] as? String == "airflow-it" })
        #expect(source["kind"] as? String == "openlineage" && source["state"] as? String == "ok")
        #expect(source["last_success_at"] is String)
        let pipelines = try #require(status["pipelines"] as? [[String: Any]])
        let dag = try #require(pipelines.first { $0["id"] as? String == "orders_daily" })
        #expect((dag["last_run"] as? [String: Any])?["state"] as? String == "failed")
        #expect((dag["last_run"] as? [String: Any])?["id"] as? String == dagRun)
        let datasets = try #require(status["datasets"] as? [[String: Any]])
        let raw = try #require(datasets.first { $0["name"] as? String == "raw_orders" })
        #expect((raw["quality"] as? [String: Any])?["state"] as? String == "warn")

        let store = try serve.store()
        let tasks = try store.taskInstances(source: "airflow-it", pipelineID: "orders_daily", runID: dagRun)
        let byID = Dictionary(uniqueKeysWithValues: tasks.map { ($0.taskID, $0) })
        #expect(byID["extract"]?.state == .success && byID["extract"]?.startedAt != nil && byID["extract"]?.endedAt != nil)
        #expect(byID["publish"]?.state == .failed)
        #expect(byID["publish"]?.errorMessage == "relation \"analytics.orders_report\" does not exist")
        // Lineage joined onto the datasets Vigil knows, through their identities.
        let snapshot = try store.snapshot()
        let pipeline = LineageNode.pipeline(source: "airflow-it", id: "orders_daily")
        #expect(snapshot.lineage.contains(LineageEdge(upstream: .dataset("raw_orders"), downstream: pipeline)))
        #expect(snapshot.lineage.contains(LineageEdge(upstream: pipeline, downstream: .dataset("stg_orders"))))
        #expect(snapshot.unplaced["airflow-it"] == nil)
        let incident = try #require(snapshot.incidents.first { $0.incident.causeKey == pipeline.text }, "\(serve.output)")
        #expect(incident.incident.state.isOpen && incident.timeline.first?.kind == .detected)
    }

    /// Each bad request is a 4xx with its reason, and the store does not change.
    @Test func badInputCorpusChangesNothing() async throws {
        let serve = try ServeProcess()
        defer {
            serve.stop()
            serve.removeFiles()
        }
        let url = serve.lineageURL
        let good = try await Post.send(url, body: CapturedEvents.data("ol-001.json"))
        #expect(good.status == 201)
        let before = try serve.store().changeToken()

        func mutated(_ change: (inout [String: Any]) -> Void) throws -> Data {
            var object = try CapturedEvents.object("ol-003.json")
            change(&object)
            return try JSONSerialization.data(withJSONObject: object)
        }
        let valid = try CapturedEvents.data("ol-003.json")
        let bomb = try gzip(Data(count: 64 << 20))
        var cases: [(String, Data, String?, [String: String], Int, String)] = [
            ("truncated", valid.prefix(valid.count / 2), ServeProcess.token, [:], 400, "not valid JSON"),
            ("not an object", Data("[1, 2]".utf8), ServeProcess.token, [:], 400, "not a JSON object"),
            ("eventTime a number", try mutated { $0["eventTime"] = 1_764_000_000 }, ServeProcess.token, [:], 422, "eventTime has the wrong type"),
            ("runId missing", try mutated { $0["run"] = [String: Any]() }, ServeProcess.token, [:], 422, "run.runId is missing"),
            ("unknown eventType", try mutated { $0["eventType"] = "DONE" }, ServeProcess.token, [:], 422, "eventType 'DONE'"),
            ("job missing", try mutated { $0["job"] = nil }, ServeProcess.token, [:], 422, "job is missing"),
            ("10 MB body", Data(repeating: 0x20, count: 10 << 20), ServeProcess.token, [:], 413, "larger than"),
            ("gzip bomb", bomb, ServeProcess.token, ["Content-Encoding": "gzip"], 413, "inflates to more than"),
            ("not gzip", valid, ServeProcess.token, ["Content-Encoding": "gzip"], 400, "not valid gzip"),
            ("brotli", valid, ServeProcess.token, ["Content-Encoding": "br"], 415, "not supported"),
            ("no token", valid, nil, [:], 401, "bearer token"),
            ("wrong token", valid, "not-the-token", [:], 401, "bearer token"),
        ]
        cases.append(("gzip of a truncated event", try gzip(valid.prefix(100)), ServeProcess.token, ["Content-Encoding": "gzip"], 400, "not valid JSON"))
        for (name, body, token, headers, status, reason) in cases {
            let posted = try await Post.send(url, body: body, token: token, headers: headers)
            #expect(posted.status == status, "\(name): \(posted.status) \(posted.body)")
            #expect(posted.body.contains(reason), "\(name): \(posted.body)")
            #expect(!posted.body.contains(ServeProcess.token))
        }
        #expect(try serve.store().changeToken() == before)
        // A gzip body the real client would send is accepted; the same event again is a 200 that changes nothing.
        #expect(try await Post.send(url, body: gzip(valid), headers: ["Content-Encoding": "gzip"]).status == 201)
        let after = try serve.store().changeToken()
        #expect(try await Post.send(url, body: valid).status == 200)
        #expect(try serve.store().changeToken() == after)
    }

    /// gzip as the system's gzip writes it.
    func gzip(_ data: Data) throws -> Data {
        let dir = FileManager.default.temporaryDirectory
        let path = dir.appendingPathComponent("vigil-gz-\(UUID().uuidString)").path
        try data.write(to: URL(fileURLWithPath: path))
        defer { unlink(path); unlink(path + ".gz") }
        let result = try ChildProcess.run("/usr/bin/env", ["gzip", "-f", path])
        try #require(result.status == 0, "gzip failed: \(result.stderr)")
        return try Data(contentsOf: URL(fileURLWithPath: path + ".gz"))
    }

    /// 20,000 distinct events from 8 concurrent clients on loopback: every one lands exactly once.
    @Test func eightClientsTwentyThousandEventsLandOnce() async throws {
        let serve = try ServeProcess()
        defer {
            serve.stop()
            serve.removeFiles()
        }
        let template = try CapturedEvents.data("ol-007.json")   // a START of a job without parent
        let clients = 8, perClient = 2500
        let url = serve.lineageURL
        let start = Date()
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for client in 0..<clients {
                group.addTask {
                    var seconds: [Double] = []
                    for i in 0..<perClient {
                        var event = try #require(try JSONSerialization.jsonObject(with: template) as? [String: Any])
                        event["job"] = ["namespace": "load-it", "name": "client_\(client)"]
                        event["run"] = ["runId": UUID().uuidString.lowercased(), "facets": [String: Any]()]
                        event["eventTime"] = String(format: "2026-12-03T07:%02d:%02d.%06dZ", client, i / 100, i % 100)
                        let body = try JSONSerialization.data(withJSONObject: event)
                        let posted = try await Post.send(url, body: body)
                        guard posted.status == 201 else { throw ServeProcess.ServeError(text: "\(posted.status) \(posted.body)") }
                        seconds.append(posted.seconds)
                    }
                    return seconds
                }
            }
            var all: [Double] = []
            for try await part in group { all += part }
            return all
        }
        let elapsed = Date().timeIntervalSince(start)
        let sorted = latencies.sorted()
        print(String(format: "openlineage load: %d events from %d clients in %.1f s: %.0f events/s, p50 %.1f ms, p99 %.1f ms",
                     sorted.count, clients, elapsed, Double(sorted.count) / elapsed,
                     sorted[sorted.count / 2] * 1000, sorted[sorted.count * 99 / 100] * 1000))
        #expect(sorted.count == clients * perClient)
        let store = try serve.store()
        for client in 0..<clients {
            let runs = try store.runs(source: "load-it", pipelineID: "client_\(client)", limit: perClient * 2)
            #expect(runs.count == perClient)
            #expect(Set(runs.map(\.runID)).count == perClient)
        }
    }
}
