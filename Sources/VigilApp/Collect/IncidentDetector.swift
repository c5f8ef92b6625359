import Foundation
import VigilConfig
import VigilCore
import VigilStore

/// Runs the detection rules over what the store holds after a collector pass and records the outcome: opens
/// incidents, adds signals to the open incident with the same cause, and says once when one has recovered.
/// A person acknowledges, mitigates and resolves; detection never closes an incident.
public struct IncidentDetector: Sendable {
    public static let actor = "vigil"
    public static let recoveredText = "everything this incident lists is healthy again: resolve it once confirmed"

    let store: Store
    /// Picks the runbook to attach to a new incident from its signals (nil: none applies).
    let runbookFor: @Sendable ([IncidentSignal], PlatformSnapshot) -> String?
    /// Where incidents are sent as alerts: a new incident's firing rows go into the outbox in the transaction that
    /// opens it (and an escalation's, when a route takes only the higher severity).
    let notify: NotifyConfig?
    /// The tier-1 counts downstream of what earlier passes signalled (IncidentDetection.AtRisk).
    private let atRisk = AtRiskMemo()

    final class AtRiskMemo: @unchecked Sendable {
        private let lock = NSLock()
        private var value = IncidentDetection.AtRisk()

        func signals(in snapshot: PlatformSnapshot) -> [IncidentSignal] {
            lock.withLock { IncidentDetection.signals(in: snapshot, atRisk: &value) }
        }
    }

    public init(store: Store, notify: NotifyConfig? = nil,
                runbookFor: @escaping @Sendable ([IncidentSignal], PlatformSnapshot) -> String? = { _, _ in nil }) {
        self.store = store
        self.notify = notify
        self.runbookFor = runbookFor
    }

    private func enqueueFiring(_ incident: Incident, in snapshot: PlatformSnapshot, _ w: StoreWriter) throws {
        guard let notify else { return }
        for target in Notifier.targets(for: incident, in: snapshot, config: notify) {
            try w.enqueueNotification(target: target.name, incidentID: incident.id, state: .firing, at: snapshot.now)
        }
    }

    /// One detection pass; returns what it did, one line each, for the collector's log.
    @discardableResult
    public func run(now: Date? = nil) throws -> [String] {
        try store.exclusively("vigil-detection") { try detect(now: now) }
    }

    private func detect(now: Date?) throws -> [String] {
        let snapshot = try store.snapshot(now: now)
        let open = snapshot.incidents.filter { $0.incident.state.isOpen }
        let recovered = Set(open.filter { $0.timeline.last { $0.actor == Self.actor }?.kind == .recovered }.map(\.incident.id))
        let actions = IncidentDetection.plan(atRisk.signals(in: snapshot),
                                             open: open.map { ($0.incident, $0.incident.causeKey) },
                                             alreadySaidRecovered: recovered)
        guard !actions.isEmpty else { return [] }
        var log: [String] = []
        try store.write { w in
            for action in actions {
                switch action {
                case let .open(key, signals, severity, title, kind):
                    let id = try w.nextIncidentID()
                    var incident = Incident(id: id, title: title, severity: severity, openedAt: snapshot.now, causeKey: key,
                                            signalAt: signals.compactMap(\.since).min(), kind: kind,
                                            causeChangeID: IncidentDetection.changeBefore(signals)?.changeBefore?.change.id)
                    Self.add(signals, to: &incident)
                    incident.runbookID = runbookFor(signals, snapshot)
                    try w.upsertIncident(incident)
                    try w.appendTimeline(TimelineEvent(incidentID: id, at: snapshot.now, kind: .detected, actor: Self.actor,
                                                       text: Self.detectedText(signals, now: snapshot.now)))
                    try enqueueFiring(incident, in: snapshot, w)
                    log.append("opened \(id) (\(severity.label), \(kind.label)): \(title)")
                case let .append(id, signals, recurring):
                    // Read inside the transaction, so a person's change since the snapshot (an ack) is kept.
                    guard var incident = try w.incident(id: id) else { continue }
                    Self.add(signals, to: &incident)
                    try w.upsertIncident(incident)
                    for s in signals {
                        try w.appendTimeline(TimelineEvent(incidentID: id, at: snapshot.now, kind: .signal, actor: Self.actor,
                                                           text: (recurring ? "again: " : "same cause: ") + s.text))
                    }
                    log.append("\(id): \(signals.count) \(recurring ? "recurring" : "more") signal(s) with the same cause")
                case let .escalate(id, severity):
                    // Read inside the transaction: an append above may have just updated the same incident.
                    guard var incident = try w.incident(id: id), severity < incident.severity else { continue }
                    let old = incident.severity
                    incident.severity = severity
                    try w.upsertIncident(incident)
                    try w.appendTimeline(TimelineEvent(incidentID: id, at: snapshot.now, kind: .severityChanged, actor: Self.actor,
                                                       text: "severity \(old.label) → \(severity.label): more tier-1 datasets at risk"))
                    try enqueueFiring(incident, in: snapshot, w)
                    log.append("\(id): escalated to \(severity.label)")
                case let .recovered(id):
                    try w.appendTimeline(TimelineEvent(incidentID: id, at: snapshot.now, kind: .recovered, actor: Self.actor,
                                                       text: Self.recoveredText))
                    log.append("\(id): everything it lists is healthy again")
                }
            }
        }
        return log
    }

    /// The most specific stored runbook whose `applies_to` selects the signals' datasets or pipelines.
    public static func matchingRunbook(_ signals: [IncidentSignal], _ snapshot: PlatformSnapshot) -> String? {
        let tiers = Dictionary(snapshot.datasets.map { ($0.dataset.name, $0.dataset.tier) }, uniquingKeysWith: { a, _ in a })
        var datasets: [RunbookScope.Item] = []
        var pipelines: [RunbookScope.Item] = []
        for s in signals {
            switch s.subject {
            case .dataset(let name): datasets.append(RunbookScope.Item(name: name, tier: tiers[name] ?? s.tier))
            case .pipeline(let source, let id): pipelines.append(RunbookScope.Item(name: id, source: source, tier: s.tier))
            }
        }
        return RunbookMatcher.applicable(snapshot.runbooks, scope: RunbookScope(datasets: datasets, pipelines: pipelines)).first?.id
    }

    static func add(_ signals: [IncidentSignal], to incident: inout Incident) {
        for s in signals {
            if let name = s.subject.datasetName, !incident.affectedDatasets.contains(name) {
                incident.affectedDatasets.append(name)
            } else if let ref = s.subject.pipelineReference, !incident.affectedPipelines.contains(ref) {
                incident.affectedPipelines.append(ref)
            }
        }
        // The cause's pipeline is affected too, even when only its datasets raised signals.
        if let ref = incident.causeKey.flatMap(LineageNode.init(parsing:))?.pipelineReference, !incident.affectedPipelines.contains(ref) {
            incident.affectedPipelines.append(ref)
        }
    }

    /// "detected: raw.customers (tier 1) stale 2h10m (since 07:03 UTC); ... cause: customer_sync.push_to_crm failed ..."
    static func detectedText(_ signals: [IncidentSignal], now: Date) -> String {
        let parts = signals.map { s -> String in
            s.text + (s.since.map { " (signal since \(DurationFormat.compact(max(0, now.timeIntervalSince($0)))) ago)" } ?? "")
        }
        let cause = signals.compactMap(\.causeText).first.map { "; cause: " + $0 } ?? "; no upstream cause found"
        let change = IncidentDetection.changeBefore(signals)?.changeText.map { "; changed before: " + $0 } ?? ""
        return "detected: " + parts.joined(separator: "; ") + cause + change
    }
}
