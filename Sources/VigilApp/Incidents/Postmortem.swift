import Foundation
import VigilCore
import VigilStore

/// `vigil incident postmortem ID`: a Markdown postmortem from what the store recorded — summary with the
/// response times, impact (datasets, tiers, how long they were stale, error budget burned), the timeline, the
/// runbook steps taken, and its action items (open first, with owner, due day and whether done or overdue).
public enum Postmortem {
    /// The kind in the words a review uses: what failed, the pipeline or the data.
    static func kindText(_ kind: IncidentKind) -> String {
        switch kind {
        case .pipeline: return "pipeline failure (a pipeline failed; its data arrived late or not at all)"
        case .freshness: return "freshness (data arrived late; no failed pipeline was found behind it)"
        case .correctness: return "data correctness (data arrived but failed its checks)"
        }
    }

    public static func markdown(_ summary: IncidentSummary, store: Store, now: Date = Date()) throws -> String {
        let i = summary.incident
        let end = i.resolvedAt ?? now
        let start = i.signalAt ?? i.openedAt
        let metrics = IncidentMetrics(summary)
        let snapshot = try store.snapshot(now: now)
        var md: [String] = []
        md.append("# Postmortem: \(i.id): \(i.title)")
        md.append("")
        md.append("## Summary")
        md.append("")
        md.append("- **Kind**: \(i.kind.map { Self.kindText($0) } ?? "opened by hand")")
        md.append("- **Severity**: \(i.severity.label)  ·  **State**: \(i.state.rawValue)  ·  **Lead**: \(i.lead ?? "none")")
        md.append("- **Detected**: \(stamp(i.openedAt))" + (i.resolvedAt.map { "  ·  **Resolved**: \(stamp($0))" } ?? "  ·  still open"))
        md.append("- **Duration**: \(DurationFormat.compact(end.timeIntervalSince(i.openedAt)))" + (i.resolvedAt == nil ? " so far" : ""))
        md.append("- **Time to detect**: \(d(metrics.timeToDetect))  ·  **acknowledge**: \(d(metrics.timeToAcknowledge))"
                  + "  ·  **mitigate**: \(d(metrics.timeToMitigate))  ·  **resolve**: \(d(metrics.timeToResolve))"
                  + "  ·  **notify**: \(d(metrics.timeToNotify))")
        if let ref = i.causeKey.flatMap(LineageNode.init(parsing:))?.pipelineReference {
            md.append("- **Cause**: pipeline `\(ref)`")
        }
        md.append("")
        md.append("## Impact")
        md.append("")
        if i.affectedDatasets.isEmpty && i.affectedPipelines.isEmpty {
            md.append("No datasets or pipelines were recorded on this incident.")
            md.append("")
        } else {
            if !i.affectedDatasets.isEmpty {
                md.append("| dataset | tier | stale during the incident | error budget burned |")
                md.append("|---|---|---|---|")
                for name in i.affectedDatasets {
                    let d = snapshot.datasets.first { $0.dataset.name == name }
                    let intervals = try store.freshnessIntervals(dataset: name, from: start, to: end)
                    let bad = FreshnessSLOReport.clip(intervals, from: start, to: end)
                        .filter { $0.state == .error || $0.state == .unknown }.reduce(0) { $0 + $1.duration }
                    let budget = d?.dataset.effectiveObjective.budgetTime ?? 0
                    let burned = budget > 0 ? String(format: "%.1f%% of %@", bad / budget * 100, DurationFormat.compact(budget)) : "—"
                    md.append("| `\(name)` | \(d.map { "T\($0.dataset.tier)" } ?? "?") | \(DurationFormat.compact(bad)) | \(burned) |")
                }
                md.append("")
            }
            if !i.affectedPipelines.isEmpty {
                md.append("Pipelines: " + i.affectedPipelines.map { "`\($0)`" }.joined(separator: ", "))
                md.append("")
            }
            let radius = i.affectedDatasets.flatMap { BlastRadius.of(dataset: $0, in: snapshot).datasets }
            let atRisk = Set(radius.filter { $0.tier == 1 }.map(\.name)).subtracting(i.affectedDatasets)
            if !atRisk.isEmpty {
                md.append("Tier-1 datasets downstream (at risk): " + atRisk.sorted().map { "`\($0)`" }.joined(separator: ", "))
                md.append("")
            }
        }
        md.append("## Changes before")
        md.append("")
        // The day before the first signal, to what it names or upstream; the store's changes, the snapshot's lineage.
        let changes = try store.changes(from: start.addingTimeInterval(-ChangeContext.defaultWindow), to: start.addingTimeInterval(1))
        let before = ChangeContext.before(incident: i, lineage: snapshot.graph, changes: changes)
        if before.isEmpty {
            md.append("No change to its datasets, pipelines or anything upstream was recorded in the day before the first signal.")
        } else {
            md.append("| time (UTC) | before the first signal | kind | change | on | by |")
            md.append("|---|---|---|---|---|---|")
            for c in before {
                let named = c.change.id == i.causeChangeID ? " (named by detection)" : ""
                md.append("| \(stamp(c.change.at)) | \(DurationFormat.compact(c.lead)) | \(c.change.kind.label) | \(cell(c.change.title))\(named) "
                          + "| `\(cell(c.touched.name))` | \(cell(c.change.author ?? "—")) |")
            }
        }
        md.append("")
        md.append("## Timeline")
        md.append("")
        md.append("| time (UTC) | since detection | who | what |")
        md.append("|---|---|---|---|")
        for e in summary.timeline {
            let rel = (e.at < i.openedAt ? "-" : "+") + DurationFormat.compact(abs(e.at.timeIntervalSince(i.openedAt)))
            md.append("| \(stamp(e.at)) | \(rel) | \(cell(e.actor)) | **\(e.kind.rawValue.replacingOccurrences(of: "_", with: " "))**: \(cell(e.text)) |")
        }
        md.append("")
        md.append("## Runbook")
        md.append("")
        if let runbook = snapshot.runbook(id: i.runbookID) {
            md.append("\(runbook.title) (`\(runbook.id)`)")
            md.append("")
            for (n, step) in runbook.steps.enumerated() {
                let p = summary.status(ofStep: n)
                let mark: String
                switch p?.status {
                case .done?: mark = "[x]"
                case .skipped?: mark = "[-]"
                default: mark = "[ ]"
                }
                var line = "- \(mark) \(n + 1). \(cell(step.title))"
                if let p, p.status != .pending {
                    line += " — \(p.status.rawValue) by \(cell(p.actor)) at \(stamp(p.at))" + (p.note.map { ": \(cell($0))" } ?? "")
                }
                md.append(line)
            }
        } else {
            md.append("No runbook was attached.")
        }
        md.append("")
        md.append("## Action items")
        md.append("")
        if summary.actionItems.isEmpty {
            // None recorded yet: the questions the review answers, and how to record the answers.
            md.append("None recorded yet (`vigil incident action add \(i.id) --text … --owner … --due YYYY-MM-DD`). For the review:")
            md.append("")
            md.append("- [ ] What would have detected this sooner?")
            md.append("- [ ] What would have prevented it?")
            md.append("- [ ] Owner and due date for each item")
        } else {
            for item in ActionItem.openFirst(summary.actionItems) {
                let details = item.details(at: now)
                md.append("- [\(item.isDone ? "x" : " ")] \(item.number). \(cell(item.text))" + (details.isEmpty ? "" : " — " + cell(details)))
            }
        }
        return md.joined(separator: "\n") + "\n"
    }

    static func d(_ t: TimeInterval?) -> String { t.map { DurationFormat.compact(max(0, $0)) } ?? "—" }

    public static func stamp(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd HH:mm"
        return f.string(from: date)
    }

    /// Safe inside a Markdown table cell: one line, pipes escaped.
    static func cell(_ text: String) -> String {
        TypedText.line(text).replacingOccurrences(of: "|", with: "\\|")
    }
}
