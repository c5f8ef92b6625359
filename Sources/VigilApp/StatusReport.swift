import Foundation
import VigilCore
import VigilUI

/// The shapes `vigil status` prints. Field names are a contract with scripts: keep them stable.
public enum StatusReport {
    static func iso(_ date: Date?) -> Any {
        date.map { ISO8601DateFormatter().string(from: $0) as Any } ?? NSNull()
    }

    /// A missing value is written as null, never left out, so every documented key is always present.
    static func orNull(_ value: Any?) -> Any { value ?? NSNull() }

    static func report(_ s: PlatformSnapshot, status: OverallStatus, reasons: [String]) -> [String: Any] {
        let now = s.now
        return [
            "status": status.label, "exit_code": Int(status.rawValue), "reasons": reasons,
            "generated_at": iso(now), "demo": s.isDemo,
            "sources": s.sources.map { source -> [String: Any] in
                ["name": source.name, "kind": source.kind.rawValue, "state": source.health.rawValue,
                 "last_attempt_at": iso(source.lastAttemptAt), "last_success_at": iso(source.lastSuccessAt),
                 "data_age_s": orNull(source.dataAge(now: now)), "last_error": orNull(source.lastError),
                 "consecutive_failures": source.consecutiveFailures, "last_pass_s": orNull(source.lastPassSeconds),
                 "note": orNull(source.note)]
            },
            "pipelines": s.pipelines.map { p -> [String: Any] in
                let lastRun: Any = p.lastRun.map { run -> [String: Any] in
                    ["id": run.runID, "state": run.state.rawValue, "started_at": iso(run.startedAt),
                     "ended_at": iso(run.endedAt), "duration_s": orNull(run.duration(now: now))]
                } ?? NSNull()
                return ["source": p.pipeline.source, "id": p.pipeline.pipelineID, "state": p.health(now: now).rawValue,
                        "tier": orNull(p.pipeline.tier), "last_run": lastRun, "stats": stats(p, now: now)]
            },
            "datasets": s.datasets.map { d -> [String: Any] in
                let (cause, blast) = causeAndBlastRadius(d, in: s)
                return ["name": d.dataset.name, "tier": d.dataset.tier, "freshness_state": d.state(now: now).rawValue,
                        "lag_s": orNull(d.lag(now: now)), "warn_after_s": d.dataset.policy.warnAfter,
                        "error_after_s": d.dataset.policy.errorAfter, "slo": slo(d), "cause": cause, "blast_radius": blast,
                        "identity": identity(d.dataset), "aliases": d.dataset.aliases, "quality": quality(d),
                        "produced_by": orNull(d.dataset.producedBy), "producer_task": orNull(d.dataset.producerTask)]
            },
            "incidents": s.incidents.map { i -> [String: Any] in
                ["id": i.incident.id, "title": i.incident.title, "severity": i.incident.severity.label.lowercased(),
                 "state": i.incident.state.rawValue, "opened_at": iso(i.incident.openedAt),
                 "kind": orNull(i.incident.kind?.rawValue), "time_to_notify_s": orNull(IncidentMetrics(i).timeToNotify)]
            },
            "notify_targets": s.notifyTargets.map { t -> [String: Any] in
                ["name": t.name, "kind": t.kind, "state": t.health.rawValue, "last_attempt_at": iso(t.lastAttemptAt),
                 "last_success_at": iso(t.lastSuccessAt), "last_error": orNull(t.lastError),
                 "consecutive_failures": t.consecutiveFailures]
            },
        ]
    }

    public static func json(_ s: PlatformSnapshot, status: OverallStatus, reasons: [String]) throws -> String {
        try serialize(report(s, status: status, reasons: reasons))
    }

    public static func unknownJSON(reason: String) -> String {
        (try? serialize(["status": "UNKNOWN", "exit_code": 3, "reasons": [reason],
                         "sources": [], "pipelines": [], "datasets": [], "incidents": [], "notify_targets": []])) ?? "{}"
    }

    static func serialize(_ object: [String: Any]) throws -> String {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    /// One status line first (as Nagios reads it), then the details a person wants.
    public static func text(_ s: PlatformSnapshot, status: OverallStatus, reasons: [String]) -> String {
        let now = s.now
        let failing = s.pipelines.filter { $0.health(now: now) == .failing }.count
        let stale = s.datasets.filter { $0.state(now: now) == .error }.count
        let open = s.incidents.filter { $0.incident.state.isOpen }.count
        var lines = ["VIGIL \(status.label) - \(s.pipelines.count) pipelines (\(failing) failing), "
                     + "\(s.datasets.count) datasets (\(stale) stale), \(open) open incidents"
                     + (s.isDemo ? " [DEMO]" : "")]
        for r in reasons.prefix(20) { lines.append("  - " + r) }
        if reasons.count > 20 { lines.append("  … and \(reasons.count - 20) more") }
        for source in s.sources {
            var line = "  source \(source.name) (\(source.kind.rawValue)): \(source.health.rawValue)"
            if source.health == .down {
                line += ", " + (source.consecutiveFailures > 1 ? "\(source.consecutiveFailures) failures in a row, " : "")
                line += source.dataAge(now: now).map { "last good data " + DurationFormat.compact($0) + " old" } ?? "no data yet"
            }
            if let e = source.lastError { line += " - " + TextSanitizer.singleLine(e) }
            if let n = source.note { line += " (note: " + TextSanitizer.singleLine(n) + ")" }
            lines.append(line)
        }
        // Notify targets read like sources: up, or failing with the last error and when it last worked.
        for t in s.notifyTargets {
            var line = "  notify \(t.name) (\(t.kind)): \(t.health == .ok ? "up" : t.health == .down ? "failing" : t.health.rawValue)"
            if t.health == .down {
                line += ", " + (t.consecutiveFailures > 1 ? "\(t.consecutiveFailures) failures in a row, " : "")
                line += t.lastSuccessAt.map { "last success " + DurationFormat.compact(max(0, now.timeIntervalSince($0))) + " ago" } ?? "never succeeded"
            }
            if let e = t.lastError { line += " - " + TextSanitizer.singleLine(e) }
            lines.append(line)
        }
        // Errors, notes and names come from the sources (asset names, DAG import errors, server texts): cleaned of
        // escape sequences, controls, bidi and invisible characters before they reach a terminal.
        return lines.map { TextSanitizer.singleLine($0) }.joined(separator: "\n")
    }
}
