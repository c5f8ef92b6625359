import Foundation
import VigilCore
import VigilStore

/// The one place a pass reaches the store: `Collector.collect()` calls it inside one transaction, for every kind.
/// (A small type in VigilCollectors rather than a `StoreWriter` extension in VigilStore: the volume and schema
/// readings are judged against stored history by the quality rules, which live with the collectors.)
enum SourcePassWriter {
    /// The source ok or degraded, with a success at `at`, and everything `data` holds.
    static func write(_ data: SourceData, source: String, kind: SourceKind, at now: Date, to w: StoreWriter) throws {
        if data.pushed {
            try w.recordPushedEvent(source: source, kind: kind, at: now)
        } else {
            try w.upsertSource(SourceStatus(
                name: source, kind: kind, health: data.health, lastAttemptAt: now, lastSuccessAt: now,
                lastError: data.problems.isEmpty ? nil : TextSanitizer.collapsed(data.problems.joined(separator: "; ")),
                note: data.notes.isEmpty ? nil : TextSanitizer.collapsed(data.notes.joined(separator: "; "), limit: 500)))
        }
        for pipeline in data.pipelines { try data.pushed ? w.mergePipeline(pipeline) : w.upsertPipeline(pipeline) }
        // A pipeline or dataset gone from a complete listing leaves the panes; its runs and history stay.
        if data.pipelineListing == .complete {
            _ = try w.retirePipelines(source: source, keeping: Set(data.pipelines.map(\.pipelineID)), at: now)
        }
        for dataset in data.datasets { try w.upsertDataset(dataset) }
        if data.datasetListing == .complete {
            _ = try w.retireDatasets(source: source, keeping: Set(data.datasets.map(\.name)), at: now)
        }
        for run in data.runs { try data.pushed ? w.mergeRun(run) : w.upsertRun(run) }
        for task in data.taskInstances { try data.pushed ? w.mergeTaskInstance(task) : w.upsertTaskInstance(task) }
        // An event may name its dataset by URI, identity or alias: what it says goes to the known dataset it stands for.
        let resolves = data.resolveDatasetNames && !(data.freshness.isEmpty && data.checks.isEmpty && data.rowCounts.isEmpty)
        let names = resolves ? try w.datasetNameIndex() : nil
        func resolved(_ name: String) -> String { names?.resolve(name) ?? name }
        for var sample in data.freshness {
            sample.dataset = resolved(sample.dataset)
            try w.recordFreshness(sample)
        }
        if let lineage = data.lineage { try w.replaceLineage(source: source, edges: lineage, via: data.producers) }
        if !data.pushedLineage.isEmpty { try w.addLineage(source: source, edges: data.pushedLineage, via: data.producers) }
        for var check in data.checks {
            check.dataset = resolved(check.dataset)
            try w.recordCheck(check)
        }
        for count in data.rowCounts { try w.recordRowCount(dataset: resolved(count.dataset), rows: count.rows, at: count.at) }
        for reading in data.tableReadings { try PostgresQuality.write(reading, to: w, source: source, at: now) }
        if let defined = data.definedChecks { try w.retireChecks(source: source, keeping: defined) }
        if let activity = data.warehouseActivity { try w.replaceWarehouseActivity(source: source, activity) }
        for change in data.changes { try w.recordChange(change, at: now) }
        if !data.changeMarks.isEmpty { try w.setChangeMarks(source: source, data.changeMarks, at: now) }
    }

    /// A pass that could not read: only the source's status (it keeps its last success time; its data stays).
    static func writeFailure(_ failure: some CustomStringConvertible, health: SourceHealth, source: String,
                             kind: SourceKind, at now: Date, to w: StoreWriter) throws {
        try w.upsertSource(SourceStatus(name: source, kind: kind, health: health, lastAttemptAt: now,
                                        lastError: failure.description))
    }
}
