import Foundation

// What the actions send and read back (captured from Airflow 3.3.2 and 2.10.5; see the fixtures' READMEs).

/// POST /api/v2/dags/{dag_id}/clearTaskInstances and /api/v1/...: one task of one run, as the Airflow UI's "Clear" of a
/// task instance does it (any state, not only failed; the run set running again). Every option is sent, since Airflow 2
/// and 3 differ in their defaults (v1's `reset_dag_runs` is false, v2's true).
struct AirflowClearBody: Encodable {
    /// A task id, or [task id, map index] for one instance of a mapped task (Airflow 3 only).
    enum TaskMarker: Encodable {
        case task(String)
        case mapped(String, Int)

        func encode(to encoder: any Encoder) throws {
            switch self {
            case let .task(id):
                var c = encoder.singleValueContainer()
                try c.encode(id)
            case let .mapped(id, index):
                var c = encoder.unkeyedContainer()
                try c.encode(id)
                try c.encode(index)
            }
        }
    }

    var dryRun: Bool
    var dagRunId: String
    var taskIds: [TaskMarker]
    var onlyFailed = false
    var resetDagRuns = true
    var includeDownstream: Bool
    var includeUpstream = false
    var includeFuture = false
    var includePast = false

    enum CodingKeys: String, CodingKey {
        case dryRun = "dry_run", dagRunId = "dag_run_id", taskIds = "task_ids", onlyFailed = "only_failed"
        case resetDagRuns = "reset_dag_runs", includeDownstream = "include_downstream", includeUpstream = "include_upstream"
        case includeFuture = "include_future", includePast = "include_past"
    }
}

/// POST /api/v2/dags/{dag_id}/dagRuns: `logical_date` must be there (422 without it); null makes a manual run with no
/// data interval. Airflow 2 (v1) sets the logical date itself when the field is left out, and is sent no such key.
struct AirflowTriggerBody: Encodable {
    var note: String
    var api: AirflowAPI

    enum CodingKeys: String, CodingKey { case logicalDate = "logical_date", note }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if api == .v2 { try c.encodeNil(forKey: .logicalDate) }
        try c.encode(note, forKey: .note)
    }
}

/// PATCH /api/vN/dags/{dag_id}?update_mask=is_paused.
struct AirflowPauseBody: Encodable {
    var isPaused: Bool

    enum CodingKeys: String, CodingKey { case isPaused = "is_paused" }
}

/// The DAG as GET and PATCH /api/vN/dags/{dag_id} answer, as far as the actions read it.
struct AirflowDAGPaused: Decodable, Sendable {
    var dagId: String
    var isPaused: Bool?
}

extension AirflowV1 {
    /// What POST /api/v1/dags/{dag_id}/clearTaskInstances answers: references to the task instances, without state or
    /// map index.
    public struct TaskInstanceReferenceCollection: Decodable, Sendable, Equatable {
        public var taskInstances: [TaskInstanceReference]
    }

    public struct TaskInstanceReference: Decodable, Sendable, Equatable {
        public var taskId: String
        public var dagId: String?
        public var dagRunId: String?
    }
}
