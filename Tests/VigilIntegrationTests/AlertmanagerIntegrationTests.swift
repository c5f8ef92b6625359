import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import VigilCore
import VigilStore
import VigilTestSupport

/// Alerts out through a real Alertmanager 0.25: a real `vigil serve` (its detection over a pushed OpenLineage
/// failure opens the incident), Alertmanager on loopback routing to a webhook receiver in the test.
@Suite(.serialized, .enabled(if: AlertmanagerEnvironment.ready))
struct AlertmanagerIntegrationTests {
    static let warehouse = "postgres://db.am.internal:5432"

    static func config(alertmanager: URL) -> String {
        """
        datasets:
          - name: stg_orders
            tier: 1
            freshness: {warn_after: 2h, error_after: 6h}
            aliases: ["\(warehouse)/warehouse.analytics.stg_orders"]
        notify:
          resend_every: 5s
          targets:
            - name: am
              kind: alertmanager
              url: \(alertmanager.absoluteString)
              timeout: 2s

        """
    }

    /// A DAG run that writes the tier-1 stg_orders and fails: START then FAIL, as Airflow's provider posts them.
    static func pushFailure(to serve: ServeProcess) async throws {
        let run = UUID().uuidString.lowercased()
        func event(_ type: String, outputs: Bool) -> Data {
            let object: [String: Any] = [
                "eventType": type, "eventTime": Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)),
                "producer": "https://github.com/vigil/tests/alertmanager", "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
                "run": ["runId": run], "job": ["namespace": "airflow-am", "name": "orders_daily"],
                "inputs": [], "outputs": outputs ? [["namespace": warehouse, "name": "warehouse.analytics.stg_orders"]] : [],
            ]
            return try! JSONSerialization.data(withJSONObject: object)
        }
        let start = try await Post.send(serve.lineageURL, body: event("START", outputs: true))
        let fail = try await Post.send(serve.lineageURL, body: event("FAIL", outputs: true))
        #expect(start.status == 201 && fail.status == 201, "\(start.body) \(fail.body)")
    }

    /// A receiver, a real Alertmanager routing to it, and `vigil serve` configured to notify it; all removed after `body`.
    static func withRig(startServe: Bool = true, alertmanagerUp: Bool = true,
                        _ body: (LoopbackHTTPServer, AlertmanagerProcess, ServeProcess) async throws -> Void) async throws {
        let receiver = try LoopbackHTTPServer()
        receiver.respondEverywhere(with: .text(""))
        let am = try AlertmanagerProcess(receiver: receiver)
        if !alertmanagerUp { am.stop() }
        let serve = try ServeProcess(extraConfig: config(alertmanager: am.baseURL), start: startServe)
        defer {
            if startServe { serve.stop() }
            serve.removeFiles()
            am.remove()
            receiver.stop()
        }
        try await body(receiver, am, serve)
    }

    static func waitFor(_ seconds: TimeInterval, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return true }
            usleep(200_000)
        }
        return try condition()
    }

    /// Opened → firing at the receiver with Vigil's labels, grouped by alertname; resolved by a person → resolved.
    @Test func incidentFiresThenResolvesThroughAlertmanager() async throws {
        try await Self.withRig { _, am, serve in
            try await Self.pushFailure(to: serve)
            #expect(Self.waitFor(30) { !am.notifiedAlerts(incident: "INC-1").isEmpty }, "\(serve.output)\n\(am.log)")
            let firing = try #require(am.notifications.first)
            #expect(firing["status"] as? String == "firing")
            #expect(firing["groupLabels"] as? [String: String] == ["alertname": "VigilIncident"])
            let alert = try #require(am.notifiedAlerts(incident: "INC-1").first)
            let labels = try #require(alert["labels"] as? [String: String])
            #expect(labels["alertname"] == "VigilIncident")
            #expect(labels["severity"] == "sev2")
            #expect(labels["kind"] == "pipeline")
            #expect(labels["tier"] == "1")
            #expect(labels["cause_pipeline"] == "airflow-am/orders_daily")
            #expect(labels["source"] == "airflow-am")
            // About a failing pipeline (stg_orders is not stale yet): the pipeline label, no dataset label.
            #expect(labels["pipeline"] == "airflow-am/orders_daily" && labels["dataset"] == nil)
            let annotations = try #require(alert["annotations"] as? [String: String])
            #expect(annotations["command"] == "vigil incident show INC-1")
            #expect(annotations["summary"]?.contains("orders_daily") == true)
            // On the timeline: paged once, with time to notify measured from it.
            let store = try serve.store()
            let timeline = try #require(try store.incident(id: "INC-1")).timeline
            #expect(timeline.filter { $0.kind == .notified }.count == 1)
            #expect(timeline.first { $0.kind == .notified }?.text.hasPrefix("paged via alertmanager 'am' at ") == true)
            #expect(try store.notifyTargets().first?.health == .ok)
            // vigil status: the target up, and the incident's time to notify.
            let status = try serve.status()
            let targets = try #require(status["notify_targets"] as? [[String: Any]])
            #expect(targets.count == 1 && targets[0]["name"] as? String == "am" && targets[0]["state"] as? String == "ok")
            let incidents = try #require(status["incidents"] as? [[String: Any]])
            #expect(incidents.first?["time_to_notify_s"] is Double, "\(incidents)")

            // A person resolves it (another process, which knows nothing of the targets): the resolution goes out.
            let vigil = try #require(OpenLineageEnvironment.vigil)
            let resolved = try ChildProcess.run(vigil, ["incident", "resolve", "INC-1", "--as", "fixed", "--config", serve.configPath, "fixed the relation"])
            #expect(resolved.status == 0, "\(resolved.stderr)")
            #expect(Self.waitFor(30) { am.notifiedAlerts(incident: "INC-1").contains { $0["status"] as? String == "resolved" } },
                    "\(serve.output)\n\(am.log)")
            let ended = try #require(am.notifiedAlerts(incident: "INC-1").last)
            #expect(ended["status"] as? String == "resolved")
            #expect((ended["endsAt"] as? String)?.hasPrefix("0001") == false)
            // Re-sends every 5 s while it fired never reached the receiver again: Alertmanager deduplicated them.
            #expect(am.notifiedAlerts(incident: "INC-1").filter { $0["status"] as? String == "firing" }.count == 1)
            #expect(try am.alerts().isEmpty)
            let postmortem = try ChildProcess.run(vigil, ["incident", "postmortem", "INC-1", "--config", serve.configPath])
            #expect(postmortem.stdout.contains("**notify**: "), "\(postmortem.stdout)")
        }
    }

    /// `vigil notify test`: Alertmanager's answer, and a clear failure for a target that is down.
    @Test func notifyTestPrintsWhatTheTargetAnswered() async throws {
        try await Self.withRig(startServe: false) { _, am, serve in
            let vigil = try #require(OpenLineageEnvironment.vigil)
            let sent = try ChildProcess.run(vigil, ["notify", "test", "--config", serve.configPath])
            #expect(sent.status == 0 && sent.stdout == "am (alertmanager): accepted, HTTP 200\n", "\(sent.stdout) \(sent.stderr)")
            #expect(Self.waitFor(15) { am.notifications.contains { ($0["commonLabels"] as? [String: String])?["alertname"] == "VigilTest" } })
            am.stop()
            let down = try ChildProcess.run(vigil, ["notify", "test", "--target", "am", "--config", serve.configPath])
            #expect(down.status == 1 && down.stdout == "am (alertmanager): failed: unreachable: connection refused\n", "\(down.stdout)")
            let unknown = try ChildProcess.run(vigil, ["notify", "test", "--target", "pager", "--config", serve.configPath])
            #expect(unknown.status != 0 && unknown.stderr.contains("no notify target 'pager'; targets: am"))
        }
    }

    /// Alertmanager down while the incident opens: the failure is on the target and the timeline, and once it is back
    /// the alert arrives, exactly once.
    @Test func alertmanagerOutageLosesNothingAndSendsOnce() async throws {
        try await Self.withRig(alertmanagerUp: false) { _, am, serve in
            try await Self.pushFailure(to: serve)
            let store = try serve.store()
            #expect(try Self.waitFor(30) { try store.notifyTargets().first?.health == .down }, "\(serve.output)")
            let target = try #require(try store.notifyTargets().first)
            #expect(target.lastError == "unreachable: connection refused")
            let failed = try #require(try store.incident(id: "INC-1")).timeline.first { $0.kind == .notifyFailed }
            #expect(failed?.text.hasPrefix("alertmanager 'am' failed: unreachable: connection refused, retrying in ") == true)

            try am.start()
            #expect(Self.waitFor(60) { !am.notifiedAlerts(incident: "INC-1").isEmpty }, "\(serve.output)\n\(am.log)")
            // A few re-send periods later: still one notification, and the target is up again.
            usleep(12_000_000)
            #expect(am.notifiedAlerts(incident: "INC-1").count == 1)
            #expect(try store.notifyTargets().first?.health == .ok)
            let timeline = try #require(try store.incident(id: "INC-1")).timeline
            #expect(timeline.filter { $0.kind == .notified }.count == 1)
            let outbox = try store.notifications(incidentID: "INC-1")
            #expect(outbox.count == 1 && outbox[0].deliveredAt != nil && outbox[0].lastError == nil)
        }
    }

    /// Vigil restarted while the alert was still undelivered (Alertmanager down): the outbox row survives in the store,
    /// and the restarted `vigil serve` delivers it once Alertmanager is back, exactly once.
    @Test func restartWithAnUndeliveredAlertLosesNothing() async throws {
        try await Self.withRig(alertmanagerUp: false) { _, am, serve in
            try await Self.pushFailure(to: serve)
            let store = try serve.store()
            #expect(try Self.waitFor(30) { try store.notifyTargets().first?.health == .down }, "\(serve.output)")
            #expect(serve.stop() == 0)
            try am.start()
            try serve.start()
            #expect(Self.waitFor(60) { !am.notifiedAlerts(incident: "INC-1").isEmpty }, "\(serve.output)\n\(am.log)")
            usleep(8_000_000)
            #expect(am.notifiedAlerts(incident: "INC-1").count == 1)
            #expect(try store.notifications(incidentID: "INC-1").map(\.deliveredAt).allSatisfy { $0 != nil })
            #expect(try store.incident(id: "INC-1")?.timeline.filter { $0.kind == .notified }.count == 1)
        }
    }
}
