import Foundation
import VigilCore

extension AirflowReader {
    /// The error of a failed task instance's try, from its log: v2 answers structured events (JSON), v1 (Airflow 2)
    /// the text log when asked for text/plain (its JSON form is a Python repr inside a string). Reads at most
    /// `maxBytes`: a bigger log throws `.tooLarge` unread. nil when the log holds no error.
    func taskError(of task: TaskInstance, maxBytes: Int) async throws -> String? {
        let (taskID, mapIndex) = AirflowMapping.splitTaskID(task.taskID)
        let path = prefix + "/dags/\(AirflowURL.segment(task.pipelineID))/dagRuns/\(AirflowURL.segment(task.runID))"
            + "/taskInstances/\(AirflowURL.segment(taskID))/logs/\(task.tryNumber)"
        let mapQuery = mapIndex.map { [("map_index", String($0))] } ?? []
        let error: String?
        switch api {
        case .v2:
            let body = try await client.body(path, query: mapQuery, api: api, maxBodyBytes: maxBytes)
            error = AirflowMapping.taskError(try AirflowJSON.decode(AirflowV2.TaskLog.self, from: body, source: source,
                                                                    endpoint: path))
        case .v1:
            let body = try await client.body(path, query: [("full_content", "true")] + mapQuery, api: api,
                                             maxBodyBytes: maxBytes, accept: "text/plain")
            error = AirflowMapping.taskError(text: String(decoding: body, as: UTF8.self))
        }
        // A task may print anything, even the credentials Vigil logs in with: they never reach the store.
        guard let error else { return nil }
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
