import Foundation

/// What one delivery says about an incident: it fires (opened, still open) or it is resolved. `test` is
/// `vigil notify test`'s made-up alert.
public enum NotifyState: String, Codable, Sendable, CaseIterable {
    case firing, resolved, test
}

/// An incident as an alert, pure: the same labels every time it is sent (Alertmanager's fingerprint is a hash of the
/// labels only, so a re-send updates the same alert), annotations with what on-call reads first.
///
/// Labels: `alertname` (always `VigilIncident`), `severity` (sev1..sev4), `kind` (freshness, pipeline,
/// data_correctness), `incident_id`, `tier`, `cause_pipeline` (SOURCE/ID), `dataset` (the first dataset it lists) or
/// else `pipeline`, `source` (the cause's source). Values are cleaned with `TextSanitizer` and empty ones are left out
/// (Alertmanager drops an empty-valued label; an unknown tier is no label at all).
/// Annotations: `summary` (the title), `why` (the why-stale chain), `blast_radius`, `runbook`, `runbook_first_step`,
/// `command` (`vigil incident show ID`).
public struct NotifyAlert: Sendable, Equatable {
    public static let alertname = "VigilIncident"
    /// Longest annotation value sent; Alertmanager takes more, receivers (chat, pagers) cut far shorter.
    public static let annotationLimit = 1_000

    public var labels: [String: String]
    public var annotations: [String: String]
    public var startsAt: Date
    /// Resolved: when it was resolved. Firing, to Alertmanager: how long it stays firing without a re-send.
    public var endsAt: Date?
    public var state: NotifyState

    public init(labels: [String: String], annotations: [String: String], startsAt: Date, endsAt: Date?, state: NotifyState) {
        self.labels = labels
        self.annotations = annotations
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.state = state
    }

    /// The alert for `summary` as `snapshot` sees it. `now` and `resendEvery` set a firing alert's `endsAt` (now +
    /// 4 × resend_every, as Prometheus does), so Alertmanager keeps it firing between re-sends whatever its
    /// resolve_timeout, and lets it lapse if Vigil stops sending.
    public static func of(_ summary: IncidentSummary, in snapshot: PlatformSnapshot, state: NotifyState, now: Date,
                          resendEvery: TimeInterval) -> NotifyAlert {
        let i = summary.incident
        let cause = i.causeKey.flatMap(LineageNode.init(parsing:))
        let causePipeline = cause?.pipelineReference
        let firstDataset = i.affectedDatasets.first
        var labels: [String: String] = [
            "alertname": alertname,
            "severity": "sev\(i.severity.rawValue)",
            "incident_id": i.id,
            "kind": i.kind?.rawValue ?? "manual",
        ]
        labels["tier"] = tier(of: i, in: snapshot).map(String.init)
        labels["cause_pipeline"] = causePipeline
        if let firstDataset { labels["dataset"] = firstDataset } else { labels["pipeline"] = i.affectedPipelines.first }
        labels["source"] = source(cause: cause, dataset: firstDataset, in: snapshot)

        var annotations: [String: String] = ["summary": i.title, "command": "vigil incident show \(i.id)"]
        if let firstDataset, i.kind != .correctness {
            annotations["why"] = "why: " + RootCause.whyStale(firstDataset, in: snapshot).sentence(now: snapshot.now)
        }
        let radius = cause.map { BlastRadius.of($0, in: snapshot) }
            ?? firstDataset.map { BlastRadius.of(dataset: $0, in: snapshot) }
        if let radius, !radius.datasets.isEmpty {
            let names = radius.datasets.prefix(5).map { "\($0.name) (T\($0.tier))" }.joined(separator: ", ")
            annotations["blast_radius"] = "\(radius.tier1Count) tier-1 dataset\(radius.tier1Count == 1 ? "" : "s") at risk; "
                + "downstream: \(names)" + (radius.datasets.count > 5 ? " and \(radius.datasets.count - 5) more" : "")
        }
        if let id = i.runbookID, let runbook = snapshot.runbooks.first(where: { $0.id == id }) {
            annotations["runbook"] = runbook.title
            if let step = runbook.steps.first {
                annotations["runbook_first_step"] = step.title + (step.command.map { ": " + $0 } ?? "")
            }
        }
        let endsAt: Date?
        switch state {
        case .resolved: endsAt = max(i.resolvedAt ?? now, i.openedAt)
        case .firing, .test: endsAt = now.addingTimeInterval(4 * resendEvery)
        }
        return NotifyAlert(labels: cleanLabels(labels), annotations: cleanAnnotations(annotations),
                           startsAt: i.signalAt.map { min($0, i.openedAt) } ?? i.openedAt, endsAt: endsAt, state: state)
    }

    /// `vigil notify test`'s alert: its own labels (alertname VigilTest), firing, never about an incident.
    public static func test(now: Date, resendEvery: TimeInterval) -> NotifyAlert {
        NotifyAlert(labels: ["alertname": "VigilTest", "severity": "sev4", "source": "vigil"],
                    annotations: ["summary": "test alert from `vigil notify test`: nothing is wrong"],
                    startsAt: now, endsAt: now.addingTimeInterval(resendEvery), state: .test)
    }

    /// The most critical tier among the datasets it lists, else among its pipelines; nil when none is known.
    public static func tier(of incident: Incident, in snapshot: PlatformSnapshot) -> Int? {
        let datasets = Set(incident.affectedDatasets)
        let pipelines = Set(incident.affectedPipelines)
        let fromDatasets = snapshot.datasets.filter { datasets.contains($0.dataset.name) }.map(\.dataset.tier).min()
        return fromDatasets ?? snapshot.pipelines.filter { pipelines.contains($0.pipeline.id) }.compactMap(\.pipeline.tier).min()
    }

    static func source(cause: LineageNode?, dataset: String?, in snapshot: PlatformSnapshot) -> String? {
        if case .pipeline(let source, _)? = cause, let source { return source }
        guard let dataset else { return nil }
        return snapshot.datasets.first { $0.dataset.name == dataset }?.dataset.source
    }

    /// One clean line each; empty values left out (Alertmanager rejects `labels: {}` and drops empty values).
    static func cleanLabels(_ labels: [String: String]) -> [String: String] {
        labels.compactMapValues { value in
            let clean = TextSanitizer.collapsed(value, limit: 500)
            return clean.isEmpty ? nil : clean
        }
    }

    static func cleanAnnotations(_ annotations: [String: String]) -> [String: String] {
        annotations.compactMapValues { value in
            let clean = TextSanitizer.collapsed(value, limit: annotationLimit)
            return clean.isEmpty ? nil : clean
        }
    }
}

/// The bodies Vigil sends, as bytes: Alertmanager's `POST /api/v2/alerts` array, and the signed webhook body.
public enum NotifyPayload {
    /// `[{labels, annotations, startsAt, endsAt, generatorURL}]` (API v2, a JSON array even for one alert).
    public static func alertmanager(_ alerts: [NotifyAlert], generatorURL: String? = nil) -> Data {
        let items: [[String: Any]] = alerts.map { a in
            var item: [String: Any] = ["labels": a.labels, "annotations": a.annotations, "startsAt": timestamp(a.startsAt)]
            if let endsAt = a.endsAt { item["endsAt"] = timestamp(endsAt) }
            if let generatorURL { item["generatorURL"] = generatorURL }
            return item
        }
        return (try? JSONSerialization.data(withJSONObject: items, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("[]".utf8)
    }

    /// The webhook's body: `{version, status, alert: {labels, annotations, startsAt, endsAt}}`; a firing alert has no
    /// `endsAt` here (a webhook receiver has nothing to expire).
    public static func webhook(_ alert: NotifyAlert) -> Data {
        var body: [String: Any] = ["labels": alert.labels, "annotations": alert.annotations, "startsAt": timestamp(alert.startsAt)]
        if alert.state == .resolved, let endsAt = alert.endsAt { body["endsAt"] = timestamp(endsAt) }
        let object: [String: Any] = ["version": "1", "status": alert.state.rawValue, "alert": body]
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
    }

    /// `sha256=HEX(HMAC-SHA256(secret, timestamp + "." + body))`, the `X-Vigil-Signature` header.
    public static func signature(secret: String, timestamp: String, body: Data) -> String {
        "sha256=" + SHA256.hex(SHA256.hmac(key: Array(secret.utf8), message: Array((timestamp + ".").utf8) + Array(body)))
    }

    /// RFC 3339 UTC with milliseconds, as Alertmanager writes them.
    public static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
