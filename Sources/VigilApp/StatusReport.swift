import Foundation
import VigilCore

/// The shapes `vigil status` prints. Field names are a contract with scripts: keep them stable.
public enum StatusReport {
    // Optional fields are written as null, never left out, so every documented key is always present.

    struct LastRun: Encodable {
        let id: String
        let state: String
        let started_at: String?
        let ended_at: String?
        let duration_s: Double?

        enum CodingKeys: CodingKey { case id, state, started_at, ended_at, duration_s }
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(state, forKey: .state)
            try c.encode(started_at, forKey: .started_at)
            try c.encode(ended_at, forKey: .ended_at)
            try c.encode(duration_s, forKey: .duration_s)
        }
    }

    struct SourceEntry: Encodable {
        let name: String
        let kind: String
        let state: String
        let last_success_at: String?
        let last_error: String?

        enum CodingKeys: CodingKey { case name, kind, state, last_success_at, last_error }
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(kind, forKey: .kind)
            try c.encode(state, forKey: .state)
            try c.encode(last_success_at, forKey: .last_success_at)
            try c.encode(last_error, forKey: .last_error)
        }
    }

    struct PipelineEntry: Encodable {
        let source: String
        let id: String
        let state: String
        let tier: Int?
        let last_run: LastRun?

        enum CodingKeys: CodingKey { case source, id, state, tier, last_run }
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(source, forKey: .source)
            try c.encode(id, forKey: .id)
            try c.encode(state, forKey: .state)
            try c.encode(tier, forKey: .tier)
            try c.encode(last_run, forKey: .last_run)
        }
    }

    struct DatasetEntry: Encodable {
        let name: String
        let tier: Int
        let freshness_state: String
        let lag_s: Double?
        let warn_after_s: Double
        let error_after_s: Double

        enum CodingKeys: CodingKey { case name, tier, freshness_state, lag_s, warn_after_s, error_after_s }
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(tier, forKey: .tier)
            try c.encode(freshness_state, forKey: .freshness_state)
            try c.encode(lag_s, forKey: .lag_s)
            try c.encode(warn_after_s, forKey: .warn_after_s)
            try c.encode(error_after_s, forKey: .error_after_s)
        }
    }

    struct IncidentEntry: Encodable {
        let id: String
        let title: String
        let severity: String
        let state: String
        let opened_at: String
    }

    struct Report: Encodable {
        let status: String
        let exit_code: Int32
        let reasons: [String]
        let generated_at: String
        let demo: Bool
        let sources: [SourceEntry]
        let pipelines: [PipelineEntry]
        let datasets: [DatasetEntry]
        let incidents: [IncidentEntry]
    }

    static func iso(_ date: Date?) -> String? {
        date.map { ISO8601DateFormatter().string(from: $0) }
    }

    static func report(_ s: PlatformSnapshot, status: OverallStatus, reasons: [String]) -> Report {
        let now = s.now
        return Report(
            status: status.label, exit_code: status.rawValue, reasons: reasons, generated_at: iso(now)!, demo: s.isDemo,
            sources: s.sources.map {
                SourceEntry(name: $0.name, kind: $0.kind.rawValue, state: $0.health.rawValue,
                            last_success_at: iso($0.lastSuccessAt), last_error: $0.lastError)
            },
            pipelines: s.pipelines.map { p in
                PipelineEntry(source: p.pipeline.source, id: p.pipeline.pipelineID, state: p.health(now: now).rawValue,
                              tier: p.pipeline.tier,
                              last_run: p.lastRun.map {
                                  LastRun(id: $0.runID, state: $0.state.rawValue, started_at: iso($0.startedAt),
                                          ended_at: iso($0.endedAt), duration_s: $0.duration(now: now))
                              })
            },
            datasets: s.datasets.map {
                DatasetEntry(name: $0.dataset.name, tier: $0.dataset.tier, freshness_state: $0.state(now: now).rawValue,
                             lag_s: $0.lag(now: now), warn_after_s: $0.dataset.policy.warnAfter,
                             error_after_s: $0.dataset.policy.errorAfter)
            },
            incidents: s.incidents.map {
                IncidentEntry(id: $0.incident.id, title: $0.incident.title, severity: $0.incident.severity.label.lowercased(),
                              state: $0.incident.state.rawValue, opened_at: iso($0.incident.openedAt)!)
            }
        )
    }

    public static func json(_ s: PlatformSnapshot, status: OverallStatus, reasons: [String]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(report(s, status: status, reasons: reasons)), as: UTF8.self)
    }

    public static func unknownJSON(reason: String) -> String {
        let object: [String: Any] = ["status": "UNKNOWN", "exit_code": 3, "reasons": [reason],
                                     "sources": [], "pipelines": [], "datasets": [], "incidents": []]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])) ?? Data()
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
            if let e = source.lastError { line += " - \(e)" }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}
