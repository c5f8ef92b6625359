import Foundation
import VigilCore

/// One accepted event as domain data, for the source named after its job namespace.
///
/// - A job with a `parent` run facet is a task of its parent's run (Airflow's provider sends one job per task,
///   `dag.task` under the DAG's run; dbt-ol one per node under `dbt-run-PROJECT`); a job without one is a pipeline and
///   the event's run is its run.
/// - eventType: START and RUNNING are running, COMPLETE success, FAIL failed; ABORT is skipped for a task (dbt-ol
///   sends START + ABORT for a skipped node) and failed for a run (stopped abnormally); OTHER (or none) says nothing
///   of the state (queued if nothing is stored). The writer merges (`SourceData.pushed`), so a late START never
///   undoes a COMPLETE.
/// - Datasets are named by their OpenLineage identity (`namespace/name`), which the store joins onto the datasets
///   Vigil knows (dbt's nodes, warehouse tables, configured identities). Inputs and outputs are lineage edges.
/// - `dataQualityAssertions` are checks on their input dataset: `success: false` is a warning when the severity is
///   warn, a skipped test (not recorded) when `actual` is missing or the event is an ABORT, else a failure.
/// - `outputStatistics.rowCount` is a row count of the output dataset (volume history).
public enum OpenLineageMapping {
    public static func sourceData(_ event: OpenLineageEvent) -> SourceData {
        var data = SourceData()
        data.pushed = true
        data.resolveDatasetNames = true
        let source = event.namespace
        let at = event.eventTime
        guard let job = event.job else { return data }

        let pipelineID = event.parent?.job.name ?? job.name
        let taskID = event.parent.map { taskName(job.name, parent: $0.job.name) }
        let pipelineNode = LineageNode.pipeline(source: source, id: pipelineID)
        data.pipelines = [Pipeline(source: source, pipelineID: pipelineID, tasks: taskID.map { [$0] } ?? [])]

        if let runID = event.runID {
            let type = event.eventType ?? .other
            let started = type == .start ? at : nil
            let ended = [.complete, .fail, .abort].contains(type) ? at : nil
            if let parent = event.parent, let taskID {
                data.runs = [PipelineRun(source: source, pipelineID: pipelineID, runID: parent.runID, state: .running,
                                         logicalDate: event.nominalStart)]
                data.taskInstances = [TaskInstance(
                    source: source, pipelineID: pipelineID, runID: parent.runID, taskID: taskID,
                    state: taskState(type), startedAt: started, endedAt: ended,
                    errorMessage: event.errorMessage.map { TextSanitizer.collapsed($0, limit: 1000) })]
            } else {
                data.runs = [PipelineRun(source: source, pipelineID: pipelineID, runID: runID, state: runState(type),
                                         logicalDate: event.nominalStart, startedAt: started, endedAt: ended)]
            }
        }

        var edges: [LineageEdge] = []
        for input in event.inputs {
            let dataset = datasetName(input.dataset)
            edges.append(LineageEdge(upstream: .dataset(dataset), downstream: pipelineNode))
            data.checks += input.assertions.compactMap { check($0, dataset: dataset, event: event) }
        }
        for output in event.outputs {
            let dataset = datasetName(output.dataset)
            let edge = LineageEdge(upstream: pipelineNode, downstream: .dataset(dataset))
            edges.append(edge)
            data.producers[edge] = taskID ?? job.name
            if let rows = output.rowCount, rows >= 0 { data.rowCounts.append(.init(dataset: dataset, rows: rows, at: at)) }
        }
        data.pushedLineage = edges
        return data
    }

    /// The dataset node's name: its OpenLineage identity, `namespace/name`.
    static func datasetName(_ ref: OpenLineageEvent.Reference) -> String {
        DatasetIdentity(namespace: ref.namespace, name: ref.name).description
    }

    /// Airflow's task job is `dag_id.task_id` under the DAG's job: the task is what follows the DAG's name.
    static func taskName(_ name: String, parent: String) -> String {
        name.hasPrefix(parent + ".") && name.count > parent.count + 1 ? String(name.dropFirst(parent.count + 1)) : name
    }

    static func runState(_ type: OpenLineageEvent.EventType) -> RunState {
        switch type {
        case .start, .running: return .running
        case .complete: return .success
        case .fail, .abort: return .failed
        case .other: return .queued
        }
    }

    static func taskState(_ type: OpenLineageEvent.EventType) -> RunState {
        type == .abort ? .skipped : runState(type)
    }

    static func check(_ a: OpenLineageEvent.Assertion, dataset: String, event: OpenLineageEvent) -> DataCheck? {
        let state: CheckState
        if a.success {
            state = .pass
        } else if a.actual == nil || event.eventType == .abort {
            return nil
        } else {
            state = a.severity?.lowercased() == "warn" ? .warn : .fail
        }
        let name = a.name ?? ([a.assertion] + [a.column].compactMap { $0 }).joined(separator: "_")
        let subject = a.column.map { "\(a.assertion) on \($0)" } ?? a.assertion
        return DataCheck(dataset: dataset, name: name, kind: .test, state: state,
                         failures: state == .pass ? nil : a.actual.flatMap { Int($0) },
                         message: state == .pass ? nil : "\(subject) failed: \(a.actual ?? "?")",
                         at: event.eventTime, source: event.namespace)
    }
}
