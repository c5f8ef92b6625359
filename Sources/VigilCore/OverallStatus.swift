import Foundation

/// The Nagios plugin convention `vigil status` exits with, so it drops into cron, CI gates and monitoring.
public enum OverallStatus: Int32, Sendable, Comparable {
    case ok = 0
    case warning = 1
    case critical = 2
    case unknown = 3

    public var label: String {
        switch self {
        case .ok: return "OK"
        case .warning: return "WARNING"
        case .critical: return "CRITICAL"
        case .unknown: return "UNKNOWN"
        }
    }

    public static func < (a: OverallStatus, b: OverallStatus) -> Bool { a.severityOrder < b.severityOrder }

    private var severityOrder: Int {
        switch self {
        case .ok: return 0
        case .warning: return 1
        case .unknown: return 2
        case .critical: return 3
        }
    }

    /// CRITICAL: a tier-1 dataset in error or paging on its burn rate, a tier-1 dataset failing a check, or a tier-1
    /// pipeline failing.
    /// WARNING: anything else in warn/error, burning budget (page or ticket), a check failing, erroring or warning,
    /// failing, late, a source down, or an open incident.
    /// UNKNOWN: the store holds nothing to judge (no sources and no datasets).
    /// OK otherwise.
    public static func evaluate(_ snapshot: PlatformSnapshot) -> (status: OverallStatus, reasons: [String]) {
        if snapshot.sources.isEmpty && snapshot.pipelines.isEmpty && snapshot.datasets.isEmpty {
            return (.unknown, ["the store holds no sources, pipelines or datasets yet"])
        }
        var critical: [String] = []
        var warning: [String] = []
        for summary in snapshot.datasets {
            let state = summary.state(now: snapshot.now)
            switch (state, summary.dataset.tier) {
            case (.error, 1): critical.append("tier-1 dataset \(summary.dataset.name) is stale (error)")
            case (.error, _), (.warn, _): warning.append("dataset \(summary.dataset.name) is \(state.rawValue)")
            default: break
            }
            // Correctness apart from freshness: each failing check is a reason of its own; CRITICAL only for tier 1.
            for check in summary.quality?.checks ?? [] where check.state != .pass {
                let text = "dataset \(summary.dataset.name) check \(check.name) \(check.state == .error ? "errored" : check.state == .fail ? "fails" : "warns")"
                    + (check.failures.map { $0 > 0 ? " (\($0) failing row\($0 == 1 ? "" : "s"))" : "" } ?? "")
                if check.state == .fail && summary.dataset.tier == 1 { critical.append("tier-1 " + text) } else { warning.append(text) }
            }
            // A burn alert can fire before the dataset is in error: the budget is what the SLO protects.
            if let slo = summary.slo, slo.alert != .none {
                let rate = slo.burnRates[.h1].map { String(format: ", 1h burn %.1fx", $0) } ?? ""
                let text = "dataset \(summary.dataset.name) is burning its error budget (\(slo.alert.rawValue.uppercased())\(rate))"
                if slo.alert == .page && summary.dataset.tier == 1 { critical.append("tier-1 " + text) } else { warning.append(text) }
            }
        }
        for summary in snapshot.pipelines {
            let health = summary.health(now: snapshot.now)
            let tier = summary.pipeline.tier
            switch health {
            case .failing where tier == 1: critical.append("tier-1 pipeline \(summary.pipeline.pipelineID) is failing")
            case .failing, .late: warning.append("pipeline \(summary.pipeline.pipelineID) is \(health.rawValue)")
            default: break
            }
        }
        for source in snapshot.sources where source.health == .down || source.health == .degraded {
            warning.append("source \(source.name) is \(source.health.rawValue)")
        }
        // A pager that cannot be reached is worth a warning of its own: nobody hears about the rest.
        for target in snapshot.notifyTargets where target.health == .down {
            warning.append("notify target \(target.name) is failing")
        }
        for incident in snapshot.incidents where incident.incident.state.isOpen {
            warning.append("incident \(incident.incident.id) is \(incident.incident.state.rawValue)")
        }
        if !critical.isEmpty { return (.critical, critical + warning) }
        if !warning.isEmpty { return (.warning, warning) }
        return (.ok, [])
    }
}
