import Foundation

/// Dagster's GraphQL answers to `DagsterQuery`, as a real Dagster 1.13 sends them (the fixtures in
/// `Tests/VigilCollectorsTests/Fixtures/dagster-1.13`). Decoded leniently: every field the mapping can do without is
/// optional, enums stay strings (the mapping decides what an unknown value means), and timestamps take both of
/// Dagster's spellings (`DagsterWire.Number`).
public enum DagsterWire {
    /// `{"data": ..., "errors": [...]}`: a query Dagster refused has errors and no data.
    public struct Envelope<T: Decodable & Sendable>: Decodable, Sendable {
        public var data: T?
        public var errors: [GraphQLError]?
    }

    public struct GraphQLError: Decodable, Sendable {
        public var message: String?
    }

    /// A number Dagster sends as a JSON number (run times: float seconds) or as a string (event and
    /// materialization timestamps: milliseconds, e.g. "1796315640398").
    public struct Number: Decodable, Sendable, Equatable {
        public var value: Double

        public init(_ value: Double) { self.value = value }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Double.self) {
                value = number
            } else if let text = try? container.decode(String.self), let number = Double(text) {
                value = number
            } else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a number")
            }
            guard value.isFinite else { throw DecodingError.dataCorruptedError(in: container, debugDescription: "not finite") }
        }

        /// Seconds since 1970 as a date; nil when out of any sensible range.
        var secondsDate: Date? { Self.date(seconds: value) }
        /// Milliseconds since 1970 as a date.
        var millisecondsDate: Date? { Self.date(seconds: value / 1000) }

        static func date(seconds: Double) -> Date? {
            // Year 1970 to 9999: a huge number must not become a date nobody can format.
            (0...253_402_300_799).contains(seconds) ? Date(timeIntervalSince1970: seconds) : nil
        }
    }

    // MARK: - VigilWorkspace

    public struct WorkspaceData: Decodable, Sendable {
        public var workspaceOrError: WorkspaceOrError
    }

    public struct WorkspaceOrError: Decodable, Sendable {
        public var typename: String
        public var locationEntries: [LocationEntry]?
        public var message: String?

        enum CodingKeys: String, CodingKey {
            case typename = "__typename", locationEntries, message
        }
    }

    public struct LocationEntry: Decodable, Sendable {
        public var name: String
        /// LOADING or LOADED (a location that failed to load is LOADED with a PythonError).
        public var loadStatus: String?
        public var locationOrLoadError: LocationOrError?
    }

    public struct LocationOrError: Decodable, Sendable {
        /// RepositoryLocation or PythonError.
        public var typename: String
        public var repositories: [Repository]?
        public var message: String?

        enum CodingKeys: String, CodingKey {
            case typename = "__typename", repositories, message
        }
    }

    public struct Repository: Decodable, Sendable {
        public var name: String
        public var jobs: [Job]
        public var schedules: [Schedule]?
        public var sensors: [Sensor]?
    }

    public struct Job: Decodable, Sendable {
        public var name: String
        public var isAssetJob: Bool?
    }

    public struct Schedule: Decodable, Sendable {
        public var name: String
        public var cronSchedule: String?
        public var executionTimezone: String?
        /// The job it runs.
        public var pipelineName: String
        public var scheduleState: InstigationState?
        public var futureTicks: FutureTicks?
    }

    public struct Sensor: Decodable, Sendable {
        public var name: String
        public var sensorState: InstigationState?
        public var targets: [Target]?
    }

    public struct Target: Decodable, Sendable {
        public var pipelineName: String
    }

    public struct InstigationState: Decodable, Sendable {
        /// RUNNING, STOPPED or DECLARED_IN_CODE.
        public var status: String
        /// The newest tick the daemon evaluated (asked for on schedules only).
        public var ticks: [Tick]?
    }

    public struct Tick: Decodable, Sendable {
        public var timestamp: Number?
        public var status: String?
    }

    public struct FutureTicks: Decodable, Sendable {
        public var results: [Tick]
    }

    // MARK: - VigilRuns

    public struct RunsData: Decodable, Sendable {
        public var runsOrError: RunsOrError
    }

    public struct RunsOrError: Decodable, Sendable {
        /// Runs, InvalidPipelineRunsFilterError or PythonError.
        public var typename: String
        public var results: [Run]?
        public var message: String?

        enum CodingKeys: String, CodingKey {
            case typename = "__typename", results, message
        }
    }

    public struct Run: Decodable, Sendable {
        public var runId: String
        public var jobName: String
        /// QUEUED, NOT_STARTED, MANAGED, STARTING, STARTED, SUCCESS, FAILURE, CANCELING, CANCELED.
        public var status: String
        public var creationTime: Number?
        public var startTime: Number?
        public var endTime: Number?
        public var updateTime: Number?
        public var tags: [Tag]?
        public var repositoryOrigin: RepositoryOrigin?
        public var stepStats: [StepStats]?
    }

    public struct Tag: Decodable, Sendable {
        public var key: String
        public var value: String
    }

    public struct RepositoryOrigin: Decodable, Sendable {
        public var repositoryLocationName: String
        public var repositoryName: String?
    }

    public struct StepStats: Decodable, Sendable {
        public var stepKey: String
        /// SUCCESS, FAILURE, SKIPPED, IN_PROGRESS; null before the step started.
        public var status: String?
        public var startTime: Number?
        public var endTime: Number?
        public var attempts: [Attempt]?
    }

    public struct Attempt: Decodable, Sendable {
        public var startTime: Number?
    }

    // MARK: - VigilStepFailures

    public struct LogsData: Decodable, Sendable {
        public var logsForRun: LogsOrError
    }

    public struct LogsOrError: Decodable, Sendable {
        /// EventConnection, RunNotFoundError or PythonError.
        public var typename: String
        public var cursor: String?
        public var hasMore: Bool?
        public var events: [Event]?
        public var message: String?

        enum CodingKeys: String, CodingKey {
            case typename = "__typename", cursor, hasMore, events, message
        }
    }

    /// One event of a run; only an ExecutionStepFailureEvent carries more than its type.
    public struct Event: Decodable, Sendable {
        public var typename: String
        public var stepKey: String?
        public var timestamp: Number?
        public var error: PythonError?

        enum CodingKeys: String, CodingKey {
            case typename = "__typename", stepKey, timestamp, error
        }
    }

    /// What the step raised, as Dagster wraps it: DagsterExecutionStepExecutionError whose cause is the user's exception.
    public struct PythonError: Decodable, Sendable {
        public var className: String?
        public var message: String?
        /// Traceback entries, outermost first ("  File \"...\", line N, in f\n    code\n").
        public var stack: [String]?
        public var cause: Cause?
    }

    public struct Cause: Decodable, Sendable {
        public var className: String?
        public var message: String?
        public var stack: [String]?
    }

    // MARK: - VigilAssets

    public struct AssetsData: Decodable, Sendable {
        public var assetNodes: [AssetNode]
    }

    public struct AssetNode: Decodable, Sendable {
        public var assetKey: AssetKey
        public var opNames: [String]?
        public var jobNames: [String]?
        public var dependencyKeys: [AssetKey]?
        public var owners: [Owner]?
        public var metadataEntries: [MetadataEntry]?
        public var internalFreshnessPolicy: FreshnessPolicy?
        public var assetMaterializations: [Materialization]?
        public var assetChecksOrError: ChecksOrError?
    }

    public struct AssetKey: Decodable, Sendable, Hashable {
        public var path: [String]
    }

    public struct Owner: Decodable, Sendable {
        public var team: String?
        public var email: String?
    }

    public struct MetadataEntry: Decodable, Sendable {
        public var label: String
        public var text: String?
        public var url: String?
        public var path: String?

        /// The entry's value when it is text of some kind.
        var value: String? { text ?? url ?? path }
    }

    public struct FreshnessPolicy: Decodable, Sendable {
        public var failWindowSeconds: Number?
        public var warnWindowSeconds: Number?
    }

    public struct Materialization: Decodable, Sendable {
        public var runId: String?
        /// Milliseconds, as a string.
        public var timestamp: Number?
    }

    public struct ChecksOrError: Decodable, Sendable {
        public var checks: [Check]?
    }

    public struct Check: Decodable, Sendable {
        public var name: String
        public var executionForLatestMaterialization: CheckExecution?
    }

    public struct CheckExecution: Decodable, Sendable {
        public var runId: String?
        /// IN_PROGRESS, SUCCEEDED, FAILED, EXECUTION_FAILED, SKIPPED.
        public var status: String
        /// Seconds.
        public var timestamp: Number?
        public var evaluation: Evaluation?
    }

    public struct Evaluation: Decodable, Sendable {
        public var success: Bool?
        /// ERROR or WARN.
        public var severity: String?
        public var description: String?
        /// Seconds.
        public var timestamp: Number?
    }
}
