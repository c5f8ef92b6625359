import Foundation

/// A change found before a failure: what changed, on which node (the failing one or one upstream of it), how long
/// before the first bad signal.
public struct ChangeBefore: Sendable, Equatable {
    public var change: Change
    /// The node the change touched: the failing pipeline or dataset itself, or one upstream of it.
    public var touched: LineageNode
    /// How long before the first bad signal it was made (never negative).
    public var lead: TimeInterval

    /// "payments_ingest version 4 → 5 (bundle abc123), 12m before the first failed try"
    public func phrase(before what: String = "the failure") -> String {
        "\(change.title), \(DurationFormat.compact(lead)) before \(what)"
    }
}

/// Root cause's other half: lineage says where, recent changes say what changed there. Pure.
public enum ChangeContext {
    /// How far back from the first bad signal changes are looked for.
    public static let defaultWindow: TimeInterval = 24 * 3_600

    /// Changes made in the `window` before `failureAt` (not after it) to `node` or anything upstream of it in
    /// `lineage`, newest first: the first is the one to name as "changed before the failure".
    public static func before(_ failureAt: Date, touching node: LineageNode, lineage: LineageGraph, changes: [Change],
                              window: TimeInterval = defaultWindow) -> [ChangeBefore] {
        var scope: Set<LineageNode> = [node]
        scope.formUnion(lineage.upstream(of: node))
        let earliest = failureAt.addingTimeInterval(-window)
        return changes.compactMap { change -> ChangeBefore? in
            guard change.at <= failureAt, change.at >= earliest,
                  let touched = change.subjectNodes.first(where: scope.contains) else { return nil }
            return ChangeBefore(change: change, touched: touched, lead: failureAt.timeIntervalSince(change.at))
        }
        .sorted { ($0.change.at, $0.change.id) > ($1.change.at, $1.change.id) }
    }

    /// The changes before a failure, read from a snapshot (its lineage and recent changes).
    public static func before(_ failureAt: Date, touching node: LineageNode, in snapshot: PlatformSnapshot,
                              window: TimeInterval = defaultWindow) -> [ChangeBefore] {
        before(failureAt, touching: node, lineage: snapshot.graph, changes: snapshot.changes, window: window)
    }

    /// What a change touched downstream: every node below its subjects, nearest first, without repeats.
    public static func downstream(of change: Change, lineage: LineageGraph) -> [LineageNode] {
        var seen = Set(change.subjectNodes)
        var out: [LineageNode] = []
        for subject in change.subjectNodes {
            for n in lineage.downstream(of: subject) where seen.insert(n).inserted { out.append(n) }
        }
        return out
    }

    /// The changes before an incident: made in the `window` before its first signal (`signalAt`, else when it
    /// opened) to its cause node or any dataset or pipeline it lists, or upstream of them; newest first, each once.
    /// The change detection named (`causeChangeID`) is always among them when it is in `changes`.
    public static func before(incident: Incident, lineage: LineageGraph, changes: [Change],
                              window: TimeInterval = defaultWindow) -> [ChangeBefore] {
        var nodes: [LineageNode] = []
        if var key = incident.causeKey {
            if key.hasPrefix(IncidentDetection.correctnessKeyPrefix) { key.removeFirst(IncidentDetection.correctnessKeyPrefix.count) }
            if let node = LineageNode(parsing: key) { nodes.append(node) }
        }
        nodes += incident.affectedDatasets.map(LineageNode.dataset) + incident.affectedPipelines.map(LineageNode.init(pipelineReference:))
        let at = incident.signalAt ?? incident.openedAt
        var seen = Set<String>()
        var out: [ChangeBefore] = []
        for node in nodes {
            for c in before(at, touching: node, lineage: lineage, changes: changes, window: window) where seen.insert(c.change.id).inserted {
                out.append(c)
            }
        }
        if let named = incident.causeChangeID, !seen.contains(named), let change = changes.first(where: { $0.id == named }),
           let touched = change.subjectNodes.first {
            out.append(ChangeBefore(change: change, touched: touched, lead: max(0, at.timeIntervalSince(change.at))))
        }
        return out.sorted { ($0.change.at, $0.change.id) > ($1.change.at, $1.change.id) }
    }

    public static func before(incident: Incident, in snapshot: PlatformSnapshot) -> [ChangeBefore] {
        before(incident: incident, lineage: snapshot.graph, changes: snapshot.changes)
    }

    /// "Changed before" for a stale dataset: the newest change to it or upstream in the day before the failure —
    /// the failed run's start when a failed pipeline is the cause (as detection looks), else when the dataset crossed
    /// error_after — with what that moment was in words ("the failed run started", "it went stale").
    public static func beforeStale(_ d: DatasetSummary, why: WhyStale, in snapshot: PlatformSnapshot) -> (change: ChangeBefore, what: String)? {
        guard !snapshot.changes.isEmpty else { return nil }
        let from: Date, what: String
        if let cause = why.cause, cause.kind == .failed, let started = cause.run?.startedAt ?? cause.run?.logicalDate {
            (from, what) = (started, "the failed run started")
        } else if let loaded = d.lastLoadedAt {
            (from, what) = (loaded.addingTimeInterval(d.dataset.policy.errorAfter), "it went stale")
        } else {
            (from, what) = (snapshot.now, "now")
        }
        return before(from, touching: .dataset(d.dataset.name), in: snapshot).first.map { ($0, what) }
    }
}
