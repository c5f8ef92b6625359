import Foundation
import Testing
import VigilApp
import VigilConfig
import VigilCore
import VigilStore
import VigilTestSupport

/// The notifier over a real store and real sockets (`LoopbackHTTPServer` as the receiver): the webhook's signature
/// verifies with the README's Python snippet; bad targets (unreachable, 500, slow, garbage) are each a clear error on
/// the target and the timeline, and nothing is lost: once the target answers, the alert goes out once.
@Suite struct NotifierTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func store(targets: [String]) throws -> Store {
        let store = try TestStore.fresh()
        try store.write { w in
            try w.upsertDataset(Dataset(name: "raw.customers", tier: 1, policy: FreshnessPolicy(warnAfter: 3_600, errorAfter: 7_200), source: "wh"))
            try w.upsertIncident(Incident(id: "INC-1", title: "raw.customers stale", severity: .sev2, openedAt: now.addingTimeInterval(-60),
                                          affectedDatasets: ["raw.customers"], signalAt: now.addingTimeInterval(-300), kind: .freshness))
            for t in targets { try w.enqueueNotification(target: t, incidentID: "INC-1", state: .firing, at: now) }
        }
        return store
    }

    /// On a thread of its own: the notifier waits on async sends, which must not block the test's pool threads.
    func deliver(_ notifier: Notifier, at: Date) async throws -> [String] {
        try await OwnThread.run { notifier.deliverDue(now: at) }
    }

    func webhook(_ url: URL, timeout: TimeInterval = 2) -> NotifyConfig {
        NotifyConfig(targets: [NotifyConfig.Target(name: "hook", kind: .webhook, url: url, secret: .env("HOOK_SECRET"), timeout: timeout)])
    }

    /// What a receiver runs (README, "Verifying the webhook signature").
    static let verifier = """
        import hmac, hashlib, sys
        secret, timestamp, signature, body = sys.argv[1].encode(), sys.argv[2], sys.argv[3], open(sys.argv[4], "rb").read()
        expected = "sha256=" + hmac.new(secret, timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
        print("ok" if hmac.compare_digest(expected, signature) else "bad")
        """

    @Test func webhookIsSignedAndVerifiesWithPython() async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.respondEverywhere(with: .text("thanks"))
        let store = try store(targets: ["hook"])
        let notifier = Notifier(config: webhook(server.baseURL.appendingPathComponent("vigil")), store: store,
                                environment: ["HOOK_SECRET": "s3cret-hook"]) { _ in }
        #expect(try await deliver(notifier, at: now) == ["notify: INC-1 firing → webhook 'hook': HTTP 200"])
        let request = try #require(server.requests(to: "/vigil").first)
        let timestamp = try #require(request.headers["x-vigil-timestamp"])
        let signature = try #require(request.headers["x-vigil-signature"])
        #expect(timestamp == "1800000000")
        let body = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-hook-\(UUID().uuidString)")
        try request.body.write(to: body)
        defer { try? FileManager.default.removeItem(at: body) }
        let check = try ChildProcess.run("/usr/bin/env", ["python3", "-c", Self.verifier, "s3cret-hook", timestamp, signature, body.path])
        #expect(check.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "ok", "\(check.stderr)")
        let tampered = try ChildProcess.run("/usr/bin/env", ["python3", "-c", Self.verifier, "other-secret", timestamp, signature, body.path])
        #expect(tampered.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "bad")
        let object = try #require(try JSONSerialization.jsonObject(with: request.body) as? [String: Any])
        #expect(object["status"] as? String == "firing")
        // Delivered once, marked in the store: a second pass sends nothing (a webhook is not re-sent).
        #expect(try await deliver(notifier, at: now.addingTimeInterval(600)).isEmpty)
        #expect(server.requests(to: "/vigil").count == 1)
        let summary = try #require(try store.incident(id: "INC-1"))
        #expect(summary.timeline.map(\.text) == ["paged via webhook 'hook' at 2027-01-15T08:00:00Z (HTTP 200)"])
        // Time to notify: signal start (5 min before) to the first delivery.
        #expect(IncidentMetrics(summary).timeToNotify == 300)
        // The secret is nowhere in the store.
        #expect(try !store.notifications().contains { ($0.lastError ?? "").contains("s3cret") })
    }

    /// Each bad answer: the target down with a clear error, one timeline entry per distinct error, the row kept; then
    /// the target answers and the alert goes out exactly once.
    @Test(arguments: [
        ("500", CannedResponse.text("upstream exploded", status: 500), "HTTP 500: upstream exploded"),
        ("slow", CannedResponse(status: 200, delay: 5), "no answer within 1s (timeout)"),
        ("garbage", CannedResponse(status: 200, body: Data("{\"partial".utf8), closeAfterBytes: 3), "answer cut off after"),
        ("hostile", CannedResponse(status: 502, body: Data("bad\u{1b}[2J gateway\n\u{202e}x".utf8)), "HTTP 502: bad gateway x"),
    ])
    func badTargetIsAClearErrorAndLosesNothing(name: String, answer: CannedResponse, error: String) async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.respondEverywhere(with: answer)
        let store = try store(targets: ["hook"])
        let notifier = Notifier(config: webhook(server.baseURL, timeout: 1), store: store, environment: ["HOOK_SECRET": "x"]) { _ in }
        let lines = try await deliver(notifier, at: now)
        #expect(lines.count == 1 && lines[0].contains("failed: " + error), "\(name): \(lines)")
        let target = try #require(try store.notifyTargets().first)
        #expect(target.health == .down && target.lastError?.hasPrefix(error) == true, "\(name): \(String(describing: target.lastError))")
        #expect(target.lastError.map(TextSanitizer.isClean) == true)
        // Backing off: nothing is tried again before the retry time.
        #expect(try await deliver(notifier, at: now.addingTimeInterval(1)).isEmpty)
        let second = try await deliver(notifier, at: now.addingTimeInterval(6))
        #expect(second.count == 1 && second[0].contains("retrying in 10s"), "\(name): \(second)")
        // The same error twice is one timeline entry.
        var timeline = try #require(try store.incident(id: "INC-1")).timeline
        #expect(timeline.filter { $0.kind == .notifyFailed }.count == 1)
        #expect(timeline.first?.text.hasPrefix("webhook 'hook' failed: \(error)") == true, "\(name): \(timeline)")
        #expect(timeline.first?.text.hasSuffix("retrying in 5s") == true)
        // The target is fixed: delivered once, the target up, the row done.
        server.respondEverywhere(with: .text("ok"))
        server.clearRequests()
        #expect(try await deliver(notifier, at: now.addingTimeInterval(30)).count == 1)
        #expect(try await deliver(notifier, at: now.addingTimeInterval(60)).isEmpty)
        #expect(server.requests.count == 1)
        #expect(try store.notifyTargets().first?.health == .ok)
        timeline = try #require(try store.incident(id: "INC-1")).timeline
        #expect(timeline.last?.kind == .notified)
        #expect(try store.notifications().allSatisfy { $0.done && $0.deliveredAt != nil && $0.attempts == 0 })
    }

    @Test func unreachableTargetSaysSo() async throws {
        let closed = try LoopbackHTTPServer()
        let url = closed.baseURL
        closed.stop()
        let store = try store(targets: ["hook"])
        let notifier = Notifier(config: webhook(url), store: store, environment: ["HOOK_SECRET": "x"]) { _ in }
        #expect(try await deliver(notifier, at: now) == ["notify: INC-1 firing → webhook 'hook' failed: unreachable: connection refused; retrying in 5s"])
        #expect(try store.notifyTargets().first?.lastError == "unreachable: connection refused")
    }

    /// A secret that cannot be read is the target's error, naming the variable, never a value; nothing is sent.
    @Test func missingSecretIsTheTargetsError() async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        let store = try store(targets: ["hook"])
        let notifier = Notifier(config: webhook(server.baseURL), store: store, environment: [:]) { _ in }
        let lines = try await deliver(notifier, at: now)
        #expect(lines.first?.contains("HOOK_SECRET is not set") == true, "\(lines)")
        #expect(server.requests.isEmpty)
    }
}
