import Foundation
import VigilCore

extension AirflowReader {
    /// The error of a failed task instance's try, from its log (API v2 only: Airflow 2's v1 log endpoint answers
    /// text or a Python repr, not events). Reads at most `maxBytes`: a bigger log throws `.tooLarge` unread.
    /// nil when the log holds no error.
    func taskError(of task: TaskInstance, maxBytes: Int) async throws -> String? {
        guard api == .v2 else { return nil }
        let (taskID, mapIndex) = AirflowMapping.splitTaskID(task.taskID)
        let path = prefix + "/dags/\(AirflowURL.segment(task.pipelineID))/dagRuns/\(AirflowURL.segment(task.runID))"
            + "/taskInstances/\(AirflowURL.segment(taskID))/logs/\(task.tryNumber)"
        let query = mapIndex.map { [("map_index", String($0))] } ?? []
        let body = try await client.body(path, query: query, api: api, maxBodyBytes: maxBytes)
        let log = try AirflowJSON.decode(AirflowV2.TaskLog.self, from: body, source: source, endpoint: path)
        // A task may print anything, even the credentials Vigil logs in with: they never reach the store.
        guard let error = AirflowMapping.taskError(log) else { return nil }
        return await client.scrub(error)
    }
}

extension AirflowMapping {
    /// Undoes `taskID(_:mapIndex:)`: "load[3]" is task "load", map index 3 (Airflow task ids cannot hold '[').
    static func splitTaskID(_ id: String) -> (taskID: String, mapIndex: Int?) {
        guard id.hasSuffix("]"), let open = id.lastIndex(of: "["),
              let index = Int(id[id.index(after: open)..<id.index(before: id.endIndex)]), index >= 0 else {
            return (id, nil)
        }
        return (String(id[..<open]), index)
    }
}
