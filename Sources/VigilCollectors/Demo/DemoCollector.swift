import Foundation
import VigilCore
import VigilStore

/// Writes the simulated platform into a store through the same API real collectors use.
/// Each tick writes only what changed since the previous one, so the console's redraws stay cheap.
public final class DemoCollector: @unchecked Sendable {
    public let platform: DemoPlatform
    public let store: Store
    /// Serialises ticks; guards the mutable state below.
    private let lock = NSLock()
    private var lastTick: Date
    /// Scripted incident key -> store id, assigned by the store when the incident opens.
    private var incidentIDs: [String: String] = [:]
    /// Whether the store's own demo state (clock, incident ids) has been read yet.
    private var attached = false
    /// True when the store already holds this demo's history (same seed and start).
    private var storeHasHistory = false

    /// How much history backfill writes before the start.
    public static let historySpan: TimeInterval = 26 * 3600

    public init(store: Store, seed: UInt64 = 42, start: Date) {
        self.store = store
        platform = DemoPlatform(seed: seed, start: start)
        lastTick = platform.start
        checks = DemoChecks(start: platform.start, datasets: platform.datasets.map(\.name))
    }

    private let checks: DemoChecks

    /// T0 of the story (the given start, floored to whole seconds).
    public var start: Date { platform.start }

    /// Simulated time of the last tick (the start until the first tick).
    public var simulatedNow: Date { lock.withLock { lastTick } }

    /// Static definitions, runbooks, the last 26 hours of runs and freshness, and incidents opened before the start.
    public func backfill() throws {
        try lock.withLock {
            let t0 = platform.start
            try attach()
            guard !storeHasHistory else { return }  // resumed: history is there and newer state must not be overwritten
            var ids = incidentIDs
            try store.write { w in
                try writeClock(w, t0)
                for runbook in DemoRunbooks.all { try w.upsertRunbook(runbook) }
                for pipeline in platform.pipelines { try w.upsertPipeline(pipeline) }
                for dataset in platform.datasets { try w.upsertDataset(dataset) }
                for (source, edges) in platform.lineageBySource.sorted(by: { $0.key < $1.key }) {
                    try w.replaceLineage(source: source, edges: edges)
                }
                for model in platform.core.models {
                    for plan in platform.core.plans(model, triggeredAfter: t0.addingTimeInterval(-Self.historySpan), upTo: t0) {
                        if let run = plan.run(at: t0) { try w.upsertRun(run) }
                        for task in plan.taskInstances(at: t0) { try w.upsertTaskInstance(task) }
                    }
                }
                for sample in historySamples(until: t0) { try w.recordFreshness(sample) }
                for check in checks.results(after: t0.addingTimeInterval(-Self.historySpan), upTo: t0) { try w.recordCheck(check) }
                try playScript(w, after: .distantPast, upTo: t0, ids: &ids)
            }
            incidentIDs = ids
            lastTick = t0
        }
    }

    /// Advances the simulation to `simNow`, writing everything that changed in (last tick, simNow] in one transaction.
    /// The result does not depend on tick size: every write is either the state at `simNow` or an event
    /// with its own timestamp, appended in time order.
    public func tick(to simNow: Date) throws {
        try lock.withLock {
            try attach()
            let from = lastTick
            guard simNow > from else { return }
            var ids = incidentIDs
            try store.write { w in
                try writeClock(w, simNow)
                try writeRunChanges(w, after: from, upTo: simNow)
                for sample in tickSamples(after: from, upTo: simNow) { try w.recordFreshness(sample) }
                for check in checks.results(after: from, upTo: simNow) { try w.recordCheck(check) }
                try playScript(w, after: from, upTo: simNow, ids: &ids)
            }
            incidentIDs = ids
            lastTick = simNow
        }
    }

    /// Runs until the task is cancelled: simulated time = last tick + elapsed real time * speed, ticking about once a second.
    public func run(speed: Double) async throws {
        let base = simulatedNow
        let clock = ContinuousClock()
        let began = clock.now
        while !Task.isCancelled {
            let elapsed = began.duration(to: clock.now)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            try tick(to: base.addingTimeInterval(seconds * speed))
            do { try await Task.sleep(for: .seconds(1)) } catch is CancellationError { return }
        }
    }

    // MARK: Writing

    private func writeClock(_ w: StoreWriter, _ now: Date) throws {
        try w.setMeta("demo", "1")
        try w.setMeta(Self.worldKey, worldID)
        try w.setMeta("clock", String(now.timeIntervalSince1970))
        for source in platform.sources(at: now) { try w.upsertSource(source) }
    }

    /// Upserts runs and task instances whose state at `to` differs from their state at `from`.
    private func writeRunChanges(_ w: StoreWriter, after from: Date, upTo to: Date) throws {
        for model in platform.core.models {
            for plan in platform.core.plans(model, triggeredAfter: from.addingTimeInterval(-model.maxSpan), upTo: to) {
                guard let now = plan.run(at: to) else { continue }
                if plan.run(at: from) != now { try w.upsertRun(now) }
                let before = Dictionary(uniqueKeysWithValues: plan.taskInstances(at: from).map { ($0.taskID, $0) })
                for task in plan.taskInstances(at: to) where before[task.taskID] != task {
                    try w.upsertTaskInstance(task)
                }
            }
        }
    }

    /// Every 15 simulated minutes over the history window, plus one at the start.
    private func historySamples(until t0: Date) -> [FreshnessSample] {
        var times = gridTimes(after: t0.addingTimeInterval(-Self.historySpan - 1), upTo: t0, step: 900)
        if times.last != t0 { times.append(t0) }
        return times.flatMap { t in platform.datasets.map { sample($0.name, t) } }
    }

    /// A sample per dataset every 5 simulated minutes, plus one whenever a dataset loads, in time order.
    private func tickSamples(after from: Date, upTo to: Date) -> [FreshnessSample] {
        var samples = gridTimes(after: from, upTo: to, step: 300).flatMap { t in platform.datasets.map { sample($0.name, t) } }
        let core = platform.core
        for model in core.models {
            for plan in core.plans(model, triggeredAfter: from.addingTimeInterval(-model.maxSpan), upTo: to)
            where plan.succeeded && plan.endAt > from && plan.endAt <= to {
                samples += model.spec.produces.map { sample($0, plan.endAt) }
            }
        }
        for name in core.datasetNames {
            guard let dataset = core.datasetModels[name], dataset.external != nil else { continue }
            samples += core.externalLoads(dataset, after: from, upTo: to).map { sample(name, $0) }
        }
        return samples.sorted { ($0.observedAt, $0.dataset) < ($1.observedAt, $1.dataset) }
    }

    private func sample(_ name: String, _ t: Date) -> FreshnessSample {
        FreshnessSample(dataset: name, observedAt: t, loadedAt: platform.loadedAt(dataset: name, at: t))
    }

    /// Epoch-aligned grid points in (from, to].
    private func gridTimes(after from: Date, upTo to: Date, step: TimeInterval) -> [Date] {
        var g = (from.timeIntervalSince1970 / step).rounded(.down) * step + step
        var result: [Date] = []
        while g <= to.timeIntervalSince1970 {
            result.append(Date(timeIntervalSince1970: g))
            g += step
        }
        return result
    }

    // MARK: Incidents

    /// Plays scripted incident events in (from, to], oldest first.
    private func playScript(_ w: StoreWriter, after from: Date, upTo to: Date, ids: inout [String: String]) throws {
        var due: [(incident: ScriptedIncident, index: Int)] = []
        for incident in platform.scriptedIncidents {
            for (i, event) in incident.events.enumerated() where event.at > from && event.at <= to { due.append((incident, i)) }
        }
        due.sort { $0.incident.events[$0.index].at < $1.incident.events[$1.index].at }
        for (incident, index) in due {
            let event = incident.events[index]
            if let cause = incident.causeKey {
                try playOnDetected(w, incident, event: event, index: index, cause: cause)
                continue
            }
            let id: String
            if index == 0 {
                id = try w.nextIncidentID()
                ids[incident.key] = id
                try w.setMeta(Self.metaKey(incident.key), id)
            } else if let known = ids[incident.key] {
                id = known
            } else {
                continue  // opened before this store's history began
            }
            if index == 0 || event.state != nil || event.lead != nil {
                try w.upsertIncident(incident.incident(id: id, at: event.at))
            }
            try w.appendTimeline(TimelineEvent(incidentID: id, at: event.at, kind: event.kind, actor: event.actor, text: event.text))
            if let step = event.step, let runbook = incident.runbookID {
                try w.recordStepProgress(RunbookStepProgress(incidentID: id, runbookID: runbook, stepIndex: step.index,
                                                             status: step.status, actor: event.actor, at: event.at, note: step.note))
            }
        }
    }

    /// The people's part of an incident detection opened: events apply to the open incident with that cause (none
    /// open: nothing to act on yet). The detector wrote the detection itself, so the script's first event is skipped.
    private func playOnDetected(_ w: StoreWriter, _ incident: ScriptedIncident, event: ScriptedEvent, index: Int, cause: String) throws {
        guard index > 0, let id = try w.openIncidentID(causeKey: cause), var record = try w.incident(id: id) else { return }
        if event.state != nil || event.lead != nil {
            if let state = event.state {
                record.state = state
                if state == .resolved { record.resolvedAt = event.at }
            }
            if let lead = event.lead { record.lead = lead }
            try w.upsertIncident(record)
        }
        try w.appendTimeline(TimelineEvent(incidentID: id, at: event.at, kind: event.kind, actor: event.actor, text: event.text))
        if let step = event.step, let runbook = record.runbookID ?? incident.runbookID {
            try w.recordStepProgress(RunbookStepProgress(incidentID: id, runbookID: runbook, stepIndex: step.index,
                                                         status: step.status, actor: event.actor, at: event.at, note: step.note))
        }
    }

    /// A collector restarted on a store this demo already wrote resumes from the store's clock,
    /// so nothing is replayed twice (timeline and progress rows are append-only).
    private func attach() throws {
        guard !attached else { return }
        guard try store.meta(Self.worldKey) == worldID else { attached = true; return }
        storeHasHistory = true
        for incident in platform.scriptedIncidents {
            if let id = try store.meta(Self.metaKey(incident.key)) { incidentIDs[incident.key] = id }
        }
        if let clock = try store.meta("clock").flatMap(Double.init) {
            lastTick = max(lastTick, Date(timeIntervalSince1970: clock))
        }
        attached = true
    }

    /// Names the simulated world a store holds.
    private var worldID: String { "seed=\(platform.seed) start=\(Int(platform.start.timeIntervalSince1970))" }
    private static let worldKey = "demo.world"

    private static func metaKey(_ key: String) -> String { "demo.incident.\(key)" }
}
