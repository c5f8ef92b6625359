import Foundation
import VigilCore

/// One invocation (run_results.json) as a run, its task instances and the builds it completed.
extension DbtMapping {
    /// Failed when a model, seed or snapshot failed: tests (pass, warn, fail or error) are checks of the data
    /// (`checks`), and a test failing does not make the invocation a failed run.
    static func run(_ results: DbtRunResults, project: DbtProject, source: String) -> PipelineRun {
        let failed = results.results.contains {
            DbtProject.relationTypes.contains(project.resourceType($0.uniqueID)) && taskState($0.status).isFailure
        }
        let span = invocationSpan(results.metadata, elapsed: results.elapsedTime)
        return PipelineRun(source: source, pipelineID: project.name, runID: runID(results),
                           state: failed ? .failed : .success, startedAt: span.start, endedAt: span.end,
                           runType: results.args?.which ?? "dbt")
    }

    /// The invocation's wall time: from invocation_started_at to generated_at (when dbt wrote run_results.json), with
    /// elapsed_time standing in for whichever is missing. Not invocation_started_at + elapsed_time: dbt starts that
    /// clock after parsing the project, so it would end before the last node did (dbt 1.11: started 21:24:27.557,
    /// elapsed 0.533 s, last node done 21:24:29.596, written 21:24:29.617).
    static func invocationSpan(_ metadata: DbtRunResults.Metadata, elapsed: Double?) -> (start: Date?, end: Date?) {
        let elapsed = elapsed.flatMap { $0.isFinite && $0 >= 0 ? $0 : nil }
        let start = metadata.invocationStartedAt
            ?? metadata.generatedAt.flatMap { end in elapsed.map { end.addingTimeInterval(-$0) } }
        let end = metadata.generatedAt ?? start.flatMap { start in elapsed.map { start.addingTimeInterval($0) } }
        return (start, end)
    }

    static func taskInstances(_ results: DbtRunResults, project: DbtProject, source: String) -> [TaskInstance] {
        let runID = runID(results)
        // Nodes missing from the manifest (it was rewritten by a later parse) still get a stable, unique id.
        let ids = DbtTaskIDs(project: project.name,
                             uniqueIDs: Set(project.manifest.nodes.keys).union(project.manifest.sources.keys)
                                .union(results.results.map(\.uniqueID)))
        return results.results.map { result in
            TaskInstance(source: source, pipelineID: project.name, runID: runID, taskID: ids.id(for: result.uniqueID),
                         state: taskState(result.status), tryNumber: 1, maxTries: 1,
                         startedAt: result.startedAt, endedAt: result.completedAt,
                         operatorName: project.resourceType(result.uniqueID),
                         errorMessage: errorMessage(result))
        }
    }

    /// The invocation id; dbt always writes one, but a file without it still gets a stable id.
    static func runID(_ results: DbtRunResults) -> String {
        results.metadata.invocationID
            ?? results.metadata.generatedAt.map { "generated-\(Int($0.timeIntervalSince1970))" } ?? "unknown"
    }

    /// Models, seeds and snapshots built successfully, as freshness observations at the end of the invocation.
    static func buildSamples(_ results: DbtRunResults, project: DbtProject) -> [FreshnessSample] {
        results.results.compactMap { result in
            guard taskState(result.status) == .success, let built = result.completedAt,
                  let node = project.manifest.nodes[result.uniqueID], DbtProject.isRelation(node),
                  let name = project.datasetName(node.uniqueID) else { return nil }
            return FreshnessSample(dataset: name, observedAt: max(built, results.metadata.generatedAt ?? built), loadedAt: built)
        }
    }

    /// dbt node status -> Vigil state. Unknown statuses count as failed so they get looked at.
    static func taskState(_ status: String) -> RunState {
        switch status.lowercased() {
        case "success", "pass", "warn", "no-op": return .success
        case "skipped": return .skipped
        default: return .failed  // error, fail, runtime error, partial success, anything new
        }
    }

    /// nil for a clean result. Otherwise dbt's message with the failure count, "warn: " first for warnings,
    /// so a passing-with-warnings test is visible in the task list without turning the run red.
    static func errorMessage(_ result: DbtRunResults.Result) -> String? {
        let status = result.status.lowercased()
        let state = taskState(status)
        guard status == "warn" || state == .failed else { return nil }
        var text = result.message.flatMap { $0.isEmpty ? nil : $0 } ?? "dbt status \(result.status)"
        if let failures = result.failures, failures > 0 {
            text += " (\(failures) failure\(failures == 1 ? "" : "s"))"
        }
        return status == "warn" ? "warn: \(text)" : text
    }
}
