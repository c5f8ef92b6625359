import Foundation
import VigilCore

/// One invocation (run_results.json) as a run, its task instances and the builds it completed.
extension DbtMapping {
    static func run(_ results: DbtRunResults, project: DbtProject, source: String) -> PipelineRun {
        let states = results.results.map { taskState($0.status) }
        return PipelineRun(
            source: source, pipelineID: project.name, runID: runID(results),
            state: states.contains(where: \.isFailure) ? .failed : .success,
            startedAt: results.results.compactMap(\.startedAt).min() ?? results.metadata.invocationStartedAt,
            endedAt: results.results.compactMap(\.completedAt).max() ?? results.metadata.generatedAt,
            runType: results.args?.which ?? "dbt")
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
                         operatorName: project.manifest.nodes[result.uniqueID]?.resourceType
                             ?? DbtTaskIDs.resourceType(result.uniqueID),
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
