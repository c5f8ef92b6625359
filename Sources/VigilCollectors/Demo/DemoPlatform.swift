import Foundation
import VigilCore

/// A run as the simulated orchestrator reports it at some moment, with its task instances.
public struct SimulatedRun: Sendable, Equatable {
    public var run: PipelineRun
    public var tasks: [TaskInstance]
}

/// The simulated data platform: two orchestrators and a warehouse. Pure: every answer is a function of
/// (seed, start, the time asked about), so the demo replays identically and ticks can be any size.
public struct DemoPlatform: Sendable {
    public let seed: UInt64
    /// T0 of the scripted story (whole seconds).
    public let start: Date
    public let story: DemoStory
    public let pipelines: [Pipeline]
    public let datasets: [Dataset]
    public let lineage: [LineageEdge]

    public static let sourceNames = [DemoCatalog.airflow, DemoCatalog.dagster, DemoCatalog.warehouse]

    let core: SimulationCore
    /// The incidents the demo plays, with times settled against the simulated world.
    let scriptedIncidents: [ScriptedIncident]

    public init(seed: UInt64 = 42, start: Date) {
        let t0 = Date(timeIntervalSince1970: start.timeIntervalSince1970.rounded(.down))
        let core = SimulationCore(seed: seed, start: t0)
        self.seed = seed
        self.start = t0
        self.core = core
        story = core.story
        pipelines = core.models.map(\.pipeline)
        let calm = SimulationCore(seed: seed, start: t0, calm: true)
        datasets = core.datasetNames.map { name in
            let model = core.datasetModels[name]!
            return Dataset(name: name, tier: model.tier, policy: FreshnessCalibration.policy(for: model, calm: calm),
                           source: DemoCatalog.warehouse, producedBy: model.producer.map { core.models[$0].id },
                           owner: model.owner, identity: DemoPlatform.identity(name))
        }
        lineage = DemoPlatform.edges(core)
        let hubspot = datasets.first { $0.name == "exports.hubspot_contacts" }!
        scriptedIncidents = core.story.incidents(hubspotDetected: DemoPlatform.warnCrossing(hubspot, core: core))
    }

    /// When the lagging export crossed warn_after during the quota window; the incident opens then.
    private static func warnCrossing(_ dataset: Dataset, core: SimulationCore) -> Date {
        let story = core.story
        let latest = story.at(-20)
        if let loaded = core.loadedAt(dataset.name, at: latest) {
            let crossing = Date(timeIntervalSince1970: ((loaded.timeIntervalSince1970 + dataset.policy.warnAfter) / 60).rounded(.up) * 60 + 60)
            if crossing >= story.hubspotQuota.lowerBound && crossing <= latest { return crossing }
        }
        return story.at(-50)
    }

    /// Runs triggered in [from, to) and already created at `now`, in the state they have at `now`, oldest first.
    public func runs(of pipeline: Pipeline, from: Date, to: Date, now: Date) -> [PipelineRun] {
        simulatedRuns(of: pipeline, from: from, to: to, now: now).map(\.run)
    }

    /// Like `runs`, with each run's task instances as of `now`.
    public func simulatedRuns(of pipeline: Pipeline, from: Date, to: Date, now: Date) -> [SimulatedRun] {
        guard let index = core.modelIndex[pipeline.pipelineID] else { return [] }
        let upper = min(to.addingTimeInterval(-0.001), now)
        return core.plans(core.models[index], triggeredAfter: from.addingTimeInterval(-0.001), upTo: upper).compactMap { plan in
            plan.run(at: now).map { SimulatedRun(run: $0, tasks: plan.taskInstances(at: now)) }
        }
    }

    /// max(loaded_at) of a dataset as seen at `at`; nil if it never loaded.
    public func loadedAt(dataset: String, at: Date) -> Date? { core.loadedAt(dataset, at: at) }

    /// The pipeline's typical (median-ish) run duration, around which run durations are drawn.
    public func typicalDuration(of pipeline: Pipeline) -> TimeInterval? {
        core.modelIndex[pipeline.pipelineID].map { core.models[$0].typicalDuration }
    }

    /// How long a pass over a simulated source takes: a stable, plausible figure per source (an orchestrator API is
    /// slower than a warehouse query), and the Dagster webserver's 10 s timeout in the story's Dagster window.
    public func passSeconds(of source: String, at: Date) -> Double {
        if source == DemoCatalog.dagster && story.dagsterDegraded.contains(at) { return 10 }
        return (SeededHash(seed: seed, "pass", source).range(0, 0.2, 1.7) * 1_000).rounded() / 1_000
    }

    /// Lineage as each source would report it: orchestrators know pipeline → dataset, the producer's source knows model inputs.
    /// Where the demo's tables live: one PostgreSQL warehouse, database "prod".
    static func identity(_ name: String) -> DatasetIdentity? {
        let parts = name.split(separator: ".").map(String.init)
        guard parts.count == 2 else { return nil }
        return .postgres(host: "warehouse.internal", port: 5432, database: "prod", schema: parts[0], table: parts[1])
    }

    /// A file the partner-feeds DAG also writes, which no dataset stands for: the Sources detail lists it as not placed.
    public static let partnerFeedFile = "s3://acme-partner-feeds/sales/daily.csv"

    /// Lineage as each source would report it. Airflow names what its DAGs write by asset URI, as a real
    /// deployment does (`postgres://warehouse.internal:5432/prod/raw/orders`); the store joins those onto the
    /// warehouse's tables by identity, like real Airflow, dbt and PostgreSQL sources.
    var lineageBySource: [String: [LineageEdge]] {
        var bySource: [String: [LineageEdge]] = [:]
        for var edge in lineage {
            if case .pipeline(DemoCatalog.airflow, _) = edge.upstream, let name = edge.downstream.datasetName,
               let identity = Self.identity(name) {
                let parts = identity.name.split(separator: ".")
                edge.downstream = LineageNode.dataset("\(identity.namespace)/\(parts.joined(separator: "/"))")
            }
            let source: String
            if case .pipeline(let pipelineSource?, _) = edge.upstream {
                source = pipelineSource
            } else if case .pipeline(let pipelineSource?, _) = edge.downstream {
                source = pipelineSource
            } else {
                source = core.datasetModels[edge.downstream.name]?.producer.map { core.models[$0].spec.source } ?? DemoCatalog.warehouse
            }
            bySource[source, default: []].append(edge)
        }
        bySource[DemoCatalog.airflow, default: []].append(
            LineageEdge(upstream: LineageNode.pipeline(source: DemoCatalog.airflow, id: "export_partner_feeds"),
                        downstream: LineageNode.dataset(Self.partnerFeedFile)))
        return bySource
    }

    private static func edges(_ core: SimulationCore) -> [LineageEdge] {
        var edges: [LineageEdge] = []
        for model in core.models {
            for name in model.spec.produces {
                edges.append(LineageEdge(upstream: LineageNode.pipeline(source: model.spec.source, id: model.id),
                                         downstream: LineageNode.dataset(name)))
            }
        }
        for name in core.datasetNames {
            let dataset = core.datasetModels[name]!
            // An OpenLineage job says what it read (input -> job) and wrote (job -> output), not table to table.
            let pushed = dataset.producer.map { core.models[$0] }.flatMap { $0.spec.source == DemoCatalog.spark ? $0 : nil }
            for upstream in dataset.upstream {
                let node = pushed.map { LineageNode.pipeline(source: DemoCatalog.spark, id: $0.id) } ?? LineageNode.dataset(name)
                edges.append(LineageEdge(upstream: LineageNode.dataset(upstream), downstream: node))
            }
        }
        return edges
    }
}
