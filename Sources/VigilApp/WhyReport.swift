import Foundation
import VigilCore
import VigilUI

/// What `vigil why DATASET` prints: the root-cause chain for scripts and chat, the blast radius, the SLO.
public enum WhyReport {
    public static func render(_ d: DatasetSummary, in s: PlatformSnapshot, json: Bool) -> String {
        let now = s.now
        let state = d.state(now: now)
        if json {
            let (cause, blast) = StatusReport.causeAndBlastRadius(d, in: s)
            let object: [String: Any] = [
                "dataset": d.dataset.name, "tier": d.dataset.tier, "freshness_state": state.rawValue,
                "lag_s": StatusReport.orNull(d.lag(now: now)), "slo": StatusReport.slo(d),
                "cause": cause, "blast_radius": blast, "identity": StatusReport.identity(d.dataset),
                "quality": StatusReport.quality(d),
                "changed_before": StatusReport.orNull(changedBefore(d, in: s)),
            ]
            return (try? StatusReport.serialize(object)) ?? "{}"
        }
        var lines: [String] = []
        let lag = d.lag(now: now).map { DurationFormat.compact($0) } ?? "never loaded"
        lines.append("\(d.dataset.name) (tier \(d.dataset.tier)) is \(state == .error ? "stale" : state.rawValue), lag \(lag)")
        if state == .fresh && (d.slo?.alert ?? BurnAlert.none) == BurnAlert.none {
            lines.append("within its thresholds: nothing to explain")
        } else {
            let why = RootCause.whyStale(d.dataset.name, in: s)
            lines.append("why: " + why.sentence(now: now))
            // The error is the source's untrusted text: only its cleaned headline reaches the terminal.
            if let task = why.cause?.failedTask, let error = task.errorMessage.map(ErrorSummary.headline), !error.isEmpty {
                lines.append("     " + String(error.prefix(200)))
            }
            if let (change, what) = ChangeContext.beforeStale(d, why: why, in: s) {
                lines.append("changed before: " + change.phrase(before: what) + " (\(change.change.kind.label) on \(change.touched.name))")
            }
            let radius = BlastRadius.of(dataset: d.dataset.name, in: s)
            if radius.datasets.isEmpty && radius.pipelines.isEmpty {
                lines.append("impact: nothing downstream")
            } else {
                let names = radius.datasets.prefix(10).map { "\($0.name) (T\($0.tier))" }
                lines.append("impact: \(radius.tier1Count) tier-1 dataset\(radius.tier1Count == 1 ? "" : "s") at risk; "
                             + "downstream: " + names.joined(separator: ", ")
                             + (radius.datasets.count > 10 ? " and \(radius.datasets.count - 10) more" : "")
                             + (radius.pipelines.isEmpty ? "" : "; pipelines: " + radius.pipelines.joined(separator: ", ")))
            }
        }
        if let slo = d.slo {
            lines.append("slo: " + SLOText.summary(slo))
        }
        if let q = d.quality, let state = q.state {
            let rate = q.passRate7d.map { String(format: ", %.0f%% of checks passed over 7d", $0 * 100) } ?? ""
            let failing = q.checks.filter { $0.state != .pass }.prefix(5).map { c in
                "\(c.name) \(c.state.rawValue)" + (c.message.map { ": " + ErrorSummary.headline($0).prefix(80) } ?? "")
            }
            lines.append("quality: \(state.rawValue)\(rate)" + (failing.isEmpty ? "" : "; " + failing.joined(separator: "; ")))
        }
        if let identity = d.dataset.identity { lines.append("identity: \(identity)") }
        // Dataset, pipeline and task names come from the sources: cleaned before they reach a terminal.
        return lines.map { TextSanitizer.singleLine($0) }.joined(separator: "\n")
    }
}

extension WhyReport {
    /// The newest change before the failure, for JSON: id, title, kind, at, touched, lead_s and what it preceded.
    static func changedBefore(_ d: DatasetSummary, in s: PlatformSnapshot) -> [String: Any]? {
        let state = d.state(now: s.now)
        guard state != .fresh || (d.slo?.alert ?? BurnAlert.none) != BurnAlert.none,
              let (c, what) = ChangeContext.beforeStale(d, why: RootCause.whyStale(d.dataset.name, in: s), in: s) else { return nil }
        return ["id": TextSanitizer.singleLine(c.change.id), "title": TextSanitizer.singleLine(c.change.title), "kind": c.change.kind.rawValue,
                "at": ISO8601DateFormatter().string(from: c.change.at), "touched": TextSanitizer.singleLine(c.touched.name),
                "lead_s": c.lead, "before": what]
    }
}

/// One-line SLO summaries shared by `vigil why` and `vigil status`.
public enum SLOText {
    public static func summary(_ r: FreshnessSLOReport) -> String {
        var parts = [String(format: "objective %.2f%% over %@", r.objective.target * 100, DurationFormat.compact(r.objective.window))]
        parts.append(r.attainment.map { String(format: "attainment %.3f%%", $0 * 100) } ?? "attainment — (no history yet)")
        if let ratio = r.budgetRemainingRatio {
            parts.append(String(format: "budget left %.1f%% (%@)", ratio * 100,
                                (r.budgetRemaining < 0 ? "-" : "") + DurationFormat.compact(abs(r.budgetRemaining))))
        }
        if let h1 = r.burnRates[.h1] { parts.append(String(format: "1h burn %.1fx", h1)) }
        if r.alert != .none { parts.append(r.alert.rawValue.uppercased()) }
        return parts.joined(separator: ", ")
    }
}
