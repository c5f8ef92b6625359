import Foundation

// Shapes of Prefect 3.9's REST API (POST /api/<kind>/filter answers a JSON array). Field names follow the JSON after
// snake_case conversion; only what Vigil reads is declared, so new fields in later releases are ignored. The
// captures these were written from are in Tests/VigilCollectorsTests/Fixtures/prefect-3.9.

/// POST /api/flows/filter.
public struct PrefectFlow: Decodable, Sendable, Equatable {
    public var id: String
    public var name: String
}

/// POST /api/deployments/filter.
public struct PrefectDeployment: Decodable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var flowId: String
    public var paused: Bool?
    public var schedules: [Schedule]?
    public var tags: [String]?
    public var workPoolName: String?

    public struct Schedule: Decodable, Sendable, Equatable {
        public var active: Bool?
        public var schedule: Spec?
    }

    /// One of a cron, an interval (seconds) or an RRule, as Prefect gives it.
    public struct Spec: Decodable, Sendable, Equatable {
        public var cron: String?
        public var interval: Double?
        public var rrule: String?
    }
}

/// A flow or task run's state: its type (COMPLETED, FAILED, CRASHED, CANCELLED, CANCELLING, RUNNING, PENDING,
/// PAUSED, SCHEDULED), its name ("Late" is a SCHEDULED run past its time) and Prefect's message.
public struct PrefectState: Decodable, Sendable, Equatable {
    public var type: String?
    public var name: String?
    public var message: String?
}

/// POST /api/flow_runs/filter.
public struct PrefectFlowRun: Decodable, Sendable, Equatable {
    public var id: String
    public var name: String?
    public var flowId: String
    public var deploymentId: String?
    public var stateType: String?
    public var stateName: String?
    public var expectedStartTime: Date?
    public var startTime: Date?
    public var endTime: Date?
    public var autoScheduled: Bool?
    public var parentTaskRunId: String?
    public var state: PrefectState?
}

/// POST /api/task_runs/filter.
public struct PrefectTaskRun: Decodable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var flowRunId: String?
    public var stateType: String?
    public var runCount: Int?
    public var startTime: Date?
    public var endTime: Date?
    public var empiricalPolicy: Policy?
    public var state: PrefectState?

    public struct Policy: Decodable, Sendable, Equatable {
        public var retries: Int?
        public var maxRetries: Int?
    }
}

/// POST /api/work_pools/filter. `status` is Prefect's own verdict: READY (a worker polled lately), NOT_READY (no
/// online worker), PAUSED; null for pools without workers of their own (push, managed).
public struct PrefectWorkPool: Decodable, Sendable, Equatable {
    public var name: String
    public var type: String?
    public var isPaused: Bool?
    public var status: String?
}

/// POST /api/work_queues/filter: a pool's queues, each with Prefect's status (READY: a worker polled it lately,
/// NOT_READY, PAUSED).
public struct PrefectWorkQueue: Decodable, Sendable, Equatable {
    public var name: String
    public var workPoolName: String?
    public var isPaused: Bool?
    public var status: String?
}

/// POST /api/logs/filter: one log record of a flow or task run (`level` as Python's logging: 10 DEBUG ... 50 CRITICAL).
public struct PrefectLog: Decodable, Sendable, Equatable {
    public var level: Int?
    public var message: String?
    public var timestamp: Date?
}

/// The body of a 422 from Prefect's API: `exception_message` ("Invalid request received.") and, per problem, where
/// (`loc`) and what (`msg`). Other errors answer FastAPI's `{"detail": ...}`.
public struct PrefectValidationError: Decodable, Sendable, Equatable {
    public var exceptionMessage: String?
    public var exceptionDetail: [Problem]?

    public struct Problem: Decodable, Sendable, Equatable {
        public var loc: [LocPart]?
        public var msg: String?
    }

    public enum LocPart: Decodable, Sendable, Equatable {
        case text(String), index(Int)
        public init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let i = try? c.decode(Int.self) { self = .index(i) } else { self = .text(try c.decode(String.self)) }
        }
    }

    /// "Invalid request received.: body.sort: Input should be ..." (the first problem).
    public var message: String? {
        let first = exceptionDetail?.first.map { problem in
            let at = (problem.loc ?? []).map { part -> String in
                switch part {
                case let .text(s): return s
                case let .index(i): return String(i)
                }
            }.joined(separator: ".")
            return (at.isEmpty ? "" : at + ": ") + (problem.msg ?? "")
        }
        let parts = [exceptionMessage, first].compactMap { $0 }.filter { !$0.isEmpty }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }
}
