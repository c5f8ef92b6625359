import Foundation
import VigilCore
import VigilStore

/// Plays the simulated platform into a store through the parts real sources use: the Airflow orchestrator and the
/// warehouse are `DemoSource` collectors, the Dagster one is the real `DagsterCollector` over `SimulatedDagster`, and
/// the Spark job's OpenLineage events go through `OpenLineageIntake`, as `vigil serve` takes them. What is not a
/// source lives here: the simulated clock, the runbooks and the people's part of the story (incidents acknowledged,
/// notes, runbook steps).
/// Each tick writes only what changed since the previous one, so the console's redraws stay cheap.
public final class DemoCollector: @unchecked Sendable {
    public let platform: DemoPlatform
    public let store: Store
    /// The simulated sources, the warehouse first: its datasets are there before the Dagster assets that join them
    /// (and the checks that name them: a check's pass rates are kept on its dataset's row).
    private let warehouse: DemoSource
    private let airflow: DemoSource
    /// The demo's Dagster, read by the real Dagster collector (`SimulatedDagster` answers its queries).
    private let dagster: DagsterCollector
    private var sources: [any Collector] { [warehouse, airflow, dagster] }
    /// The demo's Spark job pushes OpenLineage events: they go through the receiver `vigil serve` runs.
    private let spark: SimulatedOpenLineage
    private let intake: OpenLineageIntake
    /// Guards the mutable state below. Ticks are called one at a time (by `DemoDriver`, or a test), each awaiting
    /// its sources' passes.
    private let lock = NSLock()
    private var lastTick: Date
    /// Scripted incident key -> store id, assigned by the store when the incident opens.
    private var incidentIDs: [String: String] = [:]
    /// Whether the store's own demo state (clock, incident ids) has been read yet.
    private var attached = false
    /// True when the store already holds this demo's history (same seed and start).
    private var storeHasHistory = false

    /// How often the demo's Dagster is polled, in simulated seconds (on an epoch-aligned grid).
    static let dagsterInterval: TimeInterval = 300

    /// Epoch-aligned grid points in (from, to].
    static func grid(after from: Date, upTo to: Date, step: TimeInterval) -> [Date] {
        var g = (from.timeIntervalSince1970 / step).rounded(.down) * step + step
        var result: [Date] = []
        while g <= to.timeIntervalSince1970 {
            result.append(Date(timeIntervalSince1970: g))
            g += step
        }
        return result
    }

    /// How much history backfill writes before the start.
    public static let historySpan: TimeInterval = 26 * 3600

    public init(store: Store, seed: UInt64 = 42, start: Date) {
        self.store = store
        let platform = DemoPlatform(seed: seed, start: start)
        self.platform = platform
        lastTick = platform.start
        let checks = DemoChecks(start: platform.start, datasets: platform.datasets.map(\.name))
        let clock = SimulatedClock(platform.start)
        self.clock = clock
        let now: @Sendable () -> Date = { clock.now }
        warehouse = DemoSource(name: DemoCatalog.warehouse, platform: platform, store: store, clock: now)
        airflow = DemoSource(name: DemoCatalog.airflow, platform: platform, store: store, clock: now)
        var settings = DagsterSettings(name: DemoCatalog.dagster, baseURL: URL(string: "http://dagster.analytics.internal:3000")!)
        settings.interval = Self.dagsterInterval
        // The history is read one pass every 3 hours (see `backfill`): the first asks for the 3 hours before it.
        settings.initialLookback = 3 * 3600
        dagster = DagsterCollector(store: store, settings: settings,
                                   transport: SimulatedDagster(platform: platform, checks: checks, clock: now), clock: now)
        spark = SimulatedOpenLineage(platform: platform)
        intake = OpenLineageIntake(store: store, clock: now)
    }

    /// The time the sources' passes read at (their `Collector.clock`).
    private let clock: SimulatedClock

    /// T0 of the story (the given start, floored to whole seconds).
    public var start: Date { platform.start }

    /// Simulated time of the last tick (the start until the first tick).
    public var simulatedNow: Date { lock.withLock { lastTick } }

    /// Static definitions, runbooks, the last 26 hours of runs and freshness, and incidents opened before the start.
    public func backfill() async throws {
        try attach()
        guard !lock.withLock({ storeHasHistory }) else { return }  // resumed: history is there, newer state must stay
        let t0 = platform.start
        // Dagster answers with what is true at the moment of each query (its latest materializations and check
        // results), so its history is what a collector watching it for a day would have read: a pass every 3 hours
        // (each is about 0.1 s in a debug build; the console waits for the backfill).
        var t = t0.addingTimeInterval(-Self.historySpan)
        while t < t0 {
            t = min(t0, t.addingTimeInterval(3 * 3600))
            try await passSources(at: t, only: t < t0 ? [dagster] : sources)
        }
        try push(after: t0.addingTimeInterval(-Self.historySpan), upTo: t0)
        var ids = lock.withLock { incidentIDs }
        try store.write { w in
            try writeClock(w, t0)
            for runbook in DemoRunbooks.all { try w.upsertRunbook(runbook) }
            try writeHistory(w, t0)
            for change in platform.story.changes { try w.recordChange(change, at: t0) }
            try playScript(w, after: .distantPast, upTo: t0, ids: &ids)
        }
        lock.withLock { incidentIDs = ids; lastTick = t0 }
    }

    /// Advances the simulation to `simNow`: a pass over each source for (last tick, simNow], then the clock and the
    /// script's events in that window. The result does not depend on tick size: every write is either the state at
    /// `simNow` or an event with its own timestamp, appended in time order.
    public func tick(to simNow: Date) async throws {
        try attach()
        let from = simulatedNow
        guard simNow > from else { return }
        // Dagster is polled on its own grid, whatever the tick size, so what it reports (a load seen at the pass
        // time) does not depend on how often the demo ticks.
        for pass in Self.grid(after: from, upTo: simNow, step: Self.dagsterInterval) where pass < simNow {
            try await passSources(at: pass, only: [dagster])
        }
        try await passSources(at: simNow, only: [warehouse, airflow])
        try push(after: from, upTo: simNow)
        if Self.grid(after: from, upTo: simNow, step: Self.dagsterInterval).last == simNow {
            try await passSources(at: simNow, only: [dagster])
        }
        var ids = lock.withLock { incidentIDs }
        try store.write { w in
            try writeClock(w, simNow)
            try playScript(w, after: from, upTo: simNow, ids: &ids)
        }
        lock.withLock { incidentIDs = ids; lastTick = simNow }
    }

    /// Runs until the task is cancelled: simulated time = last tick + elapsed real time * speed, ticking about once a second.
    public func run(speed: Double) async throws {
        let base = simulatedNow
        let clock = ContinuousClock()
        let began = clock.now
        while !Task.isCancelled {
            let elapsed = began.duration(to: clock.now)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            try await tick(to: base.addingTimeInterval(seconds * speed))
            do { try await Task.sleep(for: .seconds(1)) } catch is CancellationError { return }
        }
    }

    // MARK: Writing

    /// One pass over each simulated source at `now` (its clock), collected like a real source's, and how long the
    /// simulated pass took.
    private func passSources(at now: Date, only chosen: [any Collector]? = nil) async throws {
        clock.now = now
        let passed = chosen ?? sources
        for source in passed { try await collect(source) }
        try store.write { w in
            for source in passed {
                try w.recordPassDuration(source: source.sourceName, seconds: platform.passSeconds(of: source.sourceName, at: now))
            }
        }
    }

    /// The Spark job's OpenLineage events in (from, to], each received as `vigil serve` receives a POST (a repeat, after
    /// a restart, is a no-op), at its own time.
    private func push(after from: Date, upTo to: Date) throws {
        for body in spark.events(after: from, upTo: to) {
            if case let .failure(failure) = intake.receive(body) {
                throw DemoWriteFailure(source: DemoCatalog.spark, reason: failure.description)
            }
        }
    }

    private func collect(_ source: some Collector) async throws {
        if case let .storeFailed(reason) = await source.collect() {
            throw DemoWriteFailure(source: source.sourceName, reason: reason)
        }
    }

    private func writeClock(_ w: StoreWriter, _ now: Date) throws {
        try w.setMeta("demo", "1")
        try w.setMeta(Self.worldKey, worldID)
        try w.setMeta("clock", String(now.timeIntervalSince1970))
    }

    // MARK: Incidents

    /// The month before the story: its changes, resolved incidents and their postmortems' action items (`DemoHistory`).
    private func writeHistory(_ w: StoreWriter, _ t0: Date) throws {
        let history = DemoHistory(seed: platform.seed, start: t0)
        for change in history.changes { try w.recordChange(change, at: change.at) }
        for (incident, timeline) in history.incidents {
            try w.upsertIncident(incident)
            for event in timeline { try w.appendTimeline(event) }
        }
        // Through the writer people's actions use, so each lands on its incident's timeline too.
        for item in history.actionItems {
            try w.addActionItem(incidentID: item.incidentID, text: item.text, owner: item.owner, due: item.due,
                                at: item.createdAt, by: item.createdBy)
            if let done = item.doneAt {
                try w.markActionItemDone(incidentID: item.incidentID, number: item.number, at: done, by: item.doneBy ?? item.createdBy)
            }
        }
    }

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
        guard !lock.withLock({ attached }) else { return }
        guard try store.meta(Self.worldKey) == worldID else { lock.withLock { attached = true }; return }
        var ids: [String: String] = [:]
        for incident in platform.scriptedIncidents {
            if let id = try store.meta(Self.metaKey(incident.key)) { ids[incident.key] = id }
        }
        let clock = try store.meta("clock").flatMap(Double.init).map(Date.init(timeIntervalSince1970:))
        let resumed = lock.withLock {
            storeHasHistory = true
            incidentIDs.merge(ids) { $1 }
            if let clock { lastTick = max(lastTick, clock) }
            attached = true
            return lastTick
        }
        for source in [warehouse, airflow] { source.resume(after: resumed) }
    }

    /// Names the simulated world a store holds.
    private var worldID: String { "seed=\(platform.seed) start=\(Int(platform.start.timeIntervalSince1970))" }
    private static let worldKey = "demo.world"

    private static func metaKey(_ key: String) -> String { "demo.incident.\(key)" }
}

/// The simulated time the demo's sources read at, set by each tick.
private final class SimulatedClock: @unchecked Sendable {
    private let lock = NSLock()
    private var time: Date
    init(_ time: Date) { self.time = time }
    var now: Date {
        get { lock.withLock { time } }
        set { lock.withLock { time = newValue } }
    }
}

/// The store refused a demo source's pass.
struct DemoWriteFailure: Error, CustomStringConvertible {
    let source: String
    let reason: String
    var description: String { "\(source): could not write the store: \(reason)" }
}
