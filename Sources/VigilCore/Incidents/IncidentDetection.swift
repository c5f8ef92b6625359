import Foundation

/// The detection rules, pure: which signals a snapshot raises, and what to do with them given the open incidents.
public enum IncidentDetection {
    /// Every signal in `snapshot`: tier-1 datasets in error, datasets whose burn rate pages, tier-1 pipelines failing.
    public static func signals(in snapshot: PlatformSnapshot) -> [IncidentSignal] {
        var atRisk = AtRisk()
        return signals(in: snapshot, atRisk: &atRisk)
    }

    /// `signals`, with the tier-1 counts downstream kept in `atRisk` from the pass before where they still hold.
    public static func signals(in snapshot: PlatformSnapshot, atRisk: inout AtRisk) -> [IncidentSignal] {
        atRisk.prepare(for: snapshot)
        let now = snapshot.now
        var out: [IncidentSignal] = []
        var roles = RootCause.Context(snapshot)
        // By index, reading in place: only the datasets that raise a signal are copied out (see `datasetIndex`).
        for i in snapshot.datasets.indices {
            let state = snapshot.datasets[i].state(now: now)
            // A burn alert outlives the breach by up to its short window (30 m); once the dataset is fresh again the
            // breach is over, so it raises nothing new (the budget figures still show what it cost).
            let pages = snapshot.datasets[i].slo?.alert == .page && state != .fresh
            guard (state == .error && snapshot.datasets[i].dataset.tier == 1) || pages else { continue }
            let d = snapshot.datasets[i]
            let why = RootCause.whyStale(d.dataset.name, in: snapshot, context: &roles)
            let node = LineageNode.dataset(d.dataset.name)
            let causeKey = (why.cause.map { LineageNode($0.pipeline) } ?? node).text
            let lag = d.lag(now: now).map { "stale " + DurationFormat.compact($0) } ?? "never loaded"
            var text = "\(d.dataset.name) (tier \(d.dataset.tier)) \(state == .error ? lag : "burning its error budget")"
            if pages, let h1 = d.slo?.burnRates[.h1] { text += String(format: ", 1h burn %.1fx", h1) }
            out.append(IncidentSignal(
                kind: state == .error && d.dataset.tier == 1 ? .datasetStale : .burnPage,
                incidentKind: why.cause?.kind == .failed ? .pipeline : .freshness, subject: node, tier: d.dataset.tier,
                since: d.lastLoadedAt.map { $0.addingTimeInterval(d.dataset.policy.errorAfter) },
                causeKey: causeKey, causeText: why.cause?.phrase(now: now),
                tier1AtRisk: atRisk.downstream(of: node, in: snapshot) + (d.dataset.tier == 1 ? 1 : 0), text: text))
        }
        for p in snapshot.pipelines where p.pipeline.tier == 1 && p.health(now: now) == .failing {
            let node = LineageNode(p.pipeline)
            let cause = RootCause.cause(of: p, now: now)
            out.append(IncidentSignal(
                kind: .pipelineFailing, incidentKind: .pipeline, subject: node, tier: 1, since: cause?.since, causeKey: node.text,
                causeText: cause?.phrase(now: now), tier1AtRisk: atRisk.downstream(of: node, in: snapshot),
                text: "\(p.pipeline.pipelineID) (tier 1) failing" + (cause?.failedTask.map { ": \($0.taskID) failed (try \($0.tryNumber)/\($0.maxTries))" } ?? "")))
        }
        out += correctnessSignals(in: snapshot, atRisk: &atRisk)
        if !snapshot.changes.isEmpty { attachChanges(to: &out, in: snapshot) }
        return out.sorted { ($0.causeKey, $0.subject) < ($1.causeKey, $1.subject) }
    }

    /// Names the newest change before each signal's failure, to its subject or upstream: looked for back from the
    /// failed run's start when a failed pipeline is the cause, else from when the signal began.
    static func attachChanges(to signals: inout [IncidentSignal], in snapshot: PlatformSnapshot) {
        let graph = snapshot.graph
        let pipelines = Dictionary(snapshot.pipelines.map { (LineageNode($0.pipeline).text, $0) }, uniquingKeysWith: { a, _ in a })
        for i in signals.indices {
            let s = signals[i]
            let failedRun = pipelines[s.causeKey].flatMap { RootCause.cause(of: $0, now: snapshot.now) }.flatMap { c in
                c.kind == .failed ? c.run : nil
            }
            let (from, what): (Date, String)
            if let started = failedRun?.startedAt ?? failedRun?.logicalDate {
                (from, what) = (started, "the failed run started")
            } else if let since = s.since {
                (from, what) = (since, s.kind == .checksFailing ? "the checks failed" : "the failure began")
            } else {
                (from, what) = (snapshot.now, "it was detected")
            }
            signals[i].changeBefore = ChangeContext.before(from, touching: s.subject, lineage: graph, changes: snapshot.changes).first
            signals[i].changeBeforeWhat = what
        }
    }

    /// The change a group of signals names: the newest of theirs.
    public static func changeBefore(_ group: [IncidentSignal]) -> IncidentSignal? {
        group.filter { $0.changeBefore != nil }.max { ($0.changeBefore!.change.at, $0.changeBefore!.change.id) < ($1.changeBefore!.change.at, $1.changeBefore!.change.id) }
    }

    /// Datasets whose checks fail, whatever their freshness: one signal each, grouped per dataset (a correctness
    /// incident is about the data, never merged with a pipeline's). Errored checks (the check itself could not run)
    /// and warnings raise nothing.
    static func correctnessSignals(in snapshot: PlatformSnapshot, atRisk: inout AtRisk) -> [IncidentSignal] {
        var out: [IncidentSignal] = []
        for i in snapshot.datasets.indices where snapshot.datasets[i].quality?.checks.contains(where: { $0.state == .fail }) == true {
            let d = snapshot.datasets[i]
            let failing = d.quality?.checks.filter { $0.state == .fail } ?? []
            let node = LineageNode.dataset(d.dataset.name)
            let names = failing.prefix(3).map { c in c.name + (c.failures.map { " (\($0) failing row\($0 == 1 ? "" : "s"))" } ?? "") }
            let more = failing.count > 3 ? " and \(failing.count - 3) more" : ""
            out.append(IncidentSignal(
                kind: .checksFailing, incidentKind: .correctness, subject: node, tier: d.dataset.tier,
                since: failing.map(\.at).min(), causeKey: correctnessKeyPrefix + node.text, causeText: nil,
                tier1AtRisk: atRisk.downstream(of: node, in: snapshot) + (d.dataset.tier == 1 ? 1 : 0),
                text: "\(d.dataset.name) (tier \(d.dataset.tier)) fails \(failing.count == 1 ? "a check" : "\(failing.count) checks"): "
                    + names.joined(separator: ", ") + more))
        }
        return out
    }

    /// How many tier-1 datasets lie downstream of each node a pass signals (BlastRadius), kept from one pass to the
    /// next while the lineage graph and the tier-1 datasets are the same: a platform in trouble raises the same
    /// signals pass after pass, and each walked its whole downstream every time (at 20,000 generated datasets,
    /// thousands of nodes each).
    public struct AtRisk: Sendable {
        private var graph: LineageGraph?
        private var tier1: Int?
        private var counts: [LineageNode: Int] = [:]

        public init() {}

        /// Forgets the counts when `snapshot`'s graph or tier-1 datasets differ from those they were counted in.
        mutating func prepare(for snapshot: PlatformSnapshot) {
            var hasher = Hasher()
            for i in snapshot.datasets.indices where snapshot.datasets[i].dataset.tier == 1 { hasher.combine(snapshot.datasets[i].dataset.name) }
            let tier1 = hasher.finalize()
            guard tier1 != self.tier1 || graph != snapshot.graph else { return }
            self.tier1 = tier1
            graph = snapshot.graph
            counts = [:]
        }

        mutating func downstream(of node: LineageNode, in snapshot: PlatformSnapshot) -> Int {
            if let known = counts[node] { return known }
            let count = BlastRadius.of(node, in: snapshot).tier1Count
            counts[node] = count
            return count
        }
    }

    /// Correctness incidents' cause keys: "checks:dataset:NAME".
    public static let correctnessKeyPrefix = "checks:"

    /// What the detector does with one group of signals sharing a cause.
    public enum Action: Sendable, Equatable {
        /// No open incident has this cause: open one.
        case open(causeKey: String, signals: [IncidentSignal], severity: Severity, title: String, kind: IncidentKind)
        /// An open incident has this cause: add the signals it does not list yet to its timeline (all of them, with
        /// `recurring`, when it had recovered and breaches again).
        case append(incidentID: String, signals: [IncidentSignal], recurring: Bool = false)
        /// Everything an open incident lists is healthy again: say so once, suggest resolving (a person resolves).
        case recovered(incidentID: String)
        /// Its signals now call for a higher severity (a wider blast radius than when it opened); never lowers.
        case escalate(incidentID: String, to: Severity)
    }

    /// Plans actions from this snapshot's signals and the open incidents (with the cause each was opened for).
    /// A group joins the open incident opened for its cause, or else one that already lists one of its subjects
    /// (a table still stale after its producer recovered stays with the incident about that producer).
    /// `alreadySaidRecovered` holds incidents whose timeline already says they recovered (said once).
    public static func plan(_ signals: [IncidentSignal], open: [(incident: Incident, causeKey: String?)],
                            alreadySaidRecovered: Set<String>) -> [Action] {
        var actions: [Action] = []
        var active: Set<String> = []
        let groups = Dictionary(grouping: signals, by: \.causeKey)
        func listed(_ i: Incident) -> Set<LineageNode> {
            Set(i.affectedDatasets.map(LineageNode.dataset) + i.affectedPipelines.map(LineageNode.init(pipelineReference:)))
        }
        // Correctness and availability never share an incident: a failing test is not a late table.
        func sameKind(_ i: Incident, _ group: [IncidentSignal]) -> Bool {
            (i.kind == .correctness) == group.contains { $0.kind == .checksFailing }
        }
        for key in groups.keys.sorted() {
            let group = groups[key] ?? []
            let existing = open.first(where: { $0.causeKey == key })?.incident
                ?? open.first(where: { o in sameKind(o.incident, group) && group.contains { listed(o.incident).contains($0.subject) } })?.incident
            if let existing {
                active.insert(existing.id)
                if alreadySaidRecovered.contains(existing.id) {
                    // It had recovered and breaches again: a recurring signal goes on the same timeline.
                    actions.append(.append(incidentID: existing.id, signals: group, recurring: true))
                } else {
                    let new = group.filter { !listed(existing).contains($0.subject) }
                    if !new.isEmpty { actions.append(.append(incidentID: existing.id, signals: new)) }
                }
                let severity = IncidentSeverityRule.severity(of: group)
                if severity < existing.severity { actions.append(.escalate(incidentID: existing.id, to: severity)) }
            } else {
                actions.append(.open(causeKey: key, signals: group, severity: IncidentSeverityRule.severity(of: group),
                                     title: title(for: group), kind: kind(of: group)))
            }
        }
        for (incident, key) in open where key != nil && !active.contains(incident.id) && !alreadySaidRecovered.contains(incident.id) {
            actions.append(.recovered(incidentID: incident.id))
        }
        return actions
    }

    /// Correctness when checks fail; pipeline when a failed pipeline is behind any signal; freshness otherwise.
    static func kind(of group: [IncidentSignal]) -> IncidentKind {
        if group.contains(where: { $0.incidentKind == .correctness }) { return .correctness }
        return group.contains { $0.incidentKind == .pipeline } ? .pipeline : .freshness
    }

    /// "raw.customers stale: customer_sync.push_to_crm failed (try 2/2)", "3 datasets stale: ...",
    /// "customer_sync failing: push_to_crm failed (try 2/2)". Datasets name the incident when there are any:
    /// they are what the business sees.
    static func title(for group: [IncidentSignal]) -> String {
        if let checks = group.first(where: { $0.kind == .checksFailing }) {
            // "analytics.fct_orders fails 2 checks: accepted_values_status (3 failing rows), ..."
            return checks.text.replacingOccurrences(of: " (tier \(checks.tier))", with: "")
        }
        let datasets = group.filter { $0.kind != .pipelineFailing }.map(\.subjectName)
        let pipelines = group.filter { $0.kind == .pipelineFailing }.map(\.subject)
        let what: String
        switch datasets.count {
        case 0: what = (pipelines.first?.pipelineID ?? "pipeline") + " failing"
        case 1: what = datasets[0] + " stale"
        default: what = "\(datasets.count) datasets stale"
        }
        guard let cause = group.first(where: { $0.causeText != nil })?.causeText else { return what }
        // The cause without its age (the title should not go out of date), and without repeating a pipeline
        // the title already names.
        var timeless = cause.replacingOccurrences(of: #" \d+[dhms][0-9dhms]* ago"#, with: "", options: .regularExpression)
        let named = what.hasSuffix(" failing") ? String(what.dropLast(" failing".count)) + "." : nil
        if let named, timeless.hasPrefix(named) { timeless.removeFirst(named.count) }
        return what + ": " + timeless
    }
}
