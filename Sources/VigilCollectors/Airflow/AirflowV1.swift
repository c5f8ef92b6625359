import Foundation

/// Airflow 2's REST API v1 shapes (captured from 2.10.5), as far as Vigil reads them. Differences from v2:
/// `schedule_interval` is an object, runs have `execution_date` and no `duration`/`run_after`, task instances have
/// no `operator_name`, and assets are "datasets".
public enum AirflowV1 {
    /// GET /api/v1/dags (active DAGs only, by default).
    public struct DAGCollection: Decodable, Sendable, Equatable {
        public var dags: [DAG]
        public var totalEntries: Int
    }

    public struct DAG: Decodable, Sendable, Equatable {
        public var dagId: String
        public var isPaused: Bool?
        public var isActive: Bool?
        public var scheduleInterval: ScheduleInterval?
        public var timetableDescription: String?
        public var tags: [AirflowTag]?
        public var owners: [String]
        /// The logical date of the next run (the start of its data interval).
        public var nextDagrun: Date?
        /// When the scheduler should create that run (the end of its data interval).
        public var nextDagrunCreateAfter: Date?
        public var nextDagrunDataIntervalStart: Date?
        public var nextDagrunDataIntervalEnd: Date?
        public var hasImportErrors: Bool?
        /// As in v2: when the scheduler last parsed the DAG's file, and which file.
        public var lastParsedTime: Date?
        public var fileToken: String?
    }

    /// `{"__type": "CronExpression", "value": "@daily"}`, `{"__type": "TimeDelta", "days": 1, "seconds": 0,
    /// "microseconds": 0}` or `{"__type": "RelativeDelta", ...}`.
    public struct ScheduleInterval: Decodable, Sendable, Equatable {
        public var type: String
        public var value: String?
        public var days: Int?
        public var seconds: Int?
        public var microseconds: Int?

        private enum CodingKeys: String, CodingKey {
            case type = "__type", value, days, seconds, microseconds
        }
    }

    /// GET /api/v1/dags/~/dagRuns, POST /api/v1/dags/~/dagRuns/list.
    public struct DAGRunCollection: Decodable, Sendable, Equatable {
        public var dagRuns: [DAGRun]
        public var totalEntries: Int
    }

    public struct DAGRun: Decodable, Sendable, Equatable {
        public var dagRunId: String
        public var dagId: String
        /// Always set in Airflow 2 (a manual run's is its trigger time); `execution_date` is the same value.
        public var logicalDate: Date?
        public var executionDate: Date?
        public var startDate: Date?
        public var endDate: Date?
        public var dataIntervalStart: Date?
        public var dataIntervalEnd: Date?
        public var runType: String
        public var state: String
        public var externalTrigger: Bool?
        public var note: String?
    }

    /// GET /api/v1/dags/{dag_id}/dagRuns/{run_id}/taskInstances.
    public struct TaskInstanceCollection: Decodable, Sendable, Equatable {
        public var taskInstances: [TaskInstance]
        public var totalEntries: Int
    }

    public struct TaskInstance: Decodable, Sendable, Equatable {
        public var taskId: String
        public var dagId: String
        public var dagRunId: String?
        public var mapIndex: Int?
        public var startDate: Date?
        public var endDate: Date?
        public var duration: Double?
        public var state: String?
        public var tryNumber: Int
        /// Retries allowed, as in v2.
        public var maxTries: Int
        public var `operator`: String?
        public var note: String?
    }

    /// GET /api/v1/datasets/events.
    public struct DatasetEventCollection: Decodable, Sendable, Equatable {
        public var datasetEvents: [DatasetEvent]
        public var totalEntries: Int
    }

    public struct DatasetEvent: Decodable, Sendable, Equatable {
        public var id: Int
        public var datasetId: Int
        public var datasetUri: String
        public var sourceDagId: String?
        public var sourceTaskId: String?
        public var sourceRunId: String?
        public var timestamp: Date
    }

    /// GET /api/v1/datasets.
    public struct DatasetCollection: Decodable, Sendable, Equatable {
        public var datasets: [Dataset]
        public var totalEntries: Int
    }

    public struct Dataset: Decodable, Sendable, Equatable {
        public var id: Int
        public var uri: String
        public var producingTasks: [AirflowV2.TaskRef]
        public var consumingDags: [AirflowV2.DAGRef]
    }
}
