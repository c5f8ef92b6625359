import Foundation

/// A pipeline with its newest runs (newest first), as the Health pane needs it.
public struct PipelineSummary: Codable, Sendable, Equatable, Identifiable {
    public var pipeline: Pipeline
    public var recentRuns: [PipelineRun]
    /// Failed task instances of the newest finished run when it failed (what "why stale?" names as the cause).
    public var failedTasks: [TaskInstance]
    /// Success rates, failure streak and usual durations.
    public var stats: PipelineStats

    public var id: String { pipeline.id }

    public init(pipeline: Pipeline, recentRuns: [PipelineRun], failedTasks: [TaskInstance] = [], stats: PipelineStats? = nil) {
        self.pipeline = pipeline
        self.recentRuns = recentRuns
        self.failedTasks = failedTasks
        self.stats = stats ?? PipelineStats()
    }

    public var lastRun: PipelineRun? { recentRuns.first }

    public func health(now: Date) -> PipelineHealth { .of(pipeline, recentRuns: recentRuns, now: now) }
}

/// A dataset with its newest load time, as the Freshness pane needs it.
public struct DatasetSummary: Codable, Sendable, Equatable, Identifiable {
    public var dataset: Dataset
    /// Newest max(loaded_at) any collector saw; nil when it never loaded.
    public var lastLoadedAt: Date?
    /// When a collector last looked.
    public var lastObservedAt: Date?
    /// SLO figures at the snapshot's time (nil when the store was not asked for them).
    public var slo: FreshnessSLOReport?
    /// Largest lag seen in each of the last 24 UTC hours, oldest first (nil: not observed, or never loaded).
    public var lagByHour = HourlyLags()
    /// Its checks (dbt tests, volume, schema): nil when it has none.
    public var quality: DatasetQuality?

    public var id: String { dataset.id }

    public init(dataset: Dataset, lastLoadedAt: Date?, lastObservedAt: Date?, slo: FreshnessSLOReport? = nil) {
        self.dataset = dataset
        self.lastLoadedAt = lastLoadedAt
        self.lastObservedAt = lastObservedAt
        self.slo = slo
    }

    public func lag(now: Date) -> TimeInterval? { lastLoadedAt.map { max(0, now.timeIntervalSince($0)) } }

    public func state(now: Date) -> FreshnessState { dataset.policy.state(lag: lag(now: now)) }
}

/// A snapshot's datasets by name and pipelines by node, as positions in its lists; built by the first lookup (under a
/// lock: snapshots are shared between threads) and replaced, not rebuilt, when a list changes.
final class Positions: @unchecked Sendable, Equatable {
    private let lock = NSLock()
    private var built: (datasets: [String: Int], pipelines: [LineageNode: Int])?

    func of(_ s: PlatformSnapshot) -> (datasets: [String: Int], pipelines: [LineageNode: Int]) {
        lock.withLock {
            if let built { return built }
            var datasets = [String: Int](minimumCapacity: s.datasets.count)
            for (i, d) in s.datasets.enumerated() where datasets[d.dataset.name] == nil { datasets[d.dataset.name] = i }
            var pipelines = [LineageNode: Int](minimumCapacity: s.pipelines.count)
            for (i, p) in s.pipelines.enumerated() {
                let node = LineageNode(p.pipeline)
                if pipelines[node] == nil { pipelines[node] = i }
            }
            built = (datasets, pipelines)
            return (datasets, pipelines)
        }
    }

    /// An index says nothing a snapshot's lists do not.
    static func == (a: Positions, b: Positions) -> Bool { true }
}

/// Lags by hour (a dataset's sparkline), held as floats with NaN for an hour without one: 96 bytes for a day
/// where `[TimeInterval?]` took 384 (a 16-byte optional each), for every dataset of every snapshot. A float keeps
/// a lag to the second up to 194 days, more than a sparkline draws.
public struct HourlyLags: RandomAccessCollection, Codable, Sendable, Equatable {
    private var lags: [Float]

    public init(_ lags: [TimeInterval?] = []) {
        self.lags = lags.map { $0.map(Float.init) ?? .nan }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { lags.count }
    public subscript(i: Int) -> TimeInterval? { lags[i].isNaN ? nil : Double(lags[i]) }

    /// Hours without a lag are equal to each other (NaN is not equal to itself).
    public static func == (a: HourlyLags, b: HourlyLags) -> Bool { a.elementsEqual(b) }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(Array(self))
    }

    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode([TimeInterval?].self))
    }
}

/// An incident with its timeline (oldest first), runbook progress and postmortem action items (by number).
public struct IncidentSummary: Codable, Sendable, Equatable, Identifiable {
    public var incident: Incident
    public var timeline: [TimelineEvent]
    public var stepProgress: [RunbookStepProgress]
    public var actionItems: [ActionItem]

    public var id: String { incident.id }

    public init(incident: Incident, timeline: [TimelineEvent], stepProgress: [RunbookStepProgress], actionItems: [ActionItem] = []) {
        self.incident = incident
        self.timeline = timeline
        self.stepProgress = stepProgress
        self.actionItems = actionItems
    }

    /// Status of each step of the attached runbook, latest entry per step wins.
    public func status(ofStep index: Int) -> RunbookStepProgress? {
        stepProgress.last(where: { $0.stepIndex == index })
    }
}

/// Everything a console shows at one moment, read from the store in one transaction.
public struct PlatformSnapshot: Sendable, Equatable {
    /// The clock the data is judged against (real time, or simulated time in the demo).
    public var now: Date
    /// True when the demo collector writes this store: the header says DEMO.
    public var isDemo: Bool
    public var sources: [SourceStatus]
    public var pipelines: [PipelineSummary] { didSet { positions = Positions() } }
    public var datasets: [DatasetSummary] { didSet { positions = Positions() } }
    /// Where each dataset and pipeline sits, built on first lookup and dropped when either list changes.
    private var positions = Positions()
    public var lineage: [LineageEdge] { didSet { graph = LineageGraph(lineage) } }
    /// `lineage` as a graph, built once when the edges are set: every pane, drill-down and rule walks this one
    /// (at 100,000 datasets building it takes longer than a frame).
    public private(set) var graph: LineageGraph
    /// Open incidents first, then recent resolved ones.
    public var incidents: [IncidentSummary]
    public var runbooks: [Runbook]
    /// Per source, the dataset names it reported (Airflow assets, dbt nodes) that no identity rule or alias could
    /// join onto a known dataset: what a user may want to alias.
    public var unplaced: [String: [String]]
    /// Each `notify:` target's health (up, failing with its last error, last success), shown like a source's.
    public var notifyTargets: [NotifyTargetStatus] = []
    /// Changes of the last `PlatformSnapshot.changeWindow` days, newest first (root cause, the Changes view).
    public var changes: [Change] = []
    /// The incidents that named each of those changes as changed before their failure (`Incident.causeChangeID`),
    /// by change id, oldest first: resolved ones too, which `incidents` no longer holds after a week.
    public var changeIncidents: [String: [String]] = [:]

    /// Past incidents like each open incident (`SimilarIncidents`), by open incident id, strongest first.
    /// Only open incidents get them, and only the few winners carry timelines: the store ranks one bounded read of
    /// resolved incidents of the last 180 days (at most 500 rows, with only their detected entries, one query), then
    /// reads the 3 winners' timelines in full. Resolved incidents on screen need no memory, and carrying every past
    /// incident's timeline in each snapshot (read again on every store change) would cost far more than this.
    public var similar: [String: [SimilarIncident]] = [:]

    /// How far back a snapshot reads changes.
    public static let changeWindow: TimeInterval = 35 * 86_400

    public init(now: Date, isDemo: Bool = false, sources: [SourceStatus] = [], pipelines: [PipelineSummary] = [],
                datasets: [DatasetSummary] = [], lineage: [LineageEdge] = [], incidents: [IncidentSummary] = [],
                runbooks: [Runbook] = [], unplaced: [String: [String]] = [:], graph: LineageGraph? = nil) {
        self.unplaced = unplaced
        // A caller that built the graph of these edges already (the store, for producers) hands it over.
        self.graph = graph ?? LineageGraph(lineage)
        self.now = now
        self.isDemo = isDemo
        self.sources = sources
        self.pipelines = pipelines
        self.datasets = datasets
        self.lineage = lineage
        self.incidents = incidents
        self.runbooks = runbooks
    }

    /// The dataset named `name` (the first, should two share a name), through an index built once per snapshot:
    /// rules that look up every node upstream or downstream of every signal would otherwise scan or copy the whole
    /// list per lookup (a detection pass at 20,000 datasets took 17 s that way).
    public func dataset(named name: String) -> DatasetSummary? {
        datasetIndex(named: name).map { datasets[$0] }
    }

    /// Where that dataset is in `datasets`. Rules that only read a field or two of many datasets read them there in
    /// place: a copy of a summary retains and releases each of its strings and arrays (14% of a detection pass at
    /// 20,000 datasets, measured with perf).
    public func datasetIndex(named name: String) -> Int? { positions.of(self).datasets[name] }

    /// The pipeline a lineage node stands for (nil for a dataset node or an unknown pipeline).
    public func pipeline(_ node: LineageNode) -> PipelineSummary? {
        positions.of(self).pipelines[node].map { pipelines[$0] }
    }

    /// The dataset a lineage node stands for.
    public func dataset(_ node: LineageNode) -> DatasetSummary? {
        guard case .dataset(let name) = node else { return nil }
        return dataset(named: name)
    }

    public func runbook(id: String?) -> Runbook? {
        guard let id else { return nil }
        return runbooks.first { $0.id == id }
    }
}
