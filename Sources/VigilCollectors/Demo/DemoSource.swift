import Foundation
import VigilCore
import VigilStore

/// A source of the simulated platform that answers in Vigil's own terms (the Airflow orchestrator and the warehouse;
/// the Dagster one answers in Dagster's, see `SimulatedDagster`), collected through the same contract as a real
/// source: each pass reads what the simulated system reports for (last pass, now], written by the shared writer.
/// The first pass reads the source's definitions and its last `historySpan`.
/// `DemoCollector` runs the passes, one at a time, at the simulated time its clock gives.
public final class DemoSource: Collector, @unchecked Sendable {
    public typealias Summary = DemoPassSummary
    /// The simulated systems always answer (their trouble is the story's: failed runs, a degraded pass).
    public enum Failure: Error, Sendable, CustomStringConvertible {
        public var description: String { switch self {} }
    }

    public let sourceName: String
    public let kind = SourceKind.demo
    public let store: Store
    public let clock: @Sendable () -> Date
    public let pacing = Pacing(interval: 1, maxBackoff: 1)

    private let platform: DemoPlatform
    /// Guards `last`.
    private let lock = NSLock()
    /// The simulated time the last written pass read up to; nil before the first.
    private var last: Date?

    init(name: String, platform: DemoPlatform, store: Store, clock: @escaping @Sendable () -> Date) {
        sourceName = name
        self.platform = platform
        self.store = store
        self.clock = clock
    }

    /// Continues after `time` (a store this demo already wrote up to then): definitions and history are there.
    func resume(after time: Date) { lock.withLock { last = time } }

    public func poll(now: Date) async -> SourcePass<DemoPassSummary, Failure> { read(upTo: now) }

    public func passWritten(_ pass: SourcePass<DemoPassSummary, Failure>) async {
        if case let .read(_, summary) = pass { lock.withLock { last = max(last ?? summary.upTo, summary.upTo) } }
    }

    /// What the simulated system reports for (last pass, `to`]; `.unchanged` when `to` is not after the last pass.
    private func read(upTo to: Date) -> SourcePass<DemoPassSummary, Failure> {
        let from = lock.withLock { last }
        if let from, to <= from { return .unchanged }
        var data = SourceData()
        let core = platform.core
        let models = core.models.filter { $0.spec.source == sourceName }
        if let from {
            // Runs and task instances whose state changed since the last pass.
            for model in models {
                for plan in core.plans(model, triggeredAfter: from.addingTimeInterval(-model.maxSpan), upTo: to) {
                    guard let now = plan.run(at: to) else { continue }
                    if plan.run(at: from) != now { data.runs.append(now) }
                    let before = Dictionary(uniqueKeysWithValues: plan.taskInstances(at: from).map { ($0.taskID, $0) })
                    data.taskInstances += plan.taskInstances(at: to).filter { before[$0.taskID] != $0 }
                }
            }
        } else {
            data.pipelines = platform.pipelines.filter { $0.source == sourceName }
            data.lineage = platform.lineageBySource[sourceName] ?? []
            for model in models {
                for plan in core.plans(model, triggeredAfter: to.addingTimeInterval(-DemoCollector.historySpan), upTo: to) {
                    if let run = plan.run(at: to) { data.runs.append(run) }
                    data.taskInstances += plan.taskInstances(at: to)
                }
            }
        }
        if sourceName == DemoCatalog.warehouse {
            if from == nil { data.datasets = platform.datasets }
            data.freshness = from.map { samples(after: $0, upTo: to) } ?? historySamples(until: to)
        }
        let summary = DemoPassSummary(upTo: to, runs: data.runs.count, taskInstances: data.taskInstances.count,
                                      samples: data.freshness.count)
        return .read(data, summary: summary)
    }

    public func describe(_ summary: DemoPassSummary) -> String {
        "\(summary.runs) runs, \(summary.taskInstances) task instances, \(summary.samples) freshness samples up to "
            + UTCText.iso(summary.upTo)
    }

    // MARK: Freshness (the warehouse)

    /// Every 15 simulated minutes over the history window, plus one at its end.
    private func historySamples(until end: Date) -> [FreshnessSample] {
        var times = DemoCollector.grid(after: end.addingTimeInterval(-DemoCollector.historySpan - 1), upTo: end, step: 900)
        if times.last != end { times.append(end) }
        return times.flatMap { t in platform.datasets.map { sample($0.name, t) } }
    }

    /// A sample per dataset every 5 simulated minutes, plus one whenever a dataset loads, in time order.
    private func samples(after from: Date, upTo to: Date) -> [FreshnessSample] {
        var samples = DemoCollector.grid(after: from, upTo: to, step: 300).flatMap { t in platform.datasets.map { sample($0.name, t) } }
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
}

/// What one pass over a simulated source read.
public struct DemoPassSummary: Sendable, Equatable {
    /// The simulated time it read up to.
    public var upTo: Date
    public var runs: Int
    public var taskInstances: Int
    public var samples: Int
}
