import Foundation
import VigilCore
import VigilStore

/// A platform of the size issue 6 asks Vigil to stay fast at: by default 2,000 pipelines with 30 days of runs,
/// 20,000 datasets with freshness history and lineage, and 200 incidents. Written through the same `StoreWriter`
/// calls the collectors use, so the store has the shape (and the indexes) a real one has after a month.
/// Deterministic: the same sizes give the same store.
public struct LargePlatform: Sendable {
    public var pipelines = 2_000
    public var datasets = 20_000
    public var days = 30
    public var incidents = 200
    /// The store's clock: what "now" is for the generated history.
    public var now: Date

    public init(now: Date = Date()) {
        self.now = Date(timeIntervalSince1970: (now.timeIntervalSince1970 / 60).rounded(.down) * 60)
    }

    static let sources = ["airflow-prod", "airflow-batch"]
    static let domains = ["orders", "customers", "payments", "billing", "marketing", "inventory", "shipping",
                          "finance", "product", "support", "risk", "ads", "search", "growth", "hr", "legal"]

    /// Seconds between scheduled runs of pipeline `i`: a quarter hourly, a quarter every 4 hours, half daily.
    func interval(_ i: Int) -> TimeInterval {
        switch i % 4 {
        case 0: return 3_600
        case 1: return 4 * 3_600
        default: return 86_400
        }
    }

    /// A deterministic scramble of two numbers (SplitMix64's multipliers), for durations and sprinkled failures.
    func noise(_ a: Int, _ b: Double) -> UInt64 {
        let z = (UInt64(truncatingIfNeeded: a) &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(b)
        return ((z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9) >> 17
    }

    func pipelineID(_ i: Int) -> String { "\(Self.domains[i % Self.domains.count])_\(String(format: "%04d", i))_load" }
    func source(_ i: Int) -> String { Self.sources[i % Self.sources.count] }
    func identity(_ j: Int) -> DatasetIdentity {
        let parts = datasetName(j).split(separator: ".").map(String.init)
        return .postgres(host: "bench-warehouse", port: 5432, database: "warehouse", schema: parts[0], table: parts[1])
    }
    func datasetName(_ j: Int) -> String {
        let layer = ["raw", "staging", "intermediate", "analytics", "marts"][j % 5]
        return "\(layer).\(Self.domains[(j / 5) % Self.domains.count])_\(String(format: "%05d", j))"
    }
    /// Pipeline that produces dataset `j` (ten datasets each at the default sizes).
    func producer(_ j: Int) -> Int { j % pipelines }
    func tier(_ j: Int) -> Int { j % 20 == 0 ? 1 : (j % 4 == 0 ? 2 : 3) }

    /// Writes everything into `store`, reporting progress as (what, done, total).
    public func write(into store: Store, progress: (String, Int, Int) -> Void = { _, _, _ in }) throws {
        try store.write { w in
            try w.setMeta("clock", String(now.timeIntervalSince1970))
            for name in Self.sources {
                try w.upsertSource(SourceStatus(name: name, kind: .airflow, health: .ok, lastAttemptAt: now,
                                                lastSuccessAt: now, lastPassSeconds: 2.5))
            }
            try w.upsertSource(SourceStatus(name: "warehouse", kind: .postgres, health: .ok, lastAttemptAt: now,
                                            lastSuccessAt: now, lastPassSeconds: 0.4))
        }
        try writePipelines(into: store, progress: progress)
        try writeDatasets(into: store, progress: progress)
        try writeIncidents(into: store)
    }

    private func writePipelines(into store: Store, progress: (String, Int, Int) -> Void) throws {
        let iso = ISO8601DateFormatter()
        let start = now.addingTimeInterval(-Double(days) * 86_400)
        for batch in stride(from: 0, to: pipelines, by: 50) {
            try store.write { w in
                for i in batch..<min(pipelines, batch + 50) {
                    let every = interval(i)
                    let tasks = ["extract", "validate", "transform", "load", "publish"]
                    try w.upsertPipeline(Pipeline(source: source(i), pipelineID: pipelineID(i),
                                                  schedule: every == 3_600 ? "@hourly" : (every == 86_400 ? "@daily" : "0 */4 * * *"),
                                                  scheduleInterval: every, owner: "team-\(Self.domains[i % Self.domains.count])",
                                                  isPaused: i % 97 == 0, tasks: tasks))
                    // A few pipelines are failing now, some are running, the rest fine; failures sprinkled in history.
                    let failingNow = i % 37 == 0
                    var slot = (start.timeIntervalSince1970 / every).rounded(.up) * every
                    var newest: PipelineRun?
                    while slot + every <= now.timeIntervalSince1970 {
                        let duration = 60 + Double(noise(i, slot) % 600)
                        let isNewest = slot + 2 * every > now.timeIntervalSince1970
                        let failed = isNewest ? failingNow : noise(i &+ pipelines, slot) % 40 == 0
                        let running = isNewest && !failingNow && i % 11 == 0
                        let logical = Date(timeIntervalSince1970: slot)
                        let started = logical.addingTimeInterval(every)
                        let run = PipelineRun(source: source(i), pipelineID: pipelineID(i),
                                              runID: "scheduled__" + iso.string(from: logical),
                                              state: running ? .running : (failed ? .failed : .success),
                                              logicalDate: logical, startedAt: started,
                                              endedAt: running ? nil : started.addingTimeInterval(duration))
                        try w.upsertRun(run)
                        newest = run
                        slot += every
                    }
                    if let newest { try writeTasks(of: newest, tasks: tasks, into: w) }
                }
            }
            progress("pipelines", min(pipelines, batch + 50), pipelines)
        }
    }

    private func writeTasks(of run: PipelineRun, tasks: [String], into w: StoreWriter) throws {
        var at = run.startedAt ?? now
        for (k, task) in tasks.enumerated() {
            let failed = run.state == .failed && k == 3
            let state: RunState = run.state == .failed ? (k < 3 ? .success : (failed ? .failed : .upstreamFailed))
                : (run.state == .running && k >= 2 ? (k == 2 ? .running : .queued) : .success)
            try w.upsertTaskInstance(TaskInstance(
                source: run.source, pipelineID: run.pipelineID, runID: run.runID, taskID: task, state: state,
                tryNumber: failed ? 3 : 1, maxTries: 3, startedAt: at, endedAt: state == .running ? nil : at.addingTimeInterval(40),
                operatorName: "PythonOperator",
                errorMessage: failed ? "psycopg2.errors.QueryCanceled: canceling statement due to statement timeout\n"
                    + "  while loading \(run.pipelineID) batch \(run.runID)" : nil))
            at = at.addingTimeInterval(45)
        }
    }

    private func writeDatasets(into store: Store, progress: (String, Int, Int) -> Void) throws {
        try store.write { w in
            for j in 0..<datasets {
                let p = producer(j)
                let every = interval(p)
                try w.upsertDataset(Dataset(name: datasetName(j), tier: tier(j),
                                            policy: FreshnessPolicy(warnAfter: 2 * every, errorAfter: 3 * every),
                                            source: source(p), producedBy: pipelineID(p), owner: "team-\(Self.domains[p % Self.domains.count])",
                                            identity: identity(j)))
            }
            // Lineage: each dataset past the first layer reads one or two datasets of earlier layers; its producer
            // names it by asset URI with the task that writes it, as Airflow does, so every snapshot joins 20,000
            // asset names onto the tables' identities.
            for source in Self.sources {
                var edges: [LineageEdge] = []
                var via: [LineageEdge: String] = [:]
                for j in 0..<datasets where self.source(producer(j)) == source {
                    let parts = identity(j).name.split(separator: ".").joined(separator: "/")
                    let produce = LineageEdge(upstream: LineageNode.pipeline(source: source, id: pipelineID(producer(j))),
                                              downstream: LineageNode.dataset("\(identity(j).namespace)/\(parts)"))
                    edges.append(produce)
                    via[produce] = "load"
                    guard j >= 5 else { continue }
                    edges.append(LineageEdge(upstream: LineageNode.dataset(datasetName(j - 5)), downstream: LineageNode.dataset(datasetName(j))))
                    if j % 3 == 0, j >= 11 {
                        edges.append(LineageEdge(upstream: LineageNode.dataset(datasetName(j - 11)), downstream: LineageNode.dataset(datasetName(j))))
                    }
                }
                try w.replaceLineage(source: source, edges: edges, via: via)
            }
            // A day of hourly test results on every fourth dataset (one in ten of those failing): quality and pass
            // rates in every snapshot.
            for j in stride(from: 0, to: datasets, by: 4) {
                for hour in 0..<24 {
                    let at = now.addingTimeInterval(-Double(hour) * 3_600 - 600)
                    try w.recordCheck(DataCheck(dataset: datasetName(j), name: "not_null_id", kind: .test, state: .pass,
                                                failures: 0, at: at, source: source(producer(j))))
                    try w.recordCheck(DataCheck(dataset: datasetName(j), name: "accepted_values_status", kind: .test,
                                                state: j % 40 == 0 ? .fail : .pass, failures: j % 40 == 0 ? 7 : 0, at: at,
                                                source: source(producer(j))))
                }
            }
        }
        // A month of SLO history as the intervals it leaves in the store (observing 20,000 datasets every few
        // minutes for 30 days would take hours), then the last day observed hourly through recordFreshness.
        let dayStart = now.timeIntervalSince1970 - 86_400
        for batch in stride(from: 0, to: datasets, by: 1_000) {
            try store.write { w in
                for j in batch..<min(datasets, batch + 1_000) {
                    try w.appendFreshnessHistory(history(j, until: dayStart), dataset: datasetName(j))
                }
            }
            progress("freshness history", min(datasets, batch + 1_000), datasets)
        }
        let hours = Array(stride(from: dayStart, through: now.timeIntervalSince1970, by: 3_600))
        for (step, t) in hours.enumerated() {
            try store.write { w in
                for j in 0..<datasets {
                    try w.recordFreshness(FreshnessSample(dataset: datasetName(j), observedAt: Date(timeIntervalSince1970: t),
                                                          loadedAt: Date(timeIntervalSince1970: t - lag(j, at: t))))
                }
            }
            progress("freshness observations (last 24 h)", step + 1, hours.count)
        }
    }

    /// Fresh, with a two-hour warn episode on one day in 29 (then an hour in error for some), and a half-hour
    /// collector outage (unknown) on day 10 for one source.
    func history(_ j: Int, until end: Double) -> [FreshnessInterval] {
        let start = now.timeIntervalSince1970 - Double(days) * 86_400
        var out: [FreshnessInterval] = []
        func add(_ a: Double, _ b: Double, _ state: FreshnessState) {
            guard b > a else { return }
            out.append(FreshnessInterval(start: Date(timeIntervalSince1970: a), end: Date(timeIntervalSince1970: b), state: state))
        }
        var t = start
        for d in 0..<days {
            let day = start + Double(d) * 86_400
            if (d + j) % 29 == 0 {
                add(t, day + 6 * 3_600, .fresh)
                add(day + 6 * 3_600, day + 8 * 3_600, .warn)
                t = day + 8 * 3_600
                if j % 7 == 0 { add(t, t + 3_600, .error); t += 3_600 }
            }
            if d == 10, source(producer(j)) == Self.sources[1] {
                add(t, day + 3_600, .fresh)
                add(day + 3_600, day + 5_400, .unknown)
                t = day + 5_400
            }
        }
        add(t, end, .fresh)
        return FreshnessIntervals.merged(out.filter { $0.start.timeIntervalSince1970 < end })
    }

    /// A dataset's lag at time `t` in the last day: within its policy (loads at each schedule slot), except the
    /// datasets of the pipelines failing now, whose loads stopped six hours ago.
    func lag(_ j: Int, at t: Double) -> Double {
        let every = interval(producer(j))
        let stoppedAt = now.timeIntervalSince1970 - 6 * 3_600
        if producer(j) % 37 == 0, t > stoppedAt {
            return t - (stoppedAt / every).rounded(.down) * every
        }
        return t - (t / every).rounded(.down) * every
    }

    private func writeIncidents(into store: Store) throws {
        let openCount = min(incidents, 20)
        try store.write { w in
            for k in 0..<incidents {
                let isOpen = k >= incidents - openCount
                let p = (k * 37) % pipelines
                let opened = isOpen ? now.addingTimeInterval(-Double(incidents - k) * 900)
                    : now.addingTimeInterval(-Double(days) * 86_400 * Double(incidents - k) / Double(incidents))
                let id = "INC-\(k + 1)"
                let severity = Severity.allCases[k % Severity.allCases.count]
                try w.upsertIncident(Incident(
                    id: id, title: "\(pipelineID(p)) failing; \(datasetName(p)) stale", severity: severity,
                    state: isOpen ? (k % 2 == 0 ? .acknowledged : .triggered) : .resolved, openedAt: opened,
                    resolvedAt: isOpen ? nil : opened.addingTimeInterval(3_600 + Double(k % 7) * 600),
                    lead: k % 3 == 0 ? nil : "oncall-\(k % 5)", affectedDatasets: [datasetName(p), datasetName(p + 5)],
                    affectedPipelines: ["\(source(p))/\(pipelineID(p))"], causeKey: LineageNode.pipeline(source: source(p), id: pipelineID(p)).text,
                    signalAt: opened.addingTimeInterval(-240)))
                let events: [(TimeInterval, TimelineEventKind, String, String)] = [
                    (0, .detected, "vigil", "opened by detection: \(pipelineID(p)) failed"),
                    (300, .acknowledged, "oncall-\(k % 5)", "acknowledged"),
                    (900, .note, "oncall-\(k % 5)", "upstream API returning 503s; retrying with backoff"),
                    (1_800, .note, "vigil", "\(datasetName(p + 5)) stale too (same cause)"),
                ]
                for (offset, kind, actor, text) in events where isOpen ? offset < 600 : true {
                    try w.appendTimeline(TimelineEvent(incidentID: id, at: opened.addingTimeInterval(offset), kind: kind, actor: actor, text: text))
                }
                if !isOpen {
                    try w.appendTimeline(TimelineEvent(incidentID: id, at: opened.addingTimeInterval(3_600), kind: .resolved,
                                                       actor: "oncall-\(k % 5)", text: "resolved"))
                }
            }
        }
    }
}
