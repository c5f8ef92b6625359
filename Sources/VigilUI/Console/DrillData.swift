import Foundation
import VigilCore

/// Data a drill-down view needs beyond the snapshot, loaded when the view opens
/// and reloaded when the store changes.
public enum DrillData: Sendable, Equatable {
    case runs([PipelineRun])
    case tasks(run: PipelineRun?, tasks: [TaskInstance])
    /// A dataset's last 24 h of freshness samples and its recent events (schema changes, removals), newest first.
    case dataset(history: [FreshnessSample], events: [DatasetEvent])
    /// A source's detail: its warehouse activity when it is a warehouse.
    case source(WarehouseActivity?)
    /// A task try's log, or why it could not be fetched.
    case log(TaskLog, error: String?)
    /// A change's detail: everything is in the snapshot.
    case change

    public static func load(_ route: Route, from source: ConsoleDataSource, now: Date) throws -> DrillData {
        switch route {
        case .pipelineRuns(let s, let id):
            return .runs(try source.runs(source: s, pipelineID: id))
        case .runTasks(let s, let id, let runID):
            let run = try source.runs(source: s, pipelineID: id).first { $0.runID == runID }
            return .tasks(run: run, tasks: try source.taskInstances(source: s, pipelineID: id, runID: runID))
        case .dataset(let name):
            return .dataset(history: try source.freshnessHistory(dataset: name, since: now.addingTimeInterval(-86_400)),
                            events: try source.datasetEvents(dataset: name))
        case .source(let name):
            return .source(try source.warehouseActivity(source: name))
        case .change:
            return .change
        case .taskLog:
            // Fetched from the orchestrator by the effect runner, never read from the store.
            return .log(TaskLog(lines: []), error: nil)
        }
    }
}
