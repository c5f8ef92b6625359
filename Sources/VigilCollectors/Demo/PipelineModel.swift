import Foundation
import VigilCore

/// A catalog pipeline with the per-pipeline traits drawn from the seed (typical duration, retries, flakiness).
struct PipelineModel: Sendable {
    let index: Int
    let spec: PipelineSpec
    let cadence: Cadence
    let hash: SeededHash
    let typicalDuration: TimeInterval
    let maxTries: Int
    let retryDelay: TimeInterval
    /// Chance that a scheduled run fails for a random reason.
    let failureRate: Double
    /// Share of the run's duration each task takes; sums to 1.
    let taskWeights: [Double]
    /// The story's pipelines only fail when the script says so, so the story reads the same for every seed.
    let isScripted: Bool
    let tier: Int

    var id: String { spec.id }
    var isDagster: Bool { spec.source == DemoCatalog.dagster }
    var isAirflow: Bool { spec.source == DemoCatalog.airflow }

    /// Where the pipeline's code lives, as its tracebacks show it.
    var codeFile: String {
        switch spec.source {
        case DemoCatalog.dagster: return "/opt/dagster/app/\(id).py"
        case DemoCatalog.spark: return "/opt/spark/jobs/\(id).py"
        default: return "/opt/airflow/dags/\(id).py"
        }
    }

    /// No run lasts longer than this from trigger to end; bounds how far back a tick looks for changing runs.
    var maxSpan: TimeInterval { 900 + typicalDuration * 12 + 3 * retryDelay + Double(spec.tasks.count) * 10 }

    static let scriptedIDs: Set<String> = ["customer_sync", "stg_customers_job", "customer_marts_job", "revenue_marts_job"]

    init(index: Int, spec: PipelineSpec, seed: UInt64, start: Date) {
        self.index = index
        self.spec = spec
        cadence = Cadence(spec.schedule, start: start)
        let hash = SeededHash(seed: seed, spec.source, spec.id)
        self.hash = hash
        isScripted = PipelineModel.scriptedIDs.contains(spec.id)
        let (lo, hi): (Double, Double) = switch cadence.interval {
        case ...900: (60, 200)
        case ...3600: (150, 600)
        case ...7200: (240, 900)
        case ...21600: (480, 1500)
        default: (900, 2400)
        }
        typicalDuration = spec.id == "customer_sync" ? 170 : hash.range(1, lo, hi).rounded()
        maxTries = spec.id == "customer_sync" ? 2 : hash.int(2, 1, 3)
        retryDelay = spec.id == "customer_sync" ? 180 : hash.pick(3, [60, 120, 180, 300])
        failureRate = isScripted ? 0 : hash.range(4, 0.03, 0.07)
        let raw = spec.tasks.enumerated().map { i, task in PipelineModel.weight(of: task) * hash.range(10 + UInt64(i), 0.6, 1.4) }
        let sum = raw.reduce(0, +)
        taskWeights = raw.map { $0 / sum }
        tier = spec.produces.map(DemoCatalog.tier(of:)).min() ?? 3
    }

    /// Heavy lifting (extracts, loads, model builds) dominates; checks and notifications are quick.
    static func weight(of task: String) -> Double {
        if task.hasPrefix("extract") || task.hasPrefix("load_") || task.hasPrefix("dbt_run") || task.hasPrefix("compute") { return 3 }
        if task.hasPrefix("push_") || task.hasPrefix("query") || task.hasPrefix("materialize") || task.hasPrefix("write_") { return 2 }
        if task.hasPrefix("notify") || task.hasPrefix("publish") || task.hasPrefix("wait_for") || task.hasPrefix("list_") { return 0.3 }
        return 0.8
    }

    var pipeline: Pipeline {
        Pipeline(source: spec.source, pipelineID: spec.id, schedule: cadence.cron, scheduleInterval: cadence.interval,
                 owner: spec.owner, tasks: spec.tasks, tier: tier)
    }
}
