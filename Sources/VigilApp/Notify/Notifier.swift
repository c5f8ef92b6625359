import Foundation
import VigilCollectors
import VigilConfig
import VigilCore
import VigilStore
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Delivers the store's outbox to the `notify:` targets: Alertmanager (`POST /api/v2/alerts`, firing alerts re-sent
/// every resend_every while open, resolutions with endsAt) and signed webhooks. Runs in the processes that run the
/// collectors (`CollectorRunner.run` starts it), one delivery at a time per target, in order.
///
/// Each outcome is written to the store before the next delivery: the row (delivered, or failed with its error and
/// next attempt by the one backoff rule, `Pacing`), the target's health, and on the incident's timeline the first
/// success, a resolution sent, each new failure and a target back after failing (never every periodic re-send).
/// Secrets are read from their references at send time and never written anywhere.
public final class Notifier: @unchecked Sendable {
    /// The first retry waits this long, doubling per failure in a row up to `maxBackoff`.
    public static let retryAfter: TimeInterval = 5
    public static let maxBackoff: TimeInterval = 300
    public static let actor = "vigil"

    public let config: NotifyConfig
    private let store: Store
    private let log: (String) -> Void
    private let sender: NotifySender
    /// Per target: no delivery before this (its backoff after a failure), so a down target is not hammered row by row.
    private var blockedUntil: [String: Date] = [:]
    private var failuresInARow: [String: Int] = [:]
    private var sweptToken: Int64?

    public init(config: NotifyConfig, store: Store, environment: [String: String] = ProcessInfo.processInfo.environment,
                log: @escaping (String) -> Void) {
        self.config = config
        self.store = store
        self.log = { log(TextSanitizer.singleLine($0)) }
        sender = NotifySender(targets: config.targets, environment: environment)
    }

    // MARK: Outbox

    /// Makes sure every open incident has a firing row for each target its route names, and every resolved one that
    /// was fired to a target has its resolved row: resolutions come from consoles and `vigil incident`, which need
    /// not know the targets. Detection writes the firing rows itself, in the transaction that opens the incident.
    /// Returns the snapshot it read (nil when the store had not changed), for the deliveries that follow.
    @discardableResult
    public func sweep(now: Date) throws -> PlatformSnapshot? {
        let token = try store.changeToken()
        guard token != sweptToken else { return nil }
        let snapshot = try store.snapshot(now: now, recentRunsPerPipeline: 1)
        let outbox = Set(try store.notifications().map { "\($0.target)\u{0}\($0.incidentID)\u{0}\($0.state.rawValue)" })
        func has(_ target: String, _ id: String, _ state: NotifyState) -> Bool { outbox.contains("\(target)\u{0}\(id)\u{0}\(state.rawValue)") }
        var rows: [(String, String, NotifyState)] = []
        for summary in snapshot.incidents {
            let i = summary.incident
            if i.state.isOpen {
                for t in Self.targets(for: i, in: snapshot, config: config) where !has(t.name, i.id, .firing) {
                    rows.append((t.name, i.id, .firing))
                }
            } else {
                for t in config.targets where has(t.name, i.id, .firing) && !has(t.name, i.id, .resolved) {
                    rows.append((t.name, i.id, .resolved))
                }
            }
        }
        let names = config.targets.map(\.name)
        try store.write { w in
            for (target, id, state) in rows { try w.enqueueNotification(target: target, incidentID: id, state: state, at: now) }
            try w.keepNotifyTargets(names)
        }
        sweptToken = try store.changeToken()
        return snapshot
    }

    /// The targets an incident goes to by the routes.
    public static func targets(for incident: Incident, in snapshot: PlatformSnapshot, config: NotifyConfig) -> [NotifyConfig.Target] {
        config.targets(kind: incident.kind, severity: incident.severity, tier: NotifyAlert.tier(of: incident, in: snapshot))
    }

    /// One pass: sweep, then every due row, per target in order, stopping at a target's first failure. Returns one
    /// line per delivery for the log.
    @discardableResult
    public func deliverDue(now: Date = Date()) -> [String] {
        var lines: [String] = []
        do {
            let swept = try sweep(now: now)
            let due = try store.dueNotifications(now: now)
            guard !due.isEmpty else { return [] }
            // The sweep's snapshot when it read one this tick (the incidents are the same): one read, not two.
            let snapshot = try swept ?? store.snapshot(now: now, recentRunsPerPipeline: 1)
            var failed: Set<String> = []
            for row in due {
                guard !failed.contains(row.target), (blockedUntil[row.target] ?? .distantPast) <= now else { continue }
                guard let target = config.target(named: row.target) else { continue }
                guard let summary = snapshot.incidents.first(where: { $0.incident.id == row.incidentID }) else { continue }
                // A firing row of an incident resolved meanwhile waits for the sweep to retire it.
                if row.state == .firing && !summary.incident.state.isOpen { continue }
                let alert = NotifyAlert.of(summary, in: snapshot, state: row.state, now: now, resendEvery: config.resendEvery)
                let outcome = sender.send(alert, to: target, now: now)
                let line = try record(outcome, row: row, target: target, now: now)
                lines.append(line)
                if case .failure = outcome { failed.insert(row.target) }
            }
        } catch {
            lines.append("notify: \(error)")
        }
        for line in lines { log(line) }
        return lines
    }

    /// Delivers due rows every `tick` until `shouldStop` says so.
    public func run(tick: TimeInterval = 1, shouldStop: () -> Bool) {
        while !shouldStop() {
            deliverDue()
            let wake = Date().addingTimeInterval(tick)
            while Date() < wake, !shouldStop() { Thread.sleep(forTimeInterval: min(0.25, tick)) }
        }
    }

    // MARK: Recording

    private func record(_ outcome: NotifySender.Outcome, row: NotifyDelivery, target: NotifyConfig.Target, now: Date) throws -> String {
        let who = "\(target.kind.rawValue) '\(target.name)'"
        let at = now.formatted(Date.ISO8601FormatStyle())
        switch outcome {
        case .delivered(let status, _):
            blockedUntil[target.name] = nil
            failuresInARow[target.name] = 0
            // Alertmanager forgets a firing alert it is not told about again: re-send while the incident is open.
            let next = row.state == .firing && target.kind == .alertmanager ? now.addingTimeInterval(config.resendEvery) : nil
            var line = ""
            try store.write { w in
                let before = try w.recordNotificationDelivered(target: target.name, incidentID: row.incidentID, state: row.state,
                                                               at: now, next: next)
                try w.upsertNotifyTarget(NotifyTargetStatus(name: target.name, kind: target.kind.rawValue, health: .ok,
                                                            lastAttemptAt: now, lastSuccessAt: now))
                let first = before?.deliveredAt == nil
                let recovered = before?.lastError != nil
                let text: String
                switch row.state {
                case .firing: text = first ? "paged via \(who) at \(at) (HTTP \(status))" : "\(who) reachable again: alert re-sent at \(at)"
                case .resolved: text = "resolution sent via \(who) at \(at) (HTTP \(status))"
                case .test: text = "test sent via \(who) at \(at)"
                }
                if first || recovered {
                    try w.appendTimeline(TimelineEvent(incidentID: row.incidentID, at: now, kind: .notified, actor: Self.actor, text: text))
                }
                line = "notify: \(row.incidentID) \(row.state.rawValue) → \(who): HTTP \(status)"
            }
            return line
        case .failure(let error):
            let failures = (failuresInARow[target.name] ?? 0) + 1
            failuresInARow[target.name] = failures
            let delay = Pacing.delay(interval: Self.retryAfter, maxBackoff: Self.maxBackoff, failures: failures - 1)
            let retryAt = now.addingTimeInterval(delay)
            blockedUntil[target.name] = retryAt
            try store.write { w in
                let before = try w.recordNotificationFailed(target: target.name, incidentID: row.incidentID, state: row.state,
                                                            at: now, error: error, retryAt: retryAt)
                try w.upsertNotifyTarget(NotifyTargetStatus(name: target.name, kind: target.kind.rawValue, health: .down,
                                                            lastAttemptAt: now, lastError: error))
                // The first failure and each new error; the same error again is only counted.
                if before?.lastError != error {
                    try w.appendTimeline(TimelineEvent(
                        incidentID: row.incidentID, at: now, kind: .notifyFailed, actor: Self.actor,
                        text: "\(who) failed: \(error), retrying in \(DurationFormat.compact(delay))"))
                }
            }
            return "notify: \(row.incidentID) \(row.state.rawValue) → \(who) failed: \(error); retrying in \(DurationFormat.compact(delay))"
        }
    }
}

/// Sends one alert to one target over the collectors' HTTP transport (`URLSessionTransport`: its timeout, body cap,
/// no redirects) and says what came back: the notifier's deliveries and `vigil notify test` both go through it.
public struct NotifySender: Sendable {
    /// Alertmanager answers 200 with an empty body; error bodies are short. More is cut off.
    static let maxAnswerBytes = 64 * 1024
    private let environment: [String: String]
    private let transports: [String: URLSessionTransport]

    public init(targets: [NotifyConfig.Target], environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
        transports = Dictionary(targets.map { ($0.name, URLSessionTransport(timeout: $0.timeout, maxBodyBytes: Self.maxAnswerBytes)) },
                                uniquingKeysWith: { a, _ in a })
    }


    /// What a target answered (any 2xx is delivered), or why nothing usable came back.
    public enum Outcome: Sendable, Equatable {
        case delivered(status: Int, body: String)
        case failure(String)
    }

    /// Sends one alert to one target and says what it answered; never throws, never includes a secret.
    public func send(_ alert: NotifyAlert, to target: NotifyConfig.Target, now: Date = Date()) -> Outcome {
        let request: URLRequest
        do { request = try self.request(alert, to: target, now: now) } catch {
            return .failure("\(error)")
        }
        let transport = transports[target.name] ?? URLSessionTransport(timeout: target.timeout, maxBodyBytes: Self.maxAnswerBytes)
        let result = BlockingAsync.run { () async -> Result<HTTPResponse, any Error> in
            do { return .success(try await transport.send(request)) } catch { return .failure(error) }
        }
        switch result {
        case .success(let response):
            let body = Self.excerpt(response.body)
            if (200..<300).contains(response.status) { return .delivered(status: response.status, body: body) }
            return .failure("HTTP \(response.status)" + (body.isEmpty ? "" : ": " + body))
        case .failure(let error):
            return .failure(Self.describe(error, timeout: target.timeout))
        }
    }

    /// The request for one alert: Alertmanager's API v2 array, or the webhook's body with its signature headers.
    public func request(_ alert: NotifyAlert, to target: NotifyConfig.Target, now: Date) throws(SecretError) -> URLRequest {
        var request: URLRequest
        switch target.kind {
        case .alertmanager:
            request = URLRequest(url: target.url.appendingPathComponent("api/v2/alerts"))
            request.httpBody = NotifyPayload.alertmanager([alert])
            if let password = target.password {
                let secret = try SecretResolver.resolve(password, source: "notify target '\(target.name)'", environment: environment)
                let pair = Data("\(target.username ?? ""):\(secret)".utf8).base64EncodedString()
                request.setValue("Basic \(pair)", forHTTPHeaderField: "Authorization")
            } else if let token = target.token {
                let secret = try SecretResolver.resolve(token, source: "notify target '\(target.name)'", environment: environment)
                request.setValue("Bearer \(secret)", forHTTPHeaderField: "Authorization")
            }
        case .webhook:
            request = URLRequest(url: target.url)
            let body = NotifyPayload.webhook(alert)
            request.httpBody = body
            let timestamp = String(Int(now.timeIntervalSince1970))
            request.setValue(timestamp, forHTTPHeaderField: "X-Vigil-Timestamp")
            if let reference = target.secret {
                let secret = try SecretResolver.resolve(reference, source: "notify target '\(target.name)'", environment: environment)
                request.setValue(NotifyPayload.signature(secret: secret, timestamp: timestamp, body: body),
                                 forHTTPHeaderField: "X-Vigil-Signature")
            }
        }
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("vigil", forHTTPHeaderField: "User-Agent")
        return request
    }

    /// A target's answer as one clean short line (its text is untrusted).
    static func excerpt(_ body: Data) -> String {
        TextSanitizer.collapsed(String(decoding: body.prefix(2_000), as: UTF8.self), limit: 200)
    }

    static func describe(_ error: any Error, timeout: TimeInterval) -> String {
        switch error as? HTTPTransportError {
        case .unreachable(let reason)?: return "unreachable: \(reason)"
        case .timeout?: return "no answer within \(DurationFormat.compact(timeout)) (timeout)"
        case .tooLarge(let limit)?: return "answer larger than \(limit) bytes"
        case .truncated(let received, _)?: return "answer cut off after \(received) bytes"
        case nil: return TextSanitizer.collapsed("\(error)", limit: 200)
        }
    }

}
