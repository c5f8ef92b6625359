import Foundation
import VigilCore

/// A dataset of the simulated platform: loaded by a pipeline, or by an outside tool on a cadence.
struct DatasetModel: Sendable {
    let name: String
    let tier: Int
    let owner: String
    let upstream: [String]
    /// Index of the producing pipeline.
    let producer: Int?
    /// Load cadence of datasets no simulated pipeline produces.
    let external: Cadence?
    let hash: SeededHash
}

/// The simulated world's machinery. Everything it answers is a pure function of (seed, start, time);
/// the caches only remember answers, so sharing one across threads is safe behind the lock.
final class SimulationCore: @unchecked Sendable {
    let seed: UInt64
    let start: Date
    let story: DemoStory
    /// A world without random trouble (failures, long runs, queueing): what "normal" looks like, for calibration.
    let calm: Bool
    let models: [PipelineModel]
    let modelIndex: [String: Int]
    /// In catalog order: pipeline outputs first, then external datasets.
    let datasetNames: [String]
    let datasetModels: [String: DatasetModel]

    private let lock = NSLock()
    private var planCache: [PlanKey: RunPlan] = [:]
    private var dataTimeCache: [DataTimeKey: Date] = [:]
    private static let cacheLimit = 60_000

    private struct DataTimeKey: Hashable {
        let dataset: String
        let plan: PlanKey
    }

    init(seed: UInt64, start: Date, calm: Bool = false) {
        self.seed = seed
        self.start = start
        self.calm = calm
        story = DemoStory(start: start)
        models = DemoCatalog.pipelines.enumerated().map { PipelineModel(index: $0, spec: $1, seed: seed, start: start) }
        modelIndex = Dictionary(uniqueKeysWithValues: models.map { ($0.id, $0.index) })
        var names: [String] = []
        var byName: [String: DatasetModel] = [:]
        for model in models {
            for name in model.spec.produces {
                names.append(name)
                byName[name] = DatasetModel(name: name, tier: DemoCatalog.tier(of: name), owner: model.spec.owner,
                                            upstream: DemoCatalog.upstreams[name] ?? [], producer: model.index, external: nil,
                                            hash: SeededHash(seed: seed, "dataset", name))
            }
        }
        for ext in DemoCatalog.external {
            names.append(ext.name)
            byName[ext.name] = DatasetModel(name: ext.name, tier: DemoCatalog.tier(of: ext.name), owner: ext.owner, upstream: [],
                                            producer: nil, external: Cadence(ext.schedule, start: start),
                                            hash: SeededHash(seed: seed, "dataset", ext.name))
        }
        datasetNames = names
        datasetModels = byName
    }

    // MARK: Runs

    /// The planned run for a slot (or a scripted extra run), memoised.
    func plan(_ model: PipelineModel, slot: Int) -> RunPlan {
        let key = PlanKey(pipeline: model.index, slot: slot)
        lock.lock()
        if let cached = planCache[key] { lock.unlock(); return cached }
        lock.unlock()
        let made = makePlan(model, slot: slot)
        lock.lock()
        if planCache.count > SimulationCore.cacheLimit { planCache.removeAll(keepingCapacity: true) }
        planCache[key] = made
        lock.unlock()
        return made
    }

    /// Runs created (triggered) in the half-open interval (from, to], oldest first.
    func plans(_ model: PipelineModel, triggeredAfter from: Date, upTo to: Date) -> [RunPlan] {
        guard to > from else { return [] }
        var first = model.cadence.slot(atOrAfter: from)
        if model.cadence.trigger(first) <= from { first += 1 }
        let last = model.cadence.slot(atOrBefore: to)
        var result: [RunPlan] = []
        if first <= last { result = (first...last).map { plan(model, slot: $0) } }
        let extras = extraSlots(model).map { plan(model, slot: $0) }.filter { $0.triggerAt > from && $0.triggerAt <= to }
        if !extras.isEmpty {
            result += extras
            result.sort { $0.triggerAt < $1.triggerAt }
        }
        return result
    }

    /// The newest successful run that finished by `t`: its end is when its datasets last loaded.
    func lastSuccess(_ model: PipelineModel, by t: Date) -> RunPlan? {
        var best: RunPlan?
        var k = model.cadence.slot(atOrBefore: t)
        let floor = model.cadence.slot(atOrBefore: t.addingTimeInterval(-5 * 86400))
        while k >= floor {
            let p = plan(model, slot: k)
            if p.succeeded && p.endAt <= t { best = p; break }
            k -= 1
        }
        for slot in extraSlots(model) {
            let p = plan(model, slot: slot)
            if p.succeeded, p.endAt <= t, p.startAt > (best?.startAt ?? .distantPast) { best = p }
        }
        return best
    }

    // MARK: Freshness

    /// max(loaded_at) of a dataset as a freshness query would see it at `t`. Data time flows downstream:
    /// a model built from stale inputs is only as fresh as its stalest input, so one failure cascades.
    func loadedAt(_ name: String, at t: Date) -> Date? {
        guard let dataset = datasetModels[name] else { return nil }
        if let cadence = dataset.external { return externalLoad(dataset, cadence, at: t) }
        guard let producer = dataset.producer, let run = lastSuccess(models[producer], by: t) else { return nil }
        return dataTime(dataset, run)
    }

    private func dataTime(_ dataset: DatasetModel, _ run: RunPlan) -> Date {
        let key = DataTimeKey(dataset: dataset.name, plan: run.key)
        lock.lock()
        if let cached = dataTimeCache[key] { lock.unlock(); return cached }
        lock.unlock()
        var value = run.endAt
        // An input that never loaded (only possible before the simulated history) does not cap the value.
        for upstream in dataset.upstream {
            if let u = loadedAt(upstream, at: run.startAt) { value = min(value, u) }
        }
        lock.lock()
        if dataTimeCache.count > SimulationCore.cacheLimit { dataTimeCache.removeAll(keepingCapacity: true) }
        dataTimeCache[key] = value
        lock.unlock()
        return value
    }

    /// Outside loaders land a little after each slot.
    private func externalLoad(_ dataset: DatasetModel, _ cadence: Cadence, at t: Date) -> Date? {
        var k = cadence.slot(atOrBefore: t)
        for _ in 0..<2 {
            let landed = externalLanding(dataset, cadence, slot: k)
            if landed <= t { return landed }
            k -= 1
        }
        return nil
    }

    func externalLanding(_ dataset: DatasetModel, _ cadence: Cadence, slot k: Int) -> Date {
        cadence.trigger(k).addingTimeInterval(dataset.hash.child(k).range(1, 30, 240).rounded())
    }

    /// Times in (from, to] at which an external dataset loads.
    func externalLoads(_ dataset: DatasetModel, after from: Date, upTo to: Date) -> [Date] {
        guard let cadence = dataset.external, to > from else { return [] }
        let first = cadence.slot(atOrBefore: from) - 1
        let last = cadence.slot(atOrBefore: to)
        guard first <= last else { return [] }
        return (first...last).map { externalLanding(dataset, cadence, slot: $0) }.filter { $0 > from && $0 <= to }
    }
}
