import Foundation

/// Airflow 3's REST API v2 shapes (captured from 3.3.2), as far as Vigil reads them.
public enum AirflowV2 {
    /// GET /api/v2/dags. Has no last-run data: runs come from /dags/~/dagRuns.
    public struct DAGCollection: Decodable, Sendable, Equatable {
        public var dags: [DAG]
        public var totalEntries: Int
    }

    public struct DAG: Decodable, Sendable, Equatable {
        public var dagId: String
        public var isPaused: Bool
        public var isStale: Bool?
        /// The cron expression for cron timetables ("0 0 * * *"), null for "external triggers only".
        public var timetableSummary: String?
        /// Human text: "At 00:00", "Every hour", "Never, external triggers only".
        public var timetableDescription: String?
        public var timetablePeriodic: Bool?
        public var tags: [AirflowTag]
        public var owners: [String]
        /// When the scheduler should create the next run; null when there is none to create.
        public var nextDagrunRunAfter: Date?
        public var nextDagrunLogicalDate: Date?
        public var hasImportErrors: Bool?
        /// When the DAG processor last parsed the DAG's file, and which file: together they say when the DAG's
        /// tasks may have changed.
        public var lastParsedTime: Date?
        public var fileToken: String?
    }

    /// GET /api/v2/dags/~/dagRuns. `next_cursor` exists only in 3.3+ answers to a `cursor` request.
    public struct DAGRunCollection: Decodable, Sendable, Equatable {
        public var dagRuns: [DAGRun]
        public var totalEntries: Int
        public var nextCursor: String?
    }

    public struct DAGRun: Decodable, Sendable, Equatable {
        public var dagRunId: String
        public var dagId: String
        /// Null for manual runs in Airflow 3.
        public var logicalDate: Date?
        public var queuedAt: Date?
        public var startDate: Date?
        public var endDate: Date?
        /// Seconds; null while running. (v1 has no such field.)
        public var duration: Double?
        /// The slot a scheduled run is for, or the trigger time of a manual run.
        public var runAfter: Date?
        /// "manual", "scheduled", "backfill", "asset_triggered".
        public var runType: String
        /// "queued", "running", "success", "failed".
        public var state: String
        public var note: String?
        /// The DAG versions the run used (3.0+; one unless the DAG changed mid-run): how Vigil sees a new version
        /// without asking each DAG's dagVersions.
        public var dagVersions: [DAGVersion]?
    }

    /// An entry of a run's `dag_versions` (the same shape as GET /api/v2/dags/{dag_id}/dagVersions items).
    public struct DAGVersion: Decodable, Sendable, Equatable {
        public var versionNumber: Int
        public var dagId: String
        public var bundleName: String?
        /// The bundle's version (a git commit for a git bundle); null for the local dags folder.
        public var bundleVersion: String?
        public var createdAt: Date
    }

    /// GET /api/v2/dags/{dag_id}/dagRuns/{run_id}/taskInstances.
    public struct TaskInstanceCollection: Decodable, Sendable, Equatable {
        public var taskInstances: [TaskInstance]
        public var totalEntries: Int
    }

    public struct TaskInstance: Decodable, Sendable, Equatable {
        public var taskId: String
        public var dagId: String
        public var dagRunId: String
        /// -1 unless the task is mapped.
        public var mapIndex: Int
        public var startDate: Date?
        public var endDate: Date?
        public var duration: Double?
        /// Null before the scheduler has looked at the task.
        public var state: String?
        public var tryNumber: Int
        /// Retries allowed (the task's `retries`), not total tries: try 2 with max_tries 1 is the last try.
        public var maxTries: Int
        /// The operator class, e.g. "_PythonDecoratedOperator".
        public var `operator`: String?
        /// Its display name, e.g. "@task".
        public var operatorName: String?
        public var note: String?
    }

    /// GET /api/v2/assets/events.
    public struct AssetEventCollection: Decodable, Sendable, Equatable {
        public var assetEvents: [AssetEvent]
        public var totalEntries: Int
    }

    public struct AssetEvent: Decodable, Sendable, Equatable {
        public var id: Int
        public var assetId: Int
        public var uri: String
        /// Defaults to the uri when the DAG author gave no name.
        public var name: String
        public var sourceDagId: String?
        public var sourceTaskId: String?
        public var sourceRunId: String?
        public var timestamp: Date
    }

    /// GET /api/v2/assets: who produces and who consumes each asset.
    public struct AssetCollection: Decodable, Sendable, Equatable {
        public var assets: [Asset]
        public var totalEntries: Int
    }

    public struct Asset: Decodable, Sendable, Equatable {
        public var id: Int
        public var name: String
        public var uri: String
        public var producingTasks: [TaskRef]
        public var consumingTasks: [TaskRef]?
        /// DAGs scheduled on this asset.
        public var scheduledDags: [DAGRef]
        public var lastAssetEvent: LastEvent?
    }

    public struct TaskRef: Decodable, Sendable, Equatable {
        public var dagId: String
        public var taskId: String
    }

    public struct DAGRef: Decodable, Sendable, Equatable {
        public var dagId: String
    }

    public struct LastEvent: Decodable, Sendable, Equatable {
        public var id: Int?
        public var timestamp: Date?
    }
}
