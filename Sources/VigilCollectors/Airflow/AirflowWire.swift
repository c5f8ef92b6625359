import Foundation

// Shapes that Airflow 2 (API v1) and Airflow 3 (API v2) answer alike. Field names follow the JSON after
// snake_case conversion; only what Vigil reads is declared, so new fields in later releases are ignored.

/// GET /api/v2/version, GET /api/v1/version.
public struct AirflowVersion: Decodable, Sendable, Equatable {
    public var version: String
}

/// 201 from POST /auth/token (and GET /auth/token in all-admins mode).
public struct AirflowToken: Decodable, Sendable {
    public var accessToken: String
}

/// GET /api/v2/monitor/health, GET /api/v1/health. A component that is not deployed (often the triggerer,
/// and the standalone dag processor on Airflow 2) has a null status.
public struct AirflowHealth: Decodable, Sendable, Equatable {
    public var metadatabase: Component?
    public var scheduler: Component?
    public var triggerer: Component?
    public var dagProcessor: Component?

    public struct Component: Decodable, Sendable, Equatable {
        /// "healthy", "unhealthy", or null when the component does not run.
        public var status: String?
        /// latest_scheduler_heartbeat, latest_triggerer_heartbeat, latest_dag_processor_heartbeat.
        public var latestHeartbeat: Date?

        public init(status: String?, latestHeartbeat: Date? = nil) {
            self.status = status
            self.latestHeartbeat = latestHeartbeat
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: AnyKey.self)
            status = try c.decodeIfPresent(String.self, forKey: AnyKey("status"))
            let heartbeat = c.allKeys.first { $0.stringValue.hasSuffix("Heartbeat") }
            latestHeartbeat = try heartbeat.flatMap { try c.decodeIfPresent(Date.self, forKey: $0) }
        }
    }

    /// Components by Airflow's name, in a fixed order.
    public var components: [(name: String, component: Component?)] {
        [("metadatabase", metadatabase), ("scheduler", scheduler), ("dag processor", dagProcessor),
         ("triggerer", triggerer)]
    }
}

/// GET .../importErrors: DAG files that fail to parse. v2 adds bundle_name; v1 gives absolute filenames.
public struct AirflowImportErrorCollection: Decodable, Sendable, Equatable {
    public var importErrors: [AirflowImportError]
    public var totalEntries: Int
}

public struct AirflowImportError: Decodable, Sendable, Equatable {
    public var importErrorId: Int
    public var timestamp: Date?
    public var filename: String
    public var stackTrace: String?
}

/// GET /api/v2/dags/{dag_id}/tasks, GET /api/v1/dags/{dag_id}/tasks: every task of the DAG (no paging; v1 has no
/// total_entries), ordered by task id.
public struct AirflowTaskCollection: Decodable, Sendable, Equatable {
    public var tasks: [AirflowTask]
}

public struct AirflowTask: Decodable, Sendable, Equatable {
    public var taskId: String
    public var downstreamTaskIds: [String]?

    public init(taskId: String, downstreamTaskIds: [String]? = nil) {
        self.taskId = taskId
        self.downstreamTaskIds = downstreamTaskIds
    }
}

/// `{"name": ...}`: v2 tags also carry dag_id and dag_display_name.
public struct AirflowTag: Decodable, Sendable, Equatable {
    public var name: String
}

/// An error body. v2 (FastAPI): `detail` is a string, or a list of {loc, msg} for 422.
/// v1 (connexion): `title`, `status`, `detail` (may be null), `type`.
public struct AirflowErrorBody: Decodable, Sendable, Equatable {
    public var detail: String?
    public var title: String?

    private struct Problem: Decodable {
        var loc: [LocPart]?
        var msg: String?
    }

    private enum LocPart: Decodable {
        case text(String), index(Int)
        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let i = try? c.decode(Int.self) { self = .index(i) } else { self = .text(try c.decode(String.self)) }
        }
        var text: String {
            switch self {
            case let .text(s): return s
            case let .index(i): return String(i)
            }
        }
    }

    private enum CodingKeys: String, CodingKey { case detail, title }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        title = try? c.decodeIfPresent(String.self, forKey: .title)
        if let text = try? c.decodeIfPresent(String.self, forKey: .detail) {
            detail = text
        } else if let problems = try? c.decodeIfPresent([Problem].self, forKey: .detail) {
            // A 422 echoes the offending `input`; only `loc` and `msg` are kept (input may be a login body).
            detail = problems.map { p in
                let at = (p.loc ?? []).map(\.text).joined(separator: ".")
                return at.isEmpty ? (p.msg ?? "invalid") : "\(at): \(p.msg ?? "invalid")"
            }.joined(separator: "; ")
        } else {
            detail = nil
        }
    }

    /// The most specific text the body has.
    public var message: String? { detail ?? title }
}

/// A coding key for any string, to look at keys not known in advance.
struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
